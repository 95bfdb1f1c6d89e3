# Area `files`: SelectFiles compared with the real build backends' sdist and wheel file lists.
add_executable(pyrelease_list_files "${CMAKE_CURRENT_LIST_DIR}/../tools/list_files.cc")
target_compile_options(pyrelease_list_files PRIVATE ${PYRELEASE_WARNING_FLAGS})
target_link_libraries(pyrelease_list_files PRIVATE pyrelease_core)

add_test(NAME files.compare_with_backends
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/compare_file_lists.py"
          --list-files "$<TARGET_FILE:pyrelease_list_files>"
          --projects "${PYRELEASE_TESTS_DIR}/projects"
          --examples "${PYRELEASE_TESTS_DIR}/../examples")
set_tests_properties(files.compare_with_backends PROPERTIES LABELS "files;integration" TIMEOUT 300)
