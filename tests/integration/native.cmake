# The native area's integration tests (label `native`): compiled code in wheels (issue 13).
# - native.pure_tag_with_elf: a .so in a pure project's package data; `check` fails the
#   py3-none-any wheel with compiled-code-tags naming the member.
add_test(NAME native.pure_tag_with_elf
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/pure_tag_with_elf.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.pure_tag_with_elf PROPERTIES LABELS "native;integration" TIMEOUT 120)
