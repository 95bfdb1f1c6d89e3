# poetry-core projects ([project], or [tool.poetry] alone) built natively (label: poetry): fixture projects built by
# pyrelease and by poetry-core itself (`python -m build --no-isolation`, the installed poetry-core)
# must give the same archives member for member (bytes, modes, times, the sdist's order); what is
# not reproduced takes the backend path with a reason naming it.
foreach(case flat layout git defaults refusals legacy legacy_refusals)
  add_test(NAME poetry.${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/poetry_native_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/poetry ${case})
  set_tests_properties(poetry.${case} PROPERTIES LABELS "poetry;integration" TIMEOUT 600)
endforeach()
