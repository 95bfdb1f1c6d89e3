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
set_tests_properties(metadata.compare_with_backends PROPERTIES LABELS "metadata;integration" TIMEOUT 300)
