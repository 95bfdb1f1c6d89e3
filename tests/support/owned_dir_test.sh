#!/usr/bin/env bash
# The shell deletion guard (scripts/lib/owned-dir.sh) refuses what it must and deletes only what it
# may (CTest label `safety`).   usage: owned_dir_test.sh WORK_DIR
#
# Everything happens in a new directory P = mktemp -d in WORK_DIR: a marked area T (ours) and an
# unmarked sibling T2 (someone else's). `/`, the real $HOME and the repository are only ever passed
# with PYRELEASE_REMOVE_DRY_RUN=1 and rm/rmdir/unlink/find shadowed by failing functions, so a
# broken guard would print "would delete" or fail, never delete.
set -uo pipefail
here=$(cd -P -- "$(dirname -- "$0")" && pwd)
repo=$(cd -P -- "$here/../.." && pwd)
. "$repo/scripts/lib/owned-dir.sh"

work=${1:?usage: owned_dir_test.sh WORK_DIR}
mkdir -p -- "$work"
P=$(mktemp -d "$work/safety-shell-XXXXXX") || exit 1
T=$P/owned
T2=$P/unowned
make_owned_dir "$T" || exit 1
mkdir -p "$T2/a" "$T2/a b/c"
echo "someone else's" >"$T2/a/keep"
echo "the dir the tool made" >"$T2/a b/c/f"
: >"$T2/a b/.pyrelease-owned"

# A child bash runs each call. With PYRELEASE_REMOVE_DRY_RUN=1 (the real /, $HOME, repository),
# rm, rmdir, unlink and find are shadowed by functions that fail: even a guard that ignored the dry
# run could not delete.
child='. "$0"
if [[ ${PYRELEASE_REMOVE_DRY_RUN:-} == 1 ]]; then
  for cmd in rm rmdir unlink find; do eval "$cmd() { echo \"the guard let a deletion through: $cmd \$*\" >&2; exit 97; }"; done
fi
"$1" "$2"'
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# refuses NAME REASON [VAR=value...] FUNCTION PATH: the call, in a new bash with those variables,
# must fail, naming REASON. succeeds NAME [VAR=value...] FUNCTION PATH: it must succeed.
refuses() {
  local name=$1 reason=$2 out rc
  shift 2
  out=$(env "${@:1:$#-2}" bash -c "$child" "$repo/scripts/lib/owned-dir.sh" "${@: -2}" 2>&1)
  rc=$?
  if [[ $rc -eq 0 ]]; then
    fail "$name: not refused ($out)"
  elif [[ $out != *"refusing to "*"$reason"* ]]; then
    fail "$name: refused, but not because '$reason': $out"
  else
    echo "ok: $name ($out)"
  fi
}
succeeds() {
  local name=$1 out
  shift
  if out=$(env "${@:1:$#-2}" bash -c "$child" "$repo/scripts/lib/owned-dir.sh" "${@: -2}" 2>&1); then
    echo "ok: $name"
  else
    fail "$name: $out"
  fi
}
must_exist() { [[ -e $1 || -L $1 ]] || fail "$2: $1 was deleted"; }
must_be_gone() { [[ ! -e $1 && ! -L $1 ]] || fail "$2: $1 still exists"; }

DRY=PYRELEASE_REMOVE_DRY_RUN=1
# `/` and the real $HOME and repository: dry run only.
refuses "refuses /" "plain name" $DRY remove_owned_tree /
refuses "refuses /." "plain name" $DRY remove_owned_tree /.
refuses "refuses /usr/.." "plain name" $DRY remove_owned_tree /usr/..
if [[ -n ${HOME:-} && -d $HOME ]]; then
  refuses "refuses the real \$HOME" '$HOME' $DRY remove_owned_tree "$HOME"
  home_parent=$(dirname -- "$HOME")
  reason='$HOME'
  [[ $home_parent == / ]] && reason="plain name"  # e.g. HOME=/root
  refuses "refuses the real \$HOME's parent" "$reason" $DRY remove_owned_tree "$home_parent"
