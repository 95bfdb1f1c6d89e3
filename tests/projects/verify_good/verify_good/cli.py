import sys

from . import __version__
from .engine import run


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if "--version" in args:
        print(f"verify-good {__version__}")
    elif "--help" in args:
        print("usage: verify-good [--help] [--version] [--fail]")
    elif "--fail" in args:
        print("failing on purpose", file=sys.stderr)
        return 3
    else:
        print(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
