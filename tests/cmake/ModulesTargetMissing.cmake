pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" MODULES _missing=fastthing/_core PYTHON python3)
