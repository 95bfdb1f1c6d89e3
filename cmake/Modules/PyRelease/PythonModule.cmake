# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/PythonModule
----------------------

Part of the PyRelease package (include ``PyRelease`` instead). Defines
:command:`pyrelease_add_python_module`, documented in ``PyRelease.cmake``.

FindPython finds one interpreter per directory, so building a module for several is done here
without it: each interpreter is asked at configure time for its include directory and extension
suffix (``sysconfig``), and one ``MODULE`` library per interpreter is made from the same sources.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

# What the build needs to know of one interpreter, printed one per line: the key of its variant
# (cp311, cp313t, cp311d: implementation, version and ABI flags), the resolved executable, the
# include directory, the extension suffix and whether it is CPython.
set(_PYRELEASE_INTERPRETER_QUERY [=[
import os, sys, sysconfig
impl = {"cpython": "cp", "pypy": "pp"}.get(sys.implementation.name, sys.implementation.name)
abiflags = getattr(sys, "abiflags", "")
print(f"{impl}{sys.version_info[0]}{sys.version_info[1]}{abiflags}")
print(os.path.realpath(sys.executable))
print(sysconfig.get_config_var("INCLUDEPY") or sysconfig.get_paths()["include"])
print(sysconfig.get_config_var("EXT_SUFFIX") or "")
print(sys.implementation.name)
]=])

