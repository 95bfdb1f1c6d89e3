#!/usr/bin/env python3
"""Start-up (label: startup): the shared libraries a run maps before it needs them.

usage: startup_test.py <pyrelease> <projects dir> <work dir>

libcurl, libarchive (with libxml2, ICU, nettle, ...) and cmark-gfm are opened on first use
(publish/curl_loader.cc, core/archive_loader.cc, check/cmark_loader.cc), so the executable does
not link them and `pyrelease --version` never loads them; a small native build loads none of them
(the sdist's tar is written by build/tar_writer itself, the gzip by libdeflate), so it initialises
no more libraries than `--version`. The dynamic loader's own log (LD_DEBUG=libs) says what was loaded.

A small build also spends nothing on work sized for big ones (strace, when installed): no thread
(the 20-odd files are read and compressed on the main thread), no fsync (the archives are renamed
into place; like the backends' and uv's, they are not forced to disk) and no buffer prefaulted
with MADV_POPULATE_WRITE (meant for the 1 MiB gzip chunks of a big sdist).

And it keeps what made it faster (docs/benchmarks.md, "small build ≤ 6 ms"), with a margin: no
libgcc CPU-model constructor in the executable (a dozen CPUIDs before main, ~6 µs each in a VM),
the CPU count read once, no buffer mapped and unmapped per archive (the wheel reuses the sdist's
freed pages), no readlink of the project's own files, and ceilings on its system calls and page
faults. The ceilings are skipped under the sanitizers (their runtimes map and fault far more).
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir, new_owned_temp_dir, remove_tree  # noqa: E402
from verdict import fail  # noqa: E402

PYRELEASE, PROJECTS, WORK = sys.argv[1:4]
LAZY = ("libcurl", "libarchive", "libicu", "libxml2", "libcmark")


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

version_libs = libs
for fixture in ("flit", "uv"):  # small native builds: flit_core's layout, uv_build's src/ layout
    project = os.path.join(WORK, fixture)
    shutil.copytree(os.path.join(PROJECTS, fixture), project)
    out = os.path.join(WORK, fixture + "-dist")
    libs, p = loaded([PYRELEASE, "build", "--project", project, "--outdir", out])
    if p.returncode != 0:
        fail(f"build exited {p.returncode}: {p.stderr[-2000:]}")
    built = sorted(os.listdir(out))
    if sorted(f.rsplit(".", 1)[-1] for f in built) != ["gz", "whl"]:
        fail(f"build of {fixture} wrote {built}")
    lazy = sorted(lib for lib in libs if any(os.path.basename(lib).startswith(n) for n in LAZY))
    if lazy:
        fail(f"a small build of {fixture} loaded {lazy}")
    extra = sorted(libs - version_libs)
    if extra:
        fail(f"a small build of {fixture} loaded libraries --version does not: {extra}")
    print(f"ok build {fixture}: {len(libs)} libraries initialised, the same as --version; none of "
          f"{', '.join(LAZY)}")


def sanitized():
    if not shutil.which("ldd"):
        return False
    linked = subprocess.run(["ldd", PYRELEASE], capture_output=True, text=True).stdout
    return "libasan" in linked or "libubsan" in linked or "libtsan" in linked


def small_build_syscalls(project, out):
    """The thread starts, fsyncs and prefaults of one build, from strace's log."""
    log = os.path.join(WORK, "strace.log")
    # LeakSanitizer cannot run under ptrace (the sanitized build's stage): leaks are left to the
    # runs without strace.
    no_lsan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    p = subprocess.run(["strace", "-f", "-o", log, "-e", "trace=clone,clone3,fsync,fdatasync,madvise", PYRELEASE,
                        "build", "--project", project, "--outdir", out], capture_output=True, text=True,
                       env=dict(os.environ, ASAN_OPTIONS=no_lsan))
    if p.returncode != 0:
        fail(f"build under strace exited {p.returncode}: {p.stderr[-2000:]}")
    with open(log) as f:
        calls = f.read().splitlines()
    # (a sanitizer's own clones, e.g. LeakSanitizer's tracer, are not threads: no CLONE_THREAD)
    return {"thread": [c for c in calls if re.search(r"\bclone3?\(", c) and "CLONE_THREAD" in c],
            "fsync": [c for c in calls if re.search(r"\b(fsync|fdatasync)\(", c)],
            "prefault": [c for c in calls if "MADV_POPULATE_WRITE" in c]}


if shutil.which("strace"):
    for fixture in ("flit", "uv"):
        found = small_build_syscalls(os.path.join(WORK, fixture), os.path.join(WORK, fixture + "-strace"))
        for what, calls in found.items():
            if calls:
                fail(f"a small build of {fixture} made {len(calls)} {what} call(s):\n" + "\n".join(calls[:5]))
        print(f"ok build {fixture}: no thread, no fsync, no prefaulted buffer")
