#!/usr/bin/env python3
"""The CTest tests pyrelease_add_package() creates are exactly the checks `pyrelease verify`
runs for the same arguments (`--list-checks`, through the step script), for both labels, with
every VERIFY_* option and two Pythons (so names carry @<python>).

usage: checks_match_test.py --source-dir SRC --prefix PREFIX --work-dir DIR
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(p.stdout)
        sys.exit(f"FAIL: {' '.join(cmd)} exited with {p.returncode}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    build = os.path.abspath(args.work_dir)
    fresh_dir(build)
    run(["cmake", "-S", os.path.join(args.source_dir, "tests", "cmake", "checks_match"), "-B", build,
         "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={args.prefix}",
         f"-DFIXTURE_DIR={os.path.join(args.source_dir, 'tests', 'projects', 'flat')}"])
    run(["cmake", "--build", build, "--target", "many-dist"])
    module_dir = os.path.join(args.prefix, "lib", "cmake", "PyRelease")
    for which, label in (("test", "verify-test"), ("release", "verify")):
        listed = run(["cmake", f"-DPYRELEASE_EXE={os.path.join(args.prefix, 'bin', 'pyrelease')}",
                      "-DPYRELEASE_STEP=list-checks", f"-DPYRELEASE_WHICH={which}",
                      f"-DPYRELEASE_STEP_CONFIG={os.path.join(build, 'pyrelease', 'many', 'step-config.cmake')}",
                      "-P", os.path.join(module_dir, "PyRelease", "RunStep.cmake")]).splitlines()
        tool = sorted(line.strip() for line in listed if line.strip())
        out = run(["ctest", "--test-dir", build, "-N", "-L", f"^{label}$"])
        tests = re.findall(r"Test +#\d+: many-" + re.escape(label) + r":(.*)", out)
        ours = sorted(t for t in tests if t != "cleanup")
        if "cleanup" not in tests:
            sys.exit(f"FAIL: no many-{label}:cleanup test")
        if ours != tool:
            sys.exit(f"FAIL: {label}: the tests {ours}\n  differ from pyrelease verify --list-checks {tool}")
        for expected in ("wait", "hashes", "install@python3", "install@python3.11", "extra:slow@python3.11",
                         "command:flat-demo --help@python3", "script:smoke_check.py@python3.11"):
            if expected not in ours:
                sys.exit(f"FAIL: {label}: no check '{expected}' in {ours}")
        print(f"{label}: {len(ours)} checks match")
    # VERIFY_FROM sdist reaches every verify command (the tool accepted it for --list-checks above).
    with open(os.path.join(build, "pyrelease", "many", "step-config.cmake")) as f:
        if "--from;sdist" not in f.read():
            sys.exit("FAIL: VERIFY_FROM sdist is not in the verify arguments of the step config")
    print("PASS")


if __name__ == "__main__":
    main()
