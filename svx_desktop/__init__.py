"""SVX: a desktop editor for stakeholder net value exchange maps."""

__version__ = "0.1.0"
__license__ = "MIT"  # the licence in pyproject.toml and LICENSE (a test keeps them equal)
