"""A single-module distribution."""
__version__ = "0.1.0"

def hello():
    return "hello"
