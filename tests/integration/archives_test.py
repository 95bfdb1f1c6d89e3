#!/usr/bin/env python3
"""Integration tests for `pyrelease build` (label: archives).

usage: archives_test.py <pyrelease> <projects dir> <work dir> <case>
cases: reproducible | install | compare | sdist_rebuild | sdist_rebuild_scm | failure | outputs | multichunk |
       tarheaders | setupcfg
Each case exits non-zero with a message on the first failed assertion.
"""
import codecs
import email.parser
import hashlib
import json
import re
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import venv
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir, remove_tree  # noqa: E402
from verdict import check, fail  # noqa: E402

PYRELEASE, PROJECTS, WORK, CASE = sys.argv[1:5]
FIXTURES = ["flat", "src_layout", "single_module", "namespace", "flit", "hatch", "setuptools", "uv",
            "dynamic_version", "scripts", "extras", "license_files", "md_readme", "rst_readme"]


def run(cmd, env=None, expect=0, cwd=None):
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(cmd)} exited {p.returncode} (expected {expect})\n{p.stdout}\n{p.stderr}")
    return p


def fresh_copy(name, dest_name=None):
    dest = os.path.join(WORK, CASE, dest_name or name)
    remove_tree(dest)
    shutil.copytree(os.path.join(PROJECTS, name), dest, symlinks=True)
    return dest


def build(project, outdir, env_extra=None, args=()):
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(env_extra or {})
    p = run([PYRELEASE, "build", "--project", project, "--outdir", outdir, *args], env=env)
    files = sorted(os.listdir(outdir))
    sdists = [os.path.join(outdir, f) for f in files if f.endswith(".tar.gz")]
    wheels = [os.path.join(outdir, f) for f in files if f.endswith(".whl")]
    return p, sdists, wheels


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def validate_zip_structure(path):
    """Walks the file from offset 0 as PyPI's validator does: local headers (no data descriptor
    flag, sizes equal to the central directory's), central directory (no comments), end records,
    nothing after them."""
    data = open(path, "rb").read()
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        check(bad is None, f"{path}: zipfile.testzip failed on {bad}")
        central = {i.filename: (i.compress_size, i.file_size, i.compress_type) for i in z.infolist()}
        for i in z.infolist():
            check(i.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED), f"{i.filename}: compression {i.compress_type}")
            check(i.comment == b"", f"{i.filename}: has a comment")
            check(not i.filename.endswith("/"), f"{i.filename}: directory entry")
            mode = (i.external_attr >> 16) & 0o177777
            check(mode in (0o100644, 0o100755), f"{i.filename}: mode {oct(mode)}")
    at, seen_local = 0, []
    while True:
        sig = data[at:at + 4]
        if sig == b"PK\x03\x04":
            flags, method, _t, _d, _crc, csize, usize, nlen, xlen = struct.unpack("<HHHHLLLHH", data[at + 6:at + 30])
            name = data[at + 30:at + 30 + nlen].decode("utf-8")
            check(not flags & 0x08, f"{path}: {name}: data descriptor flag (bit 3) set")
            check(bool(flags & 0x800) == (not name.isascii()), f"{path}: {name}: UTF-8 flag {flags:#x}")
            extra = data[at + 30 + nlen:at + 30 + nlen + xlen]
            if csize == 0xFFFFFFFF:
                check(extra[:4] == b"\x01\x00\x10\x00", f"{name}: bad ZIP64 local extra")
                usize, csize = struct.unpack("<QQ", extra[4:20])
            else:
                check(xlen == 0, f"{path}: {name}: unexpected extra field")
            check(central.get(name, (None, None))[:2] == (csize, usize), f"{path}: {name}: local/central size mismatch")
            seen_local.append(name)
            at += 30 + nlen + xlen + csize
        elif sig == b"PK\x01\x02":
            nlen, xlen, clen = struct.unpack("<HHH", data[at + 28:at + 34])
            check(clen == 0, f"{path}: central comment")
            at += 46 + nlen + xlen + clen
        elif sig == b"PK\x06\x06":
            (size,) = struct.unpack("<Q", data[at + 4:at + 12])
            check(size == 44, f"{path}: ZIP64 extensible data")
            at += 12 + size
        elif sig == b"PK\x06\x07":
            at += 20
        elif sig == b"PK\x05\x06":
            (comment,) = struct.unpack("<H", data[at + 20:at + 22])
            check(at + 22 + comment == len(data), f"{path}: trailing data after the end record")
            break
        else:
            fail(f"{path}: unknown record signature at offset {at}")
    check(sorted(seen_local) == sorted(central), f"{path}: local headers and central directory differ")
    check(len(set(seen_local)) == len(seen_local), f"{path}: duplicate local headers")
    if shutil.which("unzip"):
        run(["unzip", "-tq", path])
    run([sys.executable, "-m", "zipfile", "-t", path])


