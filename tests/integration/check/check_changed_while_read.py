#!/usr/bin/env python3
"""`pyrelease check` of a wheel that changes while it is read, or that cannot be mapped (label: check).

usage: check_changed_while_read.py <pyrelease> <work dir> <map_fault_shim.so>

Wheels over 1 MiB are mapped (up to 64 MiB with every page at once, larger ones page by page).
With map_fault_shim.cc preloaded:
- `cut`: each wheel is truncated right after it is mapped, as another process may do at any time.
  The check must end with exit 3 and an error naming the file ("changed while being read"), never
  die of SIGBUS;
- `flip`: a byte in the middle of each wheel is inverted in place right after it is mapped and the
  mtime set back (as `cp -p` over it would leave it): the same error, though size and mtime are
  unchanged (only the inode's change time tells);
- `fail`: mapping fails as on a file system that cannot map files. A wheel up to 64 MiB is read
  instead, with the same report as when mapped; a larger one is refused with an error naming it.
Then, without the shim, a wheel truncated by another process at a random point while it is
checked (repeated): every run ends in a report (passed, or an error naming the file), none by a
signal. The wheels lie in a directory with a space and a "ü".
"""
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402
from wheel_file import write_wheel  # noqa: E402

PYRELEASE, WORK, SHIM = sys.argv[1:4]
WORK = os.path.join(WORK, "check-changed ü")


def make_wheel(path, members, compression):
    """A wheel of `members` [(name, bytes)] with METADATA, WHEEL and a RECORD of their hashes."""
    meta = (b"Metadata-Version: 2.1\nName: big\nVersion: 1.0\nSummary: a wheel\n"
            b"Description-Content-Type: text/plain\n\nA wheel.\n")
    wheel = b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    write_wheel(path, members + [("big-1.0.dist-info/METADATA", meta), ("big-1.0.dist-info/WHEEL", wheel)],
                "big-1.0.dist-info", compression)


