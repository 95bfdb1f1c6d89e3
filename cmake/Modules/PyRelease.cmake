# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease
---------

Build, check, publish and verify Python package releases from the CMake build graph.

The module is loaded by ``find_package(PyRelease)`` (installed package), or by
``add_subdirectory()`` / ``FetchContent_MakeAvailable()`` of the pyrelease source tree (the
``pyrelease`` tool is then built as part of your build). Both give the same commands, the same
targets and the same behaviour.

.. code-block:: cmake

  cmake_minimum_required(VERSION 3.20)
  project(myproj LANGUAGES NONE)
  find_package(PyRelease 0.1 REQUIRED)
  pyrelease_add_package(myproj PROJECT_DIR ${CMAKE_CURRENT_SOURCE_DIR})

Then ``cmake --build build --target wheel``, ``--target twine-check``,
``--target publish-test``, ``--target publish`` and ``ctest --test-dir build -L verify``.

Imported Targets
^^^^^^^^^^^^^^^^

``PyRelease::pyrelease``
  The ``pyrelease`` executable. An imported target in ``find_package`` mode, an ALIAS of the
  ``pyrelease`` target in ``add_subdirectory``/``FetchContent`` mode. If neither exists when this
  module is included, it is created from ``PYRELEASE_EXECUTABLE`` (found on ``PATH``).

Result Variables
^^^^^^^^^^^^^^^^

``PyRelease_VERSION``
  Set by ``find_package(PyRelease)``: the version of the CMake package and tool.

Cache Variables
^^^^^^^^^^^^^^^

``PYRELEASE_EXECUTABLE``
  Only when the module is included without a ``PyRelease::pyrelease`` target: the tool to use.

``PYRELEASE_CONFIGURE_METADATA``
  ``ON`` (default): when the tool exists at configure time (``find_package`` mode), read each
  package's name, version and archive names with ``pyrelease metadata`` at configure time, set
  ``<pkg>_VERSION`` etc. and make the archives ``OUTPUT`` s. ``OFF``: behave exactly as in
  ``add_subdirectory`` mode (only the build-time manifests), e.g. when the version is computed by
  a file that changes often.

``PYRELEASE_REPOSITORY``, ``PYRELEASE_TEST_REPOSITORY``
  Defaults for the ``REPOSITORY`` / ``TEST_REPOSITORY`` options of every package (a repository
  *name* from ``.pypirc``, an upload URL, or a local directory). Never credentials: a URL with a
  user name or password in it is refused.

``PYRELEASE_INDEX_URL``, ``PYRELEASE_TEST_INDEX_URL``
  Defaults for ``INDEX_URL`` / ``TEST_INDEX_URL``.

Commands
^^^^^^^^

