pyrelease_add_package(alpha PROJECT_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
