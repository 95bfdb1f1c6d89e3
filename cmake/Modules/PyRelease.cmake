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
  user name or password in it is refused at configure time without being printed, and replaced by
  its masked form in ``CMakeCache.txt``.

``PYRELEASE_INDEX_URL``, ``PYRELEASE_TEST_INDEX_URL``
  Defaults for ``INDEX_URL`` / ``TEST_INDEX_URL``.

``PYRELEASE_SKIP_EXISTING``
  ``ON``: every ``publish``/``publish-test`` passes ``--skip-existing`` (as ``SKIP_EXISTING``), the
  CMake spelling of the flag that ``pyrelease upload``'s advice names.

Commands
^^^^^^^^

.. command:: pyrelease_add_package

  Adds the whole release pipeline of one Python package (a directory with a ``pyproject.toml``)::

    pyrelease_add_package(<pkg>
      PROJECT_DIR <dir>
      [OUTPUT_DIR <dir>]
      [ALL]
      [BACKEND auto|native|pep517] [CONFIG_SETTINGS <key=value>...] [NO_ISOLATION]
      [REPOSITORY <name|url|dir>] [TEST_REPOSITORY <name|url|dir>]
      [INDEX_URL <url>] [TEST_INDEX_URL <url>]
      [CONFIG_FILE <pypirc>] [SKIP_EXISTING] [CHECK_STRICT] [PUSH_TAG]
      [VERIFY_IMPORTS <module>...] [VERIFY_COMMANDS <command>...]
      [VERIFY_EXTRAS <extra>...] [VERIFY_SCRIPT <file>]
      [VERIFY_PYTHONS <python>...] [VERIFY_WAIT <seconds>] [VERIFY_FROM any|wheel|sdist]
      [VERIFY_EXTRA_INDEX_URLS <url>...] [VERIFY_FIND_LINKS <dir|url>...]
      [MODULES <target>=<import path>...] [PYTHON <exe>] [STABLE_ABI <3.X>] [PLATFORM_TAG <tag>]
      [NO_VENDOR] [DATA <file|dir|target>...] [HEADERS <file|dir|target>...]
      [SCRIPTS <file|dir|target>...] [INSTALL_COMPONENTS <component>[=<scheme>]...]
      [DEPENDS <target|file>...] [NO_STRIP])

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

  ``BACKEND auto|native|pep517``
    Which path builds the archives (``pyrelease build --backend``). ``auto`` (the default): the
    native builder when it reproduces the declared backend's output exactly, else the project's
    own PEP 517 backend in an isolated environment; ``native``: fail, listing every reason, when
    the project needs its backend; ``pep517``: always the backend.

  ``CONFIG_SETTINGS <key=value>...``
    PEP 517 config settings for the backend (``-C``; a key given twice becomes a list). Giving any
    sends the build through the backend.

  ``NO_ISOLATION``
    Run the backend in the current interpreter instead of a fresh environment with
    ``build-system.requires`` (``--no-isolation``).

  ``REPOSITORY <name|url|dir>``, ``TEST_REPOSITORY <name|url|dir>``
    Where ``<pkg>-publish`` / ``<pkg>-publish-test`` upload: a section name of ``.pypirc``, an
    upload URL, or a local directory (a bare path or ``file://`` URL) that becomes a PEP 503 file
    index. Relative directories are relative to the current binary dir. The credentials are read
    by ``pyrelease upload`` at build time from the environment or ``.pypirc``; CMake never sees
    them and a URL with credentials in it is refused. Defaults: the cache variables
    ``PYRELEASE_REPOSITORY`` / ``PYRELEASE_TEST_REPOSITORY``. Without a repository the tool's default
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
    build only, so ``<pkg>_WHEEL`` is empty. A library outside the policy is vendored as
    ``auditwheel repair`` does: copied into ``<dist>.libs/`` under a hashed soname, with the
    modules' RPATH set to ``$ORIGIN/<path to .libs>``.

    A target made by :command:`pyrelease_add_python_module` stands for its per-interpreter
    targets: the package then gets one wheel per interpreter (each with that interpreter's file,
    tagged from that interpreter), ``<pkg>-wheel`` builds them all, each has its manifest
    ``wheel-<key>.json`` (``wheel.json`` when there is one interpreter), and ``twine-check``,
    ``publish*`` and ``verify*`` take every wheel. Every such module of a package must name the same
    interpreters, and they do not mix with plain targets (built for one Python).

  ``PYTHON <executable>``, ``STABLE_ABI <3.X>``, ``PLATFORM_TAG <tag>``
    With ``MODULES``: the Python the modules are built for (default ``Python_EXECUTABLE``, then
    ``Python3_EXECUTABLE``; refused with :command:`pyrelease_add_python_module` modules, whose
    interpreters tag their wheels), the stable ABI they use (``cp3X-abi3``; taken from
    :command:`pyrelease_add_python_module` when given there), and a platform tag used
    instead of the computed one (``pyrelease check`` still applies to the result).

  ``NO_VENDOR``
    With ``MODULES``: refuse a library outside the policy, naming it, instead of vendoring it
    (``pyrelease build --no-vendor``).

  ``DATA``, ``HEADERS``, ``SCRIPTS <file|dir|target>...``
    With ``MODULES``: files for the wheel's ``<dist>-<version>.data/data``, ``headers`` and
    ``scripts`` (``pyrelease build --wheel-data``). A file keeps its name, a directory's files keep
    their paths below it, a target gives ``$<TARGET_FILE>`` (and the wheel depends on it). Relative
    paths are relative to the current source dir.

  ``INSTALL_COMPONENTS <component>[=<scheme>]...``
    With ``MODULES``: what the project's ``install(... COMPONENT <component>)`` rules install, staged
    with ``cmake --install --component`` into the package's state directory in the build tree
    before the wheel is made, goes into the wheel: by default (``platlib``) at the wheel's root, so
    ``install(FILES x.py DESTINATION fastthing)`` gives ``fastthing/x.py``; ``data``, ``headers``,
    ``scripts`` or ``purelib`` put it under ``<dist>-<version>.data/<scheme>/``. The installed
    targets must be built first: name them in ``MODULES`` or ``DEPENDS``.

  ``DEPENDS <target|file>...``
    With ``MODULES``: further targets or files the wheel depends on (those ``INSTALL_COMPONENTS``
    installs).

  ``NO_STRIP``
    With ``MODULES``, in Release and MinSizeRel the wheel holds stripped copies of the built ELF
    files (``strip --strip-unneeded`` with ``CMAKE_STRIP``; the build's own files keep their
    symbols). ``NO_STRIP`` ships them as built.

  ``CONFIG_FILE <pypirc>``
    The ``.pypirc`` passed to ``pyrelease upload --config-file``.

  ``SKIP_EXISTING``
    Pass ``--skip-existing`` to ``pyrelease upload`` (for every package: ``-DPYRELEASE_SKIP_EXISTING=ON``).

  ``CHECK_STRICT``
    Pass ``--strict`` to ``pyrelease check`` (warnings fail the check).

  ``PUSH_TAG``
    ``<pkg>-release`` pushes the ``v<version>`` tag it makes (for every package:
    ``-DPYRELEASE_PUSH_TAG=ON``).

  ``VERIFY_IMPORTS``, ``VERIFY_COMMANDS``, ``VERIFY_EXTRAS``, ``VERIFY_SCRIPT``,
  ``VERIFY_PYTHONS``, ``VERIFY_WAIT``, ``VERIFY_EXTRA_INDEX_URLS``, ``VERIFY_FIND_LINKS``
    The checks ``pyrelease verify`` runs in a fresh venv, passed as ``--import``, ``--command``,
    ``--extras``, ``--script``, ``--python``, ``--wait``, ``--extra-index-url`` and
    ``--find-links``. Each check is one CTest test (see below): ``VERIFY_IMPORTS <module>...`` one
    ``import:<module>`` check each; ``VERIFY_COMMANDS <command>...`` one ``command:<command>``
    check each (run in the venv); ``VERIFY_EXTRAS <extra>...`` one ``extra:<extra>`` check each
    (installs ``pkg[extra]``); ``VERIFY_SCRIPT <file>`` a Python script run in the venv
    (``script:<file name>``); ``VERIFY_PYTHONS <python>...`` one venv per interpreter, the check
    names get ``@<python>``; default with a :command:`pyrelease_add_python_module` module built for
    several interpreters: those interpreters; ``VERIFY_WAIT <seconds>`` waits for the index to serve the version
    (the ``wait`` check); ``VERIFY_EXTRA_INDEX_URLS`` and ``VERIFY_FIND_LINKS`` say where
    dependencies come from.

  ``VERIFY_FROM any|wheel|sdist``
    What the verify tests install the release from (``pyrelease verify --from``): ``sdist`` builds
    the sdist in the venv, so a module missing from the sdist fails the checks although the wheel
    is fine (the build backend must then be reachable from the index or ``VERIFY_FIND_LINKS``);
    ``wheel`` never builds; ``any`` (the default) is pip's choice.

  Targets created (the umbrella targets aggregate every package of the build):

  ===============================  =========================  ============================================
  per package                      umbrella                   what it does
  ===============================  =========================  ============================================
  ``<pkg>-sdist``                  ``sdist``                  build the sdist (only when an input changed)
  ``<pkg>-wheel``                  ``wheel``                  build the wheel (only when an input changed)
  ``<pkg>-dist``                   ``dist``                   both
  ``<pkg>-twine-check``            ``twine-check``            ``pyrelease check`` the archives; after ``dist``
  ``<pkg>-publish-test``           ``publish-test``           upload to ``TEST_REPOSITORY``; after ``twine-check``
  ``<pkg>-publish``                ``publish``                upload to ``REPOSITORY``; after ``twine-check``
  ``<pkg>-verify-test``            ``verify-test``            run the ``verify-test`` CTest tests of the package
  ``<pkg>-verify``                 ``verify``                 run the ``verify`` CTest tests of the package
  ``<pkg>-publish-verify-test``    ``publish-verify-test``    ``publish-test``, then ``verify-test``
  ``<pkg>-publish-verify``         ``publish-verify``         ``publish``, then ``verify``
  ``<pkg>-release``                ``release``                after ``dist``, the whole release on its
                                                              files (``pyrelease release --manifest``
                                                              for each manifest): preflight, check,
                                                              publish-test,
                                                              verify-test, publish exactly the verified
                                                              files, verify, tag (``PUSH_TAG``: push it);
                                                              resumable
  ===============================  =========================  ============================================

  The umbrella ``publish``/``publish-test`` run every package's ``twine-check`` before the first
  upload. ``verify``/``verify-test`` never upload: they verify what is on the index (of the
  version built locally); use ``publish-verify``/``publish-verify-test`` to publish then verify,
  or ``release`` for the whole release.

  The promotion lock: ``publish-test`` records the files it uploaded and their sha256 in the
  release state file next to them (``pyrelease upload --test-index``), and ``verify-test`` records
  that they passed (``pyrelease verify --test-index``). From then on ``publish`` uploads exactly
  those files, byte-identical, or refuses, naming each file whose hash changed (an edit after
  ``publish-test`` rebuilds the archives) and how to start over; it also honours the state file of
  a ``release`` run. ``release`` runs with the build's ``BACKEND``, ``CONFIG_SETTINGS`` and
  ``NO_ISOLATION``: a version only the project's PEP 517 backend knows is that backend's answer,
  and the release names it.

  Tests created, label ``preflight``: one per item of ``pyrelease preflight`` (the checklist
  ``release`` starts with), named ``<pkg>-preflight:<item>`` and run as ``pyrelease preflight
  --only <item>``: ``git-clean``, ``tag``, ``index-version`` (against ``INDEX_URL``),
  ``changelog``, ``readme``, ``license``, ``build-check``, and the project's commands
  (``[tool.pyrelease.preflight] commands = { tests = "pytest -q", types = "mypy src" }``) as
  ``command:<name>`` each, in ``find_package`` mode (the tool lists them at configure time), or
  together as ``<pkg>-preflight:commands`` when the tool is built by this build. ``ctest -L
  preflight`` runs the checklist. Listing the items reads ``pyproject.toml`` alone; when only the
  project's PEP 517 backend knows the version (a ``setup.py``, a version provider pyrelease does
  not reproduce), the items that read it ask that backend as the build runs it (``BACKEND``,
  ``CONFIG_SETTINGS``, ``NO_ISOLATION``) and name it in their output.

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

