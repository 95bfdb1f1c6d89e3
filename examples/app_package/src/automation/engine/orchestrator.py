"""Runs a pipeline's steps in order and reports what happened."""

from __future__ import annotations

import time
from typing import Callable, Dict, List, Optional

from . import tasks


class Orchestrator:
    def __init__(self, steps: List[str], monitor: bool = False) -> None:
        unknown = [s for s in steps if s not in tasks.REGISTRY]
        if unknown:
            raise ValueError("unknown step(s): " + ", ".join(unknown))
        self.steps = steps
        self.monitor = monitor
        self.timings: Dict[str, float] = {}

    def run(self, log: Optional[Callable[[str], None]] = None) -> List[str]:
        results = []
        for step in self.steps:
            start = time.perf_counter()
            results.append(tasks.REGISTRY[step]())
            if self.monitor:
                self.timings[step] = time.perf_counter() - start
            if log:
                log(f"{step}: {results[-1]}")
        return results
