__version__ = "1.2.0"


def plugin():
    return 1
