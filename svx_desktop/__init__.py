"""SVX: a desktop editor for stakeholder net value exchange maps."""

__version__ = "0.1.0"
