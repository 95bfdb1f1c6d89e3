"""pyrelease verify fixture: a dependency."""

__version__ = "1.0"
