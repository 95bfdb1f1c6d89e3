# pyrelease from its wheel, pinned in PYRELEASE_INSTALL to the version that wrote this workflow, from
# the index pip is configured with on the runner (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS
# or pip.conf). The wheel holds the program and its CMake package (`pyrelease --cmake-dir`).
python -m pip install "$PYRELEASE_INSTALL"
pyrelease --version
