#!/usr/bin/env python3
"""What a no-op `cmake --build <dir> --target dist` costs with PyRelease, beside the generator's
own check: the same two-package consumer (tests/cmake/consumer) and a peer project of the same
shape (two packages x sdist/wheel custom commands + the same targets) whose commands only touch a
stamp, so the peer's no-op is exactly the generator's check. Also the full `dist` build of both
packages (4 archives) and `python -m build` of the same two projects for scale.

usage: bench_cmake_noop.py --prefix <installed pyrelease> [--runs 15]
Prints medians (seconds) and ratios, per generator.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import new_owned_temp_dir, remove_tree  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))

PEER = """cmake_minimum_required(VERSION 3.20)
project(peer LANGUAGES NONE)
foreach(pkg IN ITEMS flat scripts)
  foreach(kind IN ITEMS sdist wheel)
    set(out ${CMAKE_BINARY_DIR}/${pkg}-${kind}.stamp)
    add_custom_command(OUTPUT ${out} COMMAND ${CMAKE_COMMAND} -E touch ${out}
      DEPENDS ${CMAKE_SOURCE_DIR}/CMakeLists.txt)
    add_custom_target(${pkg}-${kind} DEPENDS ${out})
  endforeach()
  add_custom_target(${pkg}-dist)
  add_dependencies(${pkg}-dist ${pkg}-sdist ${pkg}-wheel)
endforeach()
add_custom_target(dist)
add_dependencies(dist flat-dist scripts-dist)
"""


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def timed(cmd):
    t0 = time.perf_counter()
    run(cmd)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    work = str(new_owned_temp_dir("pyrelease-bench-cmake-"))
    projects = os.path.join(work, "projects")
    for name in ("flat", "scripts"):
        shutil.copytree(os.path.join(SOURCE, "tests", "projects", name), os.path.join(projects, name))
    peer_src = os.path.join(work, "peer-src")
    os.makedirs(peer_src)
    with open(os.path.join(peer_src, "CMakeLists.txt"), "w") as f:
        f.write(PEER)

    print(f"{'generator':<16}{'full dist':>11}{'no-op dist':>12}{'peer no-op':>12}{'no-op/peer':>12}")
    for gen in ("Ninja", "Unix Makefiles"):
        build = os.path.join(work, "build-" + gen.replace(" ", "-"))
        peer = os.path.join(work, "peer-" + gen.replace(" ", "-"))
        run(["cmake", "-S", os.path.join(SOURCE, "tests", "cmake", "consumer"), "-B", build, "-G", gen,
             f"-DCMAKE_PREFIX_PATH={args.prefix}", f"-DCONSUMER_PROJECTS_DIR={projects}"])
        run(["cmake", "-S", peer_src, "-B", peer, "-G", gen])
        full, noop, peer_noop = [], [], []
        for _ in range(args.runs):
            for pkg in ("flat", "scripts"):
                for kind in ("sdist", "wheel"):
                    os.remove(os.path.join(build, "pyrelease", pkg, f"{kind}.json")) if os.path.exists(
                        os.path.join(build, "pyrelease", pkg, f"{kind}.json")) else None
            full.append(timed(["cmake", "--build", build, "--target", "dist"]))
            noop.append(timed(["cmake", "--build", build, "--target", "dist"]))
            run(["cmake", "--build", peer, "--target", "dist"])
            peer_noop.append(timed(["cmake", "--build", peer, "--target", "dist"]))
        f, n, p = (statistics.median(x) for x in (full, noop, peer_noop))
        print(f"{gen:<16}{f:>10.3f}s{n:>11.3f}s{p:>11.3f}s{n / p:>11.2f}x")

    # For scale: python -m build of the same two projects (sdist + wheel each), median of 3.
    builds = []
    for _ in range(3):
        t0 = time.perf_counter()
        for name in ("flat", "scripts"):
            out = os.path.join(work, "pybuild")
            run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, os.path.join(projects, name)])
        builds.append(time.perf_counter() - t0)
    print(f"python -m build --no-isolation, both projects: {statistics.median(builds):.3f}s (median of 3)")
    remove_tree(work)


if __name__ == "__main__":
    main()
