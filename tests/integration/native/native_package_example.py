#!/usr/bin/env python3
"""examples/native_package as users build it, against the installed prefix (find_package mode):

- one build directory for this Python and every other python3.X (>= 3.8) on the machine
  (FASTTHING_PYTHONS, pyrelease_add_python_module): `wheel` builds one wheel per interpreter,
  `fastthing-1.0-cpXY-cpXY-manylinux_...` with that interpreter's _core (only) at its import path
  and its own manifest; `pyrelease check --strict` passes each, each installs with pip into a fresh
  venv of its interpreter and the extension answers; twine-check checks all, publish (to a local
  directory index) uploads all, the verify tests (VERIFY_PYTHONS) import fastthing in a venv per
  interpreter; a second build is a no-op and touching core.cpp rebuilds every module and wheel;
- PYTHONS naming one interpreter twice, STABLE_ABI with several, an unknown name: refused at
  configure time with a message;
- rebuilds (this Python): a second build does nothing, touching src/core.cpp rebuilds the module
  and the wheel, editing tests/test_fastthing.py (in the sdist, not the wheel) does not;
- FASTTHING_STABLE_ABI=ON: one cp38-abi3 wheel (limited API), installed and called;
- FASTTHING_PLATFORM_TAG=manylinux_2_28_x86_64: that tag, and check still passes;
- the sdist holds the C++ sources, CMakeLists.txt and names pyrelease.backend; pip builds it
  (--no-build-isolation) in a fresh venv that has a wheel of python/pyrelease made here, with
  PYRELEASE_EXE naming the installed binary, and the extension answers; the backend's build_sdist
  hook gives the same bytes as the fastthing-sdist target.

usage: native_package_example.py PYRELEASE_PREFIX WORK_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
EXAMPLE = os.path.join(REPO, "examples", "native_package")
CALL = "import fastthing; print(fastthing.add(20, 22), fastthing.norm([3, 4]))"


class Test:
    def __init__(self, prefix, work):
        self.prefix = prefix
        self.exe = os.path.join(prefix, "bin", "pyrelease")
        self.work = work
        self.failures = []

    def fail(self, msg):
        print("FAIL:", msg, flush=True)
        self.failures.append(msg)

    def configure(self, name, python, *defs):
        build = os.path.join(self.work, name)
        ns.run_ok(["cmake", "-S", self.project, "-B", build, "-G", "Ninja",
                   f"-DCMAKE_PREFIX_PATH={self.prefix}", f"-DPython_EXECUTABLE={python}",
                   "-DCMAKE_BUILD_TYPE=Release", *defs])
        return build

    def build(self, build, target="fastthing-wheel"):
        return ns.run_ok(["cmake", "--build", build, "--target", target]).stdout

    def wheel_of(self, build):
        dist = os.path.join(build, "dist")
        wheels = sorted(f for f in os.listdir(dist) if f.endswith(".whl"))
        if len(wheels) != 1:
            self.fail(f"{build}: expected one wheel, got {wheels}")
            return None
        return os.path.join(dist, wheels[0])

    def check_strict(self, path):
        r = subprocess.run([self.exe, "check", "--strict", path], capture_output=True, text=True)
        if r.returncode != 0:
            self.fail(f"pyrelease check --strict {os.path.basename(path)}:\n{r.stdout}{r.stderr}")

    def install_and_call(self, python, name, *pip_args, env=None):
        venv = os.path.join(self.work, f"venv-{name}")
        ns.fresh(self.work, f"venv-{name}")
        ns.run_ok([python, "-m", "venv", venv])
        py = os.path.join(venv, "bin", "python")
        pip = [py, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check"]
        for group in pip_args:
            r = subprocess.run(pip + group, capture_output=True, text=True, env=env, cwd=self.work)
            if r.returncode != 0:
                self.fail(f"[{name}] pip install {' '.join(group)} failed:\n{r.stdout}{r.stderr}")
                return None
        r = subprocess.run([py, "-c", CALL], capture_output=True, text=True, cwd=self.work)
        if r.stdout.split() != ["42", "5.0"]:
            self.fail(f"[{name}] the installed extension does not answer: {r.stdout}{r.stderr}")
        return py

    # -- the parts -------------------------------------------------------------------------------

    def interpreters(self):
        """(tag, executable, EXT_SUFFIX) of every CPython >= 3.8 on the machine, one per version."""
        found = {}
        for python in ns.interpreters():
            info = subprocess.run([python, "-c", "import sys, sysconfig; print(sys.implementation.name, "
                                   "sys.version_info[0], sys.version_info[1], sys.executable, "
                                   "sysconfig.get_config_var('EXT_SUFFIX'))"],
                                  capture_output=True, text=True)
            fields = info.stdout.split()
            if info.returncode != 0 or len(fields) != 5 or fields[0] != "cpython":
                continue
            major, minor, real, suffix = int(fields[1]), int(fields[2]), fields[3], fields[4]
            if (major, minor) >= (3, 8) and (major, minor) not in found:  # requires-python >= 3.8
                found[(major, minor)] = (f"cp{major}{minor}", real, suffix)
        if (sys.version_info[0], sys.version_info[1]) not in found:
            self.fail(f"this Python ({sys.executable}) is not among the interpreters found")
        return [found[v] for v in sorted(found)]

    def several_pythons(self):
        """One build directory, FASTTHING_PYTHONS = every interpreter: a wheel each from `wheel`."""
        pythons = self.interpreters()
        print("interpreters:", [t for t, _, _ in pythons], flush=True)
        index = ns.fresh(self.work, "multi-index")
        build = self.configure("build-multi", sys.executable,
                               f"-DFASTTHING_PYTHONS={';'.join(p for _, p, _ in pythons)}",
                               f"-DPYRELEASE_REPOSITORY={index}")
        self.build(build, "wheel")
        dist = os.path.join(build, "dist")
        wheels = sorted(f for f in os.listdir(dist) if f.endswith(".whl"))
        if len(wheels) != len(pythons):
            self.fail(f"expected {len(pythons)} wheels from one build, got {wheels}")
        for tag, real, suffix in pythons:
            mine = [w for w in wheels if w.startswith(f"fastthing-1.0-{tag}-{tag}-")]
            if len(mine) != 1:
                self.fail(f"{tag}: expected one fastthing-1.0-{tag}-{tag}-* wheel, got {wheels}")
                continue
            name = mine[0]
            wheel = os.path.join(dist, name)
            print(f"{tag}: {name}", flush=True)
            if not re.fullmatch(rf"fastthing-1\.0-{tag}-{tag}-(manylinux\w+\.)*manylinux_2_\d+_x86_64\.whl", name) \
                    and not name.startswith(f"fastthing-1.0-{tag}-{tag}-manylinux"):
                self.fail(f"{tag}: unexpected wheel name {name}")
            with zipfile.ZipFile(wheel) as z:
                names = z.namelist()
                wheel_file = z.read("fastthing-1.0.dist-info/WHEEL").decode()
            for want in (f"fastthing/_core{suffix}", "fastthing/__init__.py"):
                if want not in names:
                    self.fail(f"{tag}: {want} is not in the wheel: {names}")
            if [n for n in names if n.startswith("fastthing/_core") and n != f"fastthing/_core{suffix}"]:
                self.fail(f"{tag}: another interpreter's module is in the wheel: {names}")
            if "Root-Is-Purelib: false" not in wheel_file:
                self.fail(f"{tag}: WHEEL does not say Root-Is-Purelib: false:\n{wheel_file}")
            manifest = os.path.join(build, "pyrelease", "fastthing", f"wheel-{tag}.json")
            if len(pythons) > 1 and (not os.path.isfile(manifest) or name not in open(manifest).read()):
                self.fail(f"{tag}: {manifest} does not name {name}")
            self.check_strict(wheel)
            self.install_and_call(real, f"multi-{tag}", [wheel])
        # twine-check, publish and verify take every wheel; verify gives each interpreter its own.
        checked = self.build(build, "twine-check")
        for w in wheels:
            if w not in checked:
                self.fail(f"twine-check did not check {w}:\n{checked}")
        self.build(build, "publish")
        files = os.path.join(index, "files")
        published = sorted(f for f in os.listdir(files) if f.endswith(".whl")) if os.path.isdir(files) else []
        if published != wheels:
            self.fail(f"publish uploaded {published}, not {wheels}")
        r = subprocess.run(["ctest", "--test-dir", build, "-L", "^verify$", "--output-on-failure"],
                           capture_output=True, text=True)
        ran = set(re.findall(r"(fastthing-verify:import:fastthing@\S+) \.+ +Passed", r.stdout))
        if r.returncode != 0 or len(ran) != len(pythons):
            self.fail(f"verify (a venv per interpreter) failed or did not import in each:\n{r.stdout}{r.stderr}")
        # One change rebuilds every wheel; nothing else rebuilds anything.
        again = self.build(build, "wheel")
        if "no work to do" not in again:
            self.fail(f"a second build of `wheel` was not a no-op:\n{again}")
        before = {w: os.stat(os.path.join(dist, w)).st_mtime_ns for w in wheels}
        time.sleep(1.1)
        os.utime(os.path.join(self.project, "src", "core.cpp"))
        touched = self.build(build, "wheel")
        for tag, _, _ in pythons:
            if f"_core-{tag}.dir" not in touched:
                self.fail(f"touching core.cpp did not rebuild _core-{tag}:\n{touched}")
        for w, mtime in before.items():
            if os.stat(os.path.join(dist, w)).st_mtime_ns == mtime:
                self.fail(f"{w} was not rewritten after core.cpp was touched")

    def refusals(self):
        """Interpreter lists that cannot work are refused at configure time, by name."""
        real = os.path.realpath(sys.executable)
        for name, defs, want in (
                ("twice", [f"-DFASTTHING_PYTHONS={sys.executable};{real}"], "twice"),
                ("abi3-several", ["-DFASTTHING_STABLE_ABI=ON",
                                  f"-DFASTTHING_PYTHONS={';'.join(p for _, p, _ in self.interpreters()[:2])}"],
                 "one abi3 module serves every CPython"),
                ("missing", ["-DFASTTHING_PYTHONS=python3-no-such-interpreter"], "not on PATH")):
            build = os.path.join(self.work, f"build-refused-{name}")
            r = subprocess.run(["cmake", "-S", self.project, "-B", build, "-G", "Ninja",
                                f"-DCMAKE_PREFIX_PATH={self.prefix}", *defs], capture_output=True, text=True)
            out = " ".join((r.stdout + r.stderr).split())
            if name == "abi3-several" and len(self.interpreters()) < 2:
                continue
            if r.returncode == 0 or want not in out:
                self.fail(f"[{name}] configure was not refused with '{want}':\n{r.stdout}{r.stderr}")

    def rebuilds(self):
        build = self.configure("build-rebuild", sys.executable)
        self.build(build)
        wheel = self.wheel_of(build)
        again = self.build(build)
        if "no work to do" not in again:
            self.fail(f"a second build was not a no-op:\n{again}")
        # An unrelated file: in the sdist, not in the wheel.
        time.sleep(1.1)
        with open(os.path.join(self.project, "tests", "test_fastthing.py"), "a") as f:
            f.write("\n# edited\n")
        unrelated = self.build(build)
        if "no work to do" not in unrelated:
            self.fail(f"editing tests/test_fastthing.py rebuilt something for the wheel:\n{unrelated}")
        before = os.stat(wheel).st_mtime_ns
        time.sleep(1.1)
        os.utime(os.path.join(self.project, "src", "core.cpp"))
        touched = self.build(build)
        if "core.cpp" not in touched or "building the wheel of fastthing" not in touched:
            self.fail(f"touching core.cpp did not rebuild the module and the wheel:\n{touched}")
        if os.stat(wheel).st_mtime_ns == before:
            self.fail("the wheel was not rewritten after core.cpp was touched")
        again = self.build(build)
        if "no work to do" not in again:
            self.fail(f"the build after the rebuild was not a no-op:\n{again}")

    def stable_abi(self):
        build = self.configure("build-abi3", sys.executable, "-DFASTTHING_STABLE_ABI=ON")
        self.build(build)
        wheel = self.wheel_of(build)
        if not wheel:
            return
        name = os.path.basename(wheel)
        print("abi3:", name, flush=True)
        if not name.startswith("fastthing-1.0-cp38-abi3-manylinux"):
            self.fail(f"the stable-ABI build is not a cp38-abi3 manylinux wheel: {name}")
        with zipfile.ZipFile(wheel) as z:
            if "fastthing/_core.abi3.so" not in z.namelist():
                self.fail(f"fastthing/_core.abi3.so is not in the abi3 wheel: {z.namelist()}")
        self.check_strict(wheel)
        self.install_and_call(sys.executable, "abi3", [wheel])

    def platform_tag(self):
        build = self.configure("build-platform-tag", sys.executable,
                               "-DFASTTHING_PLATFORM_TAG=manylinux_2_28_x86_64")
        self.build(build)
        wheel = self.wheel_of(build)
        if not wheel:
            return
        tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
        if os.path.basename(wheel) != f"fastthing-1.0-{tag}-{tag}-manylinux_2_28_x86_64.whl":
            self.fail(f"PLATFORM_TAG was not used: {os.path.basename(wheel)}")
        self.check_strict(wheel)

    def minimal_pyrelease_wheel(self):
        """A wheel of python/pyrelease (the backend), built by pyrelease from a scratch project."""
        version = ns.run_ok([self.exe, "--version"]).stdout.split()[-1]
        project = ns.fresh(self.work, "pyrelease-python")
        shutil.copytree(os.path.join(REPO, "python", "pyrelease"), os.path.join(project, "pyrelease"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        with open(os.path.join(project, "pyproject.toml"), "w") as f:
            f.write(f'[project]\nname = "pyrelease"\nversion = "{version}"\n'
                    'description = "pyrelease.backend alone, for the tests"\nrequires-python = ">=3.8"\n\n'
                    '[tool.pyrelease]\npackages = ["pyrelease"]\n')
        out = os.path.join(project, "dist")
        ns.run_ok([self.exe, "build", "--project", project, "--wheel", "--outdir", out])
        return os.path.join(out, [w for w in os.listdir(out) if w.endswith(".whl")][0])

    def sdist_rebuild(self):
        build = os.path.join(self.work, "build-rebuild")
        self.build(build, "fastthing-sdist")
        sdists = [f for f in os.listdir(os.path.join(build, "dist")) if f.endswith(".tar.gz")]
        if sdists != ["fastthing-1.0.tar.gz"]:
            self.fail(f"expected fastthing-1.0.tar.gz, got {sdists}")
            return
        sdist = os.path.join(build, "dist", sdists[0])
        with tarfile.open(sdist) as t:
            names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
            pyproject = t.extractfile("fastthing-1.0/pyproject.toml").read().decode()
        for want in ("CMakeLists.txt", "src/core.cpp", "fastthing/__init__.py", "pyproject.toml",
                     "PKG-INFO", "LICENSE", "README.md"):
            if want not in names:
                self.fail(f"the sdist lacks {want}: {sorted(names)}")
        if 'build-backend = "pyrelease.backend"' not in pyproject or 'requires = ["pyrelease"]' not in pyproject:
            self.fail(f"the sdist's pyproject.toml does not name pyrelease.backend:\n{pyproject}")
        self.check_strict(sdist)
        backend_wheel = self.minimal_pyrelease_wheel()
        env = dict(os.environ, PYRELEASE_EXE=self.exe)
        py = self.install_and_call(sys.executable, "from-sdist", [backend_wheel],
                                   ["--no-build-isolation", sdist], env=env)
        if py:
            # The backend's build_sdist hook gives the same bytes as the CMake target.
            out = ns.fresh(self.work, "hook-sdist")
            r = subprocess.run([py, "-c", f"import pyrelease.backend as b; print(b.build_sdist({out!r}))"],
                               capture_output=True, text=True, env=env, cwd=self.project)
            made = os.path.join(out, r.stdout.strip())
            if r.returncode != 0 or r.stdout.strip() != "fastthing-1.0.tar.gz":
                self.fail(f"build_sdist: {r.stdout}{r.stderr}")
            elif open(made, "rb").read() != open(sdist, "rb").read():
                self.fail("build_sdist's sdist differs from the fastthing-sdist target's")

    def run(self):
        # The example is copied: the rebuild test edits its files.
        self.project = os.path.join(self.work, "native_package")
        ns.copy_tree(EXAMPLE, self.project)
        for part in (self.rebuilds, self.sdist_rebuild, self.stable_abi, self.platform_tag,
                     self.refusals, self.several_pythons):
            print(f"== {part.__name__}", flush=True)
            part()
        return 1 if self.failures else 0


def main():
    prefix, work_root = (os.path.abspath(a) for a in sys.argv[1:3])
    work = ns.fresh(work_root, "native-package-example")
    return Test(os.path.abspath(prefix), work).run()


if __name__ == "__main__":
    sys.exit(main())
