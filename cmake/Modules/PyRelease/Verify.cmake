# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/Verify
----------------

Part of the PyRelease package (include ``PyRelease`` instead). Defines
:command:`pyrelease_add_verify`, documented in ``PyRelease.cmake``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(pyrelease_add_verify pkg)
  _pyrelease_add_verify_impl(pyrelease_add_verify ${pkg} ${ARGN})
endfunction()

function(_pyrelease_add_verify_impl caller pkg)
  cmake_parse_arguments(PARSE_ARGV 2 arg ""
    "INDEX_URL;TEST_INDEX_URL;VERIFY_SCRIPT;VERIFY_WAIT;VERIFY_FROM"
    "VERIFY_IMPORTS;VERIFY_COMMANDS;VERIFY_EXTRAS;VERIFY_PYTHONS;VERIFY_EXTRA_INDEX_URLS;VERIFY_FIND_LINKS")
  _pyrelease_reject_unparsed(${caller})
  _pyrelease_require_package(${caller} ${pkg})
  if(NOT TARGET ${pkg}-publish)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): call pyrelease_add_publish(${pkg} ...) first")
  endif()
  if(DEFINED arg_VERIFY_FROM AND NOT arg_VERIFY_FROM MATCHES "^(any|wheel|sdist)$")
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): VERIFY_FROM '${arg_VERIFY_FROM}' is not any, wheel or sdist")
  endif()
  if(DEFINED arg_VERIFY_WAIT AND NOT arg_VERIFY_WAIT MATCHES "^[0-9]+$")
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): VERIFY_WAIT '${arg_VERIFY_WAIT}' is not a number of seconds")
  endif()

  # Which index each label installs from: the option, else a local repository's own index,
  # else the cache default. Missing: the tests say which option to set.
  foreach(which IN ITEMS INDEX_URL TEST_INDEX_URL)
    string(REPLACE "INDEX_URL" "REPOSITORY" repo_key "${which}")
    get_target_property(derived ${pkg}-dist PYRELEASE_${repo_key}_DERIVED_INDEX_URL)
    if(DEFINED arg_${which})
      set(index "${arg_${which}}")
    elseif(derived)
      set(index "${derived}")
    else()
      set(index "${PYRELEASE_${which}}")
    endif()
    if(index MATCHES "^[A-Za-z][A-Za-z0-9+.-]*://[^/]*@")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): ${which} holds credentials; pass the URL "
        "without them (pip reads them from the environment, .netrc or a keyring)")
    endif()
    set_target_properties(${pkg}-dist PROPERTIES PYRELEASE_${which} "${index}")
  endforeach()

  # The `pyrelease verify` arguments common to every check, and the check names in the tool's
  # order (`pyrelease verify --list-checks` prints the same list).
  set(args "")
  foreach(python IN LISTS arg_VERIFY_PYTHONS)
    list(APPEND args --python "${python}")
  endforeach()
  foreach(url IN LISTS arg_VERIFY_EXTRA_INDEX_URLS)
    list(APPEND args --extra-index-url "${url}")
  endforeach()
  foreach(link IN LISTS arg_VERIFY_FIND_LINKS)
    list(APPEND args --find-links "${link}")
  endforeach()
  foreach(extra IN LISTS arg_VERIFY_EXTRAS)
    list(APPEND args --extras "${extra}")
  endforeach()
  foreach(module IN LISTS arg_VERIFY_IMPORTS)
    list(APPEND args --import "${module}")
  endforeach()
  foreach(command IN LISTS arg_VERIFY_COMMANDS)
    list(APPEND args --command "${command}")
  endforeach()
  if(DEFINED arg_VERIFY_SCRIPT)
    get_filename_component(script "${arg_VERIFY_SCRIPT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${script}")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): VERIFY_SCRIPT '${script}' does not exist")
    endif()
    list(APPEND args --script "${script}")
  endif()
  if(DEFINED arg_VERIFY_WAIT)
    list(APPEND args --wait "${arg_VERIFY_WAIT}")
  endif()
  if(DEFINED arg_VERIFY_FROM)
    list(APPEND args --from "${arg_VERIFY_FROM}")
  endif()
  set_target_properties(${pkg}-dist PROPERTIES PYRELEASE_VERIFY_ARGS "${args}")

  set(checks "")
  foreach(module IN LISTS arg_VERIFY_IMPORTS)
    list(APPEND checks "import:${module}")
  endforeach()
  list(APPEND checks entry-points)
  foreach(command IN LISTS arg_VERIFY_COMMANDS)
    list(APPEND checks "command:${command}")
  endforeach()
  foreach(extra IN LISTS arg_VERIFY_EXTRAS)
    list(APPEND checks "extra:${extra}")
  endforeach()
  if(DEFINED arg_VERIFY_SCRIPT)
    get_filename_component(script_name "${arg_VERIFY_SCRIPT}" NAME)
    list(APPEND checks "script:${script_name}")
  endif()
  set(suffixes "")
  list(LENGTH arg_VERIFY_PYTHONS python_count)
  if(python_count GREATER 1)
    foreach(python IN LISTS arg_VERIFY_PYTHONS)
      list(APPEND suffixes "@${python}")
    endforeach()
  else()
    set(suffixes "NONE")
  endif()

  # Tests are only seen by ctest in directories where testing is enabled. enable_testing() sets a
  # directory-scope variable, so it runs at the end of this directory, outside this function.
  cmake_language(DEFER CALL enable_testing)
  foreach(which IN ITEMS test release)
    if(which STREQUAL "test")
      set(label verify-test)
      set(publish ${pkg}-publish-test)
    else()
      set(label verify)
      set(publish ${pkg}-publish)
    endif()
    set(prefix "${pkg}-${label}")
    set(env_fixture "pyrelease:${prefix}:env")
    set(index_fixture "")
    set(step_args "-DPYRELEASE_WHICH=${which}")
    set(tests "")

    if(DEFINED arg_VERIFY_WAIT AND arg_VERIFY_WAIT GREATER 0)
      set(index_fixture "pyrelease:${prefix}:index")
      _pyrelease_add_verify_test(${pkg} "${prefix}:wait" wait setup ${step_args})
      set_tests_properties("${prefix}:wait" PROPERTIES FIXTURES_SETUP "${index_fixture}")
      list(APPEND tests "${prefix}:wait")
    endif()

    # install (one per Python) creates the venv; the first install starts from an empty dir.
    set(first TRUE)
    foreach(suffix IN LISTS suffixes)
      if(suffix STREQUAL "NONE")
        set(suffix "")
      endif()
      set(name "${prefix}:install${suffix}")
      if(first)
        _pyrelease_add_verify_test(${pkg} "${name}" "install${suffix}" fresh ${step_args})
        set_tests_properties("${name}" PROPERTIES FIXTURES_SETUP "${env_fixture};${env_fixture}:fresh")
        set(first FALSE)
      else()
        _pyrelease_add_verify_test(${pkg} "${name}" "install${suffix}" setup ${step_args})
        set_tests_properties("${name}" PROPERTIES FIXTURES_SETUP "${env_fixture}"
          FIXTURES_REQUIRED "${env_fixture}:fresh")
      endif()
      if(index_fixture)
        set_property(TEST "${name}" APPEND PROPERTY FIXTURES_REQUIRED "${index_fixture}")
      endif()
      list(APPEND tests "${name}")
    endforeach()

    set(run_checks hashes)
    foreach(suffix IN LISTS suffixes)
      if(suffix STREQUAL "NONE")
        set(suffix "")
      endif()
      foreach(check IN ITEMS version ${checks})
        list(APPEND run_checks "${check}${suffix}")
      endforeach()
    endforeach()
    foreach(check IN LISTS run_checks)
      set(name "${prefix}:${check}")
      _pyrelease_add_verify_test(${pkg} "${name}" "${check}" run ${step_args})
      set_tests_properties("${name}" PROPERTIES FIXTURES_REQUIRED "${env_fixture}")
      list(APPEND tests "${name}")
    endforeach()

    set(name "${prefix}:cleanup")
    _pyrelease_add_verify_test(${pkg} "${name}" cleanup cleanup ${step_args})
    set_tests_properties("${name}" PROPERTIES FIXTURES_CLEANUP "${env_fixture}")
    list(APPEND tests "${name}")
    # One venv per label: its checks run one at a time (extras install into it).
    set_tests_properties(${tests} PROPERTIES LABELS "${label}" RESOURCE_LOCK "${env_fixture}")

    # The targets run this package's tests of the label; release(-test) publishes first.
    string(REGEX REPLACE "([][+.*()^$?|\\\\])" "\\\\\\1" prefix_re "${prefix}")
    set(ctest_command "${CMAKE_CTEST_COMMAND}" --test-dir "${CMAKE_CURRENT_BINARY_DIR}"
      -L "^${label}$" -R "^${prefix_re}:" --output-on-failure)
    # publish-verify(-test): the upload, then these tests (what `release` was before it became
    # the whole `pyrelease release`).
    if(which STREQUAL "test")
      set(release ${pkg}-publish-verify-test)
    else()
      set(release ${pkg}-publish-verify)
    endif()
    foreach(target IN ITEMS ${pkg}-${label} ${release})
      if(TARGET ${target})
        message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): a target named '${target}' already exists")
      endif()
    endforeach()
    # Once the test index passed every check, its verification is recorded next to the dists
    # (pyrelease verify --test-index): `publish` then uploads exactly these files or refuses.
    set(verify_commands COMMAND ${ctest_command})
    if(which STREQUAL "test")
      _pyrelease_step_command(record ${pkg} verify "-DPYRELEASE_WHICH=test" "-DPYRELEASE_PHASE=record")
      list(APPEND verify_commands COMMAND ${record})
    endif()
    add_custom_target(${pkg}-${label}
      ${verify_commands}
      COMMENT "PyRelease: verifying ${pkg} (ctest -L '^${label}$')"
      USES_TERMINAL VERBATIM)
    add_dependencies(${pkg}-${label} ${pkg}-dist)
    set_target_properties(${pkg}-${label} PROPERTIES PYRELEASE_VERIFY_COMMAND "${verify_commands}")
    add_custom_target(${release}
      ${verify_commands}
      COMMENT "PyRelease: verifying ${pkg} after the upload (ctest -L '^${label}$')"
      USES_TERMINAL VERBATIM)
    add_dependencies(${release} ${publish})
  endforeach()
endfunction()

# One CTest test that runs one check of `pyrelease verify` through the step script.
function(_pyrelease_add_verify_test pkg name check phase)
  _pyrelease_step_command(step ${pkg} verify "-DPYRELEASE_CHECK=${check}" "-DPYRELEASE_PHASE=${phase}" ${ARGN})
  add_test(NAME "${name}" COMMAND ${step})
endfunction()

cmake_policy(POP)
