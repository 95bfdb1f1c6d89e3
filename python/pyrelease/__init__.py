"""pyrelease as a Python distribution (the self-wheel): the tool, its CMake package and templates.

The wheel holds the install tree inside this package: ``bin/pyrelease`` (the program, with its
shared libraries vendored into ``pyrelease.libs/``), ``lib/cmake/PyRelease/`` (what
``find_package(PyRelease)`` reads; ``pyrelease --cmake-dir`` prints it) and
``share/pyrelease/templates/``. The ``pyrelease`` command on PATH runs ``__main__.main``;
``pyrelease.backend`` is the PEP 517 backend for CMake-built native projects.
"""
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def executable():
    """The path of the bundled pyrelease program."""
    return os.path.join(_HERE, "bin", "pyrelease")


def cmake_dir():
    """The directory holding PyReleaseConfig.cmake (what ``pyrelease --cmake-dir`` prints)."""
    return os.path.join(_HERE, "lib", "cmake", "PyRelease")
