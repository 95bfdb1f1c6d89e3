#!/usr/bin/env python3
"""`pyrelease check` of a wheel larger than it holds in memory keeps a small footprint (label: check).

usage: check_large_wheel_memory.py <pyrelease> <work dir> [--sanitized]

A wheel over 64 MiB is mapped rather than copied: each member's pages are given back once
inflated, and a wheel the central-directory walk declines (here: one member over the inflater's
64 MiB limit) is read by libarchive from the file. Two such wheels (~80 MB each: 320 members of
256 KiB; one stored 80 MB member) are checked, and the check's peak RSS (wait4) must stay under
48 MiB, a fraction of the file (the mapped wheel without its pages given back: 85 MiB). Both must
verify every RECORD hash: a copy of the first whose RECORD is wrong fails (exit 3) naming the
members. The wheels lie in a directory with a space and a "ü". `--sanitized` (an ASan build, whose
shadow memory and quarantine make RSS meaningless) keeps every check but the RSS limit.
"""
import os
import random
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402
from wheel_file import record_hash, write_zip  # noqa: E402

PYRELEASE, WORK = sys.argv[1:3]
SANITIZED = "--sanitized" in sys.argv[3:]
WORK = os.path.join(WORK, "check-large-wheel ü")
LIMIT_KIB = 48 * 1024


def make_wheel(path, members, compression, corrupt=False):
    """A wheel of `members` [(name, bytes)] with METADATA, WHEEL and a RECORD of their hashes (with
    `corrupt`, the members' hashes are those of other bytes)."""
    meta = (b"Metadata-Version: 2.1\nName: big\nVersion: 1.0\nSummary: a large wheel\n"
            b"Description-Content-Type: text/plain\n\nA large wheel.\n")
    wheel = b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    dist_info = [("big-1.0.dist-info/METADATA", meta), ("big-1.0.dist-info/WHEEL", wheel)]
    rows = [f"{name},{record_hash(data if not corrupt else data + b'!')},{len(data)}" for name, data in members]
    rows += [f"{name},{record_hash(data)},{len(data)}" for name, data in dist_info]
    rows.append("big-1.0.dist-info/RECORD,,")
    record = [("big-1.0.dist-info/RECORD", ("\n".join(rows) + "\n").encode())]
    write_zip(path, list(members) + dist_info + record, compression)


def check(wheel):
    proc = subprocess.Popen([PYRELEASE, "check", wheel], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss, out


def make_wheels():
    rng = random.Random(14)
    many = [(f"big/part{i:03d}.bin", rng.randbytes(256 * 1024)) for i in range(320)]
    for rel, members, compression, corrupt in (
            ("big-1.0-py3-none-any.whl", many, zipfile.ZIP_DEFLATED, False),
            ("one/big-1.0-py3-none-any.whl", [("big/blob.bin", rng.randbytes(80 * 10**6))], zipfile.ZIP_STORED, False),
            ("corrupt/big-1.0-py3-none-any.whl", many, zipfile.ZIP_DEFLATED, True)):
        wheel = os.path.join(WORK, rel)
        os.makedirs(os.path.dirname(wheel), exist_ok=True)
        make_wheel(wheel, members, compression, corrupt)


def main():
    if "--make" in sys.argv[3:]:
        return make_wheels()
    fresh_dir(WORK)
    # Made in a child process: a child's peak RSS counts this process's pages until its exec.
    subprocess.run([sys.executable, __file__, PYRELEASE, sys.argv[2], "--make"], check=True)
    for rel, expect, corrupt in (("big-1.0-py3-none-any.whl", 0, False), ("one/big-1.0-py3-none-any.whl", 0, False),
                                 ("corrupt/big-1.0-py3-none-any.whl", 3, True)):
        wheel = os.path.join(WORK, rel)
        size = os.path.getsize(wheel)
        if size <= 64 << 20:
            fail(f"{rel}: {size} bytes, not over 64 MiB: the test would not reach the mapped path")
        code, rss_kib, out = check(wheel)
        if code != expect:
            fail(f"{rel}: exit {code}, expected {expect}:\n{out[:2000]}")
        if corrupt and "big/part000.bin" not in out:
            fail(f"{rel}: the member whose RECORD hash is wrong is not named:\n{out[:2000]}")
        if rss_kib > LIMIT_KIB and not SANITIZED:
            fail(f"{rel} ({size / 2**20:.0f} MiB): peak RSS {rss_kib / 1024:.1f} MiB, over {LIMIT_KIB / 1024:.0f} MiB")
        print(f"{rel}: {size / 2**20:.0f} MiB checked in {rss_kib / 1024:.1f} MiB peak RSS, exit {code}")
    print("OK")


if __name__ == "__main__":
    main()
