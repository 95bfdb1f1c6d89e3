from ._core import add

__all__ = ["add"]