.. command:: pyrelease_add_package

  Adds the whole release pipeline of one Python package (a directory with a ``pyproject.toml``)::

    pyrelease_add_package(<pkg>
      PROJECT_DIR <dir>
      [OUTPUT_DIR <dir>]
      [ALL]
      [REPOSITORY <name|url|dir>] [TEST_REPOSITORY <name|url|dir>]
      [INDEX_URL <url>] [TEST_INDEX_URL <url>]
      [CONFIG_FILE <pypirc>] [SKIP_EXISTING] [CHECK_STRICT]
      [VERIFY_IMPORTS <module>...] [VERIFY_COMMANDS <command>...]
      [VERIFY_EXTRAS <extra>...] [VERIFY_SCRIPT <file>]
      [VERIFY_PYTHONS <python>...] [VERIFY_WAIT <seconds>]
      [VERIFY_EXTRA_INDEX_URLS <url>...] [VERIFY_FIND_LINKS <dir|url>...]
      [MODULES <target>=<import path>...] [PYTHON <exe>] [STABLE_ABI <3.X>] [PLATFORM_TAG <tag>])

  ``<pkg>``
    The name of the package *in the build*: it prefixes the targets and tests below. It need not
    be the Python distribution name, which comes from ``pyproject.toml``. Several packages may
    coexist in one build; each name may be used once.

  ``PROJECT_DIR <dir>``
    Required. The directory holding ``pyproject.toml`` (relative to the current source dir).

  ``OUTPUT_DIR <dir>``
    Where the archives are written. Default ``${CMAKE_CURRENT_BINARY_DIR}/dist`` (relative paths
    are relative to the current binary dir).

  ``ALL``
    Build ``<pkg>-dist`` as part of the default (``all``) target.

  ``REPOSITORY <name|url|dir>``, ``TEST_REPOSITORY <name|url|dir>``
    Where ``<pkg>-publish`` / ``<pkg>-publish-test`` upload: a section name of ``.pypirc``, an
    upload URL, or a local directory (a bare path or ``file://`` URL) that becomes a PEP 503 file
    index. Relative directories are relative to the current binary dir. The credentials are read
    by ``pyrelease upload`` at build time from the environment or ``.pypirc``; CMake never sees
    them and a URL with credentials in it is refused. Without ``REPOSITORY`` the tool's default
    (``TWINE_REPOSITORY_URL`` / ``TWINE_REPOSITORY``, then the ``.pypirc`` section ``pypi``) is used;
    without ``TEST_REPOSITORY`` ``publish-test`` uploads to the ``.pypirc`` section ``testpypi``, and
    the tool says exactly which section and key to add when it is missing.

  ``INDEX_URL <url>``, ``TEST_INDEX_URL <url>``
    The simple index (PEP 503) that ``verify`` / ``verify-test`` install from. Derived
    (``file://<dir>/simple``) when the repository is a local directory; required otherwise (the
    verify tests fail with a message naming the option when it is missing).

  ``MODULES <target>=<import path>...``
    Compiled targets (extension modules, e.g. from ``Python_add_library(... WITH_SOABI)`` or
    ``pybind11_add_module``) placed in the wheel at their import paths; the target file's suffix
    is kept (``_core=fastthing/_core`` gives ``fastthing/_core.cpython-311-x86_64-linux-gnu.so``).
    The wheel then depends on the targets, has ``Root-Is-Purelib: false`` and is tagged from the
    Python (``cp311-cp311``) and the ELF files' oldest manylinux/musllinux policy
    (``pyrelease build --native-module``; see ``docs/native.md``). Its file name is known after the
    build only, so ``<pkg>_WHEEL`` is empty. A library outside the policy is refused by name
    (vendoring is not implemented yet).

  ``PYTHON <executable>``, ``STABLE_ABI <3.X>``, ``PLATFORM_TAG <tag>``
    With ``MODULES``: the Python the modules are built for (default ``Python_EXECUTABLE``, then
    ``Python3_EXECUTABLE``), the stable ABI they use (``cp3X-abi3``), and a platform tag used
    instead of the computed one (``pyrelease check`` still applies to the result).

  ``CONFIG_FILE <pypirc>``
    The ``.pypirc`` passed to ``pyrelease upload --config-file``.

  ``SKIP_EXISTING``
    Pass ``--skip-existing`` to ``pyrelease upload``.

  ``CHECK_STRICT``
    Pass ``--strict`` to ``pyrelease check`` (warnings fail the check).

  ``VERIFY_IMPORTS``, ``VERIFY_COMMANDS``, ``VERIFY_EXTRAS``, ``VERIFY_SCRIPT``,
  ``VERIFY_PYTHONS``, ``VERIFY_WAIT``, ``VERIFY_EXTRA_INDEX_URLS``, ``VERIFY_FIND_LINKS``
    The checks ``pyrelease verify`` runs in a fresh venv, passed as ``--import``, ``--command``,
    ``--extras``, ``--script``, ``--python``, ``--wait``, ``--extra-index-url`` and
    ``--find-links``. Each check is one CTest test (see below).

  Targets created (the umbrella targets aggregate every package of the build):

  ============================  ==================  ============================================
  per package                   umbrella            what it does
  ============================  ==================  ============================================
  ``<pkg>-sdist``               ``sdist``           build the sdist (only when an input changed)
  ``<pkg>-wheel``               ``wheel``           build the wheel (only when an input changed)
  ``<pkg>-dist``                ``dist``            both
  ``<pkg>-twine-check``         ``twine-check``     ``pyrelease check`` the archives; after ``dist``
  ``<pkg>-publish-test``        ``publish-test``    upload to ``TEST_REPOSITORY``; after ``twine-check``
  ``<pkg>-publish``             ``publish``         upload to ``REPOSITORY``; after ``twine-check``
  ``<pkg>-verify-test``         ``verify-test``     run the ``verify-test`` CTest tests of the package
  ``<pkg>-verify``              ``verify``          run the ``verify`` CTest tests of the package
  ``<pkg>-release-test``        ``release-test``    ``publish-test``, then ``verify-test``
  ``<pkg>-release``             ``release``         ``publish``, then ``verify``
  ============================  ==================  ============================================

  The umbrella ``publish``/``publish-test`` run every package's ``twine-check`` before the first
  upload. ``verify``/``verify-test`` never upload: they verify what is on the index (of the
  version built locally); use ``release``/``release-test`` to publish then verify.

  Tests created, labels ``verify`` and ``verify-test`` (``ctest -L '^verify$'`` selects only the
  former, ``ctest -L verify`` both): one test per check, named ``<pkg>-verify:<check>`` /
  ``<pkg>-verify-test:<check>``, where ``<check>`` is ``wait`` (with ``VERIFY_WAIT``), ``hashes``,
  ``install``, ``version``, ``import:<module>``, ``entry-points``, ``command:<command>``,
  ``extra:<extra>``, ``script:<file name>`` (with ``@<python>`` appended when several
  ``VERIFY_PYTHONS`` are given). ``install`` creates the venv (a fixture setup), the others use it,
  and ``<pkg>-verify:cleanup`` removes it.

  How a change is noticed: ``pyrelease build`` reports every input file *and every directory it
  scanned* in a depfile (``DEPFILE``), so editing, adding or removing a file of the package
  rebuilds the archives that contain it, and nothing else. The archive names depend on the
  version: in ``find_package`` mode they are read at configure time (``pyproject.toml`` is a
  configure dependency) and are ``OUTPUT`` s of the build commands; in both modes the command's
  primary output is a manifest, ``<bindir>/pyrelease/<pkg>/{sdist,wheel}.json``, that the later
  steps read.

  In ``find_package`` mode, after the call, ``<pkg>_NAME``, ``<pkg>_VERSION``, ``<pkg>_SDIST``
  and ``<pkg>_WHEEL`` (file names) are set in the caller's scope.

.. command:: pyrelease_read_metadata

  Reads a project's metadata at configure time (needs a ``pyrelease`` that already exists, i.e.
  ``find_package`` mode)::

    pyrelease_read_metadata(<prefix> PROJECT_DIR <dir>)

  Sets ``<prefix>_NAME``, ``<prefix>_NORMALIZED_NAME``, ``<prefix>_VERSION``, ``<prefix>_SDIST``
  and ``<prefix>_WHEEL`` (file names), ``<prefix>_DYNAMIC_VERSION`` (true when the version is read
  from a file, so it may change without a re-configure) and makes ``pyproject.toml`` a configure
  dependency.

