# One interpreter named twice would give two targets and two wheels of the same name.
pyrelease_add_python_module(_core core.c PYTHONS python3 python3)
