"""The `analytics` feature: a summary of a finished run (standard library only)."""

from collections import Counter
from typing import List


def summarize(results: List[str]) -> str:
    counts = Counter(results)
    return f"{len(results)} steps, {len(counts)} distinct outcomes"
