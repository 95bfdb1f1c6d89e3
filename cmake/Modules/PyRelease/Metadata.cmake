# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/Metadata
------------------

Part of the PyRelease package (include ``PyRelease`` instead). Defines
:command:`pyrelease_read_metadata`, documented in ``PyRelease.cmake``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(pyrelease_read_metadata prefix)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PROJECT_DIR" "")
  _pyrelease_reject_unparsed(pyrelease_read_metadata)
  if(NOT DEFINED arg_PROJECT_DIR)
    message(FATAL_ERROR "PyRelease: pyrelease_read_metadata(${prefix}): PROJECT_DIR is required")
  endif()
  get_filename_component(project_dir "${arg_PROJECT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  _pyrelease_read_metadata_impl(pyrelease_read_metadata "${prefix}" "${project_dir}")
  foreach(suffix IN ITEMS NAME NORMALIZED_NAME VERSION SDIST WHEEL DYNAMIC_VERSION)
    set(${prefix}_${suffix} "${${prefix}_${suffix}}" PARENT_SCOPE)
  endforeach()
endfunction()

# Runs `pyrelease metadata --project <dir> --json` and sets <prefix>_* in the caller's scope.
function(_pyrelease_read_metadata_impl caller prefix project_dir)
  _pyrelease_require_tool(${caller})
  _pyrelease_tool_is_prebuilt(prebuilt)
  _pyrelease_configure_time_exe(exe)
  if(NOT prebuilt OR NOT exe)
    message(FATAL_ERROR "PyRelease: ${caller}(${prefix}): the pyrelease tool is built by this build "
      "(add_subdirectory/FetchContent mode), so metadata cannot be read at configure time. "
      "Use find_package(PyRelease), or read the names from the build-time manifests.")
  endif()
  foreach(config IN ITEMS pyproject.toml setup.py setup.cfg)
    if(EXISTS "${project_dir}/${config}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${project_dir}/${config}")
    endif()
  endforeach()
  execute_process(
    COMMAND "${exe}" metadata --project "${project_dir}" --json ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    message(FATAL_ERROR "PyRelease: ${caller}(${prefix}): 'pyrelease metadata' failed (${rc}) for "
      "${project_dir}/pyproject.toml:\n${err}")
  endif()
  foreach(pair IN ITEMS NAME:name NORMALIZED_NAME:normalized_name VERSION:version SDIST:sdist WHEEL:wheel)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 suffix)
    list(GET pair 1 key)
    string(JSON value ERROR_VARIABLE json_err GET "${json}" ${key})
    if(json_err)
      message(FATAL_ERROR "PyRelease: ${caller}(${prefix}): 'pyrelease metadata --json' gave no "
        "'${key}': ${json_err}")
    endif()
    set(${prefix}_${suffix} "${value}" PARENT_SCOPE)
  endforeach()
  # A version computed from a file (project.dynamic): names read now may go stale before the
  # next configure, so the caller must not rely on them for OUTPUTs.
  set(dynamic_version FALSE)
  set(backend_builds FALSE)
  string(JSON count ERROR_VARIABLE no_dynamic LENGTH "${json}" dynamic)
  if(NOT no_dynamic AND count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON field GET "${json}" dynamic ${i})
      if(field STREQUAL "version")
        set(dynamic_version TRUE)
      endif()
    endforeach()
  endif()
  # Through the project's own PEP 517 backend the names are the backend's to decide at build time.
  string(JSON build_path ERROR_VARIABLE no_build_path GET "${json}" build_path)
  if(NOT no_build_path AND build_path STREQUAL "pep517")
    set(dynamic_version TRUE)
    set(backend_builds TRUE)
    # Said once per configure: which backend computed the version, and why it is the backend.
    string(JSON backend ERROR_VARIABLE no_backend GET "${json}" backend)
    string(JSON reason ERROR_VARIABLE no_reason GET "${json}" reasons 0)
    string(JSON version GET "${json}" version)
    if(no_reason)
      set(reason "")
    else()
      set(reason " (${reason})")
    endif()
    message(STATUS "PyRelease: ${caller}(${prefix}): version ${version} computed by ${backend}"
      "${reason}; its PEP 517 backend builds the archives, and their names are known at build "
      "time")
  endif()
  set(${prefix}_DYNAMIC_VERSION ${dynamic_version} PARENT_SCOPE)
  set(${prefix}_BACKEND_BUILDS ${backend_builds} PARENT_SCOPE)
endfunction()

cmake_policy(POP)
