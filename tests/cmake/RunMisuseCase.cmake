# RunCMake-style check of one misuse case: configures tests/cmake/misuse with
# CASE_FILE=tests/cmake/<CASE>.cmake, expects the configure to fail, and its stderr to match the
# regex in tests/cmake/<CASE>-stderr.txt (white space folded), and neither its output nor
# CMakeCache.txt to contain the planted secret. Extra -D arguments: <CASE>-args.txt.
# cmake -DCASE=<Case> -DPYRELEASE_SOURCE_DIR=<src> -DPYRELEASE_EXECUTABLE=<tool> -DWORK_DIR=<dir> -P RunMisuseCase.cmake
foreach(var IN ITEMS CASE PYRELEASE_SOURCE_DIR PYRELEASE_EXECUTABLE WORK_DIR)
  if("${${var}}" STREQUAL "")  # an unset directory must not turn "${WORK_DIR}/x" into "/x"
    message(FATAL_ERROR "RunMisuseCase.cmake needs -D${var}=<...>")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/Modules/PyRelease/SafeRemove.cmake")
set(here "${CMAKE_CURRENT_LIST_DIR}")
set(build "${WORK_DIR}/${CASE}")
# The case's build tree is marked as ours, so that only an earlier one of ours is ever deleted.
_pyrelease_remove_tree("${build}" PROTECT "${PYRELEASE_SOURCE_DIR}")
_pyrelease_make_owned_dir("${build}")
# Optional extra -D arguments, one per line, in <CASE>-args.txt.
set(extra_args "")
if(EXISTS "${here}/${CASE}-args.txt")
  file(STRINGS "${here}/${CASE}-args.txt" extra_args)
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${here}/misuse" -B "${build}" -G Ninja
          "-DCASE_FILE=${here}/${CASE}.cmake"
          "-DPYRELEASE_SOURCE_DIR=${PYRELEASE_SOURCE_DIR}"
          "-DPYRELEASE_EXECUTABLE=${PYRELEASE_EXECUTABLE}"
          "-DPYRELEASE_CONFIGURE_METADATA=OFF"
          "-DFIXTURE_DIR=${PYRELEASE_SOURCE_DIR}/tests/projects/flat" ${extra_args}
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
if(EXISTS "${build}/CMakeCache.txt")
  file(READ "${build}/CMakeCache.txt" cache)
  if(cache MATCHES "planted-secret")
    message(FATAL_ERROR "${CASE}: the planted secret stayed in CMakeCache.txt")
  endif()
endif()
_pyrelease_remove_tree("${build}" PROTECT "${PYRELEASE_SOURCE_DIR}")
message(STATUS "${CASE}: failed as expected")
