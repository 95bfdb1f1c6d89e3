# `pyrelease verify` against real venvs, pip, a local file index and a pypiserver started on
# 127.0.0.1 (label verify-cli; the label `verify` belongs to the release tests users run).
# `verify-cli.setup` builds the fixture projects tests/projects/verify_* once for every case.
set(_verify_work "${PYRELEASE_TEST_WORK_DIR}/verify-cli")
set(_verify_driver "${CMAKE_CURRENT_LIST_DIR}/verify_cli.py")

add_test(NAME verify-cli.setup
  COMMAND "${Python3_EXECUTABLE}" "${_verify_driver}" "${PYRELEASE_EXE}" "${PYRELEASE_TESTS_DIR}"
          "${_verify_work}" setup)
set_tests_properties(verify-cli.setup PROPERTIES
  LABELS "verify-cli;integration" FIXTURES_SETUP verify_cli_dists TIMEOUT 120)

foreach(case IN ITEMS list_checks find_links_good file_index_good two_pythons missing_module
                      bad_entry_point wrong_version missing_extra_dependency failing_script
                      hashes_mismatch wait_timeout env_dir_reuse env_dir_half_made env_dir_extras
                      refuses_unsafe_directories pypiserver
                      cmake_chain_pypiserver from_sdist)
  add_test(NAME verify-cli.${case}
    COMMAND "${Python3_EXECUTABLE}" "${_verify_driver}" "${PYRELEASE_EXE}" "${PYRELEASE_TESTS_DIR}"
            "${_verify_work}" ${case})
  set_tests_properties(verify-cli.${case} PROPERTIES
    LABELS "verify-cli;integration" FIXTURES_REQUIRED verify_cli_dists TIMEOUT 300)
endforeach()