.. command:: pyrelease_add_build

  The build step alone: targets ``<pkg>-sdist``, ``<pkg>-wheel`` and ``<pkg>-dist``::

    pyrelease_add_build(<pkg> PROJECT_DIR <dir> [OUTPUT_DIR <dir>] [ALL]
                        [MODULES <target>=<import path>...] [PYTHON <exe>] [STABLE_ABI <3.X>]
                        [PLATFORM_TAG <tag>])

.. command:: pyrelease_add_check

  ``<pkg>-twine-check`` (after ``pyrelease_add_build``)::

    pyrelease_add_check(<pkg> [STRICT])

.. command:: pyrelease_add_publish

  ``<pkg>-publish-test`` and ``<pkg>-publish`` (after ``pyrelease_add_check``)::

    pyrelease_add_publish(<pkg> [REPOSITORY <r>] [TEST_REPOSITORY <r>]
                          [CONFIG_FILE <pypirc>] [SKIP_EXISTING])

.. command:: pyrelease_add_verify

  The verify tests and targets (after ``pyrelease_add_publish``); options as in
  ``pyrelease_add_package``::

    pyrelease_add_verify(<pkg> [INDEX_URL <url>] [TEST_INDEX_URL <url>] [VERIFY_...])

The umbrella targets are created when the top-level directory has been processed, so that they
know every package of the build.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

# The tool: the config package's imported target or the in-tree ALIAS; else one from PATH.
if(NOT TARGET PyRelease::pyrelease)
  find_program(PYRELEASE_EXECUTABLE pyrelease DOC "The pyrelease tool")
  if(PYRELEASE_EXECUTABLE)
    add_executable(PyRelease::pyrelease IMPORTED GLOBAL)
    set_target_properties(PyRelease::pyrelease PROPERTIES IMPORTED_LOCATION "${PYRELEASE_EXECUTABLE}")
  endif()
endif()

