# `pyrelease version`, `changelog` and `preflight` on git repositories the test makes (label release).
foreach(case IN ITEMS version_bump changelog preflight release_pypiserver release_given_dists
                     release_readonly release_vanishing verify_readonly
                     release_backend_version)
  add_test(NAME release-cli.${case}
    COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/release_cli.py" "${PYRELEASE_EXE}"
            "${PYRELEASE_TEST_WORK_DIR}/release-cli" ${case})
  set_tests_properties(release-cli.${case} PROPERTIES LABELS "release;integration" TIMEOUT 300)
endforeach()
