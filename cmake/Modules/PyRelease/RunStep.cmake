# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/RunStep
-----------------

Part of the PyRelease package: a script run by the build (``cmake -P``), not a module to
include. It runs one step of a package's pipeline on the archives that the last
``pyrelease build`` wrote, as listed in its manifests (so ``find_package`` and
``add_subdirectory`` mode behave the same). Variables (``-D``):

``PYRELEASE_EXE``
  The ``pyrelease`` tool.
``PYRELEASE_STEP_CONFIG``
  The package's step configuration, written by ``pyrelease_add_package()`` (names and URLs only).
``PYRELEASE_STEP``
  ``check`` (then touches ``PYRELEASE_STAMP``), ``upload``, ``verify``, or ``list-checks`` (prints
  the names of the checks ``verify`` runs, one per line: the tests' names after ``<pkg>-verify:``).
``PYRELEASE_WHICH``
  ``test`` or ``release``: which repository/index ``upload`` and ``verify`` use.
``PYRELEASE_CHECK``, ``PYRELEASE_PHASE``
  For ``verify``: the check name and ``fresh`` (empty venv first), ``setup``, ``run``, ``cleanup``
  or ``record`` (after the verify-test tests passed: record the verified files for the promotion
  lock, ``pyrelease verify --test-index``).

Credentials are never passed: ``pyrelease upload`` reads them from the environment or
``.pypirc`` itself.
#]=======================================================================]

cmake_minimum_required(VERSION 3.20)

foreach(var IN ITEMS PYRELEASE_EXE PYRELEASE_STEP_CONFIG PYRELEASE_STEP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "PyRelease: PyRelease/RunStep.cmake needs -D${var}=...")
  endif()
endforeach()
include("${PYRELEASE_STEP_CONFIG}")
set(pkg "${PYRELEASE_PACKAGE}")
# The one way this script deletes: only a directory pyrelease marked as its own.
include("${CMAKE_CURRENT_LIST_DIR}/SafeRemove.cmake")

# Stops the step with a message (a non-zero exit of cmake -P).
function(_pyrelease_fail)
  set(text "")
  math(EXPR last "${ARGC} - 1")
  foreach(i RANGE ${last})
    string(APPEND text "${ARGV${i}}")  # ARGV<i>, unlike ARGN, keeps a ';' inside an argument
  endforeach()
  message(FATAL_ERROR "PyRelease: ${text}")
endfunction()

# Reads the manifests: <prefix>_NAME, <prefix>_VERSION and <prefix>_FILES (the archives).
function(_pyrelease_read_manifests prefix)
  set(files "")
  foreach(manifest IN LISTS PYRELEASE_MANIFESTS)
    if(NOT EXISTS "${manifest}")
      _pyrelease_fail("${pkg}: ${manifest} does not exist: build the '${pkg}-dist' target first.")
    endif()
    file(READ "${manifest}" json)
    string(JSON name ERROR_VARIABLE err GET "${json}" name)
    string(JSON version ERROR_VARIABLE err2 GET "${json}" version)
    if(err OR err2)
      _pyrelease_fail("${pkg}: ${manifest} is not a pyrelease manifest (${err}${err2}).")
    endif()
    foreach(kind IN ITEMS sdist wheel)
      string(JSON archive ERROR_VARIABLE missing GET "${json}" ${kind})
      if(missing OR archive STREQUAL "")
        continue()
      endif()
      if(NOT EXISTS "${archive}")
        # The next build rebuilds the archive once its manifest is gone.
        file(REMOVE "${manifest}")
        _pyrelease_fail("${pkg}: ${archive} (listed in ${manifest}) is missing; the manifest was "
          "removed, so building '${pkg}-dist' again rebuilds it.")
      endif()
      list(APPEND files "${archive}")
    endforeach()
  endforeach()
  if(NOT files)
    _pyrelease_fail("${pkg}: the manifests list no archives: ${PYRELEASE_MANIFESTS}")
  endif()
  set(${prefix}_NAME "${name}" PARENT_SCOPE)
  set(${prefix}_VERSION "${version}" PARENT_SCOPE)
  set(${prefix}_FILES "${files}" PARENT_SCOPE)
endfunction()

# Runs the tool with the terminal's stdout/stderr; fails the step on a non-zero exit.
function(_pyrelease_run what)
  execute_process(COMMAND "${PYRELEASE_EXE}" ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    _pyrelease_fail("${pkg}: ${what} failed (exit status ${rc}).")
  endif()
endfunction()

if(PYRELEASE_STEP STREQUAL "check")
  _pyrelease_read_manifests(dist)
  _pyrelease_run("pyrelease check" check ${dist_FILES} ${PYRELEASE_CHECK_ARGS})
  file(TOUCH "${PYRELEASE_STAMP}")

elseif(PYRELEASE_STEP STREQUAL "release")
  # `pyrelease release` with the package's repositories, indexes and verify checks: resumable, and
  # production gets exactly the files the test index verified (docs/release.md).
  # The files CMake's build graph made (every manifest: the sdist and each wheel, one per
  # interpreter for native modules), not a second build that would know nothing of the modules.
  set(args release --project "${PYRELEASE_PROJECT_DIR}" --state-dir "${PYRELEASE_STATE_DIR}")
  foreach(manifest IN LISTS PYRELEASE_MANIFESTS)
    list(APPEND args --manifest "${manifest}")
  endforeach()
  foreach(which IN ITEMS TEST_REPOSITORY REPOSITORY)
    set(upload_args ${PYRELEASE_${which}_ARGS})
    set(prefix "")
    if(which STREQUAL "TEST_REPOSITORY")
      set(prefix "test-")
    endif()
    list(LENGTH upload_args n)
    set(i 0)
    while(i LESS n)
      list(GET upload_args ${i} flag)
      math(EXPR j "${i} + 1")
      if(flag STREQUAL "--repository-url" OR flag STREQUAL "--repository")
        list(GET upload_args ${j} value)
        string(REPLACE "--" "--${prefix}" flag "${flag}")
        list(APPEND args "${flag}" "${value}")
        set(i ${j})
      elseif(flag STREQUAL "--config-file" AND which STREQUAL "REPOSITORY")
        list(GET upload_args ${j} value)
        list(APPEND args --config-file "${value}")
        set(i ${j})
      endif()
      math(EXPR i "${i} + 1")
    endwhile()
  endforeach()
  if(NOT PYRELEASE_TEST_INDEX_URL STREQUAL "")
    list(APPEND args --test-index-url "${PYRELEASE_TEST_INDEX_URL}")
  endif()
  if(NOT PYRELEASE_INDEX_URL STREQUAL "")
    list(APPEND args --index-url "${PYRELEASE_INDEX_URL}")
  endif()
  foreach(arg IN LISTS PYRELEASE_VERIFY_ARGS)
    list(APPEND args "--verify-arg=${arg}")
  endforeach()
  if(PYRELEASE_PUSH_TAG)
    list(APPEND args --push)
  endif()
  # The build's BACKEND, CONFIG_SETTINGS and NO_ISOLATION (release spells them as build does): a
  # version only the backend knows is asked of the backend as the build ran it.
  list(APPEND args ${PYRELEASE_BACKEND_ARGS})
  _pyrelease_run("pyrelease release" ${args})

elseif(PYRELEASE_STEP STREQUAL "upload")
  if(PYRELEASE_WHICH STREQUAL "test")
    if(PYRELEASE_TEST_REPOSITORY STREQUAL "")
      _pyrelease_fail("${pkg}-publish-test: no test repository. Add TEST_REPOSITORY <name in "
        ".pypirc | upload URL | directory> to pyrelease_add_package(${pkg} ...) or configure with "
        "-DPYRELEASE_TEST_REPOSITORY=<...>. Credentials go in the environment "
        "(TWINE_USERNAME/TWINE_PASSWORD) or .pypirc, never in CMake.")
    endif()
    set(args ${PYRELEASE_TEST_REPOSITORY_ARGS})
  else()
    set(args ${PYRELEASE_REPOSITORY_ARGS})
  endif()
  _pyrelease_read_manifests(dist)
  if(PYRELEASE_WHICH STREQUAL "test")
    # Recorded next to the dists: production later gets exactly these bytes (the promotion lock).
    list(APPEND args --test-index)
  else()
    # The lock also honours the `release` target's state file, kept in the state directory.
    list(APPEND args --release-state-dir "${PYRELEASE_STATE_DIR}")
  endif()
  # The tool then names CMake's options (REPOSITORY, -DPYRELEASE_SKIP_EXISTING=ON) in its advice.
  set(ENV{PYRELEASE_CALLER} "cmake")
  _pyrelease_run("pyrelease upload" upload ${dist_FILES} ${args})

elseif(PYRELEASE_STEP STREQUAL "verify" OR PYRELEASE_STEP STREQUAL "list-checks")
  if(PYRELEASE_WHICH STREQUAL "test")
    set(index "${PYRELEASE_TEST_INDEX_URL}")
    set(option TEST_INDEX_URL)
    set(repository_option TEST_REPOSITORY)
  else()
    set(index "${PYRELEASE_INDEX_URL}")
    set(option INDEX_URL)
    set(repository_option REPOSITORY)
  endif()
  if("${PYRELEASE_STATE_DIR}" STREQUAL "" OR NOT PYRELEASE_WHICH MATCHES "^(test|release)$")
    _pyrelease_fail("${pkg}: PYRELEASE_STATE_DIR is empty or PYRELEASE_WHICH "
      "('${PYRELEASE_WHICH}') is not 'test' or 'release': ${PYRELEASE_STEP_CONFIG} is not a "
      "step configuration written by pyrelease_add_package().")
  endif()
  # `pyrelease verify --env-dir` creates and marks the env dir; only a marked one is deleted.
  set(env_dir "${PYRELEASE_STATE_DIR}/verify-${PYRELEASE_WHICH}-env")
  if(PYRELEASE_PHASE STREQUAL "cleanup")
    _pyrelease_remove_tree("${env_dir}" PROTECT "${PYRELEASE_PROJECT_DIR}")
    return()
  endif()
  if(index STREQUAL "")
    _pyrelease_fail("${pkg}: no index to verify from. Add ${option} <simple index URL> to "
      "pyrelease_add_package(${pkg} ...) (or configure with -DPYRELEASE_${option}=<url>); it is "
      "only derived when ${repository_option} is a local directory.")
  endif()
  _pyrelease_read_manifests(dist)
  if(PYRELEASE_STEP STREQUAL "list-checks")
    # The check names the tool derives from the same arguments the tests use.
    set(PYRELEASE_PHASE list)
    set(PYRELEASE_CHECK "")
  endif()
  if(PYRELEASE_PHASE STREQUAL "fresh")
    _pyrelease_remove_tree("${env_dir}" PROTECT "${PYRELEASE_PROJECT_DIR}")
  endif()
  set(dists "")
  foreach(file IN LISTS dist_FILES)
    list(APPEND dists --dist "${file}")
  endforeach()
  if(PYRELEASE_PHASE STREQUAL "record")
    # After every verify-test test passed: the index serves exactly these files (hashes), recorded.
    _pyrelease_run("pyrelease verify --test-index"
      verify "${dist_NAME}==${dist_VERSION}" --index-url "${index}" ${dists} --only hashes
      --test-index)
    return()
  endif()
  if(PYRELEASE_PHASE STREQUAL "list")
    _pyrelease_run("pyrelease verify --list-checks"
      verify "${dist_NAME}==${dist_VERSION}" --index-url "${index}" ${PYRELEASE_VERIFY_ARGS}
      ${dists} --list-checks)
    return()
  endif()
  _pyrelease_run("pyrelease verify --only '${PYRELEASE_CHECK}'"
    verify "${dist_NAME}==${dist_VERSION}" --index-url "${index}" ${PYRELEASE_VERIFY_ARGS}
    ${dists} --env-dir "${env_dir}" --only "${PYRELEASE_CHECK}")

else()
  _pyrelease_fail("PyRelease/RunStep.cmake: unknown step '${PYRELEASE_STEP}'")
endif()
