#!/usr/bin/env python3
"""Findings beyond twine check: each case makes one bad input and asserts `pyrelease check`
reports it (rule id and words), fails the file, and never crashes.

usage: check_beyond_twine.py PYRELEASE PROJECTS_DIR WORK_DIR
"""
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_corpus as cc  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402


def main():
    pyrelease, projects_dir, work = sys.argv[1:4]
    work = os.path.join(work, "check-beyond")
    fresh_dir(work)
    built = os.path.join(work, "built")
    r = subprocess.run([pyrelease, "build", "--project", os.path.join(projects_dir, "flat"), "--outdir", built],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("pyrelease build failed:", r.stderr)
        return 1
    wheel = next(os.path.join(built, f) for f in os.listdir(built) if f.endswith(".whl"))
    sdist = next(os.path.join(built, f) for f in os.listdir(built) if f.endswith(".tar.gz"))
    wname, sname = os.path.basename(wheel), os.path.basename(sdist)
    members = cc.read_wheel(wheel)
    di = cc.dist_info_of(members)
    smembers = cc.read_sdist(sdist)
    top = smembers[0][0].split("/")[0]
    cases = []  # (label, path, extra args, rule, words)
    n = [0]

    def out(name):
        n[0] += 1
        d = os.path.join(work, f"{n[0]:02d}")
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, name)

    def case(label, path, rule, words, args=()):
        cases.append((label, path, list(args), rule, words))

    def meta_wheel(label, rule, words, **kw):
        p = out(wname)
        cc.wheel_variant(wheel, p, lambda h, b: (cc.edit_headers(h, **kw), b))
        case(label, p, rule, words)

    # --- PyPI metadata rules ---
    meta_wheel("invalid classifier", "pypi-metadata", "'Development Status ::  4 - Beta' is not a valid classifier.",
               add=[("Classifier", "Development Status ::  4 - Beta")])
    meta_wheel("deprecated classifier", "pypi-metadata", "has been deprecated, use one of ['Natural Language :: Ukrainian']",
               add=[("Classifier", "Natural Language :: Ukranian")])
    meta_wheel("unknown SPDX license", "metadata-valid", "Unknown license", set_={"License-Expression": "Foo-License"})
    meta_wheel("malformed SPDX expression", "metadata-valid", "is invalid for 'license-expression'",
               set_={"License-Expression": "MIT AND"})
    meta_wheel("License with License-Expression", "pypi-metadata", "License is deprecated when License-Expression",
               add=[("License", "MIT License")])
    meta_wheel("direct URL dependency", "pypi-metadata", "Can't have direct dependency",
               add=[("Requires-Dist", "foo @ https://example.org/foo.whl")])
    meta_wheel("summary over 512", "pypi-metadata", "512 characters or less", set_={"Summary": "x" * 600})
    meta_wheel("invalid author email", "emails", "is not a valid email address",
               set_={"Author-email": "Someone <not-an-address>"})
    meta_wheel("invalid project URL", "urls", "is not a valid url", add=[("Project-URL", "Home, ftp//broken")])
    meta_wheel("project URL label too long", "urls", "must be 32 characters or less",
               add=[("Project-URL", "A label that is much longer than thirty-two, https://example.org/")])
    meta_wheel("metadata version 2.6", "metadata-version-pypi", "'2.6' is not a valid metadata version",
               set_={"Metadata-Version": "2.6"})
    meta_wheel("License-File not in archive", "license-files", "does not exist in distribution file",
               add=[("License-File", "NOTICE")])
    p = out(wname)
    cc.wheel_variant(wheel, p, lambda h, b: (cc.edit_headers(h, set_={"Description-Content-Type": "text/markdown"}),
                                             "[only]: https://example.org/\n"))
    case("Markdown that renders to nothing", p, "description-markdown", "failed to render for 'text/markdown'")
    # A header line without a colon: the e-mail parser starts the body there.
    p = out(wname)
    text = dict(members)[f"{di}/METADATA"].decode()
    broken = text.replace("\n", "\nImport-Name flat_demo\n", 1)
    cc.write_wheel(p, cc.replace_member(members, f"{di}/METADATA", broken.encode()))
    case("metadata header without ':'", p, "metadata-defects", "missing header/body separator")

    # --- ZIP structure (Warehouse's validate_zipfile) ---
    p = out(wname)
    with open(p, "wb") as f:
        f.write(open(cc.write_wheel(out(wname), members), "rb").read() + b"trailing junk")
    case("trailing data", p, "zip-structure", "ZIP archive not accepted: Trailing data")
    p = out(wname)
    with open(p, "wb") as f:
        f.write(b"#!/bin/sh\nexit 0\n" + open(wheel, "rb").read())
    case("prepended data", p, "zip-structure", "Unknown record signature")
    p = out(wname)

    class Unseekable(io.RawIOBase):
        def __init__(self, f):
            self.f = f

        def writable(self):
            return True

        def write(self, b):
            return self.f.write(b)

    with open(p, "wb") as raw:
        with zipfile.ZipFile(Unseekable(raw), "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in cc.read_wheel(cc.write_wheel(out(wname), members)):
                z.writestr(name, data)
    case("data descriptors (streamed zip)", p, "zip-structure", "ZIP contains a data descriptor")
    p = out(wname)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in cc.read_wheel(cc.write_wheel(out(wname), members)):
            info = zipfile.ZipInfo(name, date_time=(2020, 2, 2, 0, 0, 0))
            info.comment = b"per-file comment"
            z.writestr(info, data)
    case("per-file comment", p, "zip-structure", "Comment in central directory")
    p = out(wname)
    cc.write_wheel(p, members, compression=zipfile.ZIP_BZIP2)
    case("bzip2 compression", p, "zip-structure", "File does not use a supported compression type")
    p = out(wname)
    cc.write_wheel(p, members + [("flat_demo/zeros.bin", bytes(70 << 20))])
    case("zip bomb (ratio > 50)", p, "zip-structure", "File exceeds compression ratio of 50")

    # --- RECORD, WHEEL, dist-info ---
    p = out(wname)
    tampered = [(nm, d + b"# changed\n" if nm.endswith("__init__.py") else d) for nm, d in members]
    cc.write_wheel(p, tampered, fix_record=False)
    case("file changed after RECORD", p, "record", "does not match the file's")
    p = out(wname)
    cc.write_wheel(p, members + [("flat_demo/extra.py", b"x = 1\n")], fix_record=False)
    case("file not in RECORD", p, "record", "not listed in RECORD")
    p = out(wname)
    rec = dict(members)[f"{di}/RECORD"].decode() + "flat_demo/ghost.py,sha256=AAAA,4\n"
    cc.write_wheel(p, cc.replace_member(members, f"{di}/RECORD", rec.encode()), fix_record=False)
    case("RECORD entry not in archive", p, "record", "is not in the archive")
    p = out(wname)
    rec = dict(members)[f"{di}/RECORD"].decode() + "../../etc/passwd,sha256=AAAA,4\n"
    cc.write_wheel(p, cc.replace_member(members, f"{di}/RECORD", rec.encode()), fix_record=False)
    case("RECORD path outside", p, "record", "points outside the archive")
    p = out(wname)
    cc.write_wheel(p, [(nm, d) for nm, d in members if not nm.endswith("/RECORD")], fix_record=False)
    case("no RECORD", p, "wheel-required-files", "does not contain the required RECORD file")
    p = out(wname)
    wheel_file = dict(members)[f"{di}/WHEEL"].decode().replace("Tag: py3-none-any", "Tag: py2-none-any")
    cc.write_wheel(p, cc.replace_member(members, f"{di}/WHEEL", wheel_file.encode()))
    case("WHEEL tags differ from file name", p, "wheel-file", "do not match the file name's tags")
    p = out(wname)
    cc.write_wheel(p, members + [("other-1.0.dist-info/METADATA", b"Metadata-Version: 2.1\nName: other\nVersion: 1.0\n")])
    case("two .dist-info directories", p, "wheel-dist-info", ".dist-info directories")
    p = out(wname)
    cc.write_wheel(p, members + [("../evil.py", b"print('x')\n")])
    case("path traversal member (wheel)", p, "unsafe-paths", "'..' leaves the archive")

    # --- wheel file names ---
    p = out("other_demo-0.1.0-py3-none-any.whl")
    shutil.copy(wheel, p)
    case("renamed wheel (other project)", p, "wheel-filename", "Start filename for")
    p = out(wname.replace("0.1.0", "0.2.0"))
    shutil.copy(wheel, p)
    case("renamed wheel (other version)", p, "wheel-filename", "Version in filename should be")
    p = out(wname.replace("flat_demo", "Flat_Demo"))
    shutil.copy(wheel, p)
    case("non-normalized wheel name", p, "wheel-filename", "should contain the normalized project name 'flat_demo'")
    p = out(wname.replace("py3-none-any", "cp311-cp311-linux_x86_64"))
    wf = dict(members)[f"{di}/WHEEL"].decode().replace("Tag: py3-none-any", "Tag: cp311-cp311-linux_x86_64")
    cc.write_wheel(p, cc.replace_member(members, f"{di}/WHEEL", wf.encode()))
    case("linux_x86_64 platform tag", p, "wheel-filename", "unsupported platform tag 'linux_x86_64'")
    p = out("flat_demo-0.1.0-py3-any.whl")
    shutil.copy(wheel, p)
    case("invalid wheel file name", p, "wheel-filename", "Invalid wheel filename (wrong number of parts)")

    # --- sdists ---
    p = out(sname.replace("flat_demo", "Flat-Demo"))
    shutil.copy(sdist, p)
    case("non-normalized sdist name (PEP 625)", p, "sdist-filename", "is invalid, should be 'flat_demo-0.1.0.tar.gz'")
    p = out(sname)
    cc.write_sdist(p, smembers + [("other-top/README", b"x\n")])
    case("two top-level directories", p, "sdist-layout", "Incorrect number of top-level directories")
    p = out(sname)
    cc.write_sdist(p, [(nm.replace(top, "flat_demo-0.2.0", 1), d) for nm, d in smembers])
    case("top-level directory not {name}-{version}", p, "sdist-layout", "the top-level directory should be")
    p = out(sname)
    # Credentials are made up at run time: random bytes in the shape of the real thing.
    token = b"pypi-AgE" + base64.urlsafe_b64encode(os.urandom(96)).rstrip(b"=")
    cc.write_sdist(p, smembers + [(f"{top}/.env", b"# deploy\nTOKEN=" + token + b"\n")])
    case("secret: index token in .env (sdist)", p, "secrets", "live credential (PyPI API token)")
    name_only_sdist = out(sname)
    cc.write_sdist(name_only_sdist, smembers + [(f"{top}/tests/.env", b"FOO=env\n")])
    p = out(wname)
    body = base64.encodebytes(os.urandom(400))
    key = b"-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + b"-----END OPENSSH PRIVATE KEY-----\n"
    cc.write_wheel(p, members + [("flat_demo/deploy_key", key)])
    case("secret: private key in wheel", p, "secrets", "live credential (private key block)")
    marker_only_wheel = out(wname)
    marker = b'BEGIN = b"-----BEGIN OPENSSH PRIVATE KEY-----"\nEND = b"-----END OPENSSH PRIVATE KEY-----"\n'
    cc.write_wheel(marker_only_wheel, members + [("flat_demo/keys.py", marker)])
    p = out(sname)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for nm, d in smembers + [(f"{top}/../../evil.sh", b"rm -rf /\n")]:
            info = tarfile.TarInfo(nm)
            info.size = len(d)
            t.addfile(info, io.BytesIO(d))
    with open(p, "wb") as f:
        f.write(buf.getvalue())
    case("path traversal member (sdist)", p, "unsafe-paths", "'..' leaves the archive")
    # A sparse member, written by GNU tar from a file with a hole.
    sparse_dir = os.path.join(work, "sparse")
    fresh_dir(sparse_dir)
    os.makedirs(os.path.join(sparse_dir, top))
    for nm, d in smembers:
        os.makedirs(os.path.join(sparse_dir, os.path.dirname(nm)), exist_ok=True)
        with open(os.path.join(sparse_dir, nm), "wb") as f:
            f.write(d)
    with open(os.path.join(sparse_dir, top, "hole.bin"), "wb") as f:
        f.seek(4 << 20)
        f.write(b"end")
    p = out(sname)
    if shutil.which("tar"):
        subprocess.run(["tar", "--sparse", "--format=gnu", "-czf", p, "-C", sparse_dir, top], check=True)
        case("sparse tar member", p, "tar-sparse", "Sparse members are not allowed")

    # --- archive defects that readers disagree on or that harm an extractor (issue 9, item 7) ---
    def tar_with(path, extra):
        """The sdist's members plus `extra` TarInfo objects (data-less: links, devices, FIFOs)."""
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.PAX_FORMAT) as t:
            for nm, d in smembers:
                info = tarfile.TarInfo(nm)
                info.size = len(d)
                t.addfile(info, io.BytesIO(d))
            for info in extra:
                t.addfile(info)
        with open(path, "wb") as f:
            f.write(buf.getvalue())

    def special(name, type_, linkname=""):
        info = tarfile.TarInfo(f"{top}/{name}")
        info.type = type_
        info.linkname = linkname
        return info

    p = out(sname)
    with open(p, "wb") as f:
        f.write(open(sdist, "rb").read() + b"SECOND PAYLOAD appended after the gzip stream\n")
    case("gzip trailing garbage", p, "gzip-trailing-data", "trailing data after the end of the gzip stream")
    p = out(wname)
    data = bytearray(open(wheel, "rb").read())
    data[14] ^= 0xFF  # the first local header's CRC-32 (offset 14); the central directory keeps its own
    with open(p, "wb") as f:
        f.write(bytes(data))
    case("local CRC differs from central CRC", p, "zip-crc", "local header's CRC-32 differs from the central")
    p = out(sname)
    dev = special("dev_null", tarfile.CHRTYPE)
    dev.devmajor, dev.devminor = 1, 3
    tar_with(p, [dev])
    case("character device member", p, "special-members", "is a character device")
    p = out(sname)
    tar_with(p, [special("blockdev", tarfile.BLKTYPE)])
    case("block device member", p, "special-members", "is a block device")
    p = out(sname)
    tar_with(p, [special("README.md.fifo", tarfile.FIFOTYPE)])
    case("FIFO member", p, "special-members", "is a FIFO")
    p = out(sname)
    tar_with(p, [special("passwd", tarfile.SYMTYPE, "/etc/passwd")])
    case("symlink to an absolute path", p, "unsafe-links", "symbolic link to '/etc/passwd': an absolute path")
    p = out(sname)
    tar_with(p, [special("up", tarfile.SYMTYPE, "../../outside")])
    case("symlink out of the archive", p, "unsafe-links", "symbolic link to '../../outside': it points outside")
    p = out(sname)
    tar_with(p, [special("shadow", tarfile.LNKTYPE, "/etc/shadow")])
    case("hardlink to an absolute path", p, "unsafe-links", "hard link to '/etc/shadow': an absolute path")
    other = b"Metadata-Version: 2.1\nName: another-project\nVersion: 6.6.6\n"
    p = out(sname)
    cc.write_sdist(p, smembers + [(f"{top}/PKG-INFO", other)])
    case("second PKG-INFO naming another project", p, "sdist-pkg-info", "names project 'another-project'")
    p = out(sname)
    cc.write_sdist(p, smembers + [(f"{top}/src/another_project.egg-info/PKG-INFO", other)])
    case("egg-info PKG-INFO naming another project", p, "sdist-pkg-info", "names project 'another-project'")
    meta_wheel("NUL byte in Summary", "metadata-nul", "the field holds a NUL byte", set_={"Summary": "evil\x00summary"})

    # --- damaged archives: a clear failure, never a crash ---
    p = out(wname)
    data = open(wheel, "rb").read()
    with open(p, "wb") as f:
        f.write(data[: len(data) // 2])
    case("truncated wheel", p, "dist-readable", "Invalid distribution file")
    p = out(sname)
    data = open(sdist, "rb").read()
    with open(p, "wb") as f:
        f.write(data[: len(data) // 2])
    case("truncated sdist", p, "dist-readable", "Invalid distribution file")
    p = out(wname)
    with open(p, "wb") as f:
        f.write(b"not a zip at all")
    case("not a zip", p, "dist-readable", "File is not a zipfile")

    # --- size ---
    case("file larger than --max-size", wheel, "file-size", "File too large. Limit for project", ["--max-size", "1KB"])

    failures = 0
    for label, path, args, rule, words in cases:
        r = subprocess.run([pyrelease, "check", "--json", *args, path], capture_output=True, text=True)
        problem = None
        if r.returncode not in (0, 3) or not r.stdout.strip().startswith("{"):
            problem = f"crashed or bad exit {r.returncode}: {r.stderr.strip()[:300]}"
        else:
            report = json.loads(r.stdout)["files"][0]
            hits = [f for f in report["findings"] if f["rule"] == rule and words in f["message"]]
            if not hits:
                problem = "missing finding; got: " + "; ".join(f"{f['rule']}: {f['message'][:100]}" for f in report["findings"])
            elif not report["failed"] or r.returncode != 3:
                problem = f"not failed (status {report['status']}, exit {r.returncode})"
        print(f"{'ok  ' if not problem else 'FAIL'} {label:<44} {rule:<22} {problem or ''}")
        failures += 1 if problem else 0

    # Size budget: a warning, fatal only with --strict.
    r = subprocess.run([pyrelease, "check", "--warn-size", "1KB", wheel], capture_output=True, text=True)
    ok = r.returncode == 0 and "PASSED with warnings" in r.stdout and "size budget" in r.stdout
    r2 = subprocess.run([pyrelease, "check", "--strict", "--warn-size", "1KB", wheel], capture_output=True, text=True)
    ok = ok and r2.returncode == 3 and "FAILED due to warnings" in r2.stdout
    print(f"{'ok  ' if ok else 'FAIL'} {'--warn-size is a warning (--strict fails)':<44} file-size")
    failures += 0 if ok else 1
    # A secret-looking name alone is a warning (test fixtures are published on purpose), and a PEM
    # marker in source code is not a key.
    r = subprocess.run([pyrelease, "check", name_only_sdist], capture_output=True, text=True)
    ok = r.returncode == 0 and "PASSED with warnings" in r.stdout and "looks like a secret by its name" in r.stdout
    r2 = subprocess.run([pyrelease, "check", marker_only_wheel], capture_output=True, text=True)
    ok = ok and r2.returncode == 0 and "PASSED" in r2.stdout and " secrets " not in r2.stdout
    print(f"{'ok  ' if ok else 'FAIL'} {'secret-looking name warns; PEM marker passes':<44} secrets {r.stdout[-300:] if not ok else ''}")
    failures += 0 if ok else 1
    # The good dists pass, in twine's format.
    r = subprocess.run([pyrelease, "check", wheel, sdist], capture_output=True, text=True)
    ok = r.returncode == 0 and r.stdout.count(": PASSED") == 2 and r.stdout.startswith(f"Checking {wheel}: PASSED")
    print(f"{'ok  ' if ok else 'FAIL'} {'good wheel and sdist pass (wheel first)':<44}")
    failures += 0 if ok else 1
    r = subprocess.run([pyrelease, "check", "--list-rules"], capture_output=True, text=True)
    ok = r.returncode == 0 and len(r.stdout.splitlines()) >= 20 and all(
        rule in r.stdout for rule in ("zip-structure", "unsafe-links", "special-members", "gzip-trailing-data",
                                      "zip-crc", "sdist-pkg-info", "metadata-nul"))
    print(f"{'ok  ' if ok else 'FAIL'} {'--list-rules lists the rule table':<44}")
    failures += 0 if ok else 1

    total = len(cases) + 4
    print(f"beyond-twine findings: {total - failures}/{total} cases pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
