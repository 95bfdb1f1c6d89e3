"""pyrelease verify fixture: built with the wrong version."""

__version__ = "1.0.0+dirty"