# Asks <python> for what the build needs: <out>_KEY, <out>_EXECUTABLE, <out>_INCLUDE,
# <out>_SUFFIX, <out>_IMPLEMENTATION.
function(_pyrelease_query_interpreter caller python out)
  if(NOT IS_ABSOLUTE "${python}")
    find_program(_pyrelease_found_python NAMES "${python}" NO_CACHE)
    if(NOT _pyrelease_found_python)
      message(FATAL_ERROR "PyRelease: ${caller}: PYTHONS names '${python}', which is not on PATH "
        "(give an interpreter's name or its full path)")
    endif()
    set(python "${_pyrelease_found_python}")
  endif()
  execute_process(COMMAND "${python}" -c "${_PYRELEASE_INTERPRETER_QUERY}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE output ERROR_VARIABLE error OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REPLACE "\n" ";" lines "${output}")
  list(LENGTH lines n)
  if(NOT rc EQUAL 0 OR NOT n EQUAL 5)
    message(FATAL_ERROR "PyRelease: ${caller}: could not ask the interpreter '${python}' for its "
      "include directory and extension suffix (exit status ${rc}): ${error}")
  endif()
  list(GET lines 0 key)
  list(GET lines 1 executable)
  list(GET lines 2 include)
  list(GET lines 3 suffix)
  list(GET lines 4 implementation)
  if(NOT EXISTS "${include}/Python.h")
    message(FATAL_ERROR "PyRelease: ${caller}: the interpreter '${python}' (${key}) has no Python.h "
      "in ${include}: install its development headers (e.g. the python3.X-dev package)")
  endif()
  foreach(field IN ITEMS key executable include suffix implementation)
    string(TOUPPER "${field}" upper)
    set(${out}_${upper} "${${field}}" PARENT_SCOPE)
  endforeach()
endfunction()

function(pyrelease_add_python_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "STABLE_ABI" "PYTHONS")
  set(caller "pyrelease_add_python_module(${name})")
  set(sources ${arg_UNPARSED_ARGUMENTS})
  if(arg_KEYWORDS_MISSING_VALUES AND NOT arg_KEYWORDS_MISSING_VALUES STREQUAL "PYTHONS")
    message(FATAL_ERROR "PyRelease: ${caller}: ${arg_KEYWORDS_MISSING_VALUES} needs a value")
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "PyRelease: ${caller}: '${name}' is not a Python module name (it is the "
      "file name the import finds)")
  endif()
  if(NOT sources)
    message(FATAL_ERROR "PyRelease: ${caller}: no source files")
  endif()
  if(WIN32)
    message(FATAL_ERROR "PyRelease: ${caller}: Windows is not supported yet (the modules would "
      "link pythonXY.lib); use Python_add_library and MODULES there")
  endif()
  # An empty PYTHONS (e.g. an empty cache variable) means the Python find_package found.
  set(pythons ${arg_PYTHONS})
  if(NOT pythons)
    _pyrelease_found_python(pythons)
    if(NOT pythons)
      message(FATAL_ERROR "PyRelease: ${caller}: no interpreter: give PYTHONS <python>... or "
        "find_package(Python ...) first")
    endif()
  endif()
  if(DEFINED arg_STABLE_ABI)
    if(NOT arg_STABLE_ABI MATCHES "^3\\.([0-9]+)$")
      message(FATAL_ERROR "PyRelease: ${caller}: STABLE_ABI must be 3.X, not '${arg_STABLE_ABI}'")
    endif()
    list(LENGTH pythons n)
    if(n GREATER 1)
      # Every interpreter would give the same cp3X-abi3 wheel name.
      message(FATAL_ERROR "PyRelease: ${caller}: STABLE_ABI ${arg_STABLE_ABI} with ${n} PYTHONS: "
        "one abi3 module serves every CPython >= ${arg_STABLE_ABI}, build it for one interpreter")
    endif()
    math(EXPR limited_api "0x03000000 + (${CMAKE_MATCH_1} << 16)" OUTPUT_FORMAT HEXADECIMAL)
  endif()
  if(TARGET "${name}")
    message(FATAL_ERROR "PyRelease: ${caller}: a target named '${name}' already exists")
  endif()

  # <name>: the settings every variant shares (target_link_libraries(<name> INTERFACE ...) etc.).
  add_library(${name} INTERFACE)
  set(keys "")
  set(targets "")
  set(executables "")
  foreach(python IN LISTS pythons)
    _pyrelease_query_interpreter("${caller}" "${python}" py)
    if(py_KEY IN_LIST keys)
      message(FATAL_ERROR "PyRelease: ${caller}: PYTHONS names ${py_KEY} twice ('${python}' is "
        "${py_EXECUTABLE})")
    endif()
    if(DEFINED arg_STABLE_ABI AND NOT py_IMPLEMENTATION STREQUAL "cpython")
      message(FATAL_ERROR "PyRelease: ${caller}: STABLE_ABI needs CPython; '${python}' is "
        "${py_IMPLEMENTATION}")
    endif()
    set(target "${name}-${py_KEY}")
    if(TARGET "${target}")
      message(FATAL_ERROR "PyRelease: ${caller}: a target named '${target}' already exists")
    endif()
    add_library(${target} MODULE ${sources})
    target_link_libraries(${target} PRIVATE ${name})
    # The headers are the interpreter's own: -isystem, so their warnings are not the project's.
    target_include_directories(${target} SYSTEM PRIVATE "${py_INCLUDE}")
    set(suffix "${py_SUFFIX}")
    if(DEFINED arg_STABLE_ABI)
      target_compile_definitions(${target} PRIVATE "Py_LIMITED_API=${limited_api}")
      set(suffix ".abi3${CMAKE_SHARED_MODULE_SUFFIX}")
    endif()
    # One directory per interpreter: abi3 modules of two builds would otherwise share a name.
    set_target_properties(${target} PROPERTIES
      PREFIX "" OUTPUT_NAME "${name}" SUFFIX "${suffix}"
      LIBRARY_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/${py_KEY}")
    if(APPLE)
      # The interpreter provides the symbols when it loads the module (as FindPython does).
      target_link_options(${target} PRIVATE "LINKER:-undefined,dynamic_lookup")
    endif()
    list(APPEND keys "${py_KEY}")
    list(APPEND targets "${target}")
    list(APPEND executables "${py_EXECUTABLE}")
  endforeach()
  # What pyrelease_add_package(... MODULES <name>=<path>) reads: one wheel per interpreter.
  set_target_properties(${name} PROPERTIES
    PYRELEASE_PYTHON_KEYS "${keys}"
    PYRELEASE_PYTHON_TARGETS "${targets}"
    PYRELEASE_PYTHON_EXECUTABLES "${executables}"
    PYRELEASE_STABLE_ABI "${arg_STABLE_ABI}")
  set(${name}_TARGETS "${targets}" PARENT_SCOPE)
endfunction()

cmake_policy(POP)
