#!/usr/bin/env python3
"""Real C/C++ projects with Python bindings, adopted by pyrelease's CMake package (label: realworld).

For each release of native_projects.txt (sdists downloaded with pip at test time, never committed):

1. the sdist as released: `pyrelease build --wheel --native-module` refuses it, naming its PEP 517
   backend (scikit-build-core compiles the extension itself and would never see the module);
2. the adoption, as a maintainer would do it: pyproject.toml's [build-system] names
   pyrelease.backend (plus the few [tool.pyrelease] lines the project needs, ADOPT below), and a
   thin CMakeLists.txt beside the project's own add_subdirectory()s it and calls
   find_package(PyRelease) against the installed prefix and pyrelease_add_package(... MODULES ...
   [INSTALL_COMPONENTS ...]); `--target <pkg>-wheel <pkg>-twine-check` must pass;
3. the same sdist built by its own backend (`python -m build --wheel`, the backends pinned as the
   corpus pins them: backends.txt);
4. compared: the wheel tags (ours manylinux_*, theirs linux_* before auditwheel: the rest equal),
   the member lists (dist-info's generated files aside), METADATA field by field (Metadata-Version
   and License-File aside: scikit-build-core writes 2.2 without License-File), and every ELF
   member section by section (tests/realworld/elf_sections.py);
5. both wheels installed in turn into one fresh venv and the same real call made with each: the
   outputs must be equal (and not empty).

Prints the build times of both sides (wall and CPU of the commands and their children).

usage: native_projects.py PYRELEASE_PREFIX WORK_DIR [--only NAME...] [--cache DIR]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "native"))
from owned_dir import fresh_dir  # noqa: E402
import compare  # noqa: E402
import elf_sections  # noqa: E402
import native_support as ns  # noqa: E402

# The adoption of each project: `pkg` is its name in the build (the targets' prefix), `version` a
# static version for a project whose version scikit-build-core reads with a regex from a C++
# header, `pyrelease` the [tool.pyrelease] table, `cmake` the thin CMakeLists.txt after
# find_package(PyRelease) (@PKG@ = the project's directory), `call` what the venv runs with each
# wheel after installing `deps`. Every project's [build-system] becomes BUILD_SYSTEM.
ADOPT = {
    # nanobind (STABLE_ABI, a no-op before 3.12), the stub and py.typed installed by install()
    # rules without a COMPONENT (CMake's "Unspecified"), the version in include/version.hpp.
    "mapbox-earcut": {
        "pkg": "mapbox_earcut",
        "version": "2.1.0",
        "pyrelease": 'sdist-include = ["CMakeLists.txt", "src/*.cpp", "include/**"]\n',
        "cmake": """find_package(Python 3.9 REQUIRED COMPONENTS Interpreter Development.Module)
add_subdirectory(@PKG@)
pyrelease_add_package(mapbox_earcut PROJECT_DIR @PKG@
  MODULES _core=mapbox_earcut/_core
  INSTALL_COMPONENTS Unspecified DEPENDS mapbox_earcut_stubs)
""",
        "call": "import numpy as np, mapbox_earcut as e; "
                "print(e.triangulate_float64(np.array([[0, 0], [4, 0], [4, 4], [0, 4], [1, 1], [2, 1], [2, 2], [1, 2]], "
                "dtype=np.float64), np.array([4, 8], dtype=np.uint32)).tolist())",
        "deps": ["numpy==2.4.6"],
    },
    # pybind11 (get_cmake_dir(): `-m pybind11 --cmakedir` shell-quotes a path with a space), the
    # module in phik/lib/ beside the pure package; its CMakeLists wants
    # scikit-build-core's SKBUILD_PROJECT_NAME/VERSION, which pyrelease_read_metadata gives. The
    # call loads the extension file alone (phik's own __init__ imports pandas, scipy, matplotlib).
    "phik": {
        "pkg": "phik",
        "pyrelease": 'sdist-include = ["CMakeLists.txt"]\n',
        "cmake": """find_package(Python 3.9 REQUIRED COMPONENTS Interpreter Development.Module)
