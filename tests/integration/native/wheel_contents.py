#!/usr/bin/env python3
"""What goes into a native wheel besides the modules (tests/integration/native/cmake_contents):
HEADERS (a directory), SCRIPTS (a program target), DATA (a file), INSTALL_COMPONENTS runtime
(platlib: a program and a generated file inside the package) and devel=data; stripped copies in
Release while the build's own files keep their symbols; nothing stripped in Debug; Ninja
Multi-Config picks each configuration's files. The wheel passes `check --strict`, installs with
pip, and its script, module, component file, header and data land where pip puts each scheme.
Editing the DATA file rebuilds the wheel; the build after that does nothing.

usage: wheel_contents.py PYRELEASE_PREFIX WORK_DIR
"""
import glob
import os
import subprocess
import sys
import sysconfig
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXT = sysconfig.get_config_var("EXT_SUFFIX")
EXPECTED = {
    "contents/__init__.py",
    f"contents/_core{EXT}",
    "contents/bin/contents-helper",
    "contents/build_info.py",
    "contents-1.0.data/headers/contents.h",
    "contents-1.0.data/scripts/contents-tool",
    "contents-1.0.data/data/notes.txt",
    "contents-1.0.data/data/include/contents.h",
}
ELF_MEMBERS = [f"contents/_core{EXT}", "contents/bin/contents-helper", "contents-1.0.data/scripts/contents-tool"]
failures = []


def fail(msg):
    print("FAIL:", msg, flush=True)
    failures.append(msg)


def has_symtab(data, work):
    path = os.path.join(work, "member.elf")
    with open(path, "wb") as f:
        f.write(data)
    return ".symtab" in ns.run_ok(["readelf", "-S", "--wide", path]).stdout


def inspect(wheel, config, work, built_module):
    with zipfile.ZipFile(wheel) as z:
        names = {n for n in z.namelist() if ".dist-info/" not in n}
        if names != EXPECTED:
            fail(f"[{config}] wheel members: missing {sorted(EXPECTED - names)}, extra {sorted(names - EXPECTED)}")
            return
        for member in ELF_MEMBERS:
            symbols = has_symtab(z.read(member), work)
            if config == "Release" and symbols:
                fail(f"[{config}] {member} was not stripped")
            if config == "Debug" and not symbols:
                fail(f"[{config}] {member} was stripped in a Debug build")
        if z.getinfo("contents-1.0.data/scripts/contents-tool").external_attr >> 16 & 0o111 == 0:
            fail(f"[{config}] the script is not executable in the wheel")
    if not has_symtab(open(built_module, "rb").read(), work):
        fail(f"[{config}] the build's own module {built_module} lost its symbols")


def install(wheel, work, name):
    venv = ns.fresh(work, f"venv-{name}")
    ns.run_ok([sys.executable, "-m", "venv", venv])
    py = os.path.join(venv, "bin", "python")
    ns.run_ok([py, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel])
    r = subprocess.run([py, "-c", "import contents, contents.build_info as b; print(contents.answer(), b.CONFIG)"],
                       capture_output=True, text=True, cwd=work)
    if r.stdout.strip() != "42 from the install component":
        fail(f"[{name}] the installed package does not work: {r.stdout}{r.stderr}")
    r = subprocess.run([os.path.join(venv, "bin", "contents-tool")], capture_output=True, text=True)
    if r.stdout.strip() != "contents-tool 1.0":
        fail(f"[{name}] the script does not run: {r.stdout}{r.stderr}")
    helper = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", "contents", "bin", "contents-helper"))
    if not helper or subprocess.run(helper[:1], capture_output=True, text=True).stdout.strip() != "contents-tool 1.0":
        fail(f"[{name}] the component's program is not installed in the package: {helper}")
    for want in ("notes.txt", "include/contents.h", "include/site/python3*/contents/contents.h"):
        if not glob.glob(os.path.join(venv, want)):
            fail(f"[{name}] pip did not install {want} into the venv")


def wheel_in(build):
    wheels = glob.glob(os.path.join(build, "dist", "*.whl"))
    if len(wheels) != 1:
        fail(f"expected one wheel in {build}/dist, got {wheels}")
        return None
    return wheels[0]


def module_in(build, config):
    found = glob.glob(os.path.join(build, config, f"_core{EXT}")) + glob.glob(os.path.join(build, f"_core{EXT}"))
    return found[0]


def main():
    prefix, work_root = (os.path.abspath(a) for a in sys.argv[1:3])
    work = ns.fresh(work_root, "native-wheel-contents")
    project = os.path.join(work, "contents")
    ns.copy_tree(os.path.join(HERE, "cmake_contents"), project)
    common = [f"-DCMAKE_PREFIX_PATH={prefix}", f"-DPython_EXECUTABLE={sys.executable}"]

    # One configuration (Release): contents, strip, install, rebuild on a DATA edit.
    build = os.path.join(work, "build-ninja")
    ns.run_ok(["cmake", "-S", project, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release", *common])
    ns.run_ok(["cmake", "--build", build, "--target", "contents-wheel"])
    wheel = wheel_in(build)
    if wheel:
        print("built", os.path.basename(wheel), flush=True)
        inspect(wheel, "Release", work, module_in(build, ""))
        r = subprocess.run([os.path.join(prefix, "bin", "pyrelease"), "check", "--strict", wheel],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"check --strict:\n{r.stdout}{r.stderr}")
        install(wheel, work, "release")
        again = ns.run_ok(["cmake", "--build", build, "--target", "contents-wheel"]).stdout
        if "no work to do" not in again:
            fail(f"a second build was not a no-op:\n{again}")
        time.sleep(1.1)
        with open(os.path.join(project, "src", "notes.txt"), "a") as f:
            f.write("more notes\n")
        edited = ns.run_ok(["cmake", "--build", build, "--target", "contents-wheel"]).stdout
        if "building the wheel of contents" not in edited:
            fail(f"editing the DATA file did not rebuild the wheel:\n{edited}")
        with zipfile.ZipFile(wheel) as z:
            if b"more notes" not in z.read("contents-1.0.data/data/notes.txt"):
                fail("the rebuilt wheel does not hold the edited DATA file")
        again = ns.run_ok(["cmake", "--build", build, "--target", "contents-wheel"]).stdout
        if "no work to do" not in again:
            fail(f"the build after the rebuild was not a no-op:\n{again}")

    # Ninja Multi-Config: each configuration's files, stripped in Release only.
    build = os.path.join(work, "build-multi")
    ns.run_ok(["cmake", "-S", project, "-B", build, "-G", "Ninja Multi-Config", *common])
    for config in ("Debug", "Release"):
        ns.run_ok(["cmake", "--build", build, "--config", config, "--target", "contents-wheel"])
        wheel = wheel_in(build)
        if wheel:
            inspect(wheel, config, work, module_in(build, config))
    if wheel:
        install(wheel, work, "multi-release")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
