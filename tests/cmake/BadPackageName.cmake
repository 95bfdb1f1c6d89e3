pyrelease_add_package("my package" PROJECT_DIR "${FIXTURE_DIR}")
