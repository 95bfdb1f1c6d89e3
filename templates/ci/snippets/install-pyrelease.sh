# pyrelease's own wheel, from the index the runner's pip is configured with (see PYRELEASE_INSTALL).
python -m pip install "$PYRELEASE_INSTALL"
pyrelease --version