def validate_wheel_record(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        record_name = [n for n in names if n.endswith(".dist-info/RECORD")]
        check(len(record_name) == 1 and names[-1] == record_name[0], f"{path}: RECORD must be the last member")
        import csv, base64, io
        rows = list(csv.reader(io.StringIO(z.read(record_name[0]).decode())))
        check(sorted(r[0] for r in rows) == sorted(names), f"{path}: RECORD does not list exactly the members")
        for p, h, size in rows:
            if p == record_name[0]:
                check(h == "" and size == "", "RECORD's own row must be path,,")
                continue
            content = z.read(p)
            digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
            check(h == "sha256=" + digest and size == str(len(content)), f"{path}: RECORD row for {p} is wrong")


def validate_sdist(path, epoch):
    base = os.path.basename(path)[:-len(".tar.gz")]
    raw = open(path, "rb").read(10)
    check(raw[3] == 0, f"{path}: gzip header has flags {raw[3]} (file name?)")
    check(struct.unpack("<L", raw[4:8])[0] == epoch, f"{path}: gzip mtime is not {epoch}")
    with tarfile.open(path) as t:
        members = t.getmembers()
        names = [m.name for m in members]
        check(names[-1] == base + "/PKG-INFO", f"{path}: PKG-INFO is not last")
        check(names[:-1] == sorted(names[:-1], key=lambda s: s.encode()), f"{path}: members not sorted bytewise")
        for m in members:
            check(m.name.startswith(base + "/"), f"{m.name}: outside the single top directory {base}/")
            check(m.isfile(), f"{m.name}: not a regular file")
            check((m.uid, m.gid, m.uname, m.gname) == (0, 0, "", ""), f"{m.name}: owner {m.uid}/{m.gid}/{m.uname}/{m.gname}")
            check(m.mode in (0o644, 0o755), f"{m.name}: mode {oct(m.mode)}")
            check(m.mtime == epoch, f"{m.name}: mtime {m.mtime} != {epoch}")
            check(not {"atime", "ctime"} & set(m.pax_headers), f"{m.name}: pax atime/ctime")


def case_reproducible():
    for name in FIXTURES:
        project = fresh_copy(name)
        digests = {}
        for run_no, env in enumerate([{}, {}, {"SOURCE_DATE_EPOCH": "1700000000"}, {"SOURCE_DATE_EPOCH": "1700000000"}]):
            out = os.path.join(WORK, CASE, f"{name}-out{run_no}")
            remove_tree(out)
            _, sdists, wheels = build(project, out, env)
            check(len(sdists) == 1 and len(wheels) == 1, f"{name}: expected one sdist and one wheel, got {os.listdir(out)}")
            epoch = int(env.get("SOURCE_DATE_EPOCH", 1580601600))
            validate_zip_structure(wheels[0])
            validate_wheel_record(wheels[0])
            validate_sdist(sdists[0], epoch)
            with zipfile.ZipFile(wheels[0]) as z:
                check(all(i.date_time == time.gmtime(epoch)[:6] for i in z.infolist()), f"{name}: wheel timestamps")
            digests[run_no] = (sha256(sdists[0]), sha256(wheels[0]))
            # New mtimes on every source before the next build: they must not change a byte.
            later = time.time() + 1000 * (run_no + 1)
            for root, _dirs, files in os.walk(project):
                for f in files:
                    os.utime(os.path.join(root, f), (later, later))
        check(digests[0] == digests[1], f"{name}: two builds without SOURCE_DATE_EPOCH differ")
        check(digests[2] == digests[3], f"{name}: two builds with SOURCE_DATE_EPOCH differ")
        check(digests[0] != digests[2], f"{name}: SOURCE_DATE_EPOCH had no effect")
        print(f"ok {name}: sdist {digests[0][0][:12]} wheel {digests[0][1][:12]}")


def make_venv(path, system_site=False):
    # No pip inside: ensurepip is slow and its bundled setuptools would shadow the system's. The
    # system pip installs into the venv with `pip --python`.
    remove_tree(path)
    venv.EnvBuilder(with_pip=False, system_site_packages=system_site).create(path)
    return os.path.join(path, "bin", "python")


def pip_install(py, *args):
    run([sys.executable, "-m", "pip", "--python", py, "install", "-q", "--no-index", "--no-deps",
         "--disable-pip-version-check", *args])


def case_install():
    # The wheel: pip installs it offline into a fresh venv; import it and run its console scripts.
    project = fresh_copy("scripts")
    out = os.path.join(WORK, CASE, "scripts-out")
    remove_tree(out)
    _, sdists, wheels = build(project, out)
    py = make_venv(os.path.join(WORK, CASE, "venv-wheel"))
    pip_install(py, wheels[0])
    run([py, "-c", "import scripts_demo"])
    bindir = os.path.dirname(py)
    p = run([os.path.join(bindir, "scripts-demo"), "--help"], expect=None)
    check(p.returncode == 0, f"console script scripts-demo --help exited {p.returncode}: {p.stderr}")
    check(os.path.exists(os.path.join(bindir, "scripts-demo-admin")), "scripts-demo-admin was not installed")
    p = run([py, "-c", "import importlib.metadata as m; print(m.version('scripts-demo'))"])
    check(p.stdout.strip() == "0.1.0", f"installed version {p.stdout!r}")
    # The sdists: pip builds each with the project's own backend (taken from the system site, so
    # no network), then installs and imports it.
    py = make_venv(os.path.join(WORK, CASE, "venv-sdist"), system_site=True)
    for name, module in [("scripts", "scripts_demo"), ("flit", "fancy"), ("hatch", "hatch_demo"),
                         ("setuptools", "setup_demo"), ("uv", "uv_demo")]:
        project = fresh_copy(name)
        out = os.path.join(WORK, CASE, f"{name}-sdist-out")
        remove_tree(out)
        _, sdists, _ = build(project, out, args=["--sdist"])
        if name == "uv":
            try:
                import uv_build  # noqa: F401
            except ImportError:
                print("skip uv sdist install: uv_build is not importable")
                continue
        pip_install(py, "--no-build-isolation", sdists[0])
        run([py, "-c", f"import {module}"], cwd=os.path.join(WORK, CASE))
        print(f"ok {name}: sdist builds with its backend, installs and imports")


def gzip_members(path):
    """How many gzip members the file holds (zlib, member after member; nothing may follow)."""
    import zlib
    data, count = open(path, "rb").read(), 0
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(data)
        check(d.eof, f"{path}: gzip member {count + 1} is truncated")
        data, count = d.unused_data, count + 1
    return count


def pip_wheel_from(sdist):
    """The one wheel `pip wheel` builds from the sdist (pip unpacks it itself; flit_core builds)."""
    wheelhouse = os.path.join(WORK, CASE, "wheelhouse")
    remove_tree(wheelhouse)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-index", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", wheelhouse, sdist])
    built = [f for f in os.listdir(wheelhouse) if f.endswith(".whl")]
    check(len(built) == 1, f"pip wheel from the sdist made {built}")
    return os.path.join(wheelhouse, built[0])


