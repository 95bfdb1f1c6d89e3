# Area `safety` (build side): temporary archives behind symlinks, links and FIFOs in the project,
# file links stored as link members in the sdist, stale temporary files, kill -9 and a full disk
# during `pyrelease build` (build_safety_test.py).

# The full disk of the faults case, where no tmpfs can be mounted (full_disk_shim.cc, preloaded
# into pyrelease). Never sanitized: it is preloaded into a sanitized pyrelease as it is into a
# plain one, and a preloaded library that needs the sanitizer runtime would come before it.
add_library(pyrelease_full_disk_shim MODULE ${PYRELEASE_TESTS_DIR}/integration/full_disk_shim.cc)
set_target_properties(pyrelease_full_disk_shim PROPERTIES
  COMPILE_OPTIONS "${PYRELEASE_WARNING_FLAGS}" LINK_OPTIONS "")
target_link_libraries(pyrelease_full_disk_shim PRIVATE ${CMAKE_DL_LIBS})

foreach(case links sdist-links fifo stale faults full-disk)
  add_test(NAME safety.build_${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/build_safety_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/build_safety ${case}
                   --disk-shim $<TARGET_FILE:pyrelease_full_disk_shim>)
  set_tests_properties(safety.build_${case} PROPERTIES LABELS "safety;integration" TIMEOUT 600)
endforeach()
