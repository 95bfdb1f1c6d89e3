"""pyrelease verify fixture: a release that passes every check."""

__version__ = "1.0.0"
