"""The ``pyrelease`` console script (and ``python -m pyrelease``): replaces this process with the
bundled program, so its arguments, exit status, stdin and signals are the program's own."""
import os
import sys

from pyrelease import executable


def main():
    exe = executable()
    try:
        os.execv(exe, [exe, *sys.argv[1:]])
    except OSError as e:
        sys.exit(f"pyrelease: cannot run {exe}: {e.strerror}")


if __name__ == "__main__":
    main()
