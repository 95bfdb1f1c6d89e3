#!/usr/bin/env python3
"""Configures tests/cmake/consumer (two packages) with PyRelease from an installed prefix
(find_package), from add_subdirectory() and from FetchContent, and asserts the three give the same
pyrelease targets and the same CTest tests with the same labels.

usage: same_targets_test.py --source-dir SRC --prefix PREFIX --work-dir DIR [--cxx COMPILER]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402

UMBRELLAS = {"sdist", "wheel", "dist", "twine-check", "publish-test", "publish", "verify-test",
             "verify", "publish-verify-test", "publish-verify", "release"}
PER_PACKAGE = {f"{pkg}-{u}" for pkg in ("flat", "scripts") for u in UMBRELLAS}


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(p.stdout)
        fail(f"{' '.join(cmd)} exited with {p.returncode}")
    return p.stdout


def configure(args, mode):
    build = os.path.join(args.work_dir, mode)
    fresh_dir(build)
    cmd = ["cmake", "-S", os.path.join(args.source_dir, "tests", "cmake", "consumer"), "-B", build,
           "-G", "Ninja", f"-DPYRELEASE_MODE={mode}", f"-DPYRELEASE_SOURCE_DIR={args.source_dir}",
           f"-DCONSUMER_PROJECTS_DIR={os.path.join(args.source_dir, 'tests', 'projects')}",
           f"-DCMAKE_PREFIX_PATH={args.prefix}"]
    if args.cxx:
        cmd.append(f"-DCMAKE_CXX_COMPILER={args.cxx}")
    run(cmd)
    targets = set()
    for line in run(["ninja", "-C", build, "-t", "targets", "all"]).splitlines():
        name = line.split(":")[0]
        if name in UMBRELLAS or name in PER_PACKAGE or re.match(r"^(flat|scripts)-", name):
            targets.add(name)
    tests = {}
    for label in ("verify", "verify-test"):
        out = run(["ctest", "--test-dir", build, "-N", "-L", f"^{label}$"])
        tests[label] = sorted(re.findall(r"Test +#\d+: (.*)", out))
    return targets, tests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--cxx")
    args = ap.parse_args()
    results = {mode: configure(args, mode) for mode in ("find_package", "subdirectory", "fetchcontent")}
    ref_targets, ref_tests = results["find_package"]
    missing = (UMBRELLAS | PER_PACKAGE) - ref_targets
    if missing:
        fail(f"find_package mode lacks the targets {sorted(missing)}")
    if len(ref_tests["verify"]) < 10 or len(ref_tests["verify-test"]) != len(ref_tests["verify"]):
        fail(f"unexpected verify tests: {ref_tests}")
    for mode, (targets, tests) in results.items():
        if targets != ref_targets:
            fail(f"{mode} targets differ from find_package's: only in {mode}: "
                 f"{sorted(targets - ref_targets)}, only in find_package: {sorted(ref_targets - targets)}")
        if tests != ref_tests:
            fail(f"{mode} tests differ from find_package's: {tests} vs {ref_tests}")
    print(f"PASS: {len(ref_targets)} targets and {sum(len(t) for t in ref_tests.values())} tests "
          "are the same in the three modes")


if __name__ == "__main__":
    main()