def shim_env(mode):
    """The environment that preloads the shim in `mode` (as build_safety_test.py's disk_shim)."""
    # LD_PRELOAD splits at spaces and colons, and the build directory may hold a space: the bare
    # name, looked up in LD_LIBRARY_PATH (split at colons only). A gcc-sanitized pyrelease wants
    # ASan's runtime first in the list; the shim does not use it.
    shim = os.path.realpath(SHIM)
    if ":" in os.path.dirname(shim):
        fail(f"the shim's directory holds a colon: {shim}")
    return {"LD_PRELOAD": os.path.basename(shim), "PYRELEASE_TEST_MAP": mode,
            "LD_LIBRARY_PATH": ":".join(filter(None, [os.path.dirname(shim), os.environ.get("LD_LIBRARY_PATH")])),
            "ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))}


def check(wheel, mode=None):
    env = dict(os.environ, **(shim_env(mode) if mode else {}))
    proc = subprocess.run([PYRELEASE, "check", wheel], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=env, timeout=300)
    return proc.returncode, proc.stdout.decode(errors="replace")


def main():
    fresh_dir(WORK)
    rng = random.Random(6)
    text = b"".join(b"def f%d(x):\n    return x * %d\n" % (i, rng.randrange(10**9)) for i in range(4000))
    wheels = {
        # 1-64 MiB: mapped with every page at once (deflated members, many of them)
        "medium": (os.path.join(WORK, "medium", "big-1.0-py3-none-any.whl"),
                   [(f"big/m{i:03d}.py", text + rng.randbytes(8192)) for i in range(60)], zipfile.ZIP_DEFLATED),
        # over 64 MiB: mapped page by page, each member's pages given back
        "huge": (os.path.join(WORK, "huge", "big-1.0-py3-none-any.whl"),
                 [(f"big/h{i}.bin", rng.randbytes(17 << 20)) for i in range(4)], zipfile.ZIP_STORED),
    }
    for path, members, compression in wheels.values():
        os.makedirs(os.path.dirname(path))
        make_wheel(path, members, compression)
    medium, huge = wheels["medium"][0], wheels["huge"][0]
    sizes = {name: os.path.getsize(p) for name, (p, _, _) in wheels.items()}
    if not (1 << 20) < sizes["medium"] <= (64 << 20) < sizes["huge"]:
        fail(f"wheel sizes {sizes} do not reach both mapped paths")

    code, plain = check(medium)
    if code != 0:
        fail(f"the intact wheel does not pass (exit {code}):\n{plain[:2000]}")

    for name, (path, _, _) in wheels.items():
        for cut in (0, sizes[name] // 2, sizes[name] - 1):
            victim = os.path.join(os.path.dirname(path), "cut", os.path.basename(path))
            os.makedirs(os.path.dirname(victim), exist_ok=True)
            shutil.copyfile(path, victim)
            code, out = check(victim, f"cut:{cut}")
            if code < 0:
                fail(f"{name} cut to {cut} bytes while mapped: killed by signal {-code}:\n{out[:2000]}")
            if code != 3 or "changed while being read" not in out or victim not in out:
                fail(f"{name} cut to {cut} bytes while mapped: exit {code}, expected 3 and an error "
                     f"naming {victim!r}:\n{out[:2000]}")
            if os.path.getsize(victim) != cut:
                fail(f"{name}: the shim did not truncate the wheel to {cut} bytes")
            print(f"{name} ({sizes[name] / 2**20:.0f} MiB) cut to {cut} bytes while mapped: exit 3, "
                  f"{out.strip().splitlines()[-1][:160]}")

    for name, (path, _, _) in wheels.items():
        victim = os.path.join(os.path.dirname(path), "flip", os.path.basename(path))
        os.makedirs(os.path.dirname(victim), exist_ok=True)
        shutil.copyfile(path, victim)
        before = os.stat(victim)
        code, out = check(victim, f"flip:{sizes[name] // 2}")
        after = os.stat(victim)
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            fail(f"{name}: the shim did not keep the size and mtime")
        if code != 3 or "changed while being read" not in out or victim not in out:
            fail(f"{name} rewritten in place while mapped (same size, mtime set back): exit {code}, "
                 f"expected 3 and an error naming {victim!r}:\n{out[:2000]}")
        print(f"{name} rewritten in place while mapped, size and mtime kept: exit 3, changed")

    code, out = check(medium, "fail")
    if (code, out) != (0, plain):
        fail(f"medium wheel, mapping refused: exit {code}, expected the mapped check's report "
             f"(exit 0):\n{out[:2000]}\n--- mapped:\n{plain[:2000]}")
    print("medium wheel, mapping refused: read instead, the same report, exit 0")
    code, out = check(huge, "fail")
    if code != 3 or "cannot map it" not in out or huge not in out:
        fail(f"huge wheel, mapping refused: exit {code}, expected 3 and an error naming it:\n{out[:2000]}")
    print("huge wheel, mapping refused: exit 3, named")

    # Another process truncates the wheel at a random point of the check.
    victim = os.path.join(WORK, "race", os.path.basename(medium))
    os.makedirs(os.path.dirname(victim))
    outcomes = {}
    for i in range(12):
        shutil.copyfile(medium, victim)
        proc = subprocess.Popen([PYRELEASE, "check", victim], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        time.sleep(rng.uniform(0, 0.05))
        os.truncate(victim, rng.randrange(sizes["medium"]))
        out = proc.communicate(timeout=300)[0].decode(errors="replace")
        if proc.returncode < 0:
            fail(f"truncated during the check (run {i}): killed by signal {-proc.returncode}:\n{out[:2000]}")
        if proc.returncode not in (0, 3) or (proc.returncode == 3 and victim not in out):
            fail(f"truncated during the check (run {i}): exit {proc.returncode}:\n{out[:2000]}")
        kind = "changed" if "changed while being read" in out else "other error" if proc.returncode else "passed"
        outcomes[kind] = outcomes.get(kind, 0) + 1
    print(f"truncated by another process during 12 checks: {outcomes}, none killed by a signal")
    print("OK")


if __name__ == "__main__":
    main()
