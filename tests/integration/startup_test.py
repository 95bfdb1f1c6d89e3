#!/usr/bin/env python3
"""Start-up (label: startup): the shared libraries a run maps before it needs them.

usage: startup_test.py <pyrelease> <projects dir> <work dir>

libcurl and libarchive (with libxml2, ICU, nettle, ...) are opened on first use
(publish/curl_loader.cc, core/archive_loader.cc), so the executable does not link them and
`pyrelease --version` never loads them; a build loads libarchive (the sdist's tar), never libcurl.
The dynamic loader's own log (LD_DEBUG=libs) says what was loaded.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402

PYRELEASE, PROJECTS, WORK = sys.argv[1:4]
LAZY = ("libcurl", "libarchive", "libicu", "libxml2")


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def loaded(argv, env_extra=None):
    """The libraries the dynamic loader initialised during the run, and the run itself."""
    env = dict(os.environ, LD_DEBUG="libs", **(env_extra or {}))
    p = subprocess.run(argv, env=env, capture_output=True, text=True)
    libs = {line.split("calling init:")[1].strip() for line in p.stderr.splitlines() if "calling init:" in line}
    return libs, p


fresh_dir(WORK)
if shutil.which("ldd"):
    linked = subprocess.run(["ldd", PYRELEASE], capture_output=True, text=True).stdout
    for name in LAZY:
        if name in linked:
            fail(f"the executable links {name}:\n{linked}")
libs, p = loaded([PYRELEASE, "--version"])
if p.returncode != 0:
    fail(f"--version exited {p.returncode}")
early = sorted(lib for lib in libs if any(os.path.basename(lib).startswith(n) for n in LAZY))
if early:
    fail(f"--version loaded {early}")
print(f"ok --version: {len(libs)} libraries initialised, none of {', '.join(LAZY)}")

project = os.path.join(WORK, "flit")
shutil.copytree(os.path.join(PROJECTS, "flit"), project)
libs, p = loaded([PYRELEASE, "build", "--project", project, "--outdir", os.path.join(WORK, "dist")])
if p.returncode != 0:
    fail(f"build exited {p.returncode}: {p.stderr[-2000:]}")
if not any(os.path.basename(lib).startswith("libarchive") for lib in libs):
    fail(f"build wrote an sdist without loading libarchive? loaded {sorted(libs)}")
if any(os.path.basename(lib).startswith("libcurl") for lib in libs):
    fail("build loaded libcurl")
print("ok build: libarchive opened on first use, libcurl not at all")
