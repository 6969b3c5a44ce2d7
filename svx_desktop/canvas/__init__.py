"""canvas layer."""
