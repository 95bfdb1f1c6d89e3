# The CMake deletion guard (cmake/Modules/PyRelease/SafeRemove.cmake) refuses what it must and
# deletes only what it may (CTest label `safety`).
#   cmake -DPYRELEASE_SOURCE_DIR=<repository> -DWORK_DIR=<scratch dir> -P owned_dir_test.cmake
#
# Everything happens in a new directory P under WORK_DIR: a marked area T (ours) and an unmarked
# sibling T2 (someone else's). `/`, the real $HOME and the repository are only ever passed with
# PYRELEASE_REMOVE_DRY_RUN on and file(REMOVE*) overridden to fail, so a broken guard would print
# "would delete" or fail, never delete. Each
# case runs in its own `cmake -P` (a refusal is a FATAL_ERROR): this script, given -DOP=....
cmake_minimum_required(VERSION 3.20)

if(DEFINED OP)  # one case: cmake -DOP=remove|make -DTARGET=<path> [-DPROTECT=<dirs>] -P <this>
  if(PYRELEASE_REMOVE_DRY_RUN)
    # Belt and braces for the dry-run cases (the real /, $HOME, repository): file(REMOVE*) itself
    # fails here, so even a guard that ignored the dry run could not delete.
    macro(file op)
      if("${op}" MATCHES "^REMOVE")
        message(FATAL_ERROR "the guard let a deletion through: file(${op} ...)")
      endif()
      _file(${ARGV})
    endmacro()
  endif()
  include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/Modules/PyRelease/SafeRemove.cmake")
  if(OP STREQUAL "remove")
    _pyrelease_remove_tree("${TARGET}" PROTECT ${PROTECT})
  else()
    _pyrelease_make_owned_dir("${TARGET}")
  endif()
  message(STATUS "case done")
  return()
endif()

foreach(var IN ITEMS PYRELEASE_SOURCE_DIR WORK_DIR)
  if("${${var}}" STREQUAL "")
    message(FATAL_ERROR "owned_dir_test.cmake needs -D${var}=<dir>")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/Modules/PyRelease/SafeRemove.cmake")

string(RANDOM LENGTH 8 ALPHABET abcdefghijklmnopqrstuvwxyz0123456789 id)
set(P "${WORK_DIR}/safety-cmake-${id}")
if(EXISTS "${P}")
  message(FATAL_ERROR "${P} exists already")
endif()
set(T "${P}/owned")
set(T2 "${P}/unowned")
_pyrelease_make_owned_dir("${T}")
file(MAKE_DIRECTORY "${T2}/a" "${T2}/a b/c")
file(WRITE "${T2}/a/keep" "someone else's\n")
file(WRITE "${T2}/a b/c/f" "the dir the tool made\n")
file(WRITE "${T2}/a b/.pyrelease-owned" "")

# expect(<name> <ok|regex of the refusal> [DRY] [HOME <dir>] [PROTECT <dirs>] OP <op> TARGET <path>)
function(expect name expected)
  cmake_parse_arguments(PARSE_ARGV 2 arg "DRY" "HOME;OP;TARGET" "PROTECT")
  set(env "")
  if(DEFINED arg_HOME)
    set(env "HOME=${arg_HOME}")
  endif()
  set(dry "")
  if(arg_DRY)
    set(dry -DPYRELEASE_REMOVE_DRY_RUN=ON)
  endif()
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env ${env} "${CMAKE_COMMAND}" ${dry} -DOP=${arg_OP}
            "-DTARGET=${arg_TARGET}" "-DPROTECT=${arg_PROTECT}" -P "${CMAKE_CURRENT_LIST_FILE}"
    WORKING_DIRECTORY "${P}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[ \t\r\n]+" " " err "${err}")
  if(expected STREQUAL "ok")
    if(NOT rc EQUAL 0)
      message(SEND_ERROR "${name}: expected success, got exit ${rc}: ${err}")
    else()
      message(STATUS "ok: ${name}")
    endif()
  elseif(rc EQUAL 0)
    message(SEND_ERROR "${name}: the guard did not refuse (${out})")
  elseif(NOT err MATCHES "PyRelease: refusing to (delete|create) .*${expected}")
    message(SEND_ERROR "${name}: refused, but not with '${expected}': ${err}")
  else()
    message(STATUS "ok: ${name} (refused)")
  endif()
endfunction()

function(must_exist path why)
  if(NOT EXISTS "${path}" AND NOT IS_SYMLINK "${path}")
    message(SEND_ERROR "${why}: ${path} was deleted")
  endif()
endfunction()
function(must_be_gone path why)
  if(EXISTS "${path}" OR IS_SYMLINK "${path}")
    message(SEND_ERROR "${why}: ${path} still exists")
  endif()
endfunction()

# `/` and the real $HOME and repository: dry run only.
expect("refuses /" "the path must end in a plain name" DRY OP remove TARGET "/")
expect("refuses /." "the path must end in a plain name" DRY OP remove TARGET "/.")
if(DEFINED ENV{HOME} AND IS_DIRECTORY "$ENV{HOME}")
  expect("refuses the real $HOME" "it is .HOME or holds it" DRY OP remove TARGET "$ENV{HOME}")
  get_filename_component(home_parent "$ENV{HOME}" DIRECTORY)
  set(reason "it is .HOME or holds it")
  if(home_parent STREQUAL "/")  # e.g. HOME=/root
    set(reason "the path must end in a plain name")
  endif()
  expect("refuses the real $HOME's parent" "${reason}" DRY OP remove TARGET "${home_parent}")
