# cmake -DBUILD_DIR=<pyrelease build> -DPREFIX=<dir> -P InstallToPrefix.cmake
# Installs pyrelease into an empty prefix and checks the installed layout.
foreach(var IN ITEMS BUILD_DIR PREFIX)
  if("${${var}}" STREQUAL "")  # an unset directory must not turn "${WORK_DIR}/x" into "/x"
    message(FATAL_ERROR "InstallToPrefix.cmake needs -D${var}=<...>")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/Modules/PyRelease/SafeRemove.cmake")
_pyrelease_remove_tree("${PREFIX}" PROTECT "${BUILD_DIR}" "${CMAKE_CURRENT_LIST_DIR}/../..")
_pyrelease_make_owned_dir("${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(file IN ITEMS bin/pyrelease
    lib/cmake/PyRelease/PyReleaseConfig.cmake lib/cmake/PyRelease/PyReleaseConfigVersion.cmake
    lib/cmake/PyRelease/PyReleaseTargets.cmake lib/cmake/PyRelease/PyRelease.cmake
    lib/cmake/PyRelease/PyRelease/Internals.cmake
    lib/cmake/PyRelease/PyRelease/Metadata.cmake lib/cmake/PyRelease/PyRelease/PythonModule.cmake
    lib/cmake/PyRelease/PyRelease/Build.cmake
    lib/cmake/PyRelease/PyRelease/Check.cmake lib/cmake/PyRelease/PyRelease/Publish.cmake
    lib/cmake/PyRelease/PyRelease/Verify.cmake lib/cmake/PyRelease/PyRelease/RunStep.cmake
    lib/cmake/PyRelease/PyRelease/SafeRemove.cmake)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
message(STATUS "installed into ${PREFIX}")