def case_multichunk():
    # An sdist over 1 MiB is compressed in 1 MiB chunks on every core, joined into one gzip member:
    # it must be reproducible and read whole by Python's tarfile (seekable and streaming), GNU tar
    # and pip.
    project = fresh_copy("flit", "big-flit")
    modules = os.path.join(project, "fancy", "generated")
    os.makedirs(modules)
    open(os.path.join(modules, "__init__.py"), "w").close()
    rng = __import__("random").Random(14)
    for i in range(48):  # ~4.8 MB of Python-like text: five 1 MiB chunks
        lines = [f"def f{i}_{j}(x):\n    return x * {rng.randint(0, 10 ** 9)} + {rng.random()!r}\n"
                 for j in range(1800)]
        with open(os.path.join(modules, f"m{i:02}.py"), "w") as f:
            f.write("".join(lines))
    digests = []
    for n in range(2):
        out = os.path.join(WORK, CASE, f"out{n}")
        remove_tree(out)
        _, sdists, wheels = build(project, out, {"SOURCE_DATE_EPOCH": "1700000000"})
        digests.append(sha256(sdists[0]))
    check(digests[0] == digests[1], "two builds of a multi-member sdist differ")
    sdist = sdists[0]
    members = gzip_members(sdist)
    check(members == 1, f"{sdist}: {members} gzip members; the chunks must join into one")
    size = os.path.getsize(sdist)
    check(size < 4_800_000 // 2, f"{sdist}: {size} bytes; the chunks must compress")
    validate_sdist(sdist, 1700000000)
    base = os.path.basename(sdist)[:-len(".tar.gz")]
    expected = {}
    for root, _dirs, files in os.walk(modules):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), project).replace(os.sep, "/")
            expected[f"{base}/{rel}"] = open(os.path.join(root, f), "rb").read()
    for mode in ("r:gz", "r|gz"):
        seen = {}
        with tarfile.open(sdist, mode) as t:
            for m in t:
                if m.name in expected:
                    seen[m.name] = t.extractfile(m).read()
        check(seen == expected, f"tarfile mode {mode} read {len(seen)} of {len(expected)} generated files intact")
    if shutil.which("tar"):
        dest = os.path.join(WORK, CASE, "untarred")
        remove_tree(dest)
        os.makedirs(dest)
        run(["tar", "-xzf", sdist, "-C", dest])
        for name, data in expected.items():
            check(open(os.path.join(dest, name), "rb").read() == data, f"tar -xzf: {name} differs")
    # pip unpacks the sdist itself and builds the wheel with flit_core from it.
    with zipfile.ZipFile(pip_wheel_from(sdist)) as z:
        for name, data in expected.items():
            inner = name[len(base) + 1:]
            check(z.read(inner) == data, f"pip's wheel from the sdist: {inner} differs")
    print(f"ok: one gzip member of joined chunks ({size} bytes), reproducible, read by tarfile (r:gz, r|gz), "
          "tar and pip")


