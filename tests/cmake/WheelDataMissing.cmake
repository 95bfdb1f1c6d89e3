add_custom_target(_core)
pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" MODULES _core=fastthing/_core
  PYTHON python3 DATA no/such/notes.txt)
