"""pyrelease verify fixture: a console script pointing at a missing function."""

__version__ = "1.0.0"
