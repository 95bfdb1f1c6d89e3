#!/usr/bin/env python3
"""pyrelease_add_package on a project whose version only its PEP 517 backend knows.

usage: backend_version_test.py --pyrelease EXE --source-dir SRC --work-dir DIR

A setup.py project whose version setuptools-scm computes (`use_scm_version=True`: pyrelease has
no native rule for a setup.py), in a git repository made here (a marked directory), is added with
pyrelease_add_package(... NO_ISOLATION) (setuptools and setuptools-scm of this interpreter):
- configure succeeds (it failed while `preflight --list-items` loaded the project natively), says
  which backend computes the version, and lists the preflight tests;
- the wheel and sdist targets build 1.0 as `pyrelease build --no-isolation` does (the wheel
  byte-identical, the sdist member by member);
- `<pkg>-preflight:tag` and `:license` pass, naming setuptools as the source of the version;
- the `scmdemo-release` target (the build's NO_ISOLATION passed on) releases 1.0 to two directory
  indexes, naming setuptools as the source of the version;
- an empty commit and `git tag v1.1` (no re-configure: the build graph's inputs list the git
  state) rebuild the archives as 1.1, the tag test passes for 1.1, and a build after that runs
  nothing; a commit after the tag builds 1.2.dev1+g<hash> and the tag test says HEAD has no tag.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tarfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402

STEP_RE = re.compile(r"PyRelease: building the (wheel|sdist) of scmdemo")


def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith(("SETUPTOOLS_SCM_", "GIT_"))}
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    return e


def run(cmd, cwd=None, ok=True):
    p = subprocess.run(cmd, cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if ok and p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}\n{p.stdout}")
    return p


def git(repo, *args):
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args], cwd=repo).stdout


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_repo(repo):
    write(os.path.join(repo, "pyproject.toml"), """[build-system]
requires = ["setuptools>=64", "setuptools-scm>=8"]
build-backend = "setuptools.build_meta"
""")
    write(os.path.join(repo, "setup.py"), """from setuptools import setup

setup(name="scmdemo", use_scm_version=True, packages=["scmdemo"], license="MIT",
      description="A version only setuptools-scm knows", long_description="Demo.\\n",
      long_description_content_type="text/plain")
""")
    write(os.path.join(repo, "scmdemo", "__init__.py"), "")
    write(os.path.join(repo, ".gitignore"), "build/\n*.egg-info/\ndist/\n")
    write(os.path.join(repo, "CHANGELOG.md"), "# Changelog\n\n## [1.0] - 2026-12-01\n\n- First.\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one")
    git(repo, "tag", "v1.0")


def sdist_members(path):
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() if m.isfile() else m.type for m in t.getmembers()}


def manifest_file(build, step):
    with open(os.path.join(build, "pyrelease", "scmdemo", f"{step}.json")) as f:
        return json.load(f)[step]


def build_dists(build, expect_steps, expect_version, what):
    out = run(["cmake", "--build", build, "--target", "scmdemo-dist"]).stdout
    check("Re-running CMake" not in out, f"{what}: the build re-ran configure\n{out}")
    steps = sorted(set(STEP_RE.findall(out)))
    check(steps == expect_steps, f"{what}: expected the steps {expect_steps}, ran {steps}\n{out}")
    for step, suffix in (("sdist", ".tar.gz"), ("wheel", "-py3-none-any.whl")):
        name = os.path.basename(manifest_file(build, step))
        # "1.1" is the whole version; "1.2.dev1+g" a prefix (the commit hash follows).
        whole = "" if expect_version.endswith("+g") else suffix
        check(name.startswith(f"scmdemo-{expect_version}{whole}"),
              f"{what}: expected version {expect_version}, the {step} is {name}")
    print(f"{what}: ran {steps or 'nothing'}, version {expect_version}", flush=True)


def preflight(build, item, expect_pass, what, expect_in=()):
    p = run(["ctest", "--test-dir", build, "-R", f"^scmdemo-preflight:{item}$", "-V"], ok=False)
    check(("100% tests passed" in p.stdout) == expect_pass and "No tests were found" not in p.stdout,
          f"{what}: preflight {item} expected to {'pass' if expect_pass else 'fail'}\n{p.stdout}")
    for text in expect_in:
        check(text in p.stdout, f"{what}: preflight {item} does not say '{text}'\n{p.stdout}")
    print(f"{what}: preflight {item} {'passed' if expect_pass else 'failed'} as expected", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrelease", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    work = os.path.abspath(args.work_dir)
    fresh_dir(work)
    repo = os.path.join(work, "repo")
    make_repo(repo)
    src = os.path.join(work, "src")
    write(os.path.join(src, "CMakeLists.txt"), f"""cmake_minimum_required(VERSION 3.20)
