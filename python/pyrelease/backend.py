"""A PEP 517 backend for projects whose wheel is built by their CMake project with the PyRelease
CMake package (pyrelease_add_package(... MODULES ...)).

    [build-system]
    requires = ["pyrelease"]
    build-backend = "pyrelease.backend"

build_sdist runs `pyrelease build --sdist` on the project. build_wheel configures the project's
CMakeLists.txt in a temporary build directory for the running Python (Python_EXECUTABLE), builds the
`wheel` target and copies the wheel that pyrelease_add_package made for this project out of it.
The build directory is build/pyrelease-<python tag> in the project (as setuptools keeps build/): in
an sdist pip unpacked, pip's own cleanup removes it; in a checkout, the next build is incremental.
Nothing is deleted here.

The pyrelease binary is, in this order: $PYRELEASE_EXE, the one the self-wheel carries in this
package (pyrelease/bin/), the one among the interpreter's scripts, or the first on PATH. Its CMake package comes from
`pyrelease --cmake-dir`.

config_settings (pip: -C key=value / --config-settings):
  build-type   CMAKE_BUILD_TYPE (default Release)
  cmake-args   further arguments for the configure step, split like a shell would
  build-dir    the CMake build directory (default: build/pyrelease-<python tag> in the project)
"""
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig

__all__ = [
    "build_wheel",
    "build_sdist",
    "get_requires_for_build_wheel",
    "get_requires_for_build_sdist",
]


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and what to do."""


def _pyrelease_exe():
    env = os.environ.get("PYRELEASE_EXE")
    if env:
        if not os.access(env, os.X_OK):
            raise BuildError(f"PYRELEASE_EXE={env} is not an executable file")
        return env
    # The self-wheel carries the program inside this package (pyrelease/bin/pyrelease).
    from pyrelease import executable
    if os.access(executable(), os.X_OK):
        return executable()
    # Otherwise a pyrelease installed among the interpreter's scripts.
    scripts = sysconfig.get_path("scripts")
    for name in ("pyrelease", "pyrelease.exe"):
        candidate = os.path.join(scripts, name)
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("pyrelease")
    if found:
        return found
    raise BuildError("the pyrelease binary was not found: install the pyrelease wheel, put "
                     "pyrelease on PATH or set PYRELEASE_EXE")


def _run(cmd, what, cwd=None):
    # The output goes to stderr: a frontend shows it when the build fails (pip shows it with -v).
    print("pyrelease.backend: " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr, flush=True)
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stderr.write(r.stdout)
    sys.stderr.flush()
    if r.returncode != 0:
        raise BuildError(f"{what} failed (exit status {r.returncode}): {' '.join(cmd)}")
    return r.stdout


def _normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _project_name(project_dir):
    """The distribution name: PKG-INFO's in an sdist, else pyproject.toml's [project] name."""
    pkg_info = os.path.join(project_dir, "PKG-INFO")
    if os.path.isfile(pkg_info):
        with open(pkg_info, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    break
                if line.lower().startswith("name:"):
                    return line.split(":", 1)[1].strip()
    try:
        import tomllib  # Python 3.11+
    except ImportError:
        tomllib = None
    with open(os.path.join(project_dir, "pyproject.toml"), "rb") as f:
        data = f.read()
    if tomllib is not None:
        return tomllib.loads(data.decode("utf-8")).get("project", {}).get("name", "")
    # Older Pythons have no TOML reader in the standard library: the name's line in [project].
    section = None
    for line in data.decode("utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif section == "[project]":
            m = re.match(r"""name\s*=\s*["']([^"']+)["']""", stripped)
            if m:
                return m.group(1)
    return ""


def _setting(config_settings, key, default=None):
    value = (config_settings or {}).get(key, default)
    if isinstance(value, list):  # a key given twice
        value = " ".join(value)
    return value


def get_requires_for_build_wheel(config_settings=None):
    # CMake, a compiler and the project's own build dependencies are the machine's.
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_sdist(sdist_directory, config_settings=None):
    out = _run([_pyrelease_exe(), "build", "--project", os.getcwd(), "--sdist", "--outdir",
                os.path.abspath(sdist_directory)], "pyrelease build --sdist")
    for line in out.splitlines():
        m = re.match(r"built (.+\.tar\.gz) \(", line)
        if m:
            return os.path.basename(m.group(1))
    raise BuildError("pyrelease build --sdist did not name the sdist it built")


def _wheel_from_manifests(build_dir, name):
    """The wheel pyrelease_add_package built for `name`, from the manifests the build wrote."""
    wheels = []
    for manifest in glob.glob(os.path.join(build_dir, "**", "pyrelease", "*", "wheel.json"),
                              recursive=True):
        with open(manifest, encoding="utf-8") as f:
            data = json.load(f)
        if data.get("wheel") and (not name or data.get("normalized_name") == _normalize(name)):
            wheels.append(data["wheel"])
    if len(wheels) != 1:
        raise BuildError(f"expected one wheel of {name or 'the project'} from the CMake build, found "
                         f"{len(wheels)} ({', '.join(wheels) or 'no pyrelease_add_package() for it?'})")
    return wheels[0]


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    source = os.getcwd()
    if not os.path.isfile(os.path.join(source, "CMakeLists.txt")):
        raise BuildError(f"{source}: no CMakeLists.txt; pyrelease.backend builds the wheel with the "
                         "project's CMake project (add CMakeLists.txt to the sdist)")
    exe = _pyrelease_exe()
    cmake_dir = _run([exe, "--cmake-dir"], "pyrelease --cmake-dir").strip()
    cmake = shutil.which("cmake")
    if not cmake:
        raise BuildError("cmake is not on PATH: building this project's wheel needs CMake (3.20+)")
    tag = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
    build_dir = os.path.abspath(_setting(config_settings, "build-dir") or
                                os.path.join(source, "build", f"pyrelease-{tag}"))
    configure = [cmake, "-S", source, "-B", build_dir,
                 f"-DCMAKE_BUILD_TYPE={_setting(config_settings, 'build-type', 'Release')}",
                 f"-DPyRelease_DIR={cmake_dir}",
                 f"-DPython_EXECUTABLE={sys.executable}", f"-DPython3_EXECUTABLE={sys.executable}"]
    if shutil.which("ninja") and not os.path.isfile(os.path.join(build_dir, "CMakeCache.txt")):
        configure += ["-G", "Ninja"]
    configure += shlex.split(_setting(config_settings, "cmake-args", "") or "")
    _run(configure, "configuring the CMake project")
    _run([cmake, "--build", build_dir, "--target", "wheel"], "building the wheel target")
    wheel = _wheel_from_manifests(build_dir, _project_name(source))
    os.makedirs(wheel_directory, exist_ok=True)
    shutil.copyfile(wheel, os.path.join(wheel_directory, os.path.basename(wheel)))
    return os.path.basename(wheel)