def case_tarheaders():
    # Members at every ustar limit, written by our own tar writer (build/tar_header): a name of
    # exactly 100 bytes, one split into a 155-byte prefix, longer names and non-ASCII names (pax
    # path records), links whose text is longer than 100 bytes or not ASCII (pax linkpath). Python's
    # tarfile (seekable and streaming, extracting with the `data` filter), GNU tar and pip read
    # every member back intact.
    project = fresh_copy("flit", "edge-flit")
    pkg = os.path.join(project, "fancy")
    base = "flit_demo-0.1.0/"
    expected = {}

    def add(rel, data=None, link=None):
        path = os.path.join(project, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if link is not None:
            os.symlink(link, path)
        else:
            with open(path, "wb") as f:
                f.write(data)
        expected[base + rel] = data if link is None else ("link", link)

    name100 = "fancy/" + "n" * (100 - len(base) - len("fancy/") - 3) + ".py"
    add(name100, b"exactly = 100\n")
    prefix155 = "fancy/" + "/".join(["p" * 30] * 4) + "/" + "q" * (155 - len(base) - len("fancy/") - 4 * 31)
    add(prefix155 + "/" + "t" * 97 + ".py", b"prefix = 155\n")
    add("fancy/" + "d" * 120 + "/deep.py", b"deep = 1\n")
    add("fancy/" + "L" * 110 + ".py", b"long = 1\n")
    add("fancy/caf\u00e9.py", b"cafe = 1\n")
    add("fancy/\u20ac/m\u00fcnchen.py", b"euro = 1\n")
    add("fancy/link_long.py", link="./" * 60 + "caf\u00e9.py")
    add("fancy/link_utf8.py", link="caf\u00e9.py")
    for d in {os.path.dirname(n) for n in expected}:
        init = os.path.join(project, d[len(base):], "__init__.py")
        if not os.path.exists(init):
            open(init, "w").close()
    out = os.path.join(WORK, CASE, "out")
    remove_tree(out)
    _, sdists, _ = build(project, out, {"SOURCE_DATE_EPOCH": "1700000000"})
    sdist = sdists[0]
    check(sum(isinstance(m, tuple) for m in expected.values()) == 2, "the fixture has two links")
    raw = __import__("gzip").open(sdist).read()
    check(len(raw) % 10240 == 0, f"the tar is {len(raw)} bytes, not whole 10240-byte records")
    for name in (base + name100,):
        check(raw.count(name.encode()) >= 1 and len(name.encode()) == 100, f"{name}: not stored as a 100-byte name")

    def same(label, read):
        for name, want in expected.items():
            got = read(name)
            check(got == want, f"{label}: {name!r} is {got!r}, expected {want!r}")

    for mode in ("r:gz", "r|gz"):
        dest = os.path.join(WORK, CASE, "tarfile-" + mode.replace("|", "pipe").replace(":", ""))
        remove_tree(dest)
        os.makedirs(dest)
        with tarfile.open(sdist, mode) as t:
            if hasattr(tarfile, "data_filter"):
                t.extractall(dest, filter="data")
            else:
                t.extractall(dest)
        same(f"tarfile {mode}", lambda n, d=dest: ("link", os.readlink(os.path.join(d, n)))
             if os.path.islink(os.path.join(d, n)) else open(os.path.join(d, n), "rb").read())
    if shutil.which("tar"):
        dest = os.path.join(WORK, CASE, "gnutar")
        remove_tree(dest)
        os.makedirs(dest)
        run(["tar", "-xzf", sdist, "-C", dest])
        same("tar -xzf", lambda n: ("link", os.readlink(os.path.join(dest, n)))
             if os.path.islink(os.path.join(dest, n)) else open(os.path.join(dest, n), "rb").read())
    with zipfile.ZipFile(pip_wheel_from(sdist)) as z:
        for name, want in expected.items():
            data = z.read(name[len(base):])
            check(data == (want if not isinstance(want, tuple) else expected[base + "fancy/caf\u00e9.py"]),
                  f"pip's wheel from the sdist: {name} differs")
    print(f"ok: {len(expected)} members at the ustar limits read back by tarfile (r:gz, r|gz, data filter), "
          "tar and pip")


def metadata_of_wheel(path):
    with zipfile.ZipFile(path) as z:
        di = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")][0]
        meta = email.parser.Parser().parsestr(z.read(di).decode())
        wheel = email.parser.Parser().parsestr(z.read(di.replace("METADATA", "WHEEL")).decode())
        files = sorted(n for n in z.namelist() if ".dist-info/" not in n)
        licenses = sorted(n.split(".dist-info/", 1)[1] for n in z.namelist() if ".dist-info/licenses/" in n)
    return meta, wheel, files, licenses


def case_compare():
    # Compare with the real backends (python -m build --no-isolation): same archive names, same
    # wheel file list, same tags, same core fields.
    for name in ["flit", "hatch", "setuptools", "scripts", "license_files", "single_module", "src_layout"]:
        project = fresh_copy(name)
        ours = os.path.join(WORK, CASE, f"{name}-ours")
        theirs = os.path.join(WORK, CASE, f"{name}-theirs")
        for d in (ours, theirs):
            remove_tree(d)
        _, our_sdists, our_wheels = build(project, ours)
        run([sys.executable, "-m", "build", "--no-isolation", "--outdir", theirs, project])
        remove_tree(os.path.join(project, "build"))
        their_wheels = [os.path.join(theirs, f) for f in os.listdir(theirs) if f.endswith(".whl")]
        their_sdists = [os.path.join(theirs, f) for f in os.listdir(theirs) if f.endswith(".tar.gz")]
        check([os.path.basename(p) for p in our_wheels] == [os.path.basename(p) for p in their_wheels],
              f"{name}: wheel names {our_wheels} vs {their_wheels}")
        check([os.path.basename(p) for p in our_sdists] == [os.path.basename(p) for p in their_sdists],
              f"{name}: sdist names {our_sdists} vs {their_sdists}")
        om, ow, of, ol = metadata_of_wheel(our_wheels[0])
        tm, tw, tf, tl = metadata_of_wheel(their_wheels[0])
        check(of == tf, f"{name}: wheel files differ:\n ours   {of}\n theirs {tf}")
        check(ol == tl, f"{name}: dist-info licenses differ: {ol} vs {tl}")
        check(ow.get_all("Tag") == tw.get_all("Tag"), f"{name}: tags {ow.get_all('Tag')} vs {tw.get_all('Tag')}")
        check(ow["Root-Is-Purelib"] == tw["Root-Is-Purelib"] and ow["Wheel-Version"] == tw["Wheel-Version"], f"{name}: WHEEL")
        for field in ["Name", "Version", "Requires-Python"]:
            check(om[field] == tm[field], f"{name}: METADATA {field}: {om[field]!r} vs {tm[field]!r}")
        for field in ["Requires-Dist", "Provides-Extra"]:
            check(sorted(om.get_all(field) or []) == sorted(tm.get_all(field) or []),
                  f"{name}: METADATA {field}: {om.get_all(field)} vs {tm.get_all(field)}")
        check(om.get_payload().strip() == tm.get_payload().strip(), f"{name}: the description differs")
        print(f"ok {name}: matches {tw['Generator']}")


def case_sdist_rebuild():
    # A setuptools sdist rebuilt from its unpacked tree, as users rebuild one (pip, distro builds):
    # setuptools writes `[egg_info] tag_build = / tag_date = 0` into its setup.cfg and ships the
    # egg-info. The stamp is inert, so pyrelease builds it natively, and both archives must match
    # setuptools' own rebuild (which starts its file list from the egg-info's SOURCES.txt).
    project = fresh_copy("setuptools")
    first = os.path.join(WORK, CASE, "first")
    run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--outdir", first, project])
    sdist = [f for f in os.listdir(first) if f.endswith(".tar.gz")][0]
    unpacked = os.path.join(WORK, CASE, "unpacked")
    with tarfile.open(os.path.join(first, sdist)) as t:
        t.extractall(unpacked, filter="data")
    src = os.path.join(unpacked, sdist[:-len(".tar.gz")])
    with open(os.path.join(src, "setup.cfg"), encoding="utf-8") as f:
        check("[egg_info]" in f.read(), "setuptools' sdist has no [egg_info] in its setup.cfg")
    _, our_sdist, _ = rebuild_natively_and_compare(src, os.path.join(WORK, CASE), "setuptools")
    print(f"ok: {sdist} rebuilt natively equals setuptools' rebuild ({len(rebuilt_members(our_sdist))} sdist members)")


def rebuild_natively_and_compare(src, base, label, env=None):
    """Builds the unpacked sdist `src` with pyrelease (native) into base/ours and with `python -m
    build --no-isolation` into base/theirs; both archives must hold the same members with the same
    bytes (but for what the build tool writes itself) and the same core METADATA fields. Returns
    (our wheel, our sdist, pyrelease's stderr)."""
    ours, theirs = os.path.join(base, "ours"), os.path.join(base, "theirs")
    p, our_sdists, our_wheels = build(src, ours, args=("--backend", "native"))
    check("native (setuptools)" in p.stderr, f"{label}: not built natively: {p.stderr}")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", theirs, src], env=env)
    their_wheels = [os.path.join(theirs, f) for f in os.listdir(theirs) if f.endswith(".whl")]
    their_sdists = [os.path.join(theirs, f) for f in os.listdir(theirs) if f.endswith(".tar.gz")]
    check([os.path.basename(w) for w in our_wheels] == [os.path.basename(w) for w in their_wheels],
          f"{label}: wheel names {our_wheels} vs {their_wheels}")
    for kind, a, b in (("wheel", our_wheels[0], their_wheels[0]), ("sdist", our_sdists[0], their_sdists[0])):
        ma, mb = rebuilt_members(a), rebuilt_members(b)
        check(sorted(ma) == sorted(mb), f"{label} {kind} members differ:\n ours   {sorted(ma)}\n theirs {sorted(mb)}")
        differ = [n for n in ma if ma[n] != mb[n]]
        check(not differ, f"{label} {kind} members with other bytes: {differ}")
    om, _, _, _ = metadata_of_wheel(our_wheels[0])
    tm, _, _, _ = metadata_of_wheel(their_wheels[0])
    for field in ["Name", "Version", "Requires-Python", "Summary"]:
        check(om[field] == tm[field], f"{label}: METADATA {field}: {om[field]!r} vs {tm[field]!r}")
    return our_wheels[0], our_sdists[0], p.stderr


def git_commit_and_tag(repo, tag):
    g = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false",
         "-c", "tag.gpgsign=false"]
    run(["git", "init", "-q"], cwd=repo)
    run([*g, "add", "-A"], cwd=repo)
    run([*g, "commit", "-q", "-m", "one"], cwd=repo)
    run([*g, "tag", tag], cwd=repo)


