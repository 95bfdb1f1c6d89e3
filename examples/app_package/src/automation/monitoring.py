"""The `monitoring` feature: per-step timings (standard library only)."""

from typing import Dict


def format_timings(timings: Dict[str, float]) -> str:
    return ", ".join(f"{step} {seconds * 1000:.1f} ms" for step, seconds in timings.items())
