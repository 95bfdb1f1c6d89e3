#!/usr/bin/env python3
"""The Python deletion guard (tests/support/owned_dir.py) refuses what it must and deletes only what
it may (CTest label `safety`).

usage: owned_dir_test.py WORK_DIR

Everything happens in a new directory P = mkdtemp(dir=WORK_DIR): a marked area T (ours) and an
unmarked sibling T2 (someone else's). `/`, the real $HOME and the repository are only ever passed
with every deleting call (shutil.rmtree, os.unlink, os.remove, os.rmdir, Path.unlink, Path.rmdir)
patched to raise: a broken guard would fail the test, never delete.
"""
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import owned_dir  # noqa: E402
from owned_dir import MARKER, RefusedRemoval, fresh_dir, owned_temp_dir, remove_tree  # noqa: E402

failures = []


def fail(msg):
    print("FAIL:", msg, flush=True)
    failures.append(msg)


class WouldDelete(Exception):
    pass


@contextlib.contextmanager
def nothing_deletes():
    def refuse(*args, **kwargs):
        raise WouldDelete(f"the guard let a deletion through: {args}")
    with contextlib.ExitStack() as stack:
        for target in ("shutil.rmtree", "os.unlink", "os.remove", "os.rmdir",
                       "pathlib.Path.unlink", "pathlib.Path.rmdir"):
            stack.enter_context(mock.patch(target, refuse))
        yield


def refuses(name, path, reason, *, dry=False):
    """remove_tree(path) must raise RefusedRemoval whose message contains `reason`."""
    try:
        if dry:
            with nothing_deletes():
                remove_tree(path)
        else:
            remove_tree(path)
    except RefusedRemoval as e:
        if reason not in str(e):
            fail(f"{name}: refused, but not because '{reason}': {e}")
        else:
            print(f"ok: {name} (refused: {e})")
        return
    except WouldDelete as e:
        fail(f"{name}: {e}")
        return
    fail(f"{name}: remove_tree({path!r}) did not refuse")


def deletes(name, path):
    try:
        remove_tree(path)
    except Exception as e:  # noqa: BLE001
        fail(f"{name}: {type(e).__name__}: {e}")
        return
    print(f"ok: {name}")


def must_exist(path, why):
    if not os.path.lexists(path):
        fail(f"{why}: {path} was deleted")


def must_be_gone(path, why):
    if os.path.lexists(path):
        fail(f"{why}: {path} still exists")


