"""pyrelease verify fixture: imports a module that is not in the wheel."""

__version__ = "1.0.0"

from . import engine  # noqa: E402,F401  (engine.py was left out of the release on purpose)