execute_process(COMMAND "${Python_EXECUTABLE}" -c "import pybind11; print(pybind11.get_cmake_dir())"
  OUTPUT_VARIABLE pybind11_DIR OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
pyrelease_read_metadata(phik PROJECT_DIR @PKG@)
set(SKBUILD_PROJECT_NAME "${phik_NAME}")
set(SKBUILD_PROJECT_VERSION "${phik_VERSION}")
add_subdirectory(@PKG@)
pyrelease_add_package(phik PROJECT_DIR @PKG@
  MODULES _phik_simulation_core=phik/lib/_phik_simulation_core)
""",
        "call": "import glob, importlib.machinery as m, importlib.util as u, numpy as np, sysconfig; "
                "f = glob.glob(sysconfig.get_paths()['platlib'] + '/phik/lib/_phik_simulation_core*.so')[0]; "
                "s = u.spec_from_file_location('phik.lib._phik_simulation_core', f); x = u.module_from_spec(s); "
                "s.loader.exec_module(x); m = np.empty(4, dtype=np.int32); "
                "x._sim_2d_data_patefield(2, 2, np.array([5, 5], dtype=np.int32), np.array([4, 6], dtype=np.int32), 7, m); "
                "print(m.tolist())",
        "deps": ["numpy==2.4.6"],
    },
    # Cython (the generated .cxx ships in the sdist) and C++ with the bundled rapidfuzz-cpp, a src/
    # layout whose wheel leaves out the sources its sdist keeps (scikit-build-core's wheel.exclude:
    # wheel-exclude; exclude would strip the sdist too), python_add_library WITH_SOABI, IPO.
    "levenshtein": {
        "pkg": "levenshtein",
        "pyrelease": 'packages = ["src/Levenshtein"]\n'
                     'wheel-exclude = ["**/*.pyx", "**/*.cxx", "**/*.cpp", "**/*.hpp", "**/CMakeLists.txt", "**/generate.sh"]\n'
                     'sdist-include = ["CMakeLists.txt", "extern/**"]\n',
        "cmake": """find_package(Python 3.10 REQUIRED COMPONENTS Interpreter Development.Module)
add_subdirectory(@PKG@)
pyrelease_add_package(levenshtein PROJECT_DIR @PKG@
  MODULES levenshtein_cpp=Levenshtein/levenshtein_cpp)
""",
        "call": "import Levenshtein as L; print(L.distance('kitten', 'sitting'), L.ratio('pyrelease', 'release'), "
                "L.editops('spam', 'park'), L.median(['SpSm', 'mpamm', 'Spam', 'Spa', 'Sua', 'hSam']))",
        "deps": ["rapidfuzz==3.14.6"],
    },
}

# What the adoption changes in pyproject.toml: [build-system] names pyrelease.backend.
BUILD_SYSTEM = '[build-system]\nrequires = ["pyrelease"]\nbuild-backend = "pyrelease.backend"\n'
# METADATA fields the backends write differently by design: scikit-build-core writes Metadata-Version
# 2.2 and no License-File (pyrelease 2.4 with the license files it ships), and Requires-Python in
# packaging's normalized spelling (">=3.11" for levenshtein's ">= 3.11", which pyrelease keeps as
# written, as hatchling and flit do): compared without spaces.
METADATA_SKIP = ("metadata-version", "license-file")


def metadata_for_comparison(data):
    return re.sub(rb"(?m)^(Requires-Python:)(.*)$", lambda m: m[1] + b" " + m[2].replace(b" ", b""), data)


def adopt_pyproject(path, adopt):
    """pyproject.toml with [build-system] replaced, a static version if given, [tool.pyrelease]."""
    text = open(path, encoding="utf-8").read()
    text, n = re.subn(r"(?ms)^\[build-system\]\n.*?(?=^\[|\Z)", BUILD_SYSTEM + "\n", text)
    if n != 1:
        raise SystemExit(f"{path}: no [build-system] table to replace")
    if "version" in adopt:
        text, n = re.subn(r'(?m)^dynamic = \["version"\]$', f'version = "{adopt["version"]}"', text)
        if n != 1:
            raise SystemExit(f"{path}: no dynamic = [\"version\"] line")
    text += "\n[tool.pyrelease]\n" + adopt["pyrelease"]
    open(path, "w", encoding="utf-8").write(text)


def thin_cmakelists(path, name, adopt):
    with open(path, "w", encoding="utf-8") as f:
        f.write("cmake_minimum_required(VERSION 3.20)\n"
                f"project({re.sub(r'[^A-Za-z0-9_]', '_', name)}_release LANGUAGES C CXX)\n"
                "find_package(PyRelease REQUIRED)\n" + adopt["cmake"].replace("@PKG@", "project"))


def wheel_of(directory):
    wheels = [f for f in os.listdir(directory) if f.endswith(".whl")] if os.path.isdir(directory) else []
    return os.path.join(directory, wheels[0]) if len(wheels) == 1 else None


def tag_parts(wheel):
    """(python tag, abi tag, platform tag) of a wheel's file name."""
    return tuple(os.path.basename(wheel)[:-4].split("-")[-3:])


def compare_wheels(ours, theirs):
    """The differences that matter between our wheel and the backend's, as strings."""
    diffs = []
    (op, oa, oplat), (tp, ta, tplat) = tag_parts(ours), tag_parts(theirs)
    if (op, oa) != (tp, ta):
        diffs.append(f"python/abi tags {op}-{oa} vs {tp}-{ta}")
    arch = tplat.split("_", 1)[1] if tplat.startswith("linux_") else None
    if not arch or not re.fullmatch(rf"(manylinux\w*_{arch}\.)*manylinux_\d+_\d+_{arch}", oplat):
        diffs.append(f"platform tag {oplat}, expected manylinux_X_Y_{arch} for the backend's {tplat}")
    a, b = compare.members_of(ours), compare.members_of(theirs)
    generated = lambda n: any(n.endswith(s) for s in ("/RECORD", "/WHEEL", "/METADATA"))  # noqa: E731
    only_ours = sorted(n for n in set(a) - set(b) if not generated(n))
    only_theirs = sorted(n for n in set(b) - set(a) if not generated(n))
    if only_ours or only_theirs:
        diffs.append(f"members only in ours {only_ours}, only in theirs {only_theirs}")
    meta = lambda m: metadata_for_comparison(next(v for k, v in m.items() if k.endswith(".dist-info/METADATA")))  # noqa: E731
    diffs += [f"{k}: {v}" for k, v in compare.compare_fields("METADATA", meta(a), meta(b), skip=METADATA_SKIP)]
    for n in sorted(set(a) & set(b)):
        if elf_sections.is_elf(a[n]):
            accepted, real = elf_sections.compare_elf(a[n], b[n])
            print(f"  {n}: ELF sections differing by build path only {accepted or 'none'}")
            if real:
                diffs.append(f"{n}: ELF sections differ: {real}")
        elif not generated(n) and a[n] != b[n]:
            diffs.append(f"{n}: the bytes differ")
    return diffs


def run_project(req, archive, args, tools_python, failures):
    name = req.split("==")[0]
    adopt = ADOPT[name]
    work = fresh_dir(os.path.join(args.work, req.replace("==", "-")))
    pristine = compare.unpack(archive, os.path.join(work, "sdist"))

    # 1. As released: --native-module is refused before the backend runs.
    r = subprocess.run([args.pyrelease, "build", "--wheel", "--project", pristine, "--outdir",
                        os.path.join(work, "refused"), "--native-module", f"{os.path.realpath(sys.executable)}=x/_core"],
                       capture_output=True, text=True)
    if r.returncode == 0 or "PEP 517 backend scikit-build-core" not in r.stderr or wheel_of(os.path.join(work, "refused")):
        failures.append(f"{req}: --native-module on the released sdist was not refused naming scikit-build-core: "
                        f"{r.returncode} {r.stderr[-600:]}")

    # 2. Adopted: pyrelease.backend + the thin CMakeLists.txt around the project's own.
    top = os.path.join(work, "adopted")
    project = os.path.join(top, "project")
    shutil.copytree(pristine, project)
    adopt_pyproject(os.path.join(project, "pyproject.toml"), adopt)
    thin_cmakelists(os.path.join(top, "CMakeLists.txt"), name, adopt)
    build = os.path.join(work, "build")
    configure = ["cmake", "-S", top, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                 f"-DCMAKE_PREFIX_PATH={args.prefix}", f"-DPython_EXECUTABLE={tools_python}"]
    rc1, out1, wall1, cpu1 = compare.run_timed(configure)
    rc2, out2, wall2, cpu2 = (1, "", 0.0, 0.0) if rc1 else compare.run_timed(
        ["cmake", "--build", build, "--target", f"{adopt['pkg']}-wheel", f"{adopt['pkg']}-twine-check"])
    ours = wheel_of(os.path.join(build, "dist"))
    if rc1 or rc2 or not ours:
        failures.append(f"{req}: the adopted CMake build failed ({rc1}, {rc2}):\n{(out1 + out2)[-3000:]}")
        return None

    # The sdist (twine-check builds it too) carries what pyrelease.backend rebuilds the wheel from.
    sdist = compare.one_file(os.path.join(build, "dist"), ".tar.gz")
    if not sdist or "CMakeLists.txt" not in compare.members_of(sdist):
        failures.append(f"{req}: the adopted sdist {sdist} lacks CMakeLists.txt (sdist-include)")

    # 3. Its own backend on the released sdist, pinned as the corpus pins it.
    chosen, _ = compare.project_pins(pristine, args.pins, args.pin_needs)
    constraints = os.path.join(work, "constraints.txt")
    with open(constraints, "w", encoding="utf-8") as f:
        f.writelines(f"{n}=={v}\n" for n, v in sorted(chosen.items()))
    # Only build's own option: pip splits PIP_CONSTRAINT at the space of the build directory's name.
    env = {k: v for k, v in os.environ.items() if k not in ("PIP_CONSTRAINT", "UV_CONSTRAINT")}
    theirs_dir = os.path.join(work, "backend")
    rc3, out3, wall3, cpu3 = compare.run_timed(
        [sys.executable, "-m", "build", "--wheel", *args.pin_args(constraints), "--outdir", theirs_dir, pristine], env)
    theirs = wheel_of(theirs_dir)
    if rc3 or not theirs:
        failures.append(f"{req}: python -m build failed ({rc3}):\n{out3[-3000:]}")
        return None
    pinned = f"scikit-build-core {chosen.get('scikit-build-core')}"
    if compare.wheel_generator(theirs) != pinned:
        failures.append(f"{req}: the backend's wheel was made by {compare.wheel_generator(theirs)!r}, not the pinned {pinned}")
    print(f"{req}: ours {os.path.basename(ours)} (configure {wall1:.1f} s wall {cpu1:.1f} s CPU, wheel + "
          f"twine-check {wall2:.1f} s wall {cpu2:.1f} s CPU); theirs {os.path.basename(theirs)} "
          f"({wall3:.1f} s wall {cpu3:.1f} s CPU, {compare.wheel_generator(theirs)})", flush=True)

    # 4. The comparison.
    for d in compare_wheels(ours, theirs):
        failures.append(f"{req}: {d}")

    # 5. Each wheel in one fresh venv, the same call.
    venv = os.path.join(work, "venv")
    ns.run_ok([sys.executable, "-m", "venv", venv])
    py = os.path.join(venv, "bin", "python")
    ns.run_ok([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *adopt["deps"]])
    outputs = {}
    for who, wheel in (("ours", ours), ("theirs", theirs)):
        ns.run_ok([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                   "--force-reinstall", wheel])
        r = subprocess.run([py, "-c", adopt["call"]], capture_output=True, text=True, cwd=work)
        outputs[who] = r.stdout.strip() if r.returncode == 0 else f"failed: {r.stderr.strip()[-500:]}"
    print(f"  call with our wheel: {outputs['ours']}")
    if outputs["ours"] != outputs["theirs"] or not outputs["ours"] or outputs["ours"].startswith("failed"):
        failures.append(f"{req}: the call differs: ours {outputs['ours']!r}, theirs {outputs['theirs']!r}")
    return wall2, cpu2, wall3, cpu3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prefix")
    ap.add_argument("work")
    ap.add_argument("--pyrelease", default=None, help="default: PREFIX/bin/pyrelease")
    ap.add_argument("--cache", default=compare.default_cache())
    ap.add_argument("--list", default=os.path.join(HERE, "native_projects.txt"))
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    args.pyrelease = args.pyrelease or os.path.join(args.prefix, "bin", "pyrelease")
    args.work = os.path.join(args.work, "realworld-native")
    projects = compare.read_projects(args.list)
    if args.only:
        projects = [p for p in projects if p.split("==")[0] in args.only]
    unknown = [p for p in projects if p.split("==")[0] not in ADOPT]
    if unknown:
        raise SystemExit(f"{args.list}: no adoption in native_projects.py ADOPT for {unknown}")
    args.pins, args.pin_needs = compare.read_pins(os.path.join(HERE, "backends.txt"))
    build_help = subprocess.run([sys.executable, "-m", "build", "--help"], capture_output=True, text=True).stdout
    if "--dependency-constraints-txt" not in build_help:
        raise SystemExit("python -m build is too old to take --dependency-constraints-txt (build >= 1.3)")
    args.pin_args = lambda c: ["--dependency-constraints-txt", c]
    fresh_dir(args.work)
    # What the adopted builds compile with: the pinned binding generators, in the Python CMake uses.
    pins = {n: str(vs[0]) for n, vs in args.pins.items()}
    tools_python = ns.tool_venv(args.work + "-tools", [f"{n}=={pins[n]}" for n in ("pybind11", "nanobind", "cython")])
    failures = []
    times = []
    for req in projects:
        archive, status = compare.download(req, args.cache)
        if not archive:
            failures.append(f"{req}: download failed: {status}")
            continue
        t = run_project(req, archive, args, tools_python, failures)
        if t:
            times.append(t)
    if times:
        w2, c2, w3, c3 = (sum(x) for x in zip(*times))
        print(f"all: ours {w2:.1f} s wall {c2:.1f} s CPU, theirs {w3:.1f} s wall {c3:.1f} s CPU "
              f"(load {os.getloadavg()[0]:.1f})")
    print(f"{len(projects) - len({f.split(':')[0] for f in failures})} passed, "
          f"{len({f.split(':')[0] for f in failures})} failed")
    return ns.report(failures)


if __name__ == "__main__":
    sys.exit(main())
