"""pyrelease as a Python package: the PEP 517 backend `pyrelease.backend` for CMake-built native
projects. The tool itself is the `pyrelease` binary (`pyrelease --help`)."""
