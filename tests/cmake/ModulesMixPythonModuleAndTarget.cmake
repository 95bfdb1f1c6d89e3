# A plain target is built for one Python; the other module gives one wheel per interpreter.
pyrelease_add_python_module(_core core.c PYTHONS python3)
add_library(_plain MODULE plain.c)
pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" MODULES _core=fastthing/_core _plain=fastthing/_plain)
