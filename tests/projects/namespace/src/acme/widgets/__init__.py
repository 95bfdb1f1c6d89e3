"""Widgets in the acme namespace."""
__version__ = "0.1.0"
