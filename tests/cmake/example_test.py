#!/usr/bin/env python3
"""Configures and builds one of examples/<name> as the standalone CMake project it is: against an
installed pyrelease (--prefix, find_package mode) or a source tree (--pyrelease-source,
add_subdirectory mode). Builds `dist`, checks the archives named by the manifests exist, that a
second build runs nothing, and, with --release, runs twine-check, publish-test and the
verify-test CTest tests against the example's local file index.

usage: example_test.py --example DIR --generator G --work-dir DIR
                       (--prefix PREFIX | --pyrelease-source SRC [--cxx CXX]) [--release]
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402


def run(cmd, check=True):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(p.stdout, end="", flush=True)
    if check and p.returncode != 0:
        fail(f"{' '.join(cmd)} exited with {p.returncode}")
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--example", required=True)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--prefix")
    ap.add_argument("--pyrelease-source")
    ap.add_argument("--cxx")
    ap.add_argument("--release", action="store_true")
    args = ap.parse_args()

    build = os.path.abspath(args.work_dir)
    fresh_dir(build)
    cmd = ["cmake", "-S", args.example, "-B", build, "-G", args.generator]
    if args.prefix:
        cmd.append(f"-DCMAKE_PREFIX_PATH={args.prefix}")
    if args.pyrelease_source:
        cmd.append(f"-DPYRELEASE_SOURCE_DIR={args.pyrelease_source}")
        if shutil.which("ccache"):
            cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    if args.cxx:
        cmd.append(f"-DCMAKE_CXX_COMPILER={args.cxx}")
    run(cmd)
    run(["cmake", "--build", build, "--target", "dist", "--parallel", "2"])

    manifests = sorted(glob.glob(os.path.join(build, "pyrelease", "*", "*.json")))
    if len(manifests) != 2:
        fail(f"expected an sdist and a wheel manifest, found {manifests}")
    archives = []
    for path in manifests:
        with open(path) as f:
            m = json.load(f)
        kind = os.path.basename(path)[:-5]
        if not os.path.isfile(m.get(kind, "")):
            fail(f"{path} names no existing {kind}: {m}")
        archives.append(m[kind])
    print("built:", ", ".join(os.path.basename(a) for a in archives))

    p = run(["cmake", "--build", build, "--target", "dist"])
    if "PyRelease:" in p.stdout:
        fail("a second 'dist' build ran a pyrelease step")

    if args.release:
        run(["cmake", "--build", build, "--target", "twine-check"])
        run(["cmake", "--build", build, "--target", "publish-test"])
        index = os.path.join(build, "index-test")
        published = [f for _, _, files in os.walk(index) for f in files]
        for a in archives:
            if os.path.basename(a) not in published:
                fail(f"publish-test did not put {os.path.basename(a)} into {index}")
        p = run(["ctest", "--test-dir", build, "-L", "^verify-test$", "--output-on-failure"])
        names = re.findall(r"Test +#\d+: (\S+:\S+)", p.stdout)
        if not any(n.endswith(":install") for n in names) or len(names) < 4:
            fail(f"ctest -L verify-test ran {names}")
    print("PASS", os.path.basename(os.path.normpath(args.example)), args.generator)


if __name__ == "__main__":
    main()
