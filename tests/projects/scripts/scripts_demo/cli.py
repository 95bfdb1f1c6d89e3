import sys

from . import __version__


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if "--version" in args:
        print(__version__)
        return 0
    print("scripts-demo: hello")
    return 0


def admin(argv=None):
    print("scripts-demo-admin: ok")
    return 0
