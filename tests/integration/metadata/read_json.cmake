# Reads `pyrelease metadata --json` the way PyReleaseMetadata.cmake does (string(JSON)) and checks
# the values for one fixture project.
#   cmake -DPYRELEASE=<exe> -DPROJECT=<dir> -P read_json.cmake
execute_process(COMMAND "${PYRELEASE}" metadata --project "${PROJECT}" --json
  RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pyrelease metadata --json failed (${rc}):\n${err}")
endif()
string(JSON name GET "${json}" name)
string(JSON normalized GET "${json}" normalized_name)
string(JSON version GET "${json}" version)
string(JSON sdist GET "${json}" sdist)
string(JSON wheel GET "${json}" wheel)
string(JSON metadata_version GET "${json}" metadata_version)
string(JSON backend GET "${json}" backend)
string(JSON n_scripts LENGTH "${json}" console_scripts)
string(JSON n_extras LENGTH "${json}" optional_dependencies)
string(JSON n_dynamic LENGTH "${json}" dynamic)
if(NOT name STREQUAL "scripts-demo" OR NOT normalized STREQUAL "scripts-demo" OR NOT version STREQUAL "0.1.0"
   OR NOT sdist STREQUAL "scripts_demo-0.1.0.tar.gz" OR NOT wheel STREQUAL "scripts_demo-0.1.0-py3-none-any.whl"
   OR NOT metadata_version STREQUAL "2.4" OR NOT backend STREQUAL "hatchling" OR NOT n_scripts EQUAL 2
   OR NOT n_extras EQUAL 0 OR NOT n_dynamic EQUAL 0)
  message(FATAL_ERROR "unexpected metadata --json output:\n${json}")
endif()
string(JSON script0 GET "${json}" console_scripts 0)
if(NOT script0 STREQUAL "scripts-demo")
  message(FATAL_ERROR "console_scripts[0] is '${script0}'")
endif()
