"""Whether two builds' text members differ only in the random temporary directory a build ran in
(compare.py; the counterpart of elf_sections.py for text).

A backend that installs with CMake may write the directory it installed into into a text file
(spglib's lib/pkgconfig/spglib.pc: `Libs: -L/tmp/tmp2vxkeyo3/wheel/platlib/spglib/lib`), and two
builds never agree on that directory. The rule accepts such a pair only when, line by line, the
texts are equal once each absolute path is compared component by component, and every component
that differs is a random temporary name of the same form on both sides (`tmp2vxkeyo3`,
`build-via-sdist-k3j2h1aa`: the same prefix, then 6-12 random letters, digits or `_`) inside a
temporary root (/tmp, /var/tmp or the run's TMPDIR). A different version, file name, flag, line
count or any path outside a temporary root is a real difference.
"""
import os
import re
import tempfile

PATH = re.compile(r"/[^\s\"'`:;,=()<>|]+")
RANDOM_NAME = re.compile(r"^(tmp|[A-Za-z0-9_.]*-)([A-Za-z0-9_]{6,12})$")


def temporary_roots():
    roots = {"/tmp", "/var/tmp", tempfile.gettempdir()}
    if os.environ.get("TMPDIR"):
        roots.add(os.environ["TMPDIR"].rstrip("/") or "/")
    return sorted(roots, key=len, reverse=True)


def same_but_random(a, b, roots):
    """Whether paths `a` and `b` are one temporary path with different random directory names."""
    root = next((r for r in roots if a.startswith(r + "/") and b.startswith(r + "/")), None)
    if root is None:
        return False
    ca, cb = a[len(root):].split("/"), b[len(root):].split("/")
    if len(ca) != len(cb):
        return False
    for x, y in zip(ca, cb):
        if x == y:
            continue
        mx, my = RANDOM_NAME.match(x), RANDOM_NAME.match(y)
        if not (mx and my and mx.group(1) == my.group(1) and len(mx.group(2)) == len(my.group(2))):
            return False
    return True


def text_differs_beyond_temp_paths(a, b):
    """None when bytes `a` and `b` are text differing only in random temporary directory names,
    else a short description of the first real difference."""
    try:
        ta, tb = a.decode("utf-8"), b.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    la, lb = ta.splitlines(keepends=True), tb.splitlines(keepends=True)
    if len(la) != len(lb):
        return f"{len(la)} lines vs {len(lb)}"
    roots = temporary_roots()
    changed = 0
    for n, (x, y) in enumerate(zip(la, lb), 1):
        if x == y:
            continue
        px, py = PATH.findall(x), PATH.findall(y)
        if PATH.split(x) != PATH.split(y) or len(px) != len(py):
            return f"line {n} differs outside paths: {x.strip()[:120]!r} vs {y.strip()[:120]!r}"
        for p, q in zip(px, py):
            if p != q and not same_but_random(p, q, roots):
                return f"line {n}: path {p[:120]!r} vs {q[:120]!r} (not only a random temporary name)"
        changed += 1
    return None if changed else "bytes differ but no line does"
