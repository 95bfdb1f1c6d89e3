# cmake -DBUILD_DIR=<pyrelease build> -DPREFIX=<dir> -P InstallToPrefix.cmake
# Installs pyrelease into an empty prefix and checks the installed layout.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(file IN ITEMS bin/pyrelease
    lib/cmake/PyRelease/PyReleaseConfig.cmake lib/cmake/PyRelease/PyReleaseConfigVersion.cmake
    lib/cmake/PyRelease/PyReleaseTargets.cmake lib/cmake/PyRelease/PyRelease.cmake
    lib/cmake/PyRelease/PyRelease/Internals.cmake
    lib/cmake/PyRelease/PyRelease/Metadata.cmake lib/cmake/PyRelease/PyRelease/Build.cmake
    lib/cmake/PyRelease/PyRelease/Check.cmake lib/cmake/PyRelease/PyRelease/Publish.cmake
    lib/cmake/PyRelease/PyRelease/Verify.cmake lib/cmake/PyRelease/PyRelease/RunStep.cmake)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
message(STATUS "installed into ${PREFIX}")
