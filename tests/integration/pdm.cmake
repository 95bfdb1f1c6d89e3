# pdm-backend projects built natively (label: pdm): fixture projects built by pyrelease and by
# pdm-backend itself (`python -m build --no-isolation`, the installed pdm-backend) must give equal
# member lists, member hashes and metadata fields; what is not reproduced takes the backend path
# with a reason naming it.
foreach(case flat src modules refusals)
  add_test(NAME pdm.${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/pdm_native_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/pdm ${case})
  set_tests_properties(pdm.${case} PROPERTIES LABELS "pdm;integration" TIMEOUT 600)
endforeach()
