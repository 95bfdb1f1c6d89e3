# Tests of `pyrelease upload`, the simple-index client and the index-server fixture (label: upload).
# Every network test talks only to servers started on 127.0.0.1 by the tests themselves: a pypiserver
# and a devpi-server (non-volatile index) as CTest fixtures, plus a recording server and a faulty proxy
# that individual tests start.
set(_up_dir "${PYRELEASE_TESTS_DIR}/integration")
set(_up_work "${PYRELEASE_TEST_WORK_DIR}/upload")
set(_up_labels "upload;integration")

add_test(NAME upload.index_server_fixture
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/index_server_selftest.py" "${_up_work}/selftest")
set_tests_properties(upload.index_server_fixture PROPERTIES LABELS "${_up_labels}" TIMEOUT 120)

# The servers above and the ones single tests start stop by themselves once their owner (ctest, the
# test script) is gone, or after their maximum lifetime: a `ctest -R upload.pypiserver.start` alone
# leaves no server running.
add_test(NAME upload.index_server_lifetime
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/index_server_lifetime_test.py" "${_up_work}/lifetime")
set_tests_properties(upload.index_server_lifetime PROPERTIES LABELS "${_up_labels};safety" TIMEOUT 300)

# The example every upload test publishes: tests/projects/flit built by the reference frontend.
add_test(NAME upload.example_dists
         COMMAND "${Python3_EXECUTABLE}" -m build --no-isolation --outdir "${_up_work}/example-dist"
                 "${PYRELEASE_TESTS_DIR}/projects/flit")
set_tests_properties(upload.example_dists PROPERTIES LABELS "${_up_labels}" TIMEOUT 120
                     FIXTURES_SETUP upload_example)

foreach(kind pypiserver devpi)
  set(_state "${_up_work}/server-${kind}")
  add_test(NAME upload.${kind}.start
           COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/index_server.py" start --kind ${kind} --state-dir "${_state}")
  add_test(NAME upload.${kind}.stop
           COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/index_server.py" stop --state-dir "${_state}")
  set_tests_properties(upload.${kind}.start PROPERTIES LABELS "${_up_labels}" TIMEOUT 120
                       FIXTURES_SETUP upload_${kind})
  set_tests_properties(upload.${kind}.stop PROPERTIES LABELS "${_up_labels}" FIXTURES_CLEANUP upload_${kind})
  foreach(scenario install duplicates auth digests requests history)
    add_test(NAME upload.${kind}.${scenario}
             COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_server_test.py" "${PYRELEASE_EXE}" "${_state}"
                     "${_up_work}/${kind}-${scenario}" ${scenario} "${_up_work}/example-dist")
    set_tests_properties(upload.${kind}.${scenario} PROPERTIES LABELS "${_up_labels}" TIMEOUT 300
                         FIXTURES_REQUIRED "upload_${kind};upload_example")
  endforeach()
endforeach()

add_test(NAME upload.faults
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_faults_test.py" "${PYRELEASE_EXE}"
                 "${_up_work}/server-pypiserver" "${_up_work}/faults")
set_tests_properties(upload.faults PROPERTIES LABELS "${_up_labels}" TIMEOUT 300 FIXTURES_REQUIRED upload_pypiserver)

add_test(NAME upload.twine_fields
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_fields_test.py" "${PYRELEASE_EXE}"
                 "${_up_work}/fields" "${_up_work}/example-dist")
set_tests_properties(upload.twine_fields PROPERTIES LABELS "${_up_labels}" TIMEOUT 300 FIXTURES_REQUIRED upload_example)

add_test(NAME upload.file_index_pip
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_file_index_test.py" "${PYRELEASE_EXE}"
                 "${_up_work}/file-index" "${_up_work}/example-dist")
set_tests_properties(upload.file_index_pip PROPERTIES LABELS "${_up_labels}" TIMEOUT 300 FIXTURES_REQUIRED upload_example)

add_test(NAME upload.token_leak
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_leak_test.py" "${PYRELEASE_EXE}"
                 "${_up_work}/server-pypiserver" "${_up_work}/leak" "${CMAKE_BINARY_DIR}")
set_tests_properties(upload.token_leak PROPERTIES LABELS "${_up_labels}" TIMEOUT 900 FIXTURES_REQUIRED upload_pypiserver)

add_test(NAME upload.tls
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_tls_test.py" "${PYRELEASE_EXE}" "${_up_work}/tls")
set_tests_properties(upload.tls PROPERTIES LABELS "${_up_labels}" TIMEOUT 120)

add_test(NAME upload.prompt
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_prompt_test.py" "${PYRELEASE_EXE}" "${_up_work}/prompt")
set_tests_properties(upload.prompt PROPERTIES LABELS "${_up_labels}" TIMEOUT 120)

# The read-back verification sends the index's credentials only to the index's own host.
add_test(NAME upload.readback_credentials
         COMMAND "${Python3_EXECUTABLE}" "${_up_dir}/upload_readback_test.py" "${PYRELEASE_EXE}" "${_up_work}/readback")
set_tests_properties(upload.readback_credentials PROPERTIES LABELS "${_up_labels};safety" TIMEOUT 120)
