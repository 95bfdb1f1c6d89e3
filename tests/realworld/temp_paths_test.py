#!/usr/bin/env python3
"""The corpus's rule for text members that name a build's temporary directory (temp_paths.py and
compare.py's use of it), both ways:

- spglib's pkg-config file as two scikit-build-core builds write it (random /tmp/tmpXXXXXXXX
  install directories): accepted, and compare_archives reports `temp-paths:<member>`, which
  exceptions.txt accepts for spglib only;
- the same file with a real change besides the random directory: a version, a library flag, a
  path component that is not a random name (platlib vs purelib), a path outside a temporary root,
  a random name of another form, an added line: each refused, reported as `wheel:<member>`.

usage: temp_paths_test.py WORKDIR
"""
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import compare  # noqa: E402
from owned_dir import fresh_dir  # noqa: E402
from temp_paths import text_differs_beyond_temp_paths  # noqa: E402
from verdict import check  # noqa: E402

PC = """prefix=/tmp/{d}/wheel/platlib/spglib
libdir=${{prefix}}/lib
includedir=/tmp/{d}/wheel/platlib/spglib/include

Name: spglib
Description: The spglib library
Version: {version}
Libs: -L/tmp/{d}/wheel/{scheme}/spglib/lib -l{lib}
Cflags: -I/tmp/{d}/wheel/platlib/spglib/include
"""


def pc(d="tmp2vxkeyo3", version="2.8.0", lib="symspg", scheme="platlib", extra=""):
    return (PC.format(d=d, version=version, lib=lib, scheme=scheme) + extra).encode()


def main():
    ours = pc()
    accepted = {"another random directory": pc(d="tmpq81_zzkw")}
    refused = {
        "a version": pc(d="tmpq81_zzkw", version="2.8.1"),
        "a library flag": pc(d="tmpq81_zzkw", lib="spglib"),
        "a path component that is not random (purelib)": pc(d="tmpq81_zzkw", scheme="purelib"),
        "a random name of another form": pc(d="build-env-q81zzkwa"),
        "an added line": pc(d="tmpq81_zzkw", extra="Requires: m\n"),
        "the same text with CRLF line ends": pc().replace(b"\n", b"\r\n"),
    }
    for what, theirs in accepted.items():
        why = text_differs_beyond_temp_paths(ours, theirs)
        check(why is None, f"{what}: refused ({why})")
    for what, theirs in refused.items():
        why = text_differs_beyond_temp_paths(ours, theirs)
        check(why is not None, f"{what}: accepted as a temporary path only")
        print(f"refused, {what}: {why}")
    outside = b"libdir=/opt/tmp2vxkeyo3/lib\n", b"libdir=/opt/tmpq81_zzkw/lib\n"
    check(text_differs_beyond_temp_paths(*outside) is not None, "a path outside a temporary root: accepted")

    # Through compare.py: the kind of difference it reports, and what exceptions.txt makes of it.
    work = fresh_dir(os.path.join(sys.argv[1], "temp_paths"))
    name = "spglib/lib/pkgconfig/spglib.pc"

    def wheel(label, data):
        path = os.path.join(work, label + ".whl")
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(name, data)
        return path

    exceptions = compare.read_exceptions(os.path.join(HERE, "exceptions.txt"))
    a = wheel("ours", ours)
    diffs = compare.compare_archives("wheel", a, wheel("theirs", accepted["another random directory"]), [])
    check([d[0] for d in diffs] == [f"temp-paths:{name}"], f"path-only difference reported as {diffs}")
    check(compare.excused(exceptions, "spglib", diffs[0][0]), "exceptions.txt does not accept it for spglib")
    check(not compare.excused(exceptions, "numpy", diffs[0][0]), "exceptions.txt accepts it for any project")
    diffs = compare.compare_archives("wheel", a, wheel("version", refused["a version"]), [])
    check([d[0] for d in diffs] == [f"wheel:{name}"], f"a version change reported as {diffs}")
    check(not compare.excused(exceptions, "spglib", diffs[0][0]), "exceptions.txt accepts a real difference")
    print(f"compare.py: {diffs[0][0]}: {diffs[0][1]}")
    print("ok: temp_paths accepts only random temporary directory names and names real differences")


if __name__ == "__main__":
    main()
