# The module's interpreters tag the wheels; PYTHON would contradict them.
pyrelease_add_python_module(_core core.c PYTHONS python3)
pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" MODULES _core=fastthing/_core PYTHON python3)
