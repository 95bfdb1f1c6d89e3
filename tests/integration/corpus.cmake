# The corpus harness's own rules, run with the main suite (label `corpus`; the corpus itself is
# label `realworld`, tests/realworld/realworld.cmake).
# - corpus.elf_sections_rule: tests/realworld/elf_sections.py, the section-by-section comparison of
#   compiled members, on libraries gcc builds in the test: the same source built in two directories
#   differs only in the named build-path sections; a changed constant (.text) and an absolute
#   __FILE__ (.rodata) are real differences.
add_test(NAME corpus.elf_sections_rule
  COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/realworld/elf_sections_test.py ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(corpus.elf_sections_rule PROPERTIES LABELS "corpus;integration" TIMEOUT 120)

# - corpus.temp_paths_rule: tests/realworld/temp_paths.py, text members (spglib's pkg-config file)
#   that differ only in a build's random temporary directory; any other change is a real difference.
add_test(NAME corpus.temp_paths_rule
  COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/realworld/temp_paths_test.py ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(corpus.temp_paths_rule PROPERTIES LABELS "corpus;integration" TIMEOUT 120)
