"""fastthing: a pure-Python wrapper around the compiled module fastthing._core."""
import math

from ._core import add, dot

__all__ = ["add", "dot", "norm"]
__version__ = "1.0"


def norm(xs):
    """The Euclidean length of a sequence of numbers (dot product in C++, square root here)."""
    return math.sqrt(dot(xs, xs))
