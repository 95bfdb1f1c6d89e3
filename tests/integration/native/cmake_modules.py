#!/usr/bin/env python3
"""pyrelease_add_package(... MODULES _core=fastthing/_core) in a consumer project (find_package mode,
the installed prefix): `--target fastthing-wheel` builds the extension, then a wheel tagged for the
Python CMake found (cpXY-cpXY-manylinux...) holding it at its import path; a second build does
nothing; editing the C source rebuilds the module and the wheel; twine-check passes; the wheel
installs into a fresh venv and the extension works there. The same module linking libcrypto gets it
vendored into fastthing.libs/, and refused by name with NO_VENDOR.

usage: cmake_modules.py PYRELEASE_PREFIX WORK_DIR
"""
import os
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    prefix, work_root = sys.argv[1:3]
    work = ns.fresh(work_root, "native-cmake-modules")
    project = os.path.join(work, "fastthing")
    shutil.copytree(os.path.join(HERE, "cmake_fastthing"), project)
    build = os.path.join(work, "build")
    failures = []
    ns.run_ok(["cmake", "-S", project, "-B", build, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={prefix}",
               f"-DPython_EXECUTABLE={sys.executable}", "-DCMAKE_BUILD_TYPE=Release"])

    def build_wheel():
        return ns.run_ok(["cmake", "--build", build, "--target", "fastthing-wheel"]).stdout

    out = build_wheel()
    dist = os.path.join(build, "dist")
    wheels = [f for f in os.listdir(dist) if f.endswith(".whl")]
    version = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    print("built", wheels)
    if len(wheels) != 1 or not wheels[0].startswith(f"fastthing-1.0-{version}-{version}-manylinux"):
        failures.append(f"expected one fastthing-1.0-{version}-{version}-manylinux... wheel, got {wheels}")
        return ns.report(failures)
    wheel = os.path.join(dist, wheels[0])
    import sysconfig
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    if f"fastthing/_core{sysconfig.get_config_var('EXT_SUFFIX')}" not in names:
        failures.append(f"the module is not at its import path: {names}")

    again = build_wheel()
    if "no work to do" not in again:
        failures.append(f"a second build was not a no-op:\n{again}")

    before = os.stat(wheel).st_mtime_ns
    with open(os.path.join(project, "src", "core.c"), "a") as f:
        f.write("\nint fastthing_unused(void) { return 1; }\n")
    edited = build_wheel()
    if "core.c" not in edited or "building the wheel of fastthing" not in edited:
        failures.append(f"editing core.c did not rebuild the module and the wheel:\n{edited}")
    if os.stat(wheel).st_mtime_ns == before and "building the wheel" not in edited:
        failures.append("the wheel was not rewritten after the edit")

    r = subprocess.run(["cmake", "--build", build, "--target", "fastthing-twine-check"], capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"fastthing-twine-check failed:\n{r.stdout}{r.stderr}")

    venv = os.path.join(work, "venv")
    ns.run_ok([sys.executable, "-m", "venv", venv])
    py = os.path.join(venv, "bin", "python")
    ns.run_ok([py, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel])
    r = subprocess.run([py, "-c", "import fastthing; print(fastthing.add(20, 22))"], capture_output=True, text=True,
                       cwd=work)
    if r.stdout.strip() != "42":
        failures.append(f"the installed extension does not work: {r.stdout}{r.stderr}")

    # The module linking libcrypto: vendored by default, refused by name with NO_VENDOR.
    for label, options in [("vendored", []), ("NO_VENDOR", ["-DFASTTHING_NO_VENDOR=ON"])]:
        vbuild = os.path.join(work, "build-crypto-" + label)
        ns.run_ok(["cmake", "-S", project, "-B", vbuild, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={prefix}",
                   f"-DPython_EXECUTABLE={sys.executable}", "-DFASTTHING_LINK_CRYPTO=ON", *options])
        r = subprocess.run(["cmake", "--build", vbuild, "--target", "fastthing-wheel"], capture_output=True, text=True)
        vdist = os.path.join(vbuild, "dist")
        vwheels = [f for f in os.listdir(vdist) if f.endswith(".whl")] if os.path.isdir(vdist) else []
        if label == "NO_VENDOR":
            print("NO_VENDOR:", r.returncode, [line for line in r.stdout.splitlines() if "libcrypto" in line][:1])
            if r.returncode == 0 or "libcrypto.so.3" not in r.stdout + r.stderr or vwheels:
                failures.append(f"NO_VENDOR: expected a refusal naming libcrypto.so.3 and no wheel, got "
                                f"{r.returncode} {vwheels}:\n{r.stdout}{r.stderr}")
            continue
        names = zipfile.ZipFile(os.path.join(vdist, vwheels[0])).namelist() if r.returncode == 0 and vwheels else []
        vendored = [n for n in names if n.startswith("fastthing.libs/libcrypto-")]
        print("vendored:", vendored)
        if not vendored:
            failures.append(f"libcrypto was not vendored by the CMake build ({r.returncode}, {names}):\n{r.stdout}{r.stderr}")
    return ns.report(failures)


if __name__ == "__main__":
    sys.exit(main())
