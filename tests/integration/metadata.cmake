# The metadata area's integration tests (label `metadata`):
# - every tests/data/bad_pyproject/NN_<what>.toml must fail `pyrelease metadata` with a message
#   matching NN_<what>.stderr (file:line:col + field);
# - `pyrelease metadata --json` on the fixture projects;
# - METADATA written by pyrelease compared field by field with what flit_core, hatchling and
#   setuptools write for the same projects (compare_metadata.py; needs those backends installed).
file(GLOB _pyrelease_bad_pyprojects CONFIGURE_DEPENDS "${PYRELEASE_TESTS_DIR}/data/bad_pyproject/*.toml")
foreach(case IN LISTS _pyrelease_bad_pyprojects)
  get_filename_component(stem "${case}" NAME_WE)
  add_test(NAME metadata.bad_pyproject.${stem}
    COMMAND ${CMAKE_COMMAND} -DPYRELEASE=${PYRELEASE_EXE} -DCASE=${case}
            -DWORK=${PYRELEASE_TEST_WORK_DIR}/bad_pyproject -P ${CMAKE_CURRENT_LIST_DIR}/metadata/run_bad_pyproject.cmake)
  set_tests_properties(metadata.bad_pyproject.${stem} PROPERTIES LABELS "metadata;integration")
endforeach()

add_test(NAME metadata.json_for_cmake
  COMMAND ${CMAKE_COMMAND} -DPYRELEASE=${PYRELEASE_EXE} -DPROJECT=${PYRELEASE_TESTS_DIR}/projects/scripts
          -P ${CMAKE_CURRENT_LIST_DIR}/metadata/read_json.cmake)
set_tests_properties(metadata.json_for_cmake PROPERTIES LABELS "metadata;integration")

add_test(NAME metadata.compare_with_backends
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/metadata/compare_metadata.py
          ${PYRELEASE_EXE} ${PYRELEASE_TESTS_DIR} ${PYRELEASE_TEST_WORK_DIR}/compare_metadata)
set_tests_properties(metadata.compare_with_backends PROPERTIES LABELS "metadata;integration" TIMEOUT 600)

# The readable summary and the METADATA preview, checked on the extras fixture.
add_test(NAME metadata.summary
  COMMAND ${PYRELEASE_EXE} metadata --project ${PYRELEASE_TESTS_DIR}/projects/extras)
set_tests_properties(metadata.summary PROPERTIES LABELS "metadata;integration"
  PASS_REGULAR_EXPRESSION "name: +extras-demo \\(normalized extras-demo\\).*backend: +flit.*extras: +fast, cli, all.*wheel: +extras_demo-0\\.1\\.0-py3-none-any\\.whl")
add_test(NAME metadata.core_metadata_preview
  COMMAND ${PYRELEASE_EXE} metadata --project ${PYRELEASE_TESTS_DIR}/projects/extras --core-metadata)
set_tests_properties(metadata.core_metadata_preview PROPERTIES LABELS "metadata;integration"
  PASS_REGULAR_EXPRESSION "^Metadata-Version: 2\\.4\nName: extras-demo\nVersion: 0\\.1\\.0\n.*Requires-Dist: colorama; platform_system == \"Windows\" and extra == \"cli\"\n.*Provides-Extra: fast\nProvides-Extra: cli\nProvides-Extra: all\n\n# extras-demo")
# A usage error is exit status 2 with CLI11's message.
add_test(NAME metadata.bad_option
  COMMAND ${CMAKE_COMMAND} -DCMD=${PYRELEASE_EXE} -P ${CMAKE_CURRENT_LIST_DIR}/metadata/expect_usage_error.cmake)
set_tests_properties(metadata.bad_option PROPERTIES LABELS "metadata;integration")
