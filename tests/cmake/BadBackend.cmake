pyrelease_add_package(alpha PROJECT_DIR "${FIXTURE_DIR}" BACKEND setuptools)
