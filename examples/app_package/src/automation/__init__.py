"""The automation engine: pipelines of named steps, run by the `automation` command."""

__version__ = "1.2.0"

from .engine.orchestrator import Orchestrator  # noqa: E402

__all__ = ["Orchestrator", "__version__"]