def write_files(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


# Two setuptools-scm projects as their maintainers keep them (a git checkout, a tag, the version
# file ignored): the flat layout, whose sdist's egg-info lies at the root, where setuptools-scm 10
# finds its scm_version.json and scm_file_list.json again (version, commit id and file list from
# there); and the src layout, whose src/ egg-info it does not look at (PKG-INFO's version, no
# commit id, setuptools' own SOURCES.txt). Each has a file only MANIFEST.in adds and a tracked file
# MANIFEST.in drops.
SCM_SDIST_PROJECTS = {
    "flat": ("flat-scm-demo", "flat_scm_demo"),
    "src": ("src-scm-demo", "src/src_scm_demo"),
}


def scm_sdist_project(root, layout):
    name, package = SCM_SDIST_PROJECTS[layout]
    write_files(root, {
        "pyproject.toml": f"""[build-system]
requires = ["setuptools>=77", "setuptools-scm>=8"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
dynamic = ["version"]
description = "setuptools-scm sdist rebuild"

[tool.setuptools_scm]
version_file = "{package}/_version.py"
""",
        ".gitignore": f"{package}/_version.py\n*.egg-info/\n",
        "MANIFEST.in": "include generated.txt\nexclude notes.txt\n",
        "README.md": "# demo\n",
        "notes.txt": "tracked, excluded by MANIFEST.in\n",
        "docs/guide.md": "# guide\n",
        f"{package}/__init__.py": "from ._version import __version__\n",
        f"{package}/data.json": "{}\n",
    })
    git_commit_and_tag(root, "v2.5.0")
    write_files(root, {"generated.txt": "untracked, added by MANIFEST.in\n"})


def case_sdist_rebuild_scm():
    # A setuptools-scm sdist, built by the real backend from its git checkout, then rebuilt from
    # the unpacked tree (no .git) by both tools: pyrelease natively, equal to setuptools' own
    # rebuild member for member, the generated version file included (its commit id too).
    for layout in SCM_SDIST_PROJECTS:
        base = os.path.join(WORK, CASE, layout)
        fresh_dir(base)
        repo = os.path.join(base, "repo")
        os.makedirs(repo)
        scm_sdist_project(repo, layout)
        first = os.path.join(base, "first")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SETUPTOOLS_SCM_", "VCS_VERSIONING_"))}
        run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--outdir", first, repo], env=env)
        sdist = [f for f in os.listdir(first) if f.endswith(".tar.gz")][0]
        unpacked = os.path.join(base, "unpacked")
        with tarfile.open(os.path.join(first, sdist)) as t:
            t.extractall(unpacked, filter="data")
            names = t.getnames()
        src = os.path.join(unpacked, sdist[:-len(".tar.gz")])
        egg_infos = [n for n in names if n.endswith(".egg-info/scm_version.json")]
        check(len(egg_infos) == 1, f"{layout}: no scm_version.json in {names}")
        check((egg_infos[0].count("/") == 2) == (layout == "flat"), f"{layout}: egg-info at {egg_infos[0]}")
        our_wheel, our_sdist, _ = rebuild_natively_and_compare(src, base, layout, env)
        with zipfile.ZipFile(our_wheel) as z:
            version_py = z.read(SCM_SDIST_PROJECTS[layout][1].split("/")[-1] + "/_version.py").decode()
        commit = "commit_id = 'g" if layout == "flat" else "commit_id = None"
        check(commit in version_py and "'2.5.0'" in version_py, f"{layout}: wheel's version file: {version_py}")
        sdist_names = sorted(rebuilt_members(our_sdist))
        check(any(n.endswith("/generated.txt") for n in sdist_names)
              and not any(n.endswith("/notes.txt") for n in sdist_names),
              f"{layout}: MANIFEST.in not applied: {sdist_names}")
        print(f"ok: {layout} {sdist} rebuilt natively equals setuptools-scm's rebuild "
              f"({len(sdist_names)} sdist members; wheel's {commit.split('= ')[-1]}...)")


# The members each build tool writes its own way (core metadata, RECORD, WHEEL, setup.cfg, egg-info).
TOOL_WRITTEN = re.compile(r"(\.dist-info/(RECORD|WHEEL|METADATA)$|^[^/]+/(PKG-INFO|setup\.cfg)$|\.egg-info/)")


def rebuilt_members(path):  # {name: sha256} without what the build tool writes itself
    generated = TOOL_WRITTEN
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if not generated.search(n)}
    with tarfile.open(path) as t:
        return {m.name: hashlib.sha256(t.extractfile(m).read()).hexdigest() for m in t.getmembers()
                if m.isfile() and not generated.search(m.name)}