fi
refuses "refuses the repository" "repository" $DRY remove_owned_tree "$repo"
refuses "refuses the repository's parent" "repository" $DRY remove_owned_tree "$(dirname -- "$repo")"

# A fake $HOME inside T (marked: only the $HOME rule protects it).
make_owned_dir "$T/home"
refuses "refuses a fake \$HOME" '$HOME' HOME="$T/home" remove_owned_tree "$T/home"
refuses "refuses an ancestor of a fake \$HOME" '$HOME' HOME="$T/home" remove_owned_tree "$T"
must_exist "$T/home/.pyrelease-owned" "fake \$HOME"

# Paths that do not end in a plain name, the empty path.
mkdir "$T/x"
refuses "refuses '..' last" "plain name" remove_owned_tree "$T/x/.."
refuses "refuses '.' last" "plain name" remove_owned_tree "$T/x/."
refuses "refuses a trailing slash" "plain name" remove_owned_tree "$T/x/"
refuses "refuses the empty path" "plain name" remove_owned_tree ""
must_exist "$T/x" "'..' last"

# Unmarked directories; the truncated-path accident: the tool made "a b" (marked), a parse that
# stops at the space names "a" (someone else's), and its parent.
refuses "refuses an unmarked dir" "no .pyrelease-owned" remove_owned_tree "$T2/a"
truncated=${T2}/a  # what `\S+` would have parsed out of ".../unowned/a b/c"
refuses "refuses the truncated path" "no .pyrelease-owned" remove_owned_tree "$truncated"
refuses "refuses the truncated path's parent" "no .pyrelease-owned" remove_owned_tree "$T2"
must_exist "$T2/a/keep" "truncated path"
must_exist "$T2/a b/c/f" "truncated path"
succeeds "deletes the marked 'a b'" remove_owned_tree "$T2/a b"
must_be_gone "$T2/a b" "marked 'a b'"
must_exist "$T2/a/keep" "marked 'a b'"

# Symlinks: removed, never followed out of the owned area.
ln -s "$T2/a" "$T/link"
refuses "refuses a path through a symlink out" "no .pyrelease-owned" remove_owned_tree "$T/link/keep"
ln -s "$T/.pyrelease-owned" "$T2/a/.pyrelease-owned"
refuses "a symlinked marker does not count" "no .pyrelease-owned" remove_owned_tree "$T2/a"
rm -f -- "$T2/a/.pyrelease-owned"
succeeds "removes a symlink, not its target" remove_owned_tree "$T/link"
must_be_gone "$T/link" "symlink"
must_exist "$T2/a/keep" "symlink target"

# Marked trees: a dry run deletes nothing; a real one deletes the tree (its symlinks out are
# removed, not followed); a missing path is fine.
mkdir -p "$T/tree/d/e"
echo x >"$T/tree/d/e/f"
ln -s "$T2/a" "$T/tree/d/out"
succeeds "dry run" $DRY remove_owned_tree "$T/tree"
must_exist "$T/tree/d/e/f" "dry run"
succeeds "deletes a tree in a marked dir" remove_owned_tree "$T/tree"
must_be_gone "$T/tree" "marked tree"
must_exist "$T2/a/keep" "a symlink inside the deleted tree"
succeeds "a missing path is fine" remove_owned_tree "$T/no-such-dir"

# make_owned_dir adopts no directory with someone else's files.
refuses "make_owned_dir refuses a non-empty unmarked dir" "not empty" make_owned_dir "$T2/a"
must_be_gone "$T2/a/.pyrelease-owned" "make_owned_dir"

# Our own P: marked now that nothing else is in it, then deleted through the guard.
: >"$P/.pyrelease-owned"
remove_owned_tree "$P" || fail "cleanup refused"
must_be_gone "$P" "cleanup"

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
