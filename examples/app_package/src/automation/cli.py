"""The `automation` command."""

import argparse
import sys
from importlib import resources
from typing import List, Optional

from . import __version__
from .engine.orchestrator import Orchestrator


def default_steps() -> List[str]:
    text = resources.files("automation").joinpath("defaults/pipeline.toml").read_text()
    line = next(l for l in text.splitlines() if l.startswith("steps"))
    return [s.strip().strip('"') for s in line.split("=", 1)[1].strip(" []").split(",")]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="automation", description="Run automation pipelines.")
    parser.add_argument("--version", action="version", version=f"automation {__version__}")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run a pipeline")
    run.add_argument("--steps", help="comma-separated steps (default: the packaged pipeline)")
    run.add_argument("--monitor", action="store_true", help="print step timings")
    args = parser.parse_args(argv)
    if args.command != "run":
        parser.print_help()
        return 0
    steps = args.steps.split(",") if args.steps else default_steps()
    try:
        orchestrator = Orchestrator(steps, monitor=args.monitor)
    except ValueError as e:
        print(f"automation: error: {e}", file=sys.stderr)
        return 2
    results = orchestrator.run(log=print)
    if args.monitor:
        from .monitoring import format_timings
        print(format_timings(orchestrator.timings))
    from .analytics import summarize
    print(summarize(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