def core_fields(data):
    """{field: sorted values} of a METADATA/PKG-INFO, whitespace runs as one space, without the
    fields pyrelease writes its own documented way (Metadata-Version: the lowest that carries the
    fields; Dynamic: none, every field is resolved)."""
    msg = email.parser.Parser().parsestr(data.decode("utf-8"))
    fields = {}
    for k, v in msg.items():
        if k.lower() not in ("metadata-version", "dynamic"):
            fields.setdefault(k.lower(), []).append(" ".join(str(v).split()))
    fields = {k: sorted(v) for k, v in fields.items()}
    fields["(body)"] = [(msg.get_payload() or "").strip()]
    return fields


def case_setupcfg():
    # setuptools without [project] (tests/projects/setupcfg: pyproject.toml with [build-system]
    # only) and its legacy fallback without pyproject.toml (setupcfg_legacy): the metadata lives in
    # setup.cfg's [metadata]/[options], which pyrelease reads natively. Both archives must equal
    # what the installed setuptools builds: every member byte for byte but those the tools write
    # themselves, and every core metadata field (project/setup_cfg.h).
    def members(path):
        generated = TOOL_WRITTEN
        if path.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                return {n: z.read(n) for n in z.namelist()}, generated
        with tarfile.open(path) as t:
            return {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isfile()}, generated

    # One process a hook, as a PEP 517 frontend runs them (the second hook in one process finds
    # the first one's state and writes nothing).
    legacy_hook = "import sys\nfrom setuptools import build_meta\ngetattr(build_meta.__legacy__, sys.argv[1])(sys.argv[2])\n"
    for name in ["setupcfg", "setupcfg_legacy"]:
        ours_src, theirs_src = fresh_copy(name, name + "-ours"), fresh_copy(name, name + "-theirs")
        ours, theirs = os.path.join(WORK, CASE, name + "-out-ours"), os.path.join(WORK, CASE, name + "-out-theirs")
        for d in (ours, theirs):
            remove_tree(d)
        p, our_sdists, our_wheels = build(ours_src, ours, args=("--backend", "native"))
        check("native (setuptools)" in p.stderr, f"{name}: not built natively: {p.stderr}")
        if name == "setupcfg":
            run([sys.executable, "-m", "build", "--no-isolation", "--outdir", theirs, theirs_src])
        else:  # build refuses a tree without pyproject.toml or setup.py; the fallback backend does not
            os.makedirs(theirs)
            for hook in ("build_sdist", "build_wheel"):
                run([sys.executable, "-c", legacy_hook, hook, theirs], cwd=theirs_src)
        their_wheels = [os.path.join(theirs, f) for f in sorted(os.listdir(theirs)) if f.endswith(".whl")]
        their_sdists = [os.path.join(theirs, f) for f in sorted(os.listdir(theirs)) if f.endswith(".tar.gz")]
        for kind, a, b in (("wheel", our_wheels, their_wheels), ("sdist", our_sdists, their_sdists)):
            check([os.path.basename(x) for x in a] == [os.path.basename(x) for x in b],
                  f"{name}: {kind} names {a} vs {b}")
            (ma, generated), (mb, _) = members(a[0]), members(b[0])
            # setuptools' egg-info, which pyrelease's sdists never carry (docs/configuration.md)
            mb = {n: v for n, v in mb.items() if ".egg-info/" not in n}
            check(sorted(ma) == sorted(mb), f"{name}: {kind} members differ:\n ours   {sorted(ma)}\n theirs {sorted(mb)}")
            differ = [n for n in ma if not generated.search(n) and ma[n] != mb[n]]
            check(not differ, f"{name}: {kind} members with other bytes: {differ}")
            wheel_file = [n for n in ma if n.endswith(".dist-info/WHEEL")]
            for n in wheel_file:  # the tags ([bdist_wheel] python_tag / universal)
                tags = [email.parser.Parser().parsestr(m[n].decode()).get_all("Tag") for m in (ma, mb)]
                check(tags[0] == tags[1], f"{name}: WHEEL tags {tags[0]} vs {tags[1]}")
            meta = [n for n in ma if n.endswith(".dist-info/METADATA") or re.fullmatch(r"[^/]+/PKG-INFO", n)]
            check(len(meta) == 1, f"{name}: {kind} has no core metadata: {sorted(ma)}")
            fa, fb = core_fields(ma[meta[0]]), core_fields(mb[meta[0]])
            for field in sorted(set(fa) | set(fb)):
                check(fa.get(field) == fb.get(field),
                      f"{name}: {kind} {field}: pyrelease {fa.get(field)} vs setuptools {fb.get(field)}")
            print(f"ok {name}: {kind} {os.path.basename(a[0])} equals setuptools' "
                  f"({len(ma)} members, {len(fa)} metadata fields)")


