# Tests of `pyrelease upload`, the simple-index client and the index-server fixture (label: upload).
# Every network test talks only to servers started on 127.0.0.1 by the test itself.
set(_upload_dir "${PYRELEASE_TESTS_DIR}/integration")
set(_upload_work "${PYRELEASE_TEST_WORK_DIR}/upload")

add_test(NAME upload.index_server_fixture
         COMMAND "${Python3_EXECUTABLE}" "${_upload_dir}/index_server_selftest.py" "${_upload_work}/selftest")
set_tests_properties(upload.index_server_fixture PROPERTIES LABELS "upload;integration" TIMEOUT 120)
