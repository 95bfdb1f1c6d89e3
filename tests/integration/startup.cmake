# Start-up (label: startup): libcurl and libarchive are opened on first use, not at process start
# (startup_test.py reads the dynamic loader's log), and a small build starts no thread, makes no
# fsync and prefaults no buffer (strace).
add_test(NAME startup.lazy_libraries
         COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/startup_test.py
                 ${PYRELEASE_EXE} ${PYRELEASE_TESTS_DIR}/projects ${PYRELEASE_TEST_WORK_DIR}/startup)
set_tests_properties(startup.lazy_libraries PROPERTIES LABELS "startup;integration" TIMEOUT 120)