def case_failure():
    project = fresh_copy("scripts")
    out = os.path.join(WORK, CASE, "out")
    remove_tree(out)
    os.makedirs(out)
    # A package file whose read fails with EIO (a link to /proc/self/mem), so the build fails
    # mid-way, after the archives were opened: no archive and no temp file may remain.
    os.symlink("/proc/self/mem", os.path.join(project, "scripts_demo", "zz_broken.py"))
    p = run([PYRELEASE, "build", "--project", project, "--outdir", out], expect=1)
    check("error:" in p.stderr and "zz_broken.py" in p.stderr, f"the error does not name the file: {p.stderr!r}")
    check(os.listdir(out) == [], f"the failed build left {os.listdir(out)}")
    # A bad SOURCE_DATE_EPOCH is named.
    os.unlink(os.path.join(project, "scripts_demo", "zz_broken.py"))
    p = run([PYRELEASE, "build", "--project", project, "--outdir", out], env=dict(os.environ, SOURCE_DATE_EPOCH="yesterday"), expect=1)
    check("SOURCE_DATE_EPOCH" in p.stderr, p.stderr)
    check(os.listdir(out) == [], f"the failed build left {os.listdir(out)}")
    # A broken pyproject.toml points at the line.
    with open(os.path.join(project, "pyproject.toml"), "a") as f:
        f.write("\n[project\n")
    p = run([PYRELEASE, "build", "--project", project, "--outdir", out], expect=1)
    check("pyproject.toml:" in p.stderr and "^" in p.stderr, f"no file:line + caret: {p.stderr!r}")
    check(os.listdir(out) == [], f"the failed build left {os.listdir(out)}")
    print("ok: failures leave nothing behind")


def case_outputs():
    project = fresh_copy("scripts", "scripts dir")  # a space in the path, for the depfile escaping
    out = os.path.join(WORK, CASE, "out")
    remove_tree(out)
    manifest = os.path.join(WORK, CASE, "dists.json")
    depfile = os.path.join(WORK, CASE, "dists.d")
    p, sdists, wheels = build(project, out, args=["--manifest", manifest, "--depfile", depfile])
    lines = p.stdout.splitlines()
    check(len(lines) == 2 and all(l.startswith("built ") and l.endswith(")") for l in lines), f"output: {p.stdout!r}")
    m = json.load(open(manifest))
    check(list(m) == ["name", "normalized_name", "version", "sdist", "wheel"], f"manifest keys {list(m)}")
    check(m["normalized_name"] == "scripts-demo" and m["sdist"] == sdists[0] and m["wheel"] == wheels[0], f"manifest {m}")
    dep = open(depfile).read()
    check(dep.startswith(manifest.replace(" ", "\\ ") + ":"), f"depfile target: {dep[:200]!r}")
    check((project.replace(" ", "\\ ") + "/pyproject.toml") in dep, f"depfile lacks the escaped pyproject.toml: {dep!r}")
    check((project.replace(" ", "\\ ") + "/scripts_demo/cli.py") in dep, f"depfile lacks cli.py: {dep!r}")
    # Only the wheel: the manifest has no sdist key, the depfile's target is the wheel itself.
    remove_tree(out)
    os.unlink(manifest)
    p, sdists, wheels = build(project, out, args=["--wheel", "--manifest", manifest])
    check(sdists == [] and len(wheels) == 1, f"--wheel built {os.listdir(out)}")
    check("sdist" not in json.load(open(manifest)), "manifest lists an sdist that was not built")
    p, _, wheels = build(project, out, args=["--wheel", "--depfile", depfile])
    check(open(depfile).read().startswith(wheels[0].replace(" ", "\\ ") + ":"), "depfile target is not the wheel")
    # Default outdir: <project>/dist.
    run([PYRELEASE, "build", "--project", project, "--sdist"])
    built = os.listdir(os.path.join(project, "dist"))
    check(len(built) == 1 and built[0].endswith(".tar.gz"), f"default outdir holds {built}")
    p = run([PYRELEASE, "build", "--help"])
    check("--depfile" in p.stdout and "--manifest" in p.stdout, "--help")
    print("ok: manifest, depfile, output lines")


