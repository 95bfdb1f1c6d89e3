"""The one way the tests and benchmarks delete a directory: only one they created themselves.

Mirrors tool/core/owned_dir.h. A directory a test makes and may later delete is created with
fresh_dir(), which writes the marker file MARKER into it. remove_tree() deletes a path only when,
with symlinks in its parent resolved, it lies in a marked directory, and never `/`, `$HOME`, the
repository, or an ancestor of any of them. Symlinks are unlinked, never followed.
"""
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".pyrelease-owned"
REPOSITORY = Path(__file__).resolve().parents[2]


class RefusedRemoval(RuntimeError):
    pass


def _resolved(path):
    """The absolute path with its parent's symlinks resolved; the last component stays as given."""
    given = os.fspath(path)
    # The last component as given: abspath() would turn "x/.." into "x"'s parent, and "" into the
    # working directory.
    if given == "" or os.path.basename(given) in ("", ".", ".."):
        raise RefusedRemoval(f"refusing to delete {given!r}: the path must end in a plain name")
    p = Path(os.path.abspath(given))
    return p.parent.resolve() / p.name


def _forbidden_reason(p):
    def holds(outer, inner):
        return inner == outer or outer in inner.parents
    if p == Path("/"):
        return "it is the root directory"
    home = os.environ.get("HOME")
    if home and holds(p, Path(home).resolve()):
        return "it is $HOME or holds it"
    if holds(p, REPOSITORY):
        return "it is the repository or holds it"
    return None


def owned_root(path):
    """The nearest directory at or above `path` that carries MARKER, or None."""
    for d in [path, *path.parents]:
        if (d / MARKER).is_file() and not (d / MARKER).is_symlink():
            return d
    return None


def remove_tree(path):
    """Deletes `path` (file, symlink or tree) if it lies in a marked directory; else raises."""
    p = _resolved(path)
    if not os.path.lexists(p):
        return
    reason = _forbidden_reason(p)
    if reason is None and owned_root(p) is None:
        reason = f"no {MARKER} in it or above it: the tests did not make it"
    if reason:
        raise RefusedRemoval(f"refusing to delete {path}: {reason}")
    if p.is_symlink() or not p.is_dir():
        p.unlink()
    else:
        shutil.rmtree(p)


def fresh_dir(path):
    """An empty, marked directory at `path` (an older one of ours is deleted first)."""
    p = Path(path)
    if os.path.lexists(p):
        remove_tree(p)
    p.mkdir(parents=True)
    (p / MARKER).write_text("made by the pyrelease tests; only marked directories are deleted\n")
    return p


def new_owned_temp_dir(prefix="pyrelease-"):
    """A new marked directory in the temporary directory (tempfile.mkdtemp); the caller deletes it
    with remove_tree()."""
    p = Path(tempfile.mkdtemp(prefix=prefix))
    (p / MARKER).write_text("made by the pyrelease tests; only marked directories are deleted\n")
    return p


@contextlib.contextmanager
def owned_temp_dir(prefix="pyrelease-"):
    """new_owned_temp_dir() as a context manager: deleted through remove_tree() on exit (in place
    of tempfile.TemporaryDirectory, which deletes with shutil.rmtree)."""
    p = new_owned_temp_dir(prefix)
    try:
        yield p
    finally:
        remove_tree(p)
