pyrelease_add_package(alpha PROJECT_DIR "${FIXTURE_DIR}" VERIFY_FROM egg)
