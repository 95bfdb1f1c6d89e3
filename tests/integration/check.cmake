# The check area's integration tests (label `check`):
# - check.twine_parity: builds a corpus (dists pyrelease builds from the fixture projects,
#   third-party wheels already on disk, 100+ generated broken variants), runs real twine check
#   and `pyrelease check` over it, prints the agreement table, then compares the native reST
#   checker with readme_renderer on generated documents;
# - check.beyond_twine: one bad input per PyPI/integrity rule, each finding asserted.
add_test(NAME check.twine_parity
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check/check_parity.py
          ${PYRELEASE_EXE} ${PYRELEASE_TESTS_DIR}/projects ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(check.twine_parity PROPERTIES LABELS "check;integration" TIMEOUT 300)

add_test(NAME check.beyond_twine
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check/check_beyond_twine.py
          ${PYRELEASE_EXE} ${PYRELEASE_TESTS_DIR}/projects ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(check.beyond_twine PROPERTIES LABELS "check;integration" TIMEOUT 300)

# check.read_once: each dist is opened and read once (strace), and a well-formed wheel is checked
# without loading libarchive.
add_test(NAME check.read_once
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check/check_read_once.py
          ${PYRELEASE_EXE} ${PYRELEASE_TESTS_DIR}/projects ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(check.read_once PROPERTIES LABELS "check;integration" TIMEOUT 300)

# check.large_wheel_memory: a wheel over 64 MiB is checked in a small footprint (mapped, each
# member's pages given back once inflated; a declined one read by libarchive from the file).
add_test(NAME check.large_wheel_memory
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check/check_large_wheel_memory.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR} $<$<BOOL:${PYRELEASE_SANITIZE}>:--sanitized>)
set_tests_properties(check.large_wheel_memory PROPERTIES LABELS "check;integration" TIMEOUT 300)

# check.changed_while_read: a wheel truncated while check reads it (mapped: would be SIGBUS) ends
# in an error naming it; a wheel that cannot be mapped is read instead (map_fault_shim.cc,
# preloaded; never sanitized, as full_disk_shim.cc).
add_library(pyrelease_map_fault_shim MODULE ${PYRELEASE_TESTS_DIR}/integration/map_fault_shim.cc)
set_target_properties(pyrelease_map_fault_shim PROPERTIES
  COMPILE_OPTIONS "${PYRELEASE_WARNING_FLAGS}" LINK_OPTIONS "")
target_link_libraries(pyrelease_map_fault_shim PRIVATE ${CMAKE_DL_LIBS})
add_test(NAME check.changed_while_read
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check/check_changed_while_read.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR} $<TARGET_FILE:pyrelease_map_fault_shim>)
set_tests_properties(check.changed_while_read PROPERTIES LABELS "check;integration" TIMEOUT 300)
