#!/usr/bin/env python3
"""The `release` target on examples/native_package built for two interpreters in one build
directory (FASTTHING_PYTHONS), against two local file indexes standing in for the test and the
production index; a git repository made here takes the tag.

- `release` builds the sdist and both wheels through CMake's graph (the release depends on the
  dist targets) and `pyrelease release --manifest ...` takes exactly those files: the test index
  and the production index each get the sdist and one cpXY wheel per interpreter, byte-identical
  (sha256) to the files in the build's dist/; annotated tag v1.0;
- a second `release` is a no-op: every step "done in an earlier run", nothing rebuilt or uploaded;
- a wheel rebuilt with different bytes after the release is refused by name (the state records
  the released hashes).

usage: native_release.py PYRELEASE_PREFIX WORK_DIR
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402
from native_package_example import EXAMPLE, Test  # noqa: E402
from dist_digests import dist_digests as digests  # noqa: E402


def main():
    prefix, work_root = (os.path.abspath(a) for a in sys.argv[1:3])
    work = ns.fresh(work_root, "native-release")
    failures = []

    def fail(msg):
        print("FAIL:", msg, flush=True)
        failures.append(msg)

    pythons = Test(prefix, work).interpreters()[:2]
    print("interpreters:", [t for t, _, _ in pythons], flush=True)
    if len(pythons) < 2:
        fail(f"two CPython interpreters >= 3.8 are needed, found {pythons}")
        return ns.report(failures)
    os.environ.update({"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                       "GIT_CONFIG_NOSYSTEM": "1", "HOME": work})
    project = os.path.join(work, "fastthing")
    ns.copy_tree(EXAMPLE, project)
    # preflight wants a CHANGELOG entry for the version (the tag message) and a clean tree.
    with open(os.path.join(project, "CHANGELOG.md"), "w") as f:
        f.write("# Changelog\n\n## 1.0\n- The first release, with native wheels.\n")
    git = ["git", "-C", project]
    ns.run_ok(git + ["init", "-q", "-b", "main"])
    ns.run_ok(git + ["add", "-A"])
    ns.run_ok(git + ["commit", "-q", "-m", "fastthing 1.0"])

    test_index, prod_index = os.path.join(work, "test-index"), os.path.join(work, "prod-index")
    build = os.path.join(work, "build")
    ns.run_ok(["cmake", "-S", project, "-B", build, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={prefix}",
               "-DCMAKE_BUILD_TYPE=Release",
               f"-DFASTTHING_PYTHONS={';'.join(p for _, p, _ in pythons)}",
               f"-DPYRELEASE_TEST_REPOSITORY={test_index}", f"-DPYRELEASE_REPOSITORY={prod_index}"])

    def release():
        r = subprocess.run(["cmake", "--build", build, "--target", "release"],
                           capture_output=True, text=True)
        print(r.stdout, r.stderr, sep="", flush=True)
        return r

    r = release()
    if r.returncode != 0 or "fastthing 1.0 released in" not in r.stdout:
        fail("the release target did not finish the release")
    for step in ("preflight", "build", "check", "publish-test", "verify-test", "publish", "verify",
                 "tag"):
        if f"] {step}: " not in r.stdout:
            fail(f"the release target did not run the step {step}")
    if "take the dists given (3 manifests, 0 files)" not in r.stdout:
        fail("the release did not take the three manifests (sdist and one wheel per interpreter)")
    built = digests(os.path.join(build, "dist"))
    tested, released = digests(test_index), digests(prod_index)
    wheels = sorted(n for n in built if n.endswith(".whl"))
    print("built:", sorted(built), flush=True)
    if sorted(built) != sorted(["fastthing-1.0.tar.gz"] + wheels) or len(wheels) != 2:
        fail(f"the build made {sorted(built)}, not the sdist and two wheels")
    for tag, _, _ in pythons:
        if not [w for w in wheels if w.startswith(f"fastthing-1.0-{tag}-{tag}-manylinux")]:
            fail(f"no {tag} manylinux wheel among {wheels}")
    if tested != built:
        fail(f"the test index got {tested}, not the built files {built}")
    if released != tested:
        fail(f"production got {released}, not exactly the test index's files {tested}")
    tag = subprocess.run(git + ["cat-file", "-t", "v1.0"], capture_output=True, text=True)
    if tag.stdout.strip() != "tag":
        fail(f"v1.0 is not an annotated tag: {tag.stdout}{tag.stderr}")
    message = subprocess.run(git + ["tag", "-l", "--format=%(contents)", "v1.0"],
                             capture_output=True, text=True).stdout
    if "The first release, with native wheels." not in message:
        fail(f"the tag message is not the CHANGELOG entry: {message!r}")

    # Again: nothing to do, nothing uploaded.
    mtimes = {n: os.stat(os.path.join(build, "dist", n)).st_mtime_ns for n in built}
    r = release()
    if r.returncode != 0 or r.stdout.count("done in an earlier run") != 8:
        fail("a second release is not a no-op (every step done in an earlier run)")
    if digests(prod_index) != released or digests(test_index) != tested:
        fail("a second release changed an index")
    if {n: os.stat(os.path.join(build, "dist", n)).st_mtime_ns for n in built} != mtimes:
        fail("a second release rebuilt a dist")

    # A wheel with other bytes at the released name: refused, naming it; production unchanged.
    wheel = os.path.join(build, "dist", wheels[0])
    with open(wheel, "ab") as f:
        f.write(b"\0")
    r = release()
    if r.returncode == 0 or wheels[0] not in r.stdout + r.stderr:
        fail("a changed wheel was not refused by name")
    if digests(prod_index) != released:
        fail("the refused release changed the production index")
    return ns.report(failures)


if __name__ == "__main__":
    sys.exit(main())