.. command:: pyrelease_add_python_module

  A Python extension module built for each of several interpreters in one build (FindPython finds
  one interpreter per directory; this needs none)::

    pyrelease_add_python_module(<name> <source>... [PYTHONS <python>...] [STABLE_ABI <3.X>])

  Each interpreter (a name on ``PATH`` or a path; default: ``Python_EXECUTABLE``, then
  ``Python3_EXECUTABLE``, so an empty list means the Python ``find_package`` found) is asked at
  configure time for its include directory and ``EXT_SUFFIX``. Per interpreter, a ``MODULE``
  library ``<name>-<key>`` is made from the sources, where ``<key>`` is the implementation,
  version and ABI flags (``cp311``, ``cp313t``, ``cp311d``): file ``<name><EXT_SUFFIX>`` in
  ``${CMAKE_CURRENT_BINARY_DIR}/<key>/``, compiled with that interpreter's headers, not linked to
  libpython (the interpreter provides the symbols, as FindPython's modules do on Linux).
  ``<name>`` itself is an ``INTERFACE`` library that every variant links: put what they share on it
  (``target_link_libraries(<name> INTERFACE ...)``, ``target_compile_features(<name> INTERFACE
  cxx_std_17)``). ``<name>_TARGETS`` lists the variants. ``MODULES <name>=<import path>`` in
  :command:`pyrelease_add_package` then makes one wheel per interpreter.

  ``STABLE_ABI 3.X`` defines ``Py_LIMITED_API`` and uses the ``.abi3`` suffix; it takes one
  interpreter (one ``cp3X-abi3`` wheel serves every later CPython). Refused: an interpreter that
  cannot be run or has no ``Python.h``, one interpreter named twice, Windows (not supported yet).

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
                        [BACKEND auto|native|pep517] [CONFIG_SETTINGS <key=value>...] [NO_ISOLATION]
                        [MODULES <target>=<import path>...] [PYTHON <exe>] [STABLE_ABI <3.X>]
                        [PLATFORM_TAG <tag>] [NO_VENDOR] [DATA ...] [HEADERS ...] [SCRIPTS ...]
                        [INSTALL_COMPONENTS <component>[=<scheme>]...] [DEPENDS ...] [NO_STRIP])

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
option(PYRELEASE_PUSH_TAG "PyRelease: <pkg>-release pushes the tag it makes (as PUSH_TAG does)" OFF)
option(PYRELEASE_SKIP_EXISTING "PyRelease: pass --skip-existing to every publish step (as SKIP_EXISTING does)" OFF)
set(PYRELEASE_INDEX_URL "" CACHE STRING "PyRelease: default INDEX_URL (simple index verify installs from)")
set(PYRELEASE_TEST_INDEX_URL "" CACHE STRING "PyRelease: default TEST_INDEX_URL (simple index verify-test installs from)")

