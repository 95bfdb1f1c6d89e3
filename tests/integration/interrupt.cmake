# Area `safety` (interruption): SIGINT to pyrelease alone, SIGTERM, SIGINT to the process group and
# a real Ctrl-C on a pseudo-terminal during a backend build that hangs, and SIGTERM during `verify`,
# `preflight` and `release --dry-run` (pyrelease children of pyrelease), SIGKILL to pyrelease or its
# group (the backend and its child must not outlive it), the same for a child that called `setsid`
# (after SIGTERM and SIGKILL), and SIGTERM while `upload` copies a large wheel into a file index: pyrelease dies by the signal promptly, says so, and
# leaves no temporary directory, child process or partial file (interrupt_test.py).
foreach(case build-sigint build-sigterm build-setsid build-group build-ctrl-c build-sigkill
             build-sigkill-setsid build-group-sigkill
             verify-sigterm
             preflight-sigterm release-sigterm upload-sigterm upload-http-sigterm)
  add_test(NAME safety.interrupt_${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/interrupt_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/interrupt ${case})
  set_tests_properties(safety.interrupt_${case} PROPERTIES LABELS "safety;integration" TIMEOUT 300)
endforeach()
set_property(TEST safety.interrupt_verify-sigterm APPEND PROPERTY LABELS verify)
set_property(TEST safety.interrupt_upload-sigterm safety.interrupt_upload-http-sigterm APPEND
             PROPERTY LABELS upload)
set_property(TEST safety.interrupt_preflight-sigterm safety.interrupt_release-sigterm APPEND
             PROPERTY LABELS release)
