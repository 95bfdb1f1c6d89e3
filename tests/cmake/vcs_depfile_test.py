#!/usr/bin/env python3
"""A hatch-vcs version in the CMake build graph: the depfile lists the git state.

usage: vcs_depfile_test.py --pyrelease EXE --source-dir SRC --work-dir DIR

A hatch-vcs project in a git repository made here (a marked directory) is built through
pyrelease_add_package with Ninja (module mode), and:
- a second build runs no pyrelease step;
- an empty commit (no file changes: only the branch ref moves) rebuilds the wheel, now a .dev
  version; a build after that does nothing;
- `git tag v1.1` (a new file in refs/tags) rebuilds it, the wheel named 1.1; then nothing again;
- the same in a git worktree of the repository (`.git` is a file there), and through the backend
  (BACKEND pep517 NO_ISOLATION: hatchling and hatch-vcs in this interpreter).
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402

STEP_RE = re.compile(r"PyRelease: building the wheel of vcsdemo")


def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith(("SETUPTOOLS_SCM_", "GIT_"))}
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    return e


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}\n{p.stdout}")
    return p.stdout


def git(repo, *args):
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args], cwd=repo)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_repo(repo):
    write(os.path.join(repo, "pyproject.toml"), """[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "vcsdemo"
dynamic = ["version"]

[tool.hatch.version]
source = "vcs"
""")
    write(os.path.join(repo, "vcsdemo", "__init__.py"), "")
    write(os.path.join(repo, ".gitignore"), "dist/\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one")
    git(repo, "tag", "v1.0")


class Build:
    def __init__(self, args, name, project, options=""):
        self.dir = os.path.join(args.work_dir, name)
        src = os.path.join(self.dir, "src")
        write(os.path.join(src, "CMakeLists.txt"), f"""cmake_minimum_required(VERSION 3.20)
project(vcs_depfile LANGUAGES NONE)
list(APPEND CMAKE_MODULE_PATH "{args.source_dir}/cmake/Modules")
include(PyRelease)
pyrelease_add_package(vcsdemo PROJECT_DIR "{project}" {options})
""")
        self.build = os.path.join(self.dir, "build")
        run(["cmake", "-S", src, "-B", self.build, "-G", "Ninja",
             f"-DPYRELEASE_EXECUTABLE={args.pyrelease}"])

    def wheel(self, expect_step, expect_version, what):
        out = run(["cmake", "--build", self.build, "--target", "vcsdemo-wheel"])
        stepped = bool(STEP_RE.search(out))
        if stepped != expect_step:
            fail(f"{what}: the wheel step {'did not run' if expect_step else 'ran'}\n{out}")
        with open(os.path.join(self.build, "pyrelease", "vcsdemo", "wheel.json")) as f:
            wheel = os.path.basename(json.load(f)["wheel"])
        # "1.1" is the whole version; "1.1.dev1+g" a prefix (the commit hash follows).
        prefix = f"vcsdemo-{expect_version}" + ("" if expect_version.endswith("+g") else "-")
        if not wheel.startswith(prefix):
            fail(f"{what}: expected version {expect_version}, the wheel is {wheel}")
        print(f"{what}: {'rebuilt' if stepped else 'up to date'}, {wheel}", flush=True)


def scenario(args, name, checkout, options=""):
    b = Build(args, name, checkout, options)
    b.wheel(True, "1.0", f"{name}: first build at v1.0")
    b.wheel(False, "1.0", f"{name}: no change")
    git(checkout, "commit", "-q", "--allow-empty", "-m", "empty")
    b.wheel(True, "1.1.dev1+g", f"{name}: empty commit")
    b.wheel(False, "1.1.dev1+g", f"{name}: no change after the commit")
    git(checkout, "tag", "v1.1")
    b.wheel(True, "1.1", f"{name}: git tag v1.1")
    b.wheel(False, "1.1", f"{name}: no change after the tag")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrelease", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    args.work_dir = os.path.abspath(args.work_dir)
    args.source_dir = os.path.abspath(args.source_dir)
    args.pyrelease = os.path.abspath(args.pyrelease)
    fresh_dir(args.work_dir)
    repo = os.path.join(args.work_dir, "repo")
    make_repo(repo)
    scenario(args, "checkout", repo)
    # A worktree on its own branch, from the v1.0 commit.
    worktree = os.path.join(args.work_dir, "worktree")
    git(repo, "worktree", "add", "-q", "-b", "side", worktree, "v1.0")
    git(repo, "tag", "-d", "v1.1")
    scenario(args, "worktree", worktree)
    # The backend path (hatchling + hatch-vcs in this interpreter) lists the git state too.
    git(repo, "tag", "-d", "v1.1")
    git(repo, "checkout", "-q", "v1.0")
    scenario(args, "pep517", repo, "BACKEND pep517 NO_ISOLATION")


main()
