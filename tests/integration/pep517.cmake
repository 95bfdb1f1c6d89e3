# The PEP 517 backend path (label: pep517): the build-path decision end to end, builds through
# the project's own backend compared with `python -m build`, config settings, a failing backend,
# the `--backend native` refusal and the manifest/depfile outputs. hatch_hook and pdm also make an
# isolated environment from the configured index (network); the others use --no-isolation with
# the backends scripts/install-deps.sh installs.
foreach(case hatch_hook pdm legacy_setup_py config_settings failing_backend native_refusal outputs
                computed_version constraints)
  add_test(NAME pep517.${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/pep517_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/pep517 ${case})
  set_tests_properties(pep517.${case} PROPERTIES LABELS "pep517;integration" TIMEOUT 600)
endforeach()
