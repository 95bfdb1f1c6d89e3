"""The built-in steps a pipeline can name."""

from typing import Callable, Dict


def fetch() -> str:
    return "fetched"


def build() -> str:
    return "built"


def test() -> str:
    return "tested"


REGISTRY: Dict[str, Callable[[], str]] = {"fetch": fetch, "build": build, "test": test}