option(PYRELEASE_CONFIGURE_METADATA "PyRelease: read names and versions at configure time when the tool exists (find_package mode)" ON)
set(PYRELEASE_REPOSITORY "" CACHE STRING "PyRelease: default REPOSITORY (a .pypirc name, URL or directory; never credentials)")
set(PYRELEASE_TEST_REPOSITORY "" CACHE STRING "PyRelease: default TEST_REPOSITORY (a .pypirc name, URL or directory; never credentials)")
set(PYRELEASE_INDEX_URL "" CACHE STRING "PyRelease: default INDEX_URL (simple index verify installs from)")
set(PYRELEASE_TEST_INDEX_URL "" CACHE STRING "PyRelease: default TEST_INDEX_URL (simple index verify-test installs from)")

# A URL with credentials given on the command line would stay in CMakeCache.txt: replace it by
# its masked form (the cache is saved even when the configure fails) and stop.
foreach(_pyrelease_var IN ITEMS PYRELEASE_REPOSITORY PYRELEASE_TEST_REPOSITORY PYRELEASE_INDEX_URL PYRELEASE_TEST_INDEX_URL)
  if("${${_pyrelease_var}}" MATCHES "^([A-Za-z][A-Za-z0-9+.-]*)://[^/]*@([^/]*)")
    set(_pyrelease_masked "${CMAKE_MATCH_1}://***@${CMAKE_MATCH_2}/...")
    set(${_pyrelease_var} "${_pyrelease_masked}" CACHE STRING "" FORCE)
    message(FATAL_ERROR "PyRelease: ${_pyrelease_var} '${_pyrelease_masked}' holds credentials; they "
      "were removed from the cache. Give the URL without them: pyrelease upload reads the user name "
      "and password (or token) at build time from TWINE_USERNAME/TWINE_PASSWORD or .pypirc.")
  endif()
endforeach()

include("${CMAKE_CURRENT_LIST_DIR}/PyReleaseMetadata.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyReleaseBuild.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyReleaseCheck.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyReleasePublish.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyReleaseVerify.cmake")

# --- internals shared by the step modules -------------------------------------------------------

# Fails unless the tool target exists (the message says how to get one).
function(_pyrelease_require_tool caller)
  if(NOT TARGET PyRelease::pyrelease)
    message(FATAL_ERROR "PyRelease: ${caller}: no pyrelease tool: use find_package(PyRelease), "
      "add_subdirectory()/FetchContent of the pyrelease sources, or set PYRELEASE_EXECUTABLE.")
  endif()
endfunction()

# True when the tool exists at configure time (find_package mode or PYRELEASE_EXECUTABLE) and
# PYRELEASE_CONFIGURE_METADATA is on; false when it is built by this build (add_subdirectory /
# FetchContent mode).
function(_pyrelease_tool_is_prebuilt out)
  get_target_property(imported PyRelease::pyrelease IMPORTED)
  if(NOT PYRELEASE_CONFIGURE_METADATA)
    set(imported FALSE)
  endif()
  set(${out} ${imported} PARENT_SCOPE)
endfunction()

# The tool's path at configure time (find_package mode only).
function(_pyrelease_configure_time_exe out)
  get_target_property(location PyRelease::pyrelease IMPORTED_LOCATION)
  if(NOT location)
    get_target_property(configs PyRelease::pyrelease IMPORTED_CONFIGURATIONS)
    foreach(config IN LISTS configs)
      get_target_property(location PyRelease::pyrelease IMPORTED_LOCATION_${config})
      if(location)
        break()
      endif()
    endforeach()
  endif()
  set(${out} "${location}" PARENT_SCOPE)
endfunction()

# The state directory of one package in the build tree.
function(_pyrelease_state_dir pkg out)
  set(${out} "${CMAKE_CURRENT_BINARY_DIR}/pyrelease/${pkg}" PARENT_SCOPE)
endfunction()

# Fails when <pkg> was not set up by pyrelease_add_build().
function(_pyrelease_require_package caller pkg)
  if(NOT TARGET ${pkg}-dist)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): no package '${pkg}': call pyrelease_add_build(${pkg} ...) first.")
  endif()
  get_target_property(state ${pkg}-dist PYRELEASE_STATE_DIR)
  if(NOT state)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): target '${pkg}-dist' exists but was not created by pyrelease_add_build().")
  endif()
endfunction()

# FATAL_ERROR for unparsed words and keywords given without a value.
macro(_pyrelease_reject_unparsed caller)
  if(arg_UNPARSED_ARGUMENTS)
    list(GET arg_UNPARSED_ARGUMENTS 0 _pyrelease_word)
    message(FATAL_ERROR "PyRelease: ${caller}(): unknown argument '${_pyrelease_word}'")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    list(GET arg_KEYWORDS_MISSING_VALUES 0 _pyrelease_word)
    message(FATAL_ERROR "PyRelease: ${caller}(): ${_pyrelease_word} needs a value")
  endif()