else:
    print("strace not installed: the small build's system calls are not checked")


# Ceilings with a margin over what a small build of these fixtures takes now (docs/benchmarks.md,
# "Small build start-up, third round"): flit 307 system calls besides readlink and 293 page
# faults, uv 292 and 285-303; main's binary before it: 330 and 335-341, about 314 and 334-357.
# Since pyproject.toml is read and parsed once (2026-11-30, 20:40): flit 301, uv 286.
# The readlinks are left out of the count: how many the output paths take depends on their depth.
# The fixtures are copied out of the build tree first: inside a git checkout (the build directory
# is one's), the build also asks git about the tree, which is not start-up.
MAX_SYSCALLS_BUT_READLINK = 314
MAX_PAGE_FAULTS = 330
MAX_MMAP = 17  # 14 now (the loader's and the locale's), 19 before

if sanitized():
    print("sanitizer build: the start-up ceilings are not checked")
    sys.exit(0)
if shutil.which("nm"):
    symbols = subprocess.run(["nm", PYRELEASE], capture_output=True, text=True).stdout
    if "__cpu_indicator_init" in symbols:
        fail("the executable links libgcc's __cpu_indicator_init (a __builtin_cpu_supports somewhere): "
             "it runs a dozen CPUIDs before main; use core/cpu_features.h")
    print("ok no __cpu_indicator_init in the executable")
OUTSIDE = str(new_owned_temp_dir("pyrelease-startup-"))
for fixture in ("flit", "uv"):
    project = os.path.join(OUTSIDE, fixture)
    shutil.copytree(os.path.join(PROJECTS, fixture), project)
    faults = []
    for i in range(3):  # the lowest of three: a fault more or less from the page cache's state
        out = os.path.join(OUTSIDE, f"{fixture}-faults-{i}")
        proc = subprocess.Popen([PYRELEASE, "build", "--project", project, "--outdir", out],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            remove_tree(OUTSIDE)
            fail(f"build of {fixture} exited {os.waitstatus_to_exitcode(status)}")
        faults.append(usage.ru_minflt + usage.ru_majflt)
    if min(faults) > MAX_PAGE_FAULTS:
        remove_tree(OUTSIDE)
        fail(f"a small build of {fixture} took {min(faults)} page faults (ceiling {MAX_PAGE_FAULTS})")
    print(f"ok build {fixture}: {min(faults)} page faults (ceiling {MAX_PAGE_FAULTS})")
    if not shutil.which("strace"):
        continue
    log = os.path.join(OUTSIDE, f"{fixture}-all.strace")
    p = subprocess.run(["strace", "-f", "-o", log, PYRELEASE, "build", "--project", project, "--outdir",
                        os.path.join(OUTSIDE, fixture + "-all")], capture_output=True, text=True)
    if p.returncode != 0:
        remove_tree(OUTSIDE)
        fail(f"build under strace exited {p.returncode}: {p.stderr[-2000:]}")
    with open(log) as f:
        calls = [c for c in f.read().splitlines() if not c.endswith("+++") and "resumed>" not in c]
    name = lambda c: re.sub(r"^\d+\s+", "", c).split("(", 1)[0]  # noqa: E731
    counted = [c for c in calls if name(c) != "readlink"]
    problems = []
    if len(counted) > MAX_SYSCALLS_BUT_READLINK:
        problems.append(f"{len(counted)} system calls besides readlink (ceiling {MAX_SYSCALLS_BUT_READLINK})")
    mmaps = [c for c in calls if name(c) == "mmap"]
    if len(mmaps) > MAX_MMAP:
        problems.append(f"{len(mmaps)} mmap calls (ceiling {MAX_MMAP})")
    online = [c for c in calls if "/sys/devices/system/cpu/online" in c]
    if len(online) > 1:
        problems.append(f"the CPU count read {len(online)} times (core/cpu_features.h CpuCount reads it once)")
    unmapped = [c for c in calls if name(c) == "munmap"]
    if len(unmapped) > 2:
        problems.append(f"{len(unmapped)} munmap calls: buffers mapped and returned per archive")
    own = [c for c in calls if name(c) == "readlink" and f'"{project}/' in c]
    if own:
        problems.append(f"{len(own)} readlinks of the project's files (a plain name needs no realpath)")
    if problems:
        remove_tree(OUTSIDE)
        fail(f"a small build of {fixture}: " + "; ".join(problems) + "\n" + "\n".join(calls[-40:]))
    print(f"ok build {fixture}: {len(counted)} system calls besides {len(calls) - len(counted)} readlinks, "
          f"{len(mmaps)} mmap, {len(unmapped)} munmap, the CPU count read {len(online)} time(s)")
remove_tree(OUTSIDE)
