# Area `safety` (build side): temporary archives behind symlinks, links and FIFOs in the project,
# file links stored as link members in the sdist, stale temporary files, kill -9 and a full disk
# during `pyrelease build` (build_safety_test.py).
foreach(case links sdist-links fifo stale faults)
  add_test(NAME safety.build_${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/build_safety_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/build_safety ${case})
  set_tests_properties(safety.build_${case} PROPERTIES LABELS "safety;integration" TIMEOUT 600)
endforeach()