project(backend_version LANGUAGES NONE)
list(APPEND CMAKE_MODULE_PATH "{os.path.abspath(args.source_dir)}/cmake/Modules")
include(PyRelease)
pyrelease_add_package(scmdemo PROJECT_DIR "{repo}" NO_ISOLATION
  TEST_REPOSITORY "{work}/test-index" REPOSITORY "{work}/prod-index" VERIFY_IMPORTS scmdemo)
message(STATUS "scmdemo_VERSION=${{scmdemo_VERSION}}")
""")
    build = os.path.join(work, "build")
    out = run(["cmake", "-S", src, "-B", build, "-G", "Ninja",
               f"-DPYRELEASE_EXECUTABLE={os.path.abspath(args.pyrelease)}"]).stdout
    check("version 1.0 computed by setuptools (pyproject.toml" in out and "no [project]" in out,
          f"configure does not say that setuptools computes the version (and why)\n{out}")
    check("scmdemo_VERSION=1.0" in out, f"configure did not set scmdemo_VERSION=1.0\n{out}")
    listed = run(["ctest", "--test-dir", build, "-N", "-L", "preflight"]).stdout
    for item in ("git-clean", "tag", "index-version", "changelog", "readme", "license",
                 "build-check"):
        check(f"scmdemo-preflight:{item}" in listed, f"no test scmdemo-preflight:{item}\n{listed}")
    print("configure: passes, setuptools named, preflight tests listed", flush=True)

    build_dists(build, ["sdist", "wheel"], "1.0", "first build at v1.0")
    build_dists(build, [], "1.0", "no change")
    # The archives `pyrelease build` makes: the wheel byte-identical (setuptools honours
    # SOURCE_DATE_EPOCH there), the sdist member by member (setuptools stamps the files it generates,
    # and the gzip header, with the time of the build).
    direct = os.path.join(work, "direct")
    run([args.pyrelease, "build", "--project", repo, "--outdir", direct, "--no-isolation"])
    wheel = manifest_file(build, "wheel")
    with open(wheel, "rb") as a, open(os.path.join(direct, os.path.basename(wheel)), "rb") as b:
        check(a.read() == b.read(), f"{os.path.basename(wheel)} differs from pyrelease build's")
    sdist = manifest_file(build, "sdist")
    ours, theirs = (sdist_members(p) for p in (sdist, os.path.join(direct, os.path.basename(sdist))))
    check(ours == theirs, f"{os.path.basename(sdist)}: members differ from pyrelease build's:\n"
          f"{sorted(set(ours.items()) ^ set(theirs.items()))}")
    print("the wheel is byte-identical to pyrelease build's, the sdist's members equal", flush=True)
    preflight(build, "tag", True, "at v1.0", ["names the version", "from setuptools"])
    preflight(build, "license", True, "at v1.0", ["legacy license text (from setuptools"])
    preflight(build, "readme", True, "at v1.0", ["the description setuptools"])
    # The release target passes the build's NO_ISOLATION on: the release asks setuptools too, and
    # releases the built 1.0 files to both directory indexes.
    out = run(["cmake", "--build", build, "--target", "scmdemo-release"]).stdout
    check("release: version 1.0 from setuptools (prepare_metadata_for_build_wheel" in out and
          "release: scmdemo 1.0 released in" in out,
          f"scmdemo-release: the release of 1.0 does not name setuptools or did not finish\n{out}")
    for index in ("test-index", "prod-index"):
        files = sorted(f for f in os.listdir(os.path.join(work, index, "files"))
                       if f.endswith((".whl", ".tar.gz")))
        check(files == ["scmdemo-1.0-py3-none-any.whl", "scmdemo-1.0.tar.gz"],
              f"scmdemo-release: {index} holds {files}")
    print("scmdemo-release: released 1.0 to both indexes, naming setuptools", flush=True)

    git(repo, "commit", "-q", "--allow-empty", "-m", "two")
    git(repo, "tag", "v1.1")
    build_dists(build, ["sdist", "wheel"], "1.1", "git tag v1.1")
    build_dists(build, [], "1.1", "no change after the tag")
    preflight(build, "tag", True, "at v1.1", ["v1.1 names the version", "version 1.1 from setuptools"])
    git(repo, "commit", "-q", "--allow-empty", "-m", "three")
    build_dists(build, ["sdist", "wheel"], "1.2.dev1+g", "a commit after the tag")
    preflight(build, "tag", True, "a commit after the tag", ["HEAD is not on a tag"])


main()
