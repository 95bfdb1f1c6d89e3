pyrelease_add_package(fastthing PROJECT_DIR "${FIXTURE_DIR}" PLATFORM_TAG manylinux_2_17_x86_64)