# A URL with credentials given on the command line would stay in CMakeCache.txt: replace it by
# its masked form (the cache is saved even when the configure fails) and stop. Every cache variable
# is looked at, not only PyRelease's own: a project's -DMY_INDEX=https://user:token@host lands in the
# same file. Run when the module is included and again at the end of the configure (variables the
# project sets later). PyRelease's own variables refuse any user info; others only "user:password@".
function(_pyrelease_scrub_cache_credentials)
  get_property(_vars DIRECTORY "${CMAKE_SOURCE_DIR}" PROPERTY CACHE_VARIABLES)
  set(_scrubbed "")
  foreach(_var IN LISTS _vars)
    get_property(_value CACHE "${_var}" PROPERTY VALUE)
    if(_var MATCHES "^PYRELEASE_")
      set(_userinfo "[^/@ \t\n]*")
    else()
      set(_userinfo "[^/@: \t\n]*:[^/@ \t\n]*")
    endif()
    if(_value MATCHES "([A-Za-z][A-Za-z0-9+.-]*)://${_userinfo}@([^/ \t\n]*)")
      set(_masked "${CMAKE_MATCH_1}://***@${CMAKE_MATCH_2}/...")
      set_property(CACHE "${_var}" PROPERTY VALUE "${_masked}")
      list(APPEND _scrubbed "${_var} '${_masked}'")
    endif()
  endforeach()
  if(_scrubbed)
    list(JOIN _scrubbed ", " _scrubbed)
    message(FATAL_ERROR "PyRelease: ${_scrubbed} holds credentials; they were removed from the cache. Give "
      "the URL without them: pyrelease upload reads the user name and password (or token) at build "
      "time from TWINE_USERNAME/TWINE_PASSWORD or .pypirc.")
  endif()
