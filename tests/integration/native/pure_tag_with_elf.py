#!/usr/bin/env python3
"""The case issue 13 measured: a pure (hatchling) project with a compiled .so in its package data.
`pyrelease build` ships it in a pure (py2.py3-none-any) wheel; `pyrelease check` must fail that wheel with
the rule compiled-code-tags naming the member, and pass the sdist and the same project without it.

usage: pure_tag_with_elf.py PYRELEASE WORK_DIR
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402

PYPROJECT = """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "elf-in-data"
version = "1.0"
description = "a pure project that ships a compiled library by mistake"
readme = "README.md"
license = "MIT"
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def check(pyrelease, outdir):
    wheel = next(os.path.join(outdir, f) for f in os.listdir(outdir) if f.endswith(".whl"))
    return os.path.basename(wheel), run([pyrelease, "check", "--strict", wheel])


def main():
    pyrelease, work = sys.argv[1:3]
    work = os.path.join(work, "native-pure-tag-with-elf")
    fresh_dir(work)
    project = os.path.join(work, "project")
    pkg = os.path.join(project, "elf_in_data")
    os.makedirs(pkg)
    open(os.path.join(project, "pyproject.toml"), "w").write(PYPROJECT)
    open(os.path.join(project, "README.md"), "w").write("# elf-in-data\n\nA test project.\n")
    open(os.path.join(pkg, "__init__.py"), "w").write("__version__ = '1.0'\n")
    failures = []

    # Without compiled code the wheel passes (the rule must not fire on ordinary files).
    clean_out = os.path.join(work, "clean")
    r = run([pyrelease, "build", "--project", project, "--outdir", clean_out])
    if r.returncode != 0:
        print("pyrelease build failed:", r.stderr)
        return 1
    name, r = check(pyrelease, clean_out)
    if r.returncode != 0 or "compiled-code-tags" in r.stdout + r.stderr:
        failures.append(f"the pure wheel {name} without compiled code did not pass:\n{r.stdout}{r.stderr}")

    # A real shared library, compiled here, in the package data.
    src = os.path.join(work, "helper.c")
    open(src, "w").write("int helper(void) { return 42; }\n")
    r = run(["cc", "-shared", "-fPIC", "-o", os.path.join(pkg, "_helper.so"), src])
    if r.returncode != 0:
        print("cc failed:", r.stderr)
        return 1
    elf_out = os.path.join(work, "elf")
    r = run([pyrelease, "build", "--project", project, "--outdir", elf_out])
    if r.returncode != 0:
        print("pyrelease build failed:", r.stderr)
        return 1
    name, r = check(pyrelease, elf_out)
    text = r.stdout + r.stderr
    print(text)
    if not name.endswith("-none-any.whl"):
        failures.append(f"expected the builder to tag the wheel pure (py*-none-any, the measured case), got {name}")
    if r.returncode == 0:
        failures.append("pyrelease check passed a pure wheel holding an ELF file")
    for words in ("compiled-code-tags", "elf_in_data/_helper.so", "compiled code (ELF file)"):
        if words not in text:
            failures.append(f"the check output does not say {words!r}")
    sdist = next(os.path.join(elf_out, f) for f in os.listdir(elf_out) if f.endswith(".tar.gz"))
    r = run([pyrelease, "check", sdist])
    if "compiled-code-tags" in r.stdout + r.stderr:
        failures.append(f"the rule fired on the sdist (it is about wheel tags):\n{r.stdout}")
    r = run([pyrelease, "check", "--list-rules"])
    if "compiled-code-tags" not in r.stdout:
        failures.append("--list-rules does not list compiled-code-tags")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
