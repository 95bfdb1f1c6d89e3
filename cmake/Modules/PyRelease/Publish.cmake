# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/Publish
-----------------

Part of the PyRelease package (include ``PyRelease`` instead). Defines
:command:`pyrelease_add_publish`, documented in ``PyRelease.cmake``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(pyrelease_add_publish pkg)
  _pyrelease_add_publish_impl(pyrelease_add_publish ${pkg} ${ARGN})
endfunction()

function(_pyrelease_add_publish_impl caller pkg)
  cmake_parse_arguments(PARSE_ARGV 2 arg "SKIP_EXISTING;PUSH_TAG" "REPOSITORY;TEST_REPOSITORY;CONFIG_FILE" "")
  _pyrelease_reject_unparsed(${caller})
  _pyrelease_require_package(${caller} ${pkg})
  if(NOT TARGET ${pkg}-twine-check)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): call pyrelease_add_check(${pkg}) first: "
      "publishing is only possible after the check")
  endif()
  foreach(which IN ITEMS REPOSITORY TEST_REPOSITORY)
    if(NOT DEFINED arg_${which})
      set(arg_${which} "${PYRELEASE_${which}}")
    endif()
    # publish-test goes to the .pypirc section `testpypi` unless told otherwise (as twine's -r
    # testpypi); `pyrelease upload` says which section and key to add when it is not configured.
    if(which STREQUAL "TEST_REPOSITORY" AND arg_TEST_REPOSITORY STREQUAL "")
      set(arg_TEST_REPOSITORY "testpypi")
    endif()
    _pyrelease_repository_args(${caller} ${pkg} ${which} "${arg_${which}}" args index)
    set(extra "")
    if(DEFINED arg_CONFIG_FILE)
      get_filename_component(pypirc "${arg_CONFIG_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND extra --config-file "${pypirc}")
    endif()
    if(arg_SKIP_EXISTING OR PYRELEASE_SKIP_EXISTING)
      list(APPEND extra --skip-existing)
    endif()
    list(APPEND args ${extra})
    set_target_properties(${pkg}-dist PROPERTIES
      PYRELEASE_${which} "${arg_${which}}"
      PYRELEASE_${which}_ARGS "${args}"
      PYRELEASE_${which}_DERIVED_INDEX_URL "${index}")
  endforeach()

  foreach(which IN ITEMS test release)
    if(which STREQUAL "test")
      set(target ${pkg}-publish-test)
      set(where "TEST_REPOSITORY")
    else()
      set(target ${pkg}-publish)
      set(where "REPOSITORY")
    endif()
    if(TARGET ${target})
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): a target named '${target}' already exists")
    endif()
    _pyrelease_step_command(step ${pkg} upload "-DPYRELEASE_WHICH=${which}")
    # USES_TERMINAL: the tool may ask for a password when none is configured.
    add_custom_target(${target}
      COMMAND ${step}
      COMMENT "PyRelease: uploading ${pkg} to its ${where}"
      USES_TERMINAL VERBATIM)
    add_dependencies(${target} ${pkg}-twine-check)
  endforeach()

  # The whole release in one resumable run (pyrelease release): it takes the built dists, checks, publishes to
  # the test index, verifies, and promotes exactly the verified files. PUSH_TAG: git push the tag.
  if(TARGET ${pkg}-release)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): a target named '${pkg}-release' already exists")
  endif()
  set(push "-DPYRELEASE_PUSH_TAG=OFF")
  if(arg_PUSH_TAG OR PYRELEASE_PUSH_TAG)
    set(push "-DPYRELEASE_PUSH_TAG=ON")
  endif()
  _pyrelease_step_command(step ${pkg} release ${push})
  add_custom_target(${pkg}-release
    COMMAND ${step}
    COMMENT "PyRelease: releasing ${pkg} (preflight, build, check, test index, verify, production, verify, tag)"
    USES_TERMINAL VERBATIM)
  # The release takes the dists this build graph makes (the sdist and every wheel, native ones
  # included) through their manifests, so it depends on them like twine-check and publish do.
  add_dependencies(${pkg}-release ${pkg}-dist)
  set_target_properties(${pkg}-dist PROPERTIES PYRELEASE_RELEASE_COMMAND "${step}")
endfunction()

# Turns a REPOSITORY value into `pyrelease upload` arguments and, for a local directory, the
# simple-index URL that verify installs from. Refuses credentials in URLs (without echoing them).
function(_pyrelease_repository_args caller pkg option value out_args out_index)
  set(args "")
  set(index "")
  if(value STREQUAL "")
    # Nothing: the tool's default (environment, then .pypirc).
  elseif(value MATCHES "^([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)")
    set(scheme "${CMAKE_MATCH_1}")
    set(authority "${CMAKE_MATCH_2}")
    if(authority MATCHES "@")
      string(REGEX REPLACE "^.*@" "" host "${authority}")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): ${option} '${scheme}://***@${host}/...' "
        "holds credentials. Pass the URL without them; pyrelease upload reads the user name and "
        "password (or token) at build time from TWINE_USERNAME/TWINE_PASSWORD or .pypirc.")
    endif()
    if(scheme STREQUAL "file")
      string(REGEX REPLACE "^file://" "" dir "${value}")
      string(REGEX REPLACE "/+$" "" dir "${dir}")
      set(args --repository-url "file://${dir}")
      set(index "file://${dir}/simple/")
    else()
      set(args --repository-url "${value}")
    endif()
  elseif(value MATCHES "[/\\]" OR value MATCHES "^\\.")
    get_filename_component(dir "${value}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    set(args --repository-url "file://${dir}")
    set(index "file://${dir}/simple/")
  else()
    set(args --repository "${value}")
  endif()
  set(${out_args} "${args}" PARENT_SCOPE)
  set(${out_index} "${index}" PARENT_SCOPE)
endfunction()

cmake_policy(POP)
