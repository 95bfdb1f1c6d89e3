# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/Check
---------------

Part of the PyRelease package (include ``PyRelease`` instead). Defines
:command:`pyrelease_add_check`, documented in ``PyRelease.cmake``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(pyrelease_add_check pkg)
  cmake_parse_arguments(PARSE_ARGV 1 arg "STRICT" "" "")
  _pyrelease_reject_unparsed(pyrelease_add_check)
  _pyrelease_require_package(pyrelease_add_check ${pkg})
  if(TARGET ${pkg}-twine-check)
    message(FATAL_ERROR "PyRelease: pyrelease_add_check(${pkg}): a target named '${pkg}-twine-check' already exists")
  endif()
  get_target_property(state ${pkg}-dist PYRELEASE_STATE_DIR)
  get_target_property(manifests ${pkg}-dist PYRELEASE_MANIFESTS)
  get_target_property(config ${pkg}-dist PYRELEASE_STEP_CONFIG)
  if(arg_STRICT)
    set_target_properties(${pkg}-dist PROPERTIES PYRELEASE_CHECK_ARGS --strict)
  endif()

  # A stamp: the check reruns only when an archive was rebuilt (or the check failed last time).
  set(stamp "${state}/check.stamp")
  _pyrelease_step_command(step ${pkg} check "-DPYRELEASE_STAMP=${stamp}")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND ${step}
    DEPENDS ${manifests} "${config}"
    COMMENT "PyRelease: checking the archives of ${pkg}"
    VERBATIM)
  add_custom_target(${pkg}-twine-check DEPENDS "${stamp}")
  add_dependencies(${pkg}-twine-check ${pkg}-dist)
endfunction()

cmake_policy(POP)
