"""Helpers for the native area's tests: commands that must succeed, a tools venv, a wheel writer."""
import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
import wheel_file  # noqa: E402


def run_ok(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r


def fresh(work, name):
    path = os.path.join(work, name)
    fresh_dir(path)
    return path


def tool_venv(work, packages):
    """A venv under WORK/native-tools-<set> with `packages` pip-installed (kept between runs); returns its
    python. One venv per package set, made under a lock: tests running in parallel with different sets
    (or the same one) must not remake a venv another is using."""
    want = "\n".join(sorted(packages))
    venv = os.path.join(work, "native-tools-" + hashlib.sha256(want.encode()).hexdigest()[:12])
    python = os.path.join(venv, "bin", "python")
    marker = os.path.join(venv, "installed.txt")
    os.makedirs(work, exist_ok=True)
    with open(venv + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(marker) and open(marker).read() == want:
            return python
        fresh_dir(venv)
        run_ok([sys.executable, "-m", "venv", venv])
        run_ok([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *packages])
        open(marker, "w").write(want)
    return python


FASTTHING_PYPROJECT = """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "fastthing"
version = "1.0"
description = "{description}"
readme = "README.md"
license = "MIT"
requires-python = ">=3.9"
"""


def write_fastthing(project, description, init_py):
    """The pure-Python wrapper project `fastthing` (hatchling layout) around a compiled module."""
    os.makedirs(os.path.join(project, "fastthing"))
    open(os.path.join(project, "pyproject.toml"), "w").write(FASTTHING_PYPROJECT.format(description=description))
    open(os.path.join(project, "README.md"), "w").write(f"# fastthing\n\n{description}.\n")
    open(os.path.join(project, "fastthing", "__init__.py"), "w").write(init_py)


def report(failures):
    """Prints each failure; the exit status of a test script."""
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


def write_wheel(outdir, name, version, tag, files):
    """A minimal wheel of `files` ({archive path: bytes}) with METADATA, WHEEL and RECORD."""
    di = f"{name}-{version}.dist-info"
    members = list(files.items()) + [
        (f"{di}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()),
        (f"{di}/WHEEL", f"Wheel-Version: 1.0\nGenerator: pyrelease-tests\nRoot-Is-Purelib: false\nTag: {tag}\n".encode()),
    ]
    path = os.path.join(outdir, f"{name}-{version}-{tag}.whl")
    wheel_file.write_wheel(path, members, di)
    return path


def interpreters():
    """This Python, then every other python3.X on the machine (PATH, pyenv, /usr/bin), one per real file."""
    found = [sys.executable]
    candidates = [shutil.which(f"python3.{m}") for m in range(6, 20)]
    candidates = [c for c in candidates if c and "/shims/" not in c]  # pyenv's shims need a selected version
    candidates += glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3"))
    candidates += glob.glob("/usr/bin/python3.*")
    seen = {os.path.realpath(sys.executable)}
    for c in candidates:
        if c and os.access(c, os.X_OK) and not c.endswith("-config") and os.path.realpath(c) not in seen:
            seen.add(os.path.realpath(c))
            found.append(c)
    return found


def copy_tree(src, dst):
    """A copy of a test project (without build products), for a test that edits its files."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("build*", "__pycache__"))
