pyrelease_add_python_module(_core core.c PYTHONS python3-no-such-interpreter)