endmacro()

# Appends "set(<var> [==[<value>]==])" to the string <out_var> (values survive verbatim).
function(_pyrelease_append_set out_var var value)
  if(value MATCHES "]==]")
    message(FATAL_ERROR "PyRelease: a value of ${var} contains ']==]', which is not supported")
  endif()
  set(${out_var} "${${out_var}}set(${var} [==[${value}]==])\n" PARENT_SCOPE)
endfunction()

# The command line that runs one step of the pipeline at build or test time (the step script
# reads the manifests written by `pyrelease build`, in both modes). The script is found next to
# this file through CMAKE_CURRENT_FUNCTION_LIST_DIR: a variable set when the module was included
# would not be visible in the consumer's directories in add_subdirectory mode.
function(_pyrelease_step_command out pkg step)
  get_target_property(config ${pkg}-dist PYRELEASE_STEP_CONFIG)
  set(${out}
    "${CMAKE_COMMAND}" "-DPYRELEASE_EXE=$<TARGET_FILE:PyRelease::pyrelease>"
    "-DPYRELEASE_STEP=${step}" "-DPYRELEASE_STEP_CONFIG=${config}" ${ARGN}
    -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/PyReleaseRunStep.cmake"
    PARENT_SCOPE)
endfunction()

# Rewrites the per-package step configuration (a CMake file the step script includes) from the
# PYRELEASE_* target properties of <pkg>-dist, once every step is added (at the end of the
# top-level directory). Written at generate time, only when it changes.
function(_pyrelease_write_step_config pkg)
  get_target_property(config ${pkg}-dist PYRELEASE_STEP_CONFIG)
  set(content "# Generated by PyRelease for package '${pkg}'. Names and URLs only: no credentials.\n")
  foreach(prop IN ITEMS PACKAGE STATE_DIR PROJECT_DIR MANIFESTS CHECK_ARGS
                        REPOSITORY_ARGS TEST_REPOSITORY_ARGS REPOSITORY TEST_REPOSITORY
                        INDEX_URL TEST_INDEX_URL VERIFY_ARGS)
    get_target_property(value ${pkg}-dist PYRELEASE_${prop})
    if(NOT value)
      set(value "")
    endif()
    _pyrelease_append_set(content PYRELEASE_${prop} "${value}")
  endforeach()
  file(GENERATE OUTPUT "${config}" CONTENT "${content}")
endfunction()

# Registers <pkg> for the umbrella targets, created once the top-level directory is processed.
function(_pyrelease_register_package pkg)
  set_property(GLOBAL APPEND PROPERTY PYRELEASE_PACKAGES ${pkg})
  get_property(deferred GLOBAL PROPERTY _PYRELEASE_UMBRELLA_DEFERRED)
  if(NOT deferred)
    set_property(GLOBAL PROPERTY _PYRELEASE_UMBRELLA_DEFERRED TRUE)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _pyrelease_add_umbrella_targets)
  endif()
endfunction()

# Writes every package's step configuration, then creates sdist, wheel, dist, twine-check, publish-test, publish, verify-test, verify,
# release-test and release over every registered package.
function(_pyrelease_add_umbrella_targets)
  get_property(packages GLOBAL PROPERTY PYRELEASE_PACKAGES)
  foreach(pkg IN LISTS packages)
    _pyrelease_write_step_config(${pkg})
  endforeach()
  foreach(name IN ITEMS sdist wheel dist twine-check verify-test verify publish-test publish release-test release)
    if(TARGET ${name})
      message(WARNING "PyRelease: a target named '${name}' already exists: the umbrella target "
        "'${name}' is not created (use the <pkg>-${name} targets).")
      set(skip_${name} TRUE)
    endif()
  endforeach()
  foreach(name IN ITEMS sdist wheel dist twine-check verify-test verify)
    if(NOT skip_${name})
      add_custom_target(${name})
      foreach(pkg IN LISTS packages)
        if(TARGET ${pkg}-${name})
          add_dependencies(${name} ${pkg}-${name})
        endif()
      endforeach()
    endif()
  endforeach()
  # Uploads: every package is checked before the first upload of any package.
  foreach(which IN ITEMS test release)
    if(which STREQUAL "test")
      set(name publish-test)
      set(release_name release-test)
      set(verify_name verify-test)
    else()
      set(name publish)
      set(release_name release)
      set(verify_name verify)
    endif()
    set(commands "")
    set(verify_commands "")
    foreach(pkg IN LISTS packages)
      if(TARGET ${pkg}-${name})
        _pyrelease_step_command(step ${pkg} upload "-DPYRELEASE_WHICH=${which}")
        list(APPEND commands COMMAND ${step})
        get_target_property(verify_command ${pkg}-${verify_name} PYRELEASE_VERIFY_COMMAND)
        list(APPEND verify_commands COMMAND ${verify_command})
      endif()
    endforeach()
    if(NOT skip_${name} AND commands)
      add_custom_target(${name} ${commands} USES_TERMINAL VERBATIM)
      if(NOT skip_twine-check)
        add_dependencies(${name} twine-check)
      endif()
    endif()
    if(NOT skip_${release_name} AND verify_commands)
      add_custom_target(${release_name} ${verify_commands} USES_TERMINAL VERBATIM)
      if(NOT skip_${name})
        add_dependencies(${release_name} ${name})
      endif()
    endif()
  endforeach()