endfunction()
_pyrelease_scrub_cache_credentials()
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _pyrelease_scrub_cache_credentials)

# The internals live in PyRelease/ next to this file (as FindPython keeps FindPython/Support.cmake).
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Internals.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Metadata.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/PythonModule.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Build.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Check.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Publish.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Verify.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/PyRelease/Preflight.cmake")

# --- the high-level command ---------------------------------------------------------------------

function(pyrelease_add_package pkg)
  cmake_parse_arguments(PARSE_ARGV 1 arg
    "ALL;SKIP_EXISTING;CHECK_STRICT;NO_ISOLATION;PUSH_TAG;NO_VENDOR;NO_STRIP"
    "PROJECT_DIR;OUTPUT_DIR;BACKEND;REPOSITORY;TEST_REPOSITORY;INDEX_URL;TEST_INDEX_URL;CONFIG_FILE;VERIFY_SCRIPT;VERIFY_WAIT;VERIFY_FROM;PYTHON;STABLE_ABI;PLATFORM_TAG"
    "VERIFY_IMPORTS;VERIFY_COMMANDS;VERIFY_EXTRAS;VERIFY_PYTHONS;VERIFY_EXTRA_INDEX_URLS;VERIFY_FIND_LINKS;CONFIG_SETTINGS;MODULES;DATA;HEADERS;SCRIPTS;INSTALL_COMPONENTS;DEPENDS")
  _pyrelease_reject_unparsed(pyrelease_add_package)

  set(build_args PROJECT_DIR "${arg_PROJECT_DIR}")
  foreach(key IN ITEMS OUTPUT_DIR PYTHON STABLE_ABI PLATFORM_TAG)
    if(DEFINED arg_${key})
      list(APPEND build_args ${key} "${arg_${key}}")
    endif()
  endforeach()
  foreach(key IN ITEMS MODULES DATA HEADERS SCRIPTS INSTALL_COMPONENTS DEPENDS)
    if(DEFINED arg_${key})
      list(APPEND build_args ${key} ${arg_${key}})
    endif()
  endforeach()
  if(arg_NO_STRIP)
    list(APPEND build_args NO_STRIP)
  endif()
  if(arg_ALL)
    list(APPEND build_args ALL)
  endif()
  if(arg_NO_VENDOR)
    list(APPEND build_args NO_VENDOR)
  endif()
  if(DEFINED arg_BACKEND)
    list(APPEND build_args BACKEND "${arg_BACKEND}")
  endif()
  if(arg_CONFIG_SETTINGS)
    list(APPEND build_args CONFIG_SETTINGS ${arg_CONFIG_SETTINGS})
  endif()
  if(arg_NO_ISOLATION)
    list(APPEND build_args NO_ISOLATION)
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
  if(arg_PUSH_TAG)
    list(APPEND publish_args PUSH_TAG)
  endif()
  if(arg_SKIP_EXISTING)
    list(APPEND publish_args SKIP_EXISTING)
  endif()
  _pyrelease_add_publish_impl(pyrelease_add_package ${pkg} ${publish_args})

  # Wheels for several interpreters (pyrelease_add_python_module): by default verify installs in a
  # venv of each, so each wheel is the one pip picks somewhere.
  if(NOT DEFINED arg_VERIFY_PYTHONS)
    foreach(module IN LISTS arg_MODULES)
      string(REGEX REPLACE "=.*" "" module_target "${module}")
      get_target_property(pythons "${module_target}" PYRELEASE_PYTHON_EXECUTABLES)
      list(LENGTH pythons n)
      if(pythons AND n GREATER 1)
        set(arg_VERIFY_PYTHONS "${pythons}")
        break()
      endif()
    endforeach()
  endif()
  set(verify_args "")
  foreach(key IN ITEMS INDEX_URL TEST_INDEX_URL VERIFY_SCRIPT VERIFY_WAIT VERIFY_FROM)
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
  _pyrelease_add_preflight_tests(pyrelease_add_package ${pkg})

  foreach(suffix IN ITEMS NAME VERSION SDIST WHEEL)
    if(DEFINED ${pkg}_${suffix})
      set(${pkg}_${suffix} "${${pkg}_${suffix}}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

cmake_policy(POP)
