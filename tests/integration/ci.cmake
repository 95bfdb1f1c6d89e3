# The CI workflow templates and `pyrelease init-ci` (label ci-templates), trusted publishing and
# attestations in `pyrelease upload` (label trusted-publishing). Servers: only on 127.0.0.1, started
# by the tests (two pypiservers per workflow run; an OIDC + upload endpoint in the TP test).
set(_ci_dir "${PYRELEASE_TESTS_DIR}/integration")
set(_ci_work "${PYRELEASE_TEST_WORK_DIR}/ci")

add_test(NAME ci_templates.lint
         COMMAND "${Python3_EXECUTABLE}" "${_ci_dir}/ci_workflow_test.py" "${PYRELEASE_EXE}" "${_ci_work}/lint" lint)
# 77: check-jsonschema or actionlint (and go to install it) missing; the test says which.
set_tests_properties(ci_templates.lint PROPERTIES LABELS "ci-templates;integration" TIMEOUT 600 SKIP_RETURN_CODE 77)

# The workflows install pyrelease as users' runners do, `python -m pip install pyrelease==<version>`:
# the fixture builds the self-wheel (RUN_SERIAL: it runs the build tree's ninja) and the run tests
# point the jobs' pip at it. Without the target (PYRELEASE_INSTALL=OFF, or the sanitized build,
# whose wheel would vendor the sanitizer runtimes) they are skipped (77) and say why.
set(_ci_self_wheel_dir "-")
if(NOT PYRELEASE_SANITIZE AND TARGET self-wheel)
  set(_ci_self_wheel_dir "${PYRELEASE_SELF_WHEEL_DIR}")
  add_test(NAME ci_templates.self_wheel COMMAND "${CMAKE_COMMAND}" --build "${CMAKE_BINARY_DIR}" --target self-wheel)
  set_tests_properties(ci_templates.self_wheel PROPERTIES LABELS "ci-templates;integration" TIMEOUT 600
                       RUN_SERIAL TRUE FIXTURES_SETUP ci_self_wheel)
endif()
foreach(forge gitea github gitlab)
  add_test(NAME ci_templates.run.${forge}
           COMMAND "${Python3_EXECUTABLE}" "${_ci_dir}/ci_workflow_test.py" "${PYRELEASE_EXE}" "${_ci_work}/run-${forge}"
                   run ${forge} "${_ci_self_wheel_dir}" "${PROJECT_VERSION}")
  set_tests_properties(ci_templates.run.${forge} PROPERTIES LABELS "ci-templates;integration" TIMEOUT 900
                       SKIP_RETURN_CODE 77 FIXTURES_REQUIRED ci_self_wheel)
endforeach()

foreach(scenario github gitlab no-permission refused attestations attestations-missing attestations-bad-json no-url)
  add_test(NAME trusted_publishing.${scenario}
           COMMAND "${Python3_EXECUTABLE}" "${_ci_dir}/trusted_publishing_test.py" "${PYRELEASE_EXE}"
                   "${_ci_work}/tp-${scenario}" ${scenario})
  set_tests_properties(trusted_publishing.${scenario} PROPERTIES LABELS "trusted-publishing;upload;integration"
                       TIMEOUT 120)
endforeach()