endfunction()

# --- the high-level command ---------------------------------------------------------------------

function(pyrelease_add_package pkg)
  cmake_parse_arguments(PARSE_ARGV 1 arg
    "ALL;SKIP_EXISTING;CHECK_STRICT"
    "PROJECT_DIR;OUTPUT_DIR;REPOSITORY;TEST_REPOSITORY;INDEX_URL;TEST_INDEX_URL;CONFIG_FILE;VERIFY_SCRIPT;VERIFY_WAIT;PYTHON;STABLE_ABI;PLATFORM_TAG"
    "VERIFY_IMPORTS;VERIFY_COMMANDS;VERIFY_EXTRAS;VERIFY_PYTHONS;VERIFY_EXTRA_INDEX_URLS;VERIFY_FIND_LINKS;MODULES")
  _pyrelease_reject_unparsed(pyrelease_add_package)

  set(build_args PROJECT_DIR "${arg_PROJECT_DIR}")
  foreach(key IN ITEMS OUTPUT_DIR PYTHON STABLE_ABI PLATFORM_TAG)
    if(DEFINED arg_${key})
      list(APPEND build_args ${key} "${arg_${key}}")
    endif()
  endforeach()
  if(DEFINED arg_MODULES)
    list(APPEND build_args MODULES ${arg_MODULES})
  endif()
  if(arg_ALL)
    list(APPEND build_args ALL)
  endif()
  if(NOT DEFINED arg_PROJECT_DIR)
    message(FATAL_ERROR "PyRelease: pyrelease_add_package(${pkg}): PROJECT_DIR is required "
      "(the directory that holds pyproject.toml)")
  endif()
  _pyrelease_add_build_impl(pyrelease_add_package ${pkg} ${build_args})

  set(check_args "")
  if(arg_CHECK_STRICT)
    set(check_args STRICT)
  endif()
  pyrelease_add_check(${pkg} ${check_args})

  set(publish_args "")
  foreach(key IN ITEMS REPOSITORY TEST_REPOSITORY CONFIG_FILE)
    if(DEFINED arg_${key})
      list(APPEND publish_args ${key} "${arg_${key}}")
    endif()
  endforeach()
  if(arg_SKIP_EXISTING)
    list(APPEND publish_args SKIP_EXISTING)
  endif()
  _pyrelease_add_publish_impl(pyrelease_add_package ${pkg} ${publish_args})

  set(verify_args "")
  foreach(key IN ITEMS INDEX_URL TEST_INDEX_URL VERIFY_SCRIPT VERIFY_WAIT)
    if(DEFINED arg_${key})
      list(APPEND verify_args ${key} "${arg_${key}}")
    endif()
  endforeach()
  foreach(key IN ITEMS VERIFY_IMPORTS VERIFY_COMMANDS VERIFY_EXTRAS VERIFY_PYTHONS VERIFY_EXTRA_INDEX_URLS VERIFY_FIND_LINKS)
    if(DEFINED arg_${key})
      list(APPEND verify_args ${key} ${arg_${key}})
    endif()
  endforeach()
  _pyrelease_add_verify_impl(pyrelease_add_package ${pkg} ${verify_args})

  foreach(suffix IN ITEMS NAME VERSION SDIST WHEEL)
    if(DEFINED ${pkg}_${suffix})
      set(${pkg}_${suffix} "${${pkg}_${suffix}}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

cmake_policy(POP)
