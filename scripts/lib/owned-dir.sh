# shellcheck shell=bash
# The one way pyrelease's shell scripts delete a directory tree: only one they created themselves.
# Source it:  . "<repo>/scripts/lib/owned-dir.sh"
#
#   make_owned_dir PATH     creates PATH (and its parents) and writes the marker file
#                           .pyrelease-owned into it. An existing directory is adopted only when it
#                           is empty or already marked; anything else is refused.
#   remove_owned_tree PATH  deletes PATH (file, symlink or tree) when, with the symlinks of its
#                           parent resolved, PATH or one of its ancestors carries the marker; and
#                           never `/`, `$HOME`, this repository or an ancestor of any of them, nor a
#                           path whose last component is empty, `.` or `..`. A symlink is removed,
#                           never followed. A missing PATH is fine.
#
# Both print "refusing to ...: <reason>" on stderr and return 1 on a refusal (so under `set -e` the
# script stops). With PYRELEASE_REMOVE_DRY_RUN=1, remove_owned_tree makes every check and prints
# "would delete <path>" instead of deleting. The same rules as tests/support/owned_dir.py,
# cmake/Modules/PyRelease/SafeRemove.cmake and tool/owned_dir.h.

PYRELEASE_OWNED_MARKER=.pyrelease-owned
# This repository (scripts/lib/../..), resolved, whatever the caller's working directory.
_pyrelease_owned_repo=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)

_pyrelease_refuse() {  # <what> <path> <reason>
  printf 'refusing to %s %s: %s\n' "$1" "$2" "$3" >&2
  return 1
}

# `$1` is `$2` or below it (both resolved).
_pyrelease_within() {
  [[ $1 == "$2" || $2 == / || $1 == "$2"/* ]]
}

# The absolute path of $1 with the symlinks of its parent resolved; the last component as given.
# Fails (prints nothing) when the last component is empty, `.` or `..`.
_pyrelease_resolve_parent() {
  local path=$1 leaf parent
  case $path in
    "" | */ | . | .. | */. | */..) return 1 ;;
  esac
  leaf=${path##*/}
  if [[ $path == */* ]]; then parent=${path%/*}; else parent=.; fi
  [[ -n $parent ]] || parent=/
  parent=$(realpath -m -- "$parent") || return 1
  if [[ $parent == / ]]; then printf '/%s\n' "$leaf"; else printf '%s/%s\n' "$parent" "$leaf"; fi
}

# Why the resolved path $1 must never be deleted, or nothing.
_pyrelease_forbidden_reason() {
  local p=$1 home
  if [[ $p == / ]]; then echo "it is the root directory"; return; fi
  if [[ -n ${HOME:-} ]]; then
    home=$(realpath -m -- "$HOME")
    if _pyrelease_within "$home" "$p"; then echo "it is \$HOME or holds it"; return; fi
  fi
  if _pyrelease_within "$_pyrelease_owned_repo" "$p"; then
    echo "it is the repository ($_pyrelease_owned_repo) or holds it"; return
  fi
}

# The nearest directory at or above the resolved path $1 that carries the marker (a regular file,
# not a symlink), or nothing.
_pyrelease_owned_root() {
  local d=$1
  while :; do
    if [[ -f $d/$PYRELEASE_OWNED_MARKER && ! -L $d/$PYRELEASE_OWNED_MARKER ]]; then
      printf '%s\n' "$d"; return
    fi
    [[ $d == / ]] && return
    d=${d%/*}
    [[ -n $d ]] || d=/
  done
}

remove_owned_tree() {
  if [[ $# -ne 1 ]]; then
    _pyrelease_refuse delete "(${#} arguments)" "remove_owned_tree takes exactly one path"; return
  fi
  local given=$1 p reason
  p=$(_pyrelease_resolve_parent "$given") ||
    { _pyrelease_refuse delete "'$given'" "the path must end in a plain name"; return; }
  [[ -e $p || -L $p ]] || return 0
  reason=$(_pyrelease_forbidden_reason "$p")
  if [[ -z $reason && -z $(_pyrelease_owned_root "$p") ]]; then
    reason="no $PYRELEASE_OWNED_MARKER in it or above it: pyrelease did not make it"
  fi
  [[ -z $reason ]] || { _pyrelease_refuse delete "$given" "$reason"; return; }
  if [[ ${PYRELEASE_REMOVE_DRY_RUN:-} == 1 ]]; then
    printf 'would delete %s\n' "$p"; return 0
  fi
  if [[ -L $p || ! -d $p ]]; then
    rm -f -- "$p"
  else
    rm -r -f --one-file-system -- "$p"  # rm never follows the symlinks inside the tree
  fi
}

make_owned_dir() {
  if [[ $# -ne 1 || -z $1 ]]; then
    _pyrelease_refuse create "'${1:-}'" "make_owned_dir takes exactly one non-empty path"; return
  fi
  local dir=$1
  if [[ -L $dir || (-e $dir && ! -d $dir) ]]; then
    _pyrelease_refuse create "$dir" "it exists and is not a directory"; return
  fi
  if [[ -d $dir ]]; then
    [[ -f $dir/$PYRELEASE_OWNED_MARKER && ! -L $dir/$PYRELEASE_OWNED_MARKER ]] && return 0
    if [[ -n $(ls -A -- "$dir") ]]; then
      _pyrelease_refuse create "$dir" "the directory is not empty and was not made by pyrelease (no $PYRELEASE_OWNED_MARKER)"
      return
    fi
  fi
  mkdir -p -- "$dir" &&
    printf 'made by pyrelease; pyrelease deletes only directories that carry this file\n' \
      >"$dir/$PYRELEASE_OWNED_MARKER"
}
