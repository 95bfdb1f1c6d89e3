"""The `builder` command: runs the build part of a pipeline."""

import argparse
import sys
from typing import List, Optional

from . import __version__
from .engine.orchestrator import Orchestrator


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="builder", description="Fetch and build.")
    parser.add_argument("--version", action="version", version=f"builder {__version__}")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    Orchestrator(["fetch", "build"]).run(log=None if args.quiet else print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
