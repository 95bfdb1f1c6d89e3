#!/usr/bin/env python3
"""Compares pyrelease's file selection with the real build backends.

For every fixture project (tests/projects/*) and example (examples/app_package), a copy is built
with `python -m build --no-isolation` (flit_core, hatchling, setuptools, uv_build, whichever the
project declares) and the member lists of the resulting sdist and wheel are compared with what
`list_files` (SelectFiles) prints. Any difference fails the test unless it is one of the
deliberate differences below, each documented in README.md ("Which files go in").
"""
import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import owned_temp_dir  # noqa: E402

# Files a backend generates rather than selects; pyrelease's writers generate their own.
GENERATED = {
    "all": {
        "sdist": ["PKG-INFO"],  # written by the sdist writer from the metadata
        "wheel": ["*.dist-info/*"],  # METADATA, WHEEL, RECORD, entry_points.txt, licenses/
    },
    # setuptools adds an egg-info directory and a setup.cfg holding [egg_info] tag settings to
    # every sdist; they only matter to setuptools itself rebuilding from the sdist.
    "setuptools": {"sdist": ["*.egg-info/*", "setup.cfg"], "wheel": []},
    # uv_build rewrites pyproject.toml and keeps the original as pyproject.toml.orig.
    "uv": {"sdist": ["pyproject.toml.orig"], "wheel": []},
}

# Fixtures where pyrelease deliberately differs from the backend outside a git checkout: the
# backend ships these files, pyrelease refuses to (secrets are never shipped by accident). In a
# git checkout that tracks them they ship like the backend's, with a warning naming each one
# (the repository already publishes them; spec/secret_policy.h).
REFUSED = {
    "secrets": [".env", "secrets_demo/server.pem"],
}

# Extra files written into a fixture copy before building (the repository cannot hold them
# because pyrelease's own checkout would ignore or refuse them).
EXTRA_FILES = {
    "flat": {"debug.log": "ignored by *.log\n", "scratch/notes.txt": "ignored by /scratch/\n"},
}


