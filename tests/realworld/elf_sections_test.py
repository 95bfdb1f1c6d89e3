#!/usr/bin/env python3
"""The corpus's rule for compiled members (elf_sections.compare_elf), on libraries gcc builds here.

- the same source compiled with -g in two directories (relative and absolute source paths, as
  setuptools and CMake pass them): only the build-path sections differ, and they are named;
- a changed constant: .text or .rodata is named as a real difference;
- __FILE__ with an absolute path in .rodata: a real difference (the rule does not hide a build
  directory that reached the code or data);
- a file that is not ELF is refused with ElfError.

usage: elf_sections_test.py WORKDIR
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from elf_sections import ElfError, compare_elf  # noqa: E402
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402

SOURCE = """
#include <stdio.h>
static const char *greeting = "hello %d\\n";
int answer(int x) { printf(greeting, x); return x * FACTOR; }
const char *where(void) { return WHERE; }
"""


def build(work, subdir, absolute, factor=7, where='"here"'):
    """A shared library compiled with -g from WORK/SUBDIR/src/m.c, its bytes."""
    d = fresh_dir(os.path.join(work, subdir))
    os.makedirs(os.path.join(d, "src"))
    with open(os.path.join(d, "src", "m.c"), "w") as f:
        f.write(SOURCE)
    src = os.path.join(d, "src", "m.c") if absolute else "src/m.c"
    out = os.path.join(d, "m.so")
    subprocess.run([shutil.which("cc") or "gcc", "-g", "-O2", "-fPIC", "-shared", f"-DFACTOR={factor}",
                    f"-DWHERE={where}", src, "-o", out], cwd=d, check=True)
    with open(out, "rb") as f:
        return f.read()


def main():
    work = fresh_dir(os.path.join(sys.argv[1], "elf_sections"))
    for absolute in (False, True):
        how = "absolute" if absolute else "relative"
        a = build(work, f"one-{how}", absolute)
        b = build(work, f"two-{how}-longer-directory", absolute)
        check(a != b, f"{how}: two directories give different bytes (else the test proves nothing)")
        accepted, real = compare_elf(a, b)
        check(not real, f"{how}: nothing but the build-path sections differ, got {real}")
        check(".note.gnu.build-id" in accepted and any(s.startswith(".debug_") for s in accepted),
              f"{how}: the differing build-path sections are named, got {accepted}")
        check(compare_elf(a, a) == ([], []), f"{how}: a file equals itself")

    a = build(work, "factor-7", False)
    c = build(work, "factor-9", False, factor=9)
    _, real = compare_elf(a, c)
    check(".text" in real, f"a changed constant is a real difference in .text, got {real}")

    d1 = build(work, "file-one", True, where="__FILE__")
    d2 = build(work, "file-two-longer", True, where="__FILE__")
    _, real = compare_elf(d1, d2)
    check(".rodata" in real, f"an absolute __FILE__ in the data is a real difference, got {real}")

    try:
        compare_elf(b"not an ELF file at all, just text" * 3, a)
        fail("a file that is not ELF was compared")
    except ElfError:
        pass
    print("ok: elf_sections accepts only the build-path sections and names real differences")


if __name__ == "__main__":
    main()
