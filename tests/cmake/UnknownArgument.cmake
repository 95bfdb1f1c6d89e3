pyrelease_add_package(alpha PROJECT_DIR "${FIXTURE_DIR}" TOKEN abc)
