# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/Preflight
-------------------

Part of the PyRelease package (include ``PyRelease`` instead): the preflight checklist as CTest
tests, documented in ``PyRelease.cmake``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

# One CTest test per preflight item, `<pkg>-preflight:<item>` with the label `preflight`, each
# `pyrelease preflight --only <item>`: the built-in items and the project's commands
# ([tool.pyrelease.preflight] commands: tests, type check, lint). In find_package mode the tool
# lists the items at configure time (`--list-items`), so each command is its own test; when the
# tool is built by this build, one test `<pkg>-preflight:commands` runs them all.
function(_pyrelease_add_preflight_tests caller pkg)
  get_target_property(project_dir ${pkg}-dist PYRELEASE_PROJECT_DIR)
  get_target_property(index ${pkg}-dist PYRELEASE_INDEX_URL)
  # The build's BACKEND, CONFIG_SETTINGS and NO_ISOLATION: build-check builds so, and a version
  # only the backend knows is asked of the backend so (listing the items reads pyproject.toml only).
  get_target_property(backend_args ${pkg}-dist PYRELEASE_BACKEND_ARGS)
  if(NOT backend_args)
    set(backend_args "")
  endif()
  set(items git-clean tag index-version changelog readme license build-check "command:*")
  _pyrelease_tool_is_prebuilt(prebuilt)
  _pyrelease_configure_time_exe(exe)
  if(prebuilt AND exe)
    execute_process(COMMAND "${exe}" preflight --project "${project_dir}" --list-items
      RESULT_VARIABLE rc OUTPUT_VARIABLE listed ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      string(STRIP "${err}" err)
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): 'pyrelease preflight --list-items' failed "
        "(${rc}) for ${project_dir}:\n${err}")
    endif()
    string(STRIP "${listed}" listed)
    string(REPLACE "\n" ";" items "${listed}")
  endif()
  cmake_language(DEFER CALL enable_testing)
  foreach(item IN LISTS items)
    set(name "${pkg}-preflight:${item}")
    if(item STREQUAL "command:*")
      set(name "${pkg}-preflight:commands")
    endif()
    set(args preflight --project "${project_dir}" --only "${item}" ${backend_args})
    if(item STREQUAL "index-version" AND index)
      list(APPEND args --index-url "${index}")
    endif()
    add_test(NAME "${name}" COMMAND "$<TARGET_FILE:PyRelease::pyrelease>" ${args})
    set_tests_properties("${name}" PROPERTIES LABELS preflight)
  endforeach()
endfunction()

cmake_policy(POP)
