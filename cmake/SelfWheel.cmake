# The `self-wheel` target (issue 13 item 6): pyrelease-<version>-py3-none-manylinux_..._<arch>.whl
# in <build>/self-wheel/dist, built by pyrelease itself from its install tree (cmake/
# SelfWheelBuild.cmake stages it). `pip install` of it gives `pyrelease` on PATH and
# find_package(PyRelease) with CMAKE_PREFIX_PATH=<prefix>. Not part of `all`.
set(PYRELEASE_SELF_WHEEL_DIR "${PROJECT_BINARY_DIR}/self-wheel/dist")
add_custom_target(self-wheel
  COMMAND "${CMAKE_COMMAND}"
          "-DSOURCE_DIR=${PROJECT_SOURCE_DIR}" "-DBUILD_DIR=${PROJECT_BINARY_DIR}"
          "-DSTAGE=${PROJECT_BINARY_DIR}/self-wheel/project" "-DOUTDIR=${PYRELEASE_SELF_WHEEL_DIR}"
          "-DPYRELEASE=$<TARGET_FILE:pyrelease>" "-DVERSION=${PROJECT_VERSION}"
          -P "${CMAKE_CURRENT_LIST_DIR}/SelfWheelBuild.cmake"
  DEPENDS pyrelease
  COMMENT "Building pyrelease's own wheel into ${PYRELEASE_SELF_WHEEL_DIR}"
  VERBATIM)
