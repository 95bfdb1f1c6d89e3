#!/usr/bin/env python3
"""`pyrelease check` reads each dist once (label: check).

usage: check_read_once.py <pyrelease> <projects dir> <work dir>

The framing validator, the member inflater, the member list and (for an sdist) libarchive and the
gzip trailer scan all work from one read of the file. strace counts, per dist: one open of it, and
the bytes read from it equal to its size (an sdist over 16 MiB is inflated as it is read, in 1 MiB
blocks, and never held whole). A wheel whose framing is accepted is listed from our own
central directory, so checking it does not even load libarchive (LD_DEBUG=libs); a broken wheel and
an sdist do load it, and are still read from disk once. The dists lie in a directory whose name has
a space and a "ü" (strace writes such bytes as octal escapes).
"""
import codecs
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402

PYRELEASE, PROJECTS, WORK = sys.argv[1:4]
WORK = os.path.join(WORK, "check-read-once")


def run(cmd, env=None, expect=0):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != expect:
        fail(f"{cmd[:4]} exited {p.returncode}, not {expect}:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p


def traced_reads(dist, expect):
    """(opens of `dist`, bytes read from it, read calls on it) during `pyrelease check dist`."""
    trace = os.path.join(WORK, "trace")
    # LeakSanitizer cannot run under ptrace (the sanitized build's stage).
    no_lsan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    run(["strace", "-f", "-qq", "-s", "0", "-e", "trace=open,openat,close,read,pread64,readv,preadv,mmap",
         "-o", trace, PYRELEASE, "check", dist], env=dict(os.environ, ASAN_OPTIONS=no_lsan), expect=expect)
    opens, calls, total = 0, 0, 0
    fds = set()  # descriptors open on the dist
    pending = {}  # pid -> (syscall, fd) of an <unfinished ...> call
    for line in open(trace):
        m = re.match(r"(\d+)\s+(.*)$", line.rstrip("\n"))
        if not m:
            continue
        pid, rest = m.groups()
        resumed = re.match(r"<\.\.\. (\w+) resumed>.*= (-?\d+)", rest)
        if resumed:
            name, ret = resumed.group(1), int(resumed.group(2))
            call, arg = pending.pop(pid, (name, None))
        else:
            call_m = re.match(r"(\w+)\((.*)", rest)
            if not call_m:
                continue
            call, args = call_m.groups()
            ret_m = re.search(r"= (-?\d+)", args)
            if "<unfinished ...>" in args:
                pending[pid] = (call, args)
                continue
            arg, ret = args, int(ret_m.group(1)) if ret_m else -1
        if call in ("open", "openat"):
            pm = re.search(r'"((?:[^"\\]|\\.)+)"', arg or "")
            path = codecs.escape_decode(pm.group(1).encode())[0].decode("utf-8", "replace") if pm else ""
            if path == dist and ret >= 0:
                opens += 1
                fds.add(ret)
        elif call == "close":
            fm = re.match(r"(\d+)", arg or "")
            if fm:
                fds.discard(int(fm.group(1)))
        elif call in ("read", "pread64", "readv", "preadv", "mmap"):
            fm = re.match(r"(?:NULL, \d+, [^,]+, [^,]+, )?(\d+)", arg or "")
            fd = int(fm.group(1)) if fm else -1
            if call == "mmap":
                check(fd not in fds, f"the dist was mapped: {line}")
            elif fd in fds:
                calls += 1
                total += max(ret, 0)
    return opens, total, calls


def libarchive_loaded(dist, expect):
    p = subprocess.run([PYRELEASE, "check", dist], capture_output=True, text=True,
                       env=dict(os.environ, LD_DEBUG="libs"))
    check(p.returncode == expect, f"check {dist} exited {p.returncode}: {p.stdout[-2000:]}")
    return any("calling init:" in line and "libarchive" in line for line in p.stderr.splitlines())


def main():
    fresh_dir(WORK)
    project = os.path.join(WORK, "project")
    shutil.copytree(os.path.join(PROJECTS, "flit"), project)
    pkg = os.path.join(project, "fancy", "many")
    os.makedirs(pkg)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    # 300 modules, some of 40 KB: the wheel is inflated on both threads and the framing spans many
    # of the validator's old 64 KiB windows.
    for i in range(300):
        with open(os.path.join(pkg, f"m{i:03}.py"), "w") as f:
            f.write("".join(f"V{i}_{j} = {i * 7919 + j * 104729}\n" for j in range(2000 if i % 10 == 0 else 20)))
    out = os.path.join(WORK, "dists ü x")
    run([PYRELEASE, "build", "--project", project, "--outdir", out],
        env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    wheel = next(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".whl"))
    sdist = next(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".tar.gz"))

    # An sdist over 16 MiB: inflated as it is read, in 1 MiB blocks, never held whole.
    big = os.path.join(WORK, "big")
    shutil.copytree(os.path.join(PROJECTS, "flit"), big)
    with open(os.path.join(big, "fancy", "blob.bin"), "wb") as f:
        f.write(random.Random(5).randbytes(18 << 20))  # incompressible: the sdist stays over 16 MiB
    big_out = os.path.join(WORK, "big dists ü")
    run([PYRELEASE, "build", "--sdist", "--project", big, "--outdir", big_out],
        env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    big_sdist = next(os.path.join(big_out, f) for f in os.listdir(big_out) if f.endswith(".tar.gz"))
    check(os.path.getsize(big_sdist) > 16 << 20, f"{big_sdist} is not over 16 MiB")

    # A broken wheel: one member's data changed, its CRC-32 left as it was in both headers.
    os.makedirs(os.path.join(WORK, "broken ü"))
    broken = os.path.join(WORK, "broken ü", os.path.basename(wheel))
    with zipfile.ZipFile(wheel) as zin, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("m005.py"):
                data = data[:-2] + b"9\n"
            zout.writestr(info, data)
    with open(broken, "r+b") as f:  # keep the old CRC-32 of m005.py: the data no longer matches it
        blob = f.read()
    with zipfile.ZipFile(wheel) as zin:
        old = next(i for i in zin.infolist() if i.filename.endswith("m005.py")).CRC
    with zipfile.ZipFile(broken) as zb:
        new = next(i for i in zb.infolist() if i.filename.endswith("m005.py")).CRC
    blob = blob.replace(new.to_bytes(4, "little"), old.to_bytes(4, "little"))
    with open(broken, "wb") as f:
        f.write(blob)

    if shutil.which("strace"):
        for dist, expect in ((wheel, 0), (sdist, 0), (big_sdist, 0), (broken, 3)):
            opens, total, calls = traced_reads(dist, expect)
            size = os.path.getsize(dist)
            name = os.path.basename(dist)
            check(opens == 1, f"{name}: opened {opens} times")
            check(total == size, f"{name}: {total} bytes read, the file has {size}")
            check(calls <= 3 + size // (1 << 20), f"{name}: {calls} read calls for {size} bytes")
            print(f"ok {name}: opened once, {total} bytes read in {calls} calls ({size} bytes)")
    else:
        print("strace not found: the open/read counts are not checked")
    check(not libarchive_loaded(wheel, 0), "checking a well-formed wheel loaded libarchive")
    check(libarchive_loaded(broken, 3), "the broken wheel was not handed to libarchive")
    check(libarchive_loaded(sdist, 0), "the sdist was not read by libarchive")
    check(libarchive_loaded(big_sdist, 0), "the large sdist was not read by libarchive")
    print("ok libarchive: not loaded for the wheel; loaded for the broken wheel and the sdist")
    # The broken member is still found: its data no longer matches its RECORD hash.
    p = run([PYRELEASE, "check", broken], expect=3)
    check("ERROR record fancy/many/m005.py" in p.stdout, f"the broken member is not named:\n{p.stdout}")


main()