endif()
expect("refuses the repository" "or holds it" DRY PROTECT "${PYRELEASE_SOURCE_DIR}"
  OP remove TARGET "${PYRELEASE_SOURCE_DIR}")
get_filename_component(repo_parent "${PYRELEASE_SOURCE_DIR}" DIRECTORY)
expect("refuses the repository's parent" "or holds it" DRY PROTECT "${PYRELEASE_SOURCE_DIR}"
  OP remove TARGET "${repo_parent}")

# A fake $HOME and a fake repository inside T (marked, so only the guard's rules protect them).
_pyrelease_make_owned_dir("${T}/home")
expect("refuses a fake $HOME" "it is .HOME or holds it" HOME "${T}/home" OP remove TARGET "${T}/home")
expect("refuses an ancestor of a fake $HOME" "it is .HOME or holds it" HOME "${T}/home"
  OP remove TARGET "${T}")
must_exist("${T}/home/.pyrelease-owned" "fake $HOME")
_pyrelease_make_owned_dir("${T}/repo")
expect("refuses a fake repository" "it is .*/repo or holds it" PROTECT "${T}/repo"
  OP remove TARGET "${T}/repo")
must_exist("${T}/repo/.pyrelease-owned" "fake repository")

# Paths that do not end in a plain name, the empty path.
file(MAKE_DIRECTORY "${T}/x")
expect("refuses '..' last" "the path must end in a plain name" OP remove TARGET "${T}/x/..")
expect("refuses '.' last" "the path must end in a plain name" OP remove TARGET "${T}/x/.")
expect("refuses a trailing slash" "the path must end in a plain name" OP remove TARGET "${T}/x/")
expect("refuses the empty path" "the path is empty" OP remove TARGET "")
must_exist("${T}/x" "'..' last")

# Unmarked directories; the truncated-path accident: the tool made "a b" (marked), a parse that
# stops at the space names "a" (someone else's), and its parent.
expect("refuses an unmarked dir" "no .pyrelease-owned in it or above it" OP remove TARGET "${T2}/a")
expect("refuses the truncated path" "no .pyrelease-owned in it or above it" OP remove TARGET "${T2}/a")
expect("refuses the truncated path's parent" "no .pyrelease-owned in it or above it"
  OP remove TARGET "${T2}")
must_exist("${T2}/a/keep" "truncated path")
must_exist("${T2}/a b/c/f" "truncated path")
expect("deletes the marked 'a b'" ok OP remove TARGET "${T2}/a b")
must_be_gone("${T2}/a b" "marked 'a b'")
must_exist("${T2}/a/keep" "marked 'a b'")

# Symlinks: removed, never followed out of the owned area.
file(CREATE_LINK "${T2}/a" "${T}/link" SYMBOLIC)
expect("refuses a path through a symlink out" "no .pyrelease-owned in it or above it"
  OP remove TARGET "${T}/link/keep")
expect("removes a symlink, not its target" ok OP remove TARGET "${T}/link")
must_be_gone("${T}/link" "symlink")
must_exist("${T2}/a/keep" "symlink target")

# Marked trees: a dry run deletes nothing; a real one deletes the tree; a missing path is fine.
file(MAKE_DIRECTORY "${T}/tree/d/e")
file(WRITE "${T}/tree/d/e/f" "x\n")
file(CREATE_LINK "${T2}/a" "${T}/tree/d/out" SYMBOLIC)
expect("dry run" ok DRY OP remove TARGET "${T}/tree")
must_exist("${T}/tree/d/e/f" "dry run")
expect("deletes a tree in a marked dir" ok OP remove TARGET "${T}/tree")
must_be_gone("${T}/tree" "marked tree")
must_exist("${T2}/a/keep" "a symlink inside the deleted tree")
expect("a missing path is fine" ok OP remove TARGET "${T}/no-such-dir")

# _pyrelease_make_owned_dir adopts no directory with someone else's files.
expect("make_owned_dir refuses a non-empty unmarked dir" "the directory is not empty" OP make
  TARGET "${T2}/a")
must_be_gone("${T2}/a/.pyrelease-owned" "make_owned_dir")
expect("make_owned_dir refuses an empty path" "exactly one non-empty path" OP make TARGET "")

# The scripts that delete refuse to run without their work directory.
foreach(script IN ITEMS tests/cmake/RunMisuseCase.cmake tests/cmake/StepMessages.cmake
                        tests/cmake/InstallToPrefix.cmake tests/integration/metadata/run_bad_pyproject.cmake)
  execute_process(COMMAND "${CMAKE_COMMAND}" -DCASE=x -P "${PYRELEASE_SOURCE_DIR}/${script}"
    WORKING_DIRECTORY "${P}" RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(rc EQUAL 0 OR NOT err MATCHES "needs -D")
    message(SEND_ERROR "${script} without its work directory: exit ${rc}: ${err}")
  else()
    message(STATUS "ok: ${script} refuses to run without its work directory")
  endif()
endforeach()

# Our own P: marked now that nothing else is in it, then deleted through the guard.
file(WRITE "${P}/.pyrelease-owned" "")
_pyrelease_remove_tree("${P}")
must_be_gone("${P}" "cleanup")
