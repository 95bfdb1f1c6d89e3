#!/usr/bin/env python3
"""The promotion lock on the CMake targets, and `release` as the whole release, on a copy of
examples/app_package (setuptools, `__version__` attr, two console scripts, extras) with two local
file indexes standing in for the test and the production index. First `ctest -L preflight`: one
test per preflight item and per project command (a failing `lint` fails its own test). Then the
issue's measurement:

1. publish-test, then publish: refused, the test index has not verified the files;
2. verify-test records the verification; an edit to README.md, then publish: the archives are
   rebuilt, and publish refuses, naming the file whose sha256 changed and how to start over; the
   production index stays empty;
3. README.md restored (the archives rebuild byte-identical): publish uploads exactly the files the
   test index verified;
4. a new version (pyrelease version --bump patch, a CHANGELOG entry, a commit), then the target
   `release`: preflight through tag, as `pyrelease release`.

usage: promotion_lock_test.py --source-dir SRC --prefix PREFIX --work-dir DIR
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from dist_digests import dist_digests as files  # noqa: E402
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402


def run(cmd, expect=0, cwd=None):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(p.stdout, end="", flush=True)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(cmd)} exited with {p.returncode}, expected {expect}")
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    work = os.path.abspath(args.work_dir)
    fresh_dir(work)
    # The release's tag step and the commits below need an identity; no user configuration.
    os.environ.update({"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                       "GIT_CONFIG_NOSYSTEM": "1", "HOME": work})
    src = os.path.join(work, "app")
    shutil.copytree(os.path.join(args.source_dir, "examples", "app_package"), src)
    # Project commands for preflight: `lint` fails while ../lint-fails exists.
    with open(os.path.join(src, "pyproject.toml"), "a") as f:
        f.write('\n[tool.pyrelease.preflight]\ncommands = { tests = "true", lint = "test ! -e '
                '../lint-fails" }\n')
    lint_fails = os.path.join(work, "lint-fails")
    open(lint_fails, "w").close()
    git = ["git", "-C", src]
    run(git + ["init", "-q", "-b", "main"])
    run(git + ["add", "-A"])
    run(git + ["commit", "-q", "-m", "app"])
    build = os.path.join(work, "build")
    test_index, prod_index = os.path.join(work, "test-index"), os.path.join(work, "prod-index")
    run(["cmake", "-S", src, "-B", build, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={args.prefix}",
         f"-DAPP_TEST_REPOSITORY={test_index}", f"-DAPP_REPOSITORY={prod_index}",
         "-DAPP_VERIFY_EXTRAS="])

    def target(name, expect=0):
        return run(["cmake", "--build", build, "--target", name], expect=expect)

    # The preflight checklist as CTest tests (label preflight), one per item and project command.
    p = run(["ctest", "--test-dir", build, "-L", "^preflight$", "--output-on-failure"], expect=None)
    results = dict((n, s) for n, s in re.findall(r"Test +#\d+: (\S+) \.+\**\s*(Passed|Failed)", p.stdout))
    want = {f"app_package-preflight:{item}": "Passed" for item in
            ("git-clean", "tag", "index-version", "changelog", "readme", "license", "build-check",
             "command:tests")}
    want["app_package-preflight:command:lint"] = "Failed"
    if results != want:
        fail(f"ctest -L preflight: {results}, expected {want}")
    if "exited with status 1" not in p.stdout:
        fail("the failing command's test shows its exit status")
    os.remove(lint_fails)

    target("publish-test")
    tested = files(test_index)
    if len(tested) != 2:
        fail(f"publish-test uploads an sdist and a wheel: {tested}")
    p = target("publish", expect=None)
    if p.returncode == 0 or "has not verified them" not in p.stdout or files(prod_index):
        fail("publish before verify-test must refuse and upload nothing")

    target("verify-test")
    readme = os.path.join(src, "README.md")
    with open(readme) as f:
        original = f.read()
    with open(readme, "a") as f:
        f.write("\nOne more line after publish-test.\n")
    p = target("publish", expect=None)
    if p.returncode == 0 or files(prod_index):
        fail("publish after an edit must refuse and upload nothing")
    sdist = next(n for n in tested if n.endswith(".tar.gz"))
    for needed in (sdist, "the file changed after publish-test", "pyrelease version --bump patch"):
        if needed not in p.stdout:
            fail(f"the refusal must say {needed!r}")

    with open(readme, "w") as f:
        f.write(original)
    p = target("publish")
    if "Promotion lock: the files are the ones the test index verified" not in p.stdout:
        fail("publish says the lock allowed it")
    if files(prod_index) != tested:
        fail(f"production must hold exactly the verified files: {files(prod_index)} vs {tested}")

    # The whole release of a new version through the `release` target.
    exe = os.path.join(args.prefix, "bin", "pyrelease")
    run([exe, "version", "--project", src, "--bump", "patch"])
    version = run([exe, "version", "--project", src]).stdout.strip()
    changelog = os.path.join(src, "CHANGELOG.md")
    with open(changelog) as f:
        text = f.read()
    head = text.index("\n## ")
    with open(changelog, "w") as f:
        f.write(text[:head] + f"\n## {version}\n- A release through the CMake target.\n"
                + text[head:])
    run(git + ["commit", "-q", "-am", f"Release {version}"])
    run(["cmake", build])
    p = target("release")
    if f"app-package {version} released in" not in p.stdout:
        fail("the release target runs the whole pyrelease release")
    for step in ("preflight", "build", "check", "publish-test", "verify-test", "publish", "verify",
                 "tag"):
        if f"] {step}: " not in p.stdout:
            fail(f"the release target runs the step {step}")
    if not any(version in n for n in files(prod_index)):
        fail(f"the release reached the production index: {files(prod_index)}")
    run(git + ["rev-parse", "-q", "--verify", f"v{version}"])
    print("promotion_lock: ok")


if __name__ == "__main__":
    main()
