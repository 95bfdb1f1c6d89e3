add_library(_core MODULE IMPORTED)
pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" MODULES _core:fastthing/_core)