def backend_of(project_dir):
    with open(os.path.join(project_dir, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    try:
        import tomllib  # Python 3.11+
        backend = tomllib.loads(text).get("build-system", {}).get("build-backend", "")
    except ImportError:
        m = re.search(r'^build-backend\s*=\s*"([^"]*)"', text, re.M)
        backend = m.group(1) if m else ""
    for prefix, name in (("flit_core", "flit"), ("hatchling", "hatch"),
                         ("setuptools", "setuptools"), ("uv_build", "uv")):
        if backend.startswith(prefix):
            return name
    return "other"


def isolated_env(project_dir):
    """The environment for a --no-isolation build that behaves like an isolated one: setuptools-scm,
    installed here for the VCS-version tests, registers a global setuptools file finder that would
    add every git-tracked file to a setuptools sdist; an isolated build of a project that does not
    require setuptools-scm never has it. Its documented switch turns it off for this checkout."""
    env = dict(os.environ)
    with open(os.path.join(project_dir, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    if re.search(r"setuptools[-_]scm", text, re.I):
        return env
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=project_dir, capture_output=True, text=True)
    if top.returncode == 0 and top.stdout.strip():
        env["SETUPTOOLS_SCM_IGNORE_VCS_ROOTS"] = os.path.normcase(os.path.realpath(top.stdout.strip()))
    return env


def build_with_backend(project_dir, out_dir):
    r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--skip-dependency-check",
                        "-o", out_dir, project_dir], capture_output=True, text=True, env=isolated_env(project_dir))
    if r.returncode != 0:
        raise RuntimeError("python -m build failed:\n" + r.stdout[-4000:] + r.stderr[-4000:])
    sdist = [f for f in os.listdir(out_dir) if f.endswith(".tar.gz")][0]
    wheel = [f for f in os.listdir(out_dir) if f.endswith(".whl")][0]
    with tarfile.open(os.path.join(out_dir, sdist)) as t:
        sdist_files = sorted(m.name.split("/", 1)[1] for m in t.getmembers() if m.isfile())
    with zipfile.ZipFile(os.path.join(out_dir, wheel)) as z:
        wheel_files = sorted(n for n in z.namelist() if not n.endswith("/"))
    return sdist_files, wheel_files


def drop_generated(files, backend, kind):
    patterns = GENERATED["all"][kind] + GENERATED.get(backend, {}).get(kind, [])
    return [f for f in files if not any(fnmatch.fnmatchcase(f, p) for p in patterns)]


def run_list_files(list_files, project_dir):
    r = subprocess.run([list_files, project_dir], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def compare(name, src, list_files, use_git, failures):
    label = name + (" (git checkout)" if use_git else "")
    with owned_temp_dir("pyrelease-files-") as tmp:
        proj = os.path.join(tmp, name)
        shutil.copytree(src, proj, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for rel, text in EXTRA_FILES.get(name, {}).items():
            os.makedirs(os.path.dirname(os.path.join(proj, rel)) or proj, exist_ok=True)
            with open(os.path.join(proj, rel), "w") as f:
                f.write(text)
        if use_git:
            git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
            subprocess.run(git + ["init", "-q"], cwd=proj, check=True)
            subprocess.run(git + ["add", "-A"], cwd=proj, check=True)
            subprocess.run(git + ["commit", "-qm", "fixture"], cwd=proj, check=True)
        backend = backend_of(proj)
        out = os.path.join(tmp, "dist")
        want_sdist, want_wheel = build_with_backend(proj, out)
        want_sdist = drop_generated(want_sdist, backend, "sdist")
        want_wheel = drop_generated(want_wheel, backend, "wheel")

        rc, stdout, stderr = run_list_files(list_files, proj)
        if name in REFUSED and use_git:
            for f in REFUSED[name]:
                if os.path.join(proj, f) not in stderr or "git tracks it" not in stderr:
                    failures.append(f"{label}: no warning names the tracked secret-looking {f}:\n{stderr}")
        if name in REFUSED and not use_git:
            refused = REFUSED[name]
            missing = [f for f in refused if f not in want_sdist + want_wheel]
            if missing:
                failures.append(f"{label}: the backend no longer ships {missing}; update REFUSED")
            if rc == 0:
                failures.append(f"{label}: pyrelease accepted secret files {refused}")
            for f in refused:
                if os.path.join(proj, f) not in stderr:
                    failures.append(f"{label}: the refusal does not name {f}:\n{stderr}")
            print(f"ok   {label}: refused {', '.join(refused)} (the {backend} backend ships them)")
            return
        if rc != 0:
            failures.append(f"{label}: list_files failed:\n{stderr}")
            return
        got = json.loads(stdout)
        # A file the backend rewrites (setuptools' setup.cfg) is left out of both lists: it ships
        # in both sdists, setuptools adding its [egg_info] stamp.
        got_sdist = drop_generated([f["path"] for f in got["sdist"]], backend, "sdist")
        got_wheel = drop_generated([f["path"] for f in got["wheel"]], backend, "wheel")
        ok = True
        for kind, want, have in (("sdist", want_sdist, got_sdist), ("wheel", want_wheel, got_wheel)):
            extra = sorted(set(have) - set(want))
            lacking = sorted(set(want) - set(have))
            if extra or lacking:
                ok = False
                failures.append(f"{label} ({backend}) {kind}: pyrelease adds {extra}, lacks {lacking}")
        if ok:
            print(f"ok   {label} ({backend}): sdist {len(got_sdist)} files, wheel {len(got_wheel)} files")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list-files", required=True)
    ap.add_argument("--projects", required=True)
    ap.add_argument("--examples")
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    cases = [(n, os.path.join(args.projects, n)) for n in sorted(os.listdir(args.projects))]
    if args.examples and os.path.isdir(os.path.join(args.examples, "app_package")):
        cases.append(("app_package", os.path.join(args.examples, "app_package")))
    failures = []
    for name, src in cases:
        if args.only and name not in args.only:
            continue
        if not os.path.exists(os.path.join(src, "pyproject.toml")):
            # python -m build refuses a tree without pyproject.toml or setup.py (setupcfg_legacy);
            # archives_setupcfg compares that one with setuptools' fallback backend itself.
            print(f"skip {name}: no pyproject.toml, which python -m build needs")
            continue
        try:
            compare(name, src, args.list_files, False, failures)
            if name in ("flat", "setuptools"):
                compare(name, src, args.list_files, True, failures)
        except Exception as e:  # a backend failure is a test failure, with its output
            failures.append(f"{name}: {e}")
    for f in failures:
        print("FAIL " + f)
    if failures:
        sys.exit(1)
    print(f"all {len(cases)} projects match their backends")


if __name__ == "__main__":
    main()
