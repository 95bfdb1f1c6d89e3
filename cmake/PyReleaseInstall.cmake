# Install rules of the pyrelease tool and its CMake package (included when PYRELEASE_INSTALL):
#   bin/pyrelease, lib/cmake/PyRelease/{PyReleaseConfig,PyReleaseConfigVersion,PyReleaseTargets,
#   PyRelease}.cmake, lib/cmake/PyRelease/PyRelease/*.cmake (SafeRemove.cmake among them), share/pyrelease/templates/.
# `pyrelease --cmake-dir` finds lib/cmake/PyRelease relative to bin/, so these directories are
# fixed, not GNUInstallDirs' (which may be lib64).
include(CMakePackageConfigHelpers)

set(PYRELEASE_INSTALL_BINDIR bin)
set(PYRELEASE_INSTALL_CMAKEDIR lib/cmake/PyRelease)
set(PYRELEASE_INSTALL_TEMPLATESDIR share/pyrelease/templates)

install(TARGETS pyrelease EXPORT PyReleaseTargets RUNTIME DESTINATION ${PYRELEASE_INSTALL_BINDIR})
install(EXPORT PyReleaseTargets NAMESPACE PyRelease:: DESTINATION ${PYRELEASE_INSTALL_CMAKEDIR})

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/Modules/PyReleaseConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/PyReleaseConfig.cmake"
  INSTALL_DESTINATION ${PYRELEASE_INSTALL_CMAKEDIR}
  PATH_VARS PYRELEASE_INSTALL_BINDIR)
# 0.x: same minor version (the CMake interface may change between 0.x minors); 1.0+: same major.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_pyrelease_compatibility SameMinorVersion)
else()
  set(_pyrelease_compatibility SameMajorVersion)
endif()
write_basic_package_version_file("${PROJECT_BINARY_DIR}/PyReleaseConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${_pyrelease_compatibility})

install(FILES
  "${PROJECT_BINARY_DIR}/PyReleaseConfig.cmake"
  "${PROJECT_BINARY_DIR}/PyReleaseConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/Modules/PyRelease.cmake"
  DESTINATION ${PYRELEASE_INSTALL_CMAKEDIR})
# The internals (PyRelease/*.cmake, the cmake -P step runner among them) keep their folder, so
# PyRelease.cmake finds them next to itself in the source tree and in the install tree alike.
install(DIRECTORY "${CMAKE_CURRENT_LIST_DIR}/Modules/PyRelease/"
  DESTINATION ${PYRELEASE_INSTALL_CMAKEDIR}/PyRelease
  FILES_MATCHING PATTERN "*.cmake")

if(EXISTS "${PROJECT_SOURCE_DIR}/templates")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/templates/" DESTINATION ${PYRELEASE_INSTALL_TEMPLATESDIR})
endif()