def case_onereader():
    # Past 64 files both archives are written side by side from one reader: every project file is
    # opened and read once, whatever the total size (here over the 16 MiB the reader may hold) and
    # whatever a file's size (one of 18 MB, streamed to both archives in pieces), the archives
    # are the bytes the one-archive-at-a-time path writes, and the credential scan on that reader
    # still refuses a live token (nothing left behind), as does a file that cannot be read.
    project = fresh_copy("flit", "many-flit")
    pkg = os.path.join(project, "fancy", "many")
    os.makedirs(pkg)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    rng = __import__("random").Random(3)
    for i in range(120):
        size = 600_000 if i % 3 == 0 else 2_000  # 40 files of 600 KB: 24 MB, more than is held at once
        words = [f"v{rng.randint(0, 10 ** 6)}" for _ in range(size // 8)]
        with open(os.path.join(pkg, f"m{i:03}.py"), "w") as f:
            f.write("X = " + repr(" ".join(words)) + "\n")
    # One file past the 16 MiB a file may be held whole: it is read once too, in pieces that both
    # archives take.
    big = os.path.join(pkg, "zbig.py")
    with open(big, "w") as f:
        for k in range(3000):
            f.write(f"V{k} = " + repr(" ".join(f"w{rng.randint(0, 10 ** 6)}" for _ in range(800))) + "\n")
    big_size = os.path.getsize(big)
    check(big_size > 17 << 20, f"the big file is only {big_size} bytes")
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    both = os.path.join(WORK, CASE, "both")
    remove_tree(both)
    if shutil.which("strace"):
        trace = os.path.join(WORK, CASE, "trace")
        # LeakSanitizer cannot run under ptrace (the sanitized build's stage): leaks are left to the
        # other archives tests there.
        no_lsan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))
        # -y: every descriptor with its path, so the reads of a file are counted however the
        # threads' calls interleave (an unfinished call resumes on the same thread).
        run(["strace", "-f", "-qq", "-y", "-s", "0", "-e", "trace=openat,open,read", "-o", trace, PYRELEASE,
             "build", "--project", project, "--outdir", both], env=dict(os.environ, **env, ASAN_OPTIONS=no_lsan))
        opened, read_bytes, pending = {}, {}, {}
        decode = lambda s: codecs.escape_decode(s.encode())[0].decode("utf-8", "replace")
        for line in open(trace):
            pid = line.split(" ", 1)[0]
            m = re.search(r'open(?:at)?\((?:\d+<((?:[^>\\]|\\.)+)>, )?.*?"((?:[^"\\]|\\.)+)"', line)
            if m and "= -1" not in line:
                # strace writes non-ASCII bytes as octal escapes (the build path may hold a "ü"). A
                # name opened relative to a directory descriptor is joined to its path (-y).
                path = decode(m.group(2))
                if m.group(1) and not path.startswith("/"):
                    path = decode(m.group(1)) + "/" + path
                if path.startswith(pkg + "/"):
                    opened[path] = opened.get(path, 0) + 1
                continue
            m = re.search(r'read\(\d+<((?:[^>\\]|\\.)+)>', line)
            if m:
                pending[pid] = decode(m.group(1))
            if "read" not in line or pid not in pending:
                continue
            m = re.search(r"\) += (\d+)", line)
            if m:
                path = pending.pop(pid)
                read_bytes[path] = read_bytes.get(path, 0) + int(m.group(1))
            elif "unfinished" not in line:
                pending.pop(pid)
        check(len(opened) == 122, f"{len(opened)} of 122 package files opened")
        twice = {k: v for k, v in opened.items() if v != 1}
        check(not twice, f"files opened more than once: {sorted(twice.items())[:5]}")
        check(read_bytes.get(big) == big_size,
              f"the big file: {read_bytes.get(big)} bytes read for its {big_size} (one pass)")
    else:
        build(project, both, env)
    sdist_b = [f for f in os.listdir(both) if f.endswith(".tar.gz")]
    wheel_b = [f for f in os.listdir(both) if f.endswith(".whl")]
    check(len(sdist_b) == 1 and len(wheel_b) == 1, f"built {os.listdir(both)}")
    apart = os.path.join(WORK, CASE, "apart")
    remove_tree(apart)
    build(project, apart, env, ["--sdist"])
    build(project, apart, env, ["--wheel"])
    for name in sdist_b + wheel_b:
        check(sha256(os.path.join(both, name)) == sha256(os.path.join(apart, name)),
              f"{name}: built with the other archive (one reader) differs from built alone")
    validate_sdist(os.path.join(both, sdist_b[0]), 1700000000)
    validate_wheel_record(os.path.join(both, wheel_b[0]))
    # A live token in a module in the middle: refused at its line, nothing in the output directory.
    token = "gh" + "p_" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                                  for _ in range(36))
    with open(os.path.join(pkg, "m061.py"), "a") as f:
        f.write(f"TOKEN = '{token}'\n")
    out = os.path.join(WORK, CASE, "refused")
    remove_tree(out)
    os.makedirs(out)
    p = run([PYRELEASE, "build", "--project", project, "--outdir", out], expect=1)
    check("m061.py:2" in p.stderr and "live credential" in p.stderr and token not in p.stderr,
          f"the token is not refused at m061.py:2: {p.stderr!r}")
    check(os.listdir(out) == [], f"the refused build left {os.listdir(out)}")
    os.unlink(os.path.join(pkg, "m061.py"))
    # A file whose read fails (EIO) is named, and nothing is left either.
    os.symlink("/proc/self/mem", os.path.join(pkg, "zz_broken.py"))
    p = run([PYRELEASE, "build", "--project", project, "--outdir", out], expect=1)
    check("error:" in p.stderr and "zz_broken.py" in p.stderr, f"the error does not name the file: {p.stderr!r}")
    check(os.listdir(out) == [], f"the failed build left {os.listdir(out)}")
    print("ok: one open and one read pass per file for both archives (one over 16 MiB), the same bytes as one "
          "archive at a time, "
          "a live token and an unreadable file refused with nothing left")


def case_display():
    """The "built" lines name each archive relative to the current directory when it lies inside it
    once links are resolved (as fs::relative does), else as given: through a link to elsewhere, a
    link back inside, a linked current directory, and outside."""
    root = os.path.join(WORK, CASE)
    project = fresh_copy("flit", "proj")
    os.makedirs(os.path.join(root, "elsewhere"))
    os.makedirs(os.path.join(project, "real"))
    os.symlink(os.path.join(root, "elsewhere"), os.path.join(project, "link-out"))
    os.symlink(os.path.join(project, "real"), os.path.join(project, "link-in"))
    os.symlink(project, os.path.join(root, "projlink"))
    cases = [  # (cwd, --outdir, the directory the lines name)
        (project, "dist", "dist"),
        (project, "link-out/d", os.path.join(project, "link-out", "d")),
        (project, "link-in/d", "real/d"),
        (os.path.join(root, "projlink"), "dist2", "dist2"),
        (root, "proj/link-out/e", "elsewhere/e"),
        (os.path.join(project, "real"), "../link-in/f", "f"),
        (project, os.path.join(root, "elsewhere", "g"), os.path.join(root, "elsewhere", "g")),
    ]
    for cwd, outdir, shown in cases:
        p = run([PYRELEASE, "build", "--project", project, "--outdir", outdir], cwd=cwd)
        # "built <path> (<size>)": the path may hold spaces (CI's build directory does)
        names = [line[len("built "):].rsplit(" (", 1)[0] for line in p.stdout.splitlines()]
        want = [os.path.join(shown, n) for n in ("flit_demo-0.1.0.tar.gz", "flit_demo-0.1.0-py3-none-any.whl")]
        check(names == want, f"in {cwd} with --outdir {outdir}: {names}, expected {want}")
    print(f"ok: the built archives named as the user reads them in {len(cases)} layouts")


fresh_dir(os.path.join(WORK, CASE))  # every path this case deletes lies in it
{"reproducible": case_reproducible, "install": case_install, "compare": case_compare,
 "failure": case_failure, "sdist_rebuild": case_sdist_rebuild,
 "sdist_rebuild_scm": case_sdist_rebuild_scm, "outputs": case_outputs, "display": case_display,
 "multichunk": case_multichunk, "onereader": case_onereader, "tarheaders": case_tarheaders,
 "setupcfg": case_setupcfg}[CASE]()
