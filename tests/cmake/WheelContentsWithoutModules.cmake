pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" HEADERS include)
