#!/usr/bin/env python3
"""Builds tests/cmake/consumer (two Python packages) with the PyRelease CMake package and checks
the build graph: a no-op rebuild runs no pyrelease step, touching a file rebuilds exactly the
archives that contain it, a new file is noticed, the umbrella targets cover both packages, the
later steps fail loudly or really work, and no planted credential reaches the build tree.

usage: consumer_test.py --mode find_package|subdirectory|fetchcontent --generator G
                        --source-dir SRC --work-dir DIR [--prefix PREFIX] [--jobs N]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402

STEP_RE = re.compile(r"PyRelease: building the (sdist|wheel) of (\w+)")
PACKAGES = ("flat", "scripts")
# Planted in the environment of every configure and build: it must never reach a build file.
PLANTED = "pyrelease-planted-token-7f3a9c"


class Consumer:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work_dir)
        self.projects = os.path.join(self.work, "projects")
        self.build = os.path.join(self.work, "build")
        self.env = dict(os.environ)
        self.env.update({
            "TWINE_USERNAME": "__token__",
            "TWINE_PASSWORD": PLANTED,
            "PYRELEASE_TOKEN": PLANTED,
            "SOURCE_DATE_EPOCH": "1700000000",
        })

    def run(self, cmd, check=True):
        print("+", " ".join(cmd), flush=True)
        p = subprocess.run(cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        print(p.stdout, end="", flush=True)
        if check and p.returncode != 0:
            fail(f"{' '.join(cmd)} exited with {p.returncode}")
        return p

    def configure(self):
        fresh_dir(self.work)
        os.makedirs(self.projects)
        for name in ("flat", "scripts"):
            shutil.copytree(os.path.join(self.args.source_dir, "tests", "projects", name),
                            os.path.join(self.projects, name))
        cmd = ["cmake", "-S", os.path.join(self.args.source_dir, "tests", "cmake", "consumer"),
               "-B", self.build, "-G", self.args.generator,
               f"-DPYRELEASE_MODE={self.args.mode}",
               f"-DPYRELEASE_SOURCE_DIR={self.args.source_dir}",
               f"-DCONSUMER_PROJECTS_DIR={self.projects}"]
        if self.args.pyrelease_exe:
            cmd.append(f"-DPYRELEASE_EXECUTABLE={self.args.pyrelease_exe}")
        if self.args.prefix:
            cmd.append(f"-DCMAKE_PREFIX_PATH={self.args.prefix}")
        if self.args.cxx:
            cmd.append(f"-DCMAKE_CXX_COMPILER={self.args.cxx}")
        if shutil.which("ccache") and self.args.mode in ("subdirectory", "fetchcontent"):
            cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        self.run(cmd)

    def build_target(self, *targets, check=True):
        cmd = ["cmake", "--build", self.build, "--target", *targets]
        if self.args.jobs:
            cmd += ["--parallel", str(self.args.jobs)]
        return self.run(cmd, check=check)

    def steps(self, output):
        return sorted(set(f"{pkg}/{kind}" for kind, pkg in STEP_RE.findall(output)))

    def manifest(self, pkg, kind):
        path = os.path.join(self.build, "pyrelease", pkg, f"{kind}.json")
        with open(path) as f:
            return json.load(f)

    def archive(self, pkg, kind):
        return self.manifest(pkg, kind)[kind]

    def stamps(self):
        """mtime_ns of every manifest and archive."""
        out = {}
        for pkg in PACKAGES:
            for kind in ("sdist", "wheel"):
                out[f"{pkg}/{kind}.json"] = os.stat(os.path.join(self.build, "pyrelease", pkg, f"{kind}.json")).st_mtime_ns
                out[f"{pkg}/{kind}"] = os.stat(self.archive(pkg, kind)).st_mtime_ns
        return out

    def rebuilt(self, before, after):
        return sorted(set(k.split(".")[0] for k in before if before[k] != after[k]))


def bump(path):
    """Changes a file's content and mtime (now: later than anything built so far)."""
    time.sleep(0.01)
    with open(path, "a") as f:
        f.write("\n# touched by consumer_test.py\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", required=True, choices=["find_package", "subdirectory", "fetchcontent", "module"])
    ap.add_argument("--pyrelease-exe", help="module mode: the tool to use")
    ap.add_argument("--generator", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--prefix")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--release-chain", action="store_true",
                    help="also run publish-verify-test (publish-test, then the verify-test CTest tests)")
    ap.add_argument("--cxx", help="the C++ compiler for the tool (subdirectory/fetchcontent modes)")
    args = ap.parse_args()
    c = Consumer(args)
    ninja = args.generator == "Ninja"

    c.configure()

    # 1. Full build of both packages through the umbrella target.
    t0 = time.monotonic()
    out = c.build_target("dist").stdout
    full = time.monotonic() - t0
    want = sorted(f"{p}/{k}" for p in PACKAGES for k in ("sdist", "wheel"))
    if c.steps(out) != want:
        fail(f"the first 'dist' build ran {c.steps(out)}, expected {want}")
    for pkg in PACKAGES:
        m = c.manifest(pkg, "wheel")
        for key in ("name", "version", "wheel"):
            if not m.get(key):
                fail(f"{pkg}/wheel.json has no '{key}': {m}")
        if not os.path.isfile(c.archive(pkg, "sdist")) or not c.archive(pkg, "wheel").endswith(".whl"):
            fail(f"{pkg}: the archives listed in the manifests are missing")
        if m["version"] not in os.path.basename(m["wheel"]):
            fail(f"{pkg}: the wheel name {m['wheel']} does not carry version {m['version']}")
    before = c.stamps()

    # 2. No-op: nothing runs, nothing is rewritten.
    if ninja:
        # CMake's own checks may appear (add_subdirectory mode: the tool's CONFIGURE_DEPENDS globs
        # are re-checked on every build); no pyrelease output may be dirty.
        p = c.run(["ninja", "-C", c.build, "-n", "-d", "explain", "dist"])
        dirty = [line for line in p.stdout.splitlines()
                 if "explain:" in line and re.search(r"pyrelease/(flat|scripts)/|\.whl|\.tar\.gz|pyrelease_core|/pyrelease ", line)]
        if dirty:
            fail(f"ninja -n -d explain dist found pyrelease work after a full build: {dirty}")
    t0 = time.monotonic()
    out = c.build_target("dist").stdout
    noop = time.monotonic() - t0
    if c.steps(out) or "PyRelease:" in out:
        fail(f"the no-op 'dist' build ran pyrelease steps: {c.steps(out)}")
    if c.rebuilt(before, c.stamps()):
        fail(f"the no-op build rewrote {c.rebuilt(before, c.stamps())}")
    print(f"TIMING {args.mode} {args.generator}: full dist build {full:.3f} s, no-op {noop:.3f} s")

    # 3. A file only the sdist holds (tests/): only flat's sdist is rebuilt.
    bump(os.path.join(c.projects, "flat", "tests", "test_core.py"))
    out = c.build_target("dist").stdout
    if c.steps(out) != ["flat/sdist"]:
        fail(f"touching flat/tests/test_core.py ran {c.steps(out)}, expected ['flat/sdist']")
    after = c.stamps()
    if c.rebuilt(before, after) != ["flat/sdist"]:
        fail(f"touching flat/tests/test_core.py rewrote {c.rebuilt(before, after)}")
    before = after

    # 4. A module of flat: flat's sdist and wheel, not scripts'.
    bump(os.path.join(c.projects, "flat", "flat_demo", "core.py"))
    out = c.build_target("dist").stdout
    if c.steps(out) != ["flat/sdist", "flat/wheel"]:
        fail(f"touching flat_demo/core.py ran {c.steps(out)}, expected flat's sdist and wheel")
    after = c.stamps()
    if c.rebuilt(before, after) != ["flat/sdist", "flat/wheel"]:
        fail(f"touching flat_demo/core.py rewrote {c.rebuilt(before, after)}")
    before = after

    # 5. A new module is noticed (the scanned directory changed) and ships in the wheel.
    new_module = os.path.join(c.projects, "scripts", "scripts_demo", "added_later.py")
    with open(new_module, "w") as f:
        f.write("VALUE = 1\n")
    out = c.build_target("wheel").stdout
    if c.steps(out) != ["scripts/wheel"]:
        fail(f"adding scripts_demo/added_later.py ran {c.steps(out)} for 'wheel', expected ['scripts/wheel']")
    with zipfile.ZipFile(c.archive("scripts", "wheel")) as z:
        if "scripts_demo/added_later.py" not in z.namelist():
            fail("the new module is not in the rebuilt wheel")
    out = c.build_target("sdist").stdout
    if c.steps(out) != ["scripts/sdist"]:
        fail(f"adding scripts_demo/added_later.py ran {c.steps(out)} for 'sdist', expected ['scripts/sdist']")
    out = c.build_target("dist").stdout
    if c.steps(out):
        fail(f"a no-op after the new file ran {c.steps(out)}")

    # 5b. A new version in pyproject.toml: the archives get the new names (find_package mode
    # re-configures through CMAKE_CONFIGURE_DEPENDS), the manifests follow, then a no-op again.
    pyproject = os.path.join(c.projects, "flat", "pyproject.toml")
    with open(pyproject) as f:
        text = f.read()
    if 'version = "0.1.0"' not in text:
        fail("the flat fixture no longer has version 0.1.0")
    time.sleep(0.01)
    with open(pyproject, "w") as f:
        f.write(text.replace('version = "0.1.0"', 'version = "0.1.1"', 1))
    out = c.build_target("dist").stdout
    if c.steps(out) != ["flat/sdist", "flat/wheel"]:
        fail(f"a new version in flat's pyproject.toml ran {c.steps(out)}, expected flat's sdist and wheel")
    if args.mode == "find_package" and "Configuring done" not in out:
        fail("a new version in pyproject.toml did not re-run the configure (CMAKE_CONFIGURE_DEPENDS)")
    for kind in ("sdist", "wheel"):
        m = c.manifest("flat", kind)
        if m["version"] != "0.1.1" or "0.1.1" not in os.path.basename(m[kind]) or not os.path.isfile(m[kind]):
            fail(f"after the version change flat/{kind}.json is {m}")
    out = c.build_target("dist").stdout
    if c.steps(out) or "Re-running CMake" in out:
        fail(f"the build after the version change is not a no-op: {c.steps(out)}")

    # 6. The umbrella targets cover both packages.
    for pkg in PACKAGES:
        for kind in ("sdist", "wheel"):
            os.remove(os.path.join(c.build, "pyrelease", pkg, f"{kind}.json"))
    out = c.build_target("sdist").stdout
    if c.steps(out) != ["flat/sdist", "scripts/sdist"]:
        fail(f"'sdist' ran {c.steps(out)}, expected both packages' sdists")
    out = c.build_target("wheel").stdout
    if c.steps(out) != ["flat/wheel", "scripts/wheel"]:
        fail(f"'wheel' ran {c.steps(out)}, expected both packages' wheels")

    # 7. twine-check: either the check really ran on both packages (stamps) or it failed loudly.
    p = c.build_target("twine-check", check=False)
    stamps = [os.path.join(c.build, "pyrelease", pkg, "check.stamp") for pkg in PACKAGES]
    if p.returncode == 0:
        if not all(os.path.exists(s) for s in stamps):
            fail("twine-check succeeded without checking both packages")
        if "PyRelease: checking the archives of flat" not in p.stdout or \
           "PyRelease: checking the archives of scripts" not in p.stdout:
            fail("twine-check succeeded without running the check of both packages")
        # A second run checks nothing (the archives did not change).
        p2 = c.build_target("twine-check")
        if "PyRelease: checking" in p2.stdout:
            fail("a no-op twine-check ran the check again")
        # publish-test into the local file index, then verify-test from it.
        p = c.build_target("publish-test", check=False)
        if p.returncode == 0:
            index = os.path.join(c.build, "index-test")
            found = []
            for root, _, files in os.walk(index):
                found += files
            for pkg in PACKAGES:
                for kind in ("sdist", "wheel"):
                    if os.path.basename(c.archive(pkg, kind)) not in found:
                        fail(f"publish-test did not put {os.path.basename(c.archive(pkg, kind))} in {index}")
            if args.release_chain:
                # publish-verify-test: publish-test again (nothing new), then every package's verify-test
                # CTest tests, one per check, against the local file index.
                p = c.build_target("publish-verify-test")
                for name in ("flat-verify-test:install", "flat-verify-test:hashes",
                             "flat-verify-test:import:flat_demo.core", "flat-verify-test:entry-points",
                             "scripts-verify-test:install",
                             "scripts-verify-test:command:scripts-demo --help",
                             "scripts-verify-test:cleanup"):
                    if not re.search(re.escape(name) + r" \.*\s+Passed", p.stdout):
                        fail(f"publish-verify-test did not pass the test '{name}'")
                if "flat-verify:install" in p.stdout:
                    fail("publish-verify-test ran the tests of the release index")
        elif "pyrelease: error:" not in p.stdout:
            fail("publish-test failed without a pyrelease error message")
    else:
        if "pyrelease: error:" not in p.stdout or "check failed" not in p.stdout:
            fail("twine-check failed without a clear message")
        if any(os.path.exists(s) for s in stamps):
            fail("a failed twine-check left a stamp behind")
        # publish depends on twine-check: nothing is uploaded when the check fails.
        p = c.build_target("publish-test", check=False)
        if p.returncode == 0 or os.path.exists(os.path.join(c.build, "index-test")):
            fail("publish-test ran although twine-check fails")

    # 8. The verify tests exist, one per check, with their labels.
    p = c.run(["ctest", "--test-dir", c.build, "-N", "-L", "^verify-test$"])
    for name in ("flat-verify-test:install", "flat-verify-test:import:flat_demo.core",
                 "scripts-verify-test:command:scripts-demo --help", "scripts-verify-test:cleanup"):
        if name not in p.stdout:
            fail(f"ctest -L verify-test does not list '{name}'")
    if "flat-verify:install" in p.stdout:
        fail("ctest -L '^verify-test$' lists a verify test")

    # 9. No planted credential anywhere in the build tree (CMakeCache.txt, build files, logs).
    leaks = []
    for root, _, files in os.walk(c.build):
        for name in files:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    if PLANTED.encode() in f.read():
                        leaks.append(path)
            except OSError:
                pass
    if leaks:
        fail(f"the planted token is in {leaks}")
    with open(os.path.join(c.build, "CMakeCache.txt")) as f:
        if PLANTED in f.read():
            fail("the planted token is in CMakeCache.txt")
    print(f"PASS {args.mode} {args.generator}")


if __name__ == "__main__":
    main()
