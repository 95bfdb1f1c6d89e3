# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/SafeRemove
--------------------

Part of the PyRelease package (internal): the one way PyRelease's CMake code and its test scripts
delete a directory tree, only one they created themselves. The same rules as tool/owned_dir.h,
tests/support/owned_dir.py and scripts/lib/owned-dir.sh. Works in project and script (``-P``) mode.

``_pyrelease_make_owned_dir(<path>)``
  Creates ``<path>`` (and its parents) and writes the marker file ``.pyrelease-owned`` into it. An
  existing directory is adopted only when it is empty or already marked.

``_pyrelease_remove_tree(<path> [PROTECT <dir>...])``
  Deletes ``<path>`` (file, symlink or tree) only when, with the symlinks of its parent resolved
  (``file(REAL_PATH)``), ``<path>`` or one of its ancestors carries the marker; and never ``/``,
  ``$HOME``, ``CMAKE_SOURCE_DIR``/``CMAKE_BINARY_DIR`` (the working directory in script mode), a
  ``PROTECT`` directory (e.g. the repository or the project), or an ancestor of any of them; nor a
  path that is empty or whose last component is empty, ``.`` or ``..``. A symlink is removed, never
  followed. A missing ``<path>`` is fine.

Every refusal is a ``FATAL_ERROR`` naming the path and the reason. With the variable
``PYRELEASE_REMOVE_DRY_RUN`` true, ``_pyrelease_remove_tree`` makes every check and prints
``PyRelease: would delete <path>`` instead of deleting.
#]=======================================================================]

include_guard(GLOBAL)
# The functions below keep these policies whoever includes this file: the test scripts run with
# `cmake -P` and no cmake_minimum_required() (CMP0012: if() and while() know TRUE and FALSE).
cmake_policy(VERSION 3.20)

set(_PYRELEASE_OWNED_MARKER ".pyrelease-owned")

# <out> is TRUE when the resolved path <inner> is <outer> or below it.
function(_pyrelease_path_within out inner outer)
  set(within FALSE)
  if(inner STREQUAL outer OR outer STREQUAL "/")
    set(within TRUE)
  else()
    string(LENGTH "${outer}/" n)
    string(SUBSTRING "${inner}" 0 ${n} head)
    if(head STREQUAL "${outer}/")
      set(within TRUE)
    endif()
  endif()
  set(${out} ${within} PARENT_SCOPE)
endfunction()

# <out> is TRUE when <dir> holds the marker as a regular file (not a symlink).
function(_pyrelease_is_owned_dir out dir)
  set(marker "${dir}/${_PYRELEASE_OWNED_MARKER}")
  if(EXISTS "${marker}" AND NOT IS_DIRECTORY "${marker}" AND NOT IS_SYMLINK "${marker}")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

function(_pyrelease_make_owned_dir path)
  if(NOT ARGC EQUAL 1 OR path STREQUAL "")
    message(FATAL_ERROR "PyRelease: refusing to create '${ARGV}': _pyrelease_make_owned_dir takes "
      "exactly one non-empty path (an unset variable?)")
  endif()
  if(IS_SYMLINK "${path}" OR (EXISTS "${path}" AND NOT IS_DIRECTORY "${path}"))
    message(FATAL_ERROR "PyRelease: refusing to create ${path}: it exists and is not a directory")
  endif()
  if(IS_DIRECTORY "${path}")
    _pyrelease_is_owned_dir(owned "${path}")
    if(owned)
      return()
    endif()
    file(GLOB entries LIST_DIRECTORIES TRUE "${path}/*" "${path}/.*")
    if(entries)
      message(FATAL_ERROR "PyRelease: refusing to create ${path}: the directory is not empty and "
        "was not made by pyrelease (no ${_PYRELEASE_OWNED_MARKER}); move it away or give a new one")
    endif()
  endif()
  file(MAKE_DIRECTORY "${path}")
  file(WRITE "${path}/${_PYRELEASE_OWNED_MARKER}"
    "made by pyrelease; pyrelease deletes only directories that carry this file\n")
endfunction()

function(_pyrelease_remove_tree path)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "PROTECT")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "PyRelease: _pyrelease_remove_tree(${path}): unexpected arguments "
      "'${arg_UNPARSED_ARGUMENTS}' (one path, then PROTECT <dir>...)")
  endif()
  macro(_pyrelease_refuse reason)
    message(FATAL_ERROR "PyRelease: refusing to delete '${path}': ${reason}")
  endmacro()
  # The last component as given: a normalised path would turn "x/.." into x's parent and ""
  # into the working directory.
  if(path STREQUAL "")
    _pyrelease_refuse("the path is empty (an unset variable?)")
  endif()
  cmake_path(GET path FILENAME leaf)
  if(leaf STREQUAL "" OR leaf STREQUAL "." OR leaf STREQUAL "..")
    _pyrelease_refuse("the path must end in a plain name")
  endif()
  # Absolute, with the symlinks of the parent resolved; the last component stays as given.
  get_filename_component(absolute "${path}" ABSOLUTE)
  if(NOT EXISTS "${absolute}" AND NOT IS_SYMLINK "${absolute}")
    return()
  endif()
  cmake_path(GET absolute PARENT_PATH parent)
  file(REAL_PATH "${parent}" parent)
  if(parent STREQUAL "/")
    set(resolved "/${leaf}")
  else()
    set(resolved "${parent}/${leaf}")
  endif()

  set(protected "")
  if(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "")
    list(APPEND protected "$ENV{HOME}|it is $HOME or holds it")
  endif()
  foreach(dir IN LISTS arg_PROTECT CMAKE_SOURCE_DIR CMAKE_BINARY_DIR)
    if(NOT dir STREQUAL "")
      list(APPEND protected "${dir}|it is ${dir} or holds it")
    endif()
  endforeach()
  foreach(entry IN LISTS protected)
    string(FIND "${entry}" "|" bar REVERSE)
    string(SUBSTRING "${entry}" 0 ${bar} dir)
    math(EXPR bar "${bar} + 1")
    string(SUBSTRING "${entry}" ${bar} -1 reason)
    get_filename_component(dir "${dir}" ABSOLUTE)
    file(REAL_PATH "${dir}" dir)
    _pyrelease_path_within(holds "${dir}" "${resolved}")
    if(holds)
      _pyrelease_refuse("${reason}")
    endif()
  endforeach()

  # The nearest marked directory at or above the path.
  set(dir "${resolved}")
  set(owned FALSE)
  while(TRUE)
    _pyrelease_is_owned_dir(owned "${dir}")
    if(owned)
      break()
    endif()
    cmake_path(GET dir PARENT_PATH up)
    if(up STREQUAL dir OR up STREQUAL "")
      break()
    endif()
    set(dir "${up}")
  endwhile()
  if(NOT owned)
    _pyrelease_refuse("no ${_PYRELEASE_OWNED_MARKER} in it or above it: pyrelease did not make it")
  endif()

  if(PYRELEASE_REMOVE_DRY_RUN)
    message(STATUS "PyRelease: would delete ${resolved}")
    return()
  endif()
  if(IS_SYMLINK "${resolved}" OR NOT IS_DIRECTORY "${resolved}")
    file(REMOVE "${resolved}")  # a symlink itself, never its target
  else()
    file(REMOVE_RECURSE "${resolved}")  # removes symlinks inside the tree, never follows them
  endif()
endfunction()
