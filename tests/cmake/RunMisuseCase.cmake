# RunCMake-style check of one misuse case: configures tests/cmake/misuse with
# CASE_FILE=tests/cmake/<CASE>.cmake, expects the configure to fail, and its stderr to match the
# regex in tests/cmake/<CASE>-stderr.txt (white space folded) and never to contain the planted secret.
# cmake -DCASE=<Case> -DPYRELEASE_SOURCE_DIR=<src> -DPYRELEASE_EXECUTABLE=<tool> -DWORK_DIR=<dir> -P RunMisuseCase.cmake
set(here "${CMAKE_CURRENT_LIST_DIR}")
set(build "${WORK_DIR}/${CASE}")
file(REMOVE_RECURSE "${build}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${here}/misuse" -B "${build}" -G Ninja
          "-DCASE_FILE=${here}/${CASE}.cmake"
          "-DPYRELEASE_SOURCE_DIR=${PYRELEASE_SOURCE_DIR}"
          "-DPYRELEASE_EXECUTABLE=${PYRELEASE_EXECUTABLE}"
          "-DPYRELEASE_CONFIGURE_METADATA=OFF"
          "-DFIXTURE_DIR=${PYRELEASE_SOURCE_DIR}/tests/projects/flat"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ "${here}/${CASE}-stderr.txt" expected)
string(STRIP "${expected}" expected)
if(rc EQUAL 0)
  message(FATAL_ERROR "${CASE}: the configure succeeded; it must fail.\nstdout:\n${out}\nstderr:\n${err}")
endif()
# CMake wraps long messages: compare with every run of white space folded into one space.
string(REGEX REPLACE "[ \t\r\n]+" " " err_folded "${err}")
if(NOT err_folded MATCHES "${expected}")
  message(FATAL_ERROR "${CASE}: stderr does not match '${expected}':\n${err}")
endif()
if(err MATCHES "planted-secret" OR out MATCHES "planted-secret")
  message(FATAL_ERROR "${CASE}: the planted secret was printed:\n${err}")
endif()
file(REMOVE_RECURSE "${build}")
message(STATUS "${CASE}: failed as expected")