def main():
    work = Path(sys.argv[1]).resolve()
    work.mkdir(parents=True, exist_ok=True)
    P = Path(tempfile.mkdtemp(prefix="safety-python-", dir=work))
    T, T2 = P / "owned", P / "unowned"
    fresh_dir(T)
    (T2 / "a").mkdir(parents=True)
    (T2 / "a" / "keep").write_text("someone else's\n")
    (T2 / "a b" / "c").mkdir(parents=True)
    (T2 / "a b" / "c" / "f").write_text("the dir the tool made\n")
    (T2 / "a b" / MARKER).write_text("")

    # `/`, the real $HOME and the repository: every deleting call patched to raise.
    refuses("refuses /", "/", "plain name", dry=True)
    refuses("refuses /.", "/.", "plain name", dry=True)
    with mock.patch.object(owned_dir, "owned_root", lambda p: p):  # even were / marked
        refuses("refuses / (marked)", Path("/"), "plain name", dry=True)
        refuses("refuses /usr's parent", "/usr/..", "plain name", dry=True)
    real_home = os.environ.get("HOME")
    if real_home and os.path.isdir(real_home):
        refuses("refuses the real $HOME", real_home, "$HOME", dry=True)
        home_parent = os.path.dirname(os.path.abspath(real_home))
        refuses("refuses the real $HOME's parent", home_parent,
                "plain name" if home_parent == "/" else "$HOME", dry=True)  # e.g. HOME=/root
        with mock.patch.object(owned_dir, "owned_root", lambda p: p):
            refuses("refuses the real $HOME (marked)", real_home, "$HOME", dry=True)
    refuses("refuses the repository", owned_dir.REPOSITORY, "repository", dry=True)
    refuses("refuses the repository's parent", owned_dir.REPOSITORY.parent, "repository", dry=True)
    with mock.patch.object(owned_dir, "owned_root", lambda p: p):
        refuses("refuses the repository (marked)", owned_dir.REPOSITORY, "repository", dry=True)

    # A fake $HOME and a fake repository inside T (marked: only the guard's rules protect them).
    fresh_dir(T / "home")
    with mock.patch.dict(os.environ, {"HOME": str(T / "home")}):
        refuses("refuses a fake $HOME", T / "home", "$HOME")
        refuses("refuses an ancestor of a fake $HOME", T, "$HOME")
    must_exist(T / "home" / MARKER, "fake $HOME")
    fresh_dir(T / "repo")
    with mock.patch.object(owned_dir, "REPOSITORY", T / "repo"):
        refuses("refuses a fake repository", T / "repo", "repository")
        refuses("refuses an ancestor of a fake repository", T, "repository")
    must_exist(T / "repo" / MARKER, "fake repository")

    # Paths that do not end in a plain name.
    (T / "x").mkdir()
    refuses("refuses '..' last", f"{T}/x/..", "plain name")
    refuses("refuses '.' last", f"{T}/x/.", "plain name")
    refuses("refuses a trailing slash", f"{T}/x/", "plain name")
    refuses("refuses the empty path", "", "plain name")
    must_exist(T / "x", "'..' last")

    # Unmarked directories; the truncated-path accident: the tool made "a b" (marked), a parse that
    # stops at the space names "a" (someone else's), and its parent.
    refuses("refuses an unmarked dir", T2 / "a", f"no {MARKER}")
    # What `\S+` would have parsed out of ".../unowned/a b/c" (T2 itself may hold a space: the build
    # directory does, so the split is of the part below T2 only).
    truncated = str(T2 / "a b/c".split(" ")[0])
    refuses("refuses the truncated path", truncated, f"no {MARKER}")
    refuses("refuses the truncated path's parent", os.path.dirname(truncated), f"no {MARKER}")
    must_exist(T2 / "a" / "keep", "truncated path")
    must_exist(T2 / "a b" / "c" / "f", "truncated path")
    deletes("deletes the marked 'a b'", T2 / "a b")
    must_be_gone(T2 / "a b", "marked 'a b'")
    must_exist(T2 / "a" / "keep", "marked 'a b'")

    # Symlinks: removed, never followed out of the owned area.
    (T / "link").symlink_to(T2 / "a")
    refuses("refuses a path through a symlink out", T / "link" / "keep", f"no {MARKER}")
    (T2 / "a" / MARKER).symlink_to(T / MARKER)
    refuses("a symlinked marker does not count", T2 / "a", f"no {MARKER}")
    os.unlink(T2 / "a" / MARKER)
    deletes("removes a symlink, not its target", T / "link")
    must_be_gone(T / "link", "symlink")
    must_exist(T2 / "a" / "keep", "symlink target")

    # Marked trees: a tree inside T goes (its symlinks out are removed, not followed); fresh_dir
    # replaces an older marked dir; owned_temp_dir cleans up after itself; a missing path is fine.
    (T / "tree" / "d" / "e").mkdir(parents=True)
    (T / "tree" / "d" / "e" / "f").write_text("x\n")
    (T / "tree" / "d" / "out").symlink_to(T2 / "a")
    deletes("deletes a tree in a marked dir", T / "tree")
    must_be_gone(T / "tree", "marked tree")
    must_exist(T2 / "a" / "keep", "a symlink inside the deleted tree")
    (T / "again" / "old").mkdir(parents=True)
    (T / "again" / MARKER).write_text("")
    fresh_dir(T / "again")
    must_be_gone(T / "again" / "old", "fresh_dir")
    try:
        fresh_dir(T2 / "a")
        fail("fresh_dir adopted someone else's directory")
    except RefusedRemoval as e:
        print(f"ok: fresh_dir refuses an unmarked dir ({e})")
    must_exist(T2 / "a" / "keep", "fresh_dir")
    with owned_temp_dir("safety-") as tmp:
        (tmp / "f").write_text("x\n")
    must_be_gone(tmp, "owned_temp_dir")
    deletes("a missing path is fine", T / "no-such-dir")

    # Our own P: marked now that nothing else is in it, then deleted through the guard.
    (P / MARKER).write_text("")
    remove_tree(P)
    must_be_gone(P, "cleanup")

    print(f"{len(failures)} failure(s)" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
