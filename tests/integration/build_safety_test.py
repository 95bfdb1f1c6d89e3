#!/usr/bin/env python3
"""`pyrelease build` and `check` against an attacker and an unlucky user (label: safety).

usage: build_safety_test.py <pyrelease> <work dir> <case> [--seed N] [--kills N]
cases:
  links       a symlink planted at every predictable temporary name is never written through;
              README.md -> /etc/os-release is refused; pkg/loop -> . and pkg/up -> .. are not
              followed
  sdist-links a link to a file the sdist stores is a link member as hatchling writes it (same
              header as `python -m build`, same bytes twice, extracted by tarfile's data filter and
              built by pip), its content in the wheel; an absolute link takes the backend path
  fifo        a FIFO named README.md or pkg/mod.py makes `build` fail, also inside a git checkout
              (git lists no FIFO) unless .gitignore ignores it; a FIFO named x.whl makes `check`
              fail, each quickly (bounded by a timeout), instead of hanging
  stale       a temporary archive of a dead process is cleaned by the next build; a symlink,
              a live process's file and other names are left alone
  faults      kill -9 at random points (seeded) during the build of a generated medium project,
              then a full disk: a 1 MB tmpfs and one that fits only the sdist when a tmpfs can be
              mounted (root outside a container), and always the --disk-shim (LD_PRELOAD: every
              write past a byte budget fails with ENOSPC) at budgets from 0 to one byte short of
              both archives, each with an older file in the output directory that must survive
              unchanged; prints the standing figure
              `build faults: tried N, handled N, lost 0, partial 0, leaked 0`
  full-disk   the other commands that write files, on a full disk (the --disk-shim): `build
              --manifest --depfile`, `version --bump` (rewrites the project's own file), `verify`
              (its environment's root) and `upload` into a file index; each fails naming the file,
              leaves no temporary file and no partial one, and an upload run again with space
              completes; prints
              `full-disk faults: tried N, handled N, lost 0, partial 0, leaked 0`
Exits non-zero with a message on the first failed assertion (or any count off).
"""
import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir, remove_tree  # noqa: E402
from verdict import check, fail  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("pyrelease")
ap.add_argument("work")
ap.add_argument("case", choices=["links", "sdist-links", "fifo", "stale", "faults", "full-disk"])
ap.add_argument("--seed", type=int, default=9)
ap.add_argument("--kills", type=int, default=20)
ap.add_argument("--disk-shim", help="full_disk_shim.cc built as a shared library (faults, full-disk)")
ARGS = ap.parse_args()
PYRELEASE = ARGS.pyrelease
WORK = fresh_dir(Path(ARGS.work) / ARGS.case)
# The fixture projects are their own: git looks no higher than WORK, so a build directory inside a
# checkout that does not ignore it (git lists no FIFO) changes nothing.
os.environ["GIT_CEILING_DIRECTORIES"] = str(WORK.resolve())
GENPROJECT = Path(__file__).resolve().parents[1] / "benchmarks" / "genproject.py"
HANG_TIMEOUT = 20  # seconds; a refusal takes milliseconds, the old code hung forever


def run(cmd, timeout=300, env=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", **(env or {}))
    try:
        return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        fail(f"{' '.join(map(str, cmd))} did not finish within {timeout} s (hung)")


def build(project, outdir, timeout=300, env=None):
    return run([PYRELEASE, "build", "--project", project, "--outdir", outdir], timeout=timeout, env=env)


def demo_project(name, readme="# demo\n"):
    """A small hatchling project: demo/__init__.py, README.md (unless readme is None)."""
    root = WORK / name
    (root / "demo").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "demo"\nversion = "1.0"\nreadme = "README.md"\nrequires-python = ">=3.8"\n')
    (root / "demo" / "__init__.py").write_text("x = 1\n")
    if readme is not None:
        (root / "README.md").write_text(readme)
    return root


def leftovers(outdir):
    return sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []


def temp_files(outdir):
    return sorted(p.name for p in Path(outdir).iterdir() if ".tmp." in p.name)


def archive_problem(path):
    """'' when the archive opens and every member reads back intact (CRCs checked); else why not."""
    try:
        if path.name.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                bad = z.testzip()
                if bad is not None:
                    return f"bad CRC in {bad}"
                if not any(n.endswith(".dist-info/RECORD") for n in z.namelist()):
                    return "no RECORD"
        else:
            with tarfile.open(path, "r:gz") as t:
                members = t.getmembers()
                for m in members:
                    if m.isfile():
                        t.extractfile(m).read()
                if not any(m.name.endswith("/PKG-INFO") for m in members):
                    return "no PKG-INFO"
    except Exception as e:  # any failure to read is a partial archive
        return f"{type(e).__name__}: {e}"
    return ""


def archives(outdir):
    names = sorted(os.listdir(outdir))
    return [n for n in names if n.endswith(".whl")], [n for n in names if n.endswith(".tar.gz")]


# --- links -----------------------------------------------------------------------------------

def case_links():
    # 1. Symlinks at the temporary names. The old name was "<dest>.tmp.<pid>.<counter>" opened with
    # fopen("wb"); the next pids are predictable (ns_last_pid), so plant links for the next 2,000
    # pids and counters 0..1 for both archives. Today's names carry 64 random bits: nothing is
    # written through, and the links are not deleted either (they are not regular files).
    project = demo_project("planted")
    outdir = WORK / "planted-dist"
    outdir.mkdir()
    victim = WORK / "victim.txt"
    victim.write_text("precious\n")
    last = int(Path("/proc/sys/kernel/ns_last_pid").read_text())
    links = []
    for pid in range(last + 1, last + 2001):
        for n in range(2):
            for dest in ("demo-1.0.tar.gz", "demo-1.0-py3-none-any.whl"):
                link = outdir / f"{dest}.tmp.{pid}.{n}"
                os.symlink(victim, link)
                links.append(link)
    p = build(project, outdir)
    check(p.returncode == 0, f"build with planted links failed:\n{p.stderr}")
    check(victim.read_bytes() == b"precious\n", "the victim file was overwritten through a planted symlink")
    check(all(link.is_symlink() for link in links), "a planted symlink was replaced or removed")
    wheels, sdists = archives(outdir)
    check(wheels == ["demo-1.0-py3-none-any.whl"] and sdists == ["demo-1.0.tar.gz"], f"archives: {wheels} {sdists}")
    for a in wheels + sdists:
        check(archive_problem(outdir / a) == "", f"{a}: {archive_problem(outdir / a)}")
        check(not (outdir / a).is_symlink(), f"{a} is a symlink")
    print(f"planted {len(links)} symlinks at predictable temporary names: victim untouched, archives valid")

    # 2. README.md -> /etc/os-release (any file outside the project) is refused, naming the file.
    project = demo_project("readme-outside", readme=None)
    os.symlink("/etc/os-release", project / "README.md")
    outdir = WORK / "readme-outside-dist"
    p = build(project, outdir)
    check(p.returncode == 1, f"README.md -> /etc/os-release: exit {p.returncode} (expected 1)\n{p.stderr}")
    check("README.md" in p.stderr and "outside the project" in p.stderr, f"unclear error:\n{p.stderr}")
    check(not leftovers(outdir), f"files left: {leftovers(outdir)}")
    print("README.md -> /etc/os-release refused:", p.stderr.strip().splitlines()[0])

    # A package file linking outside the project is refused too; one linking inside ships.
    project = demo_project("module-outside")
    os.symlink("/etc/passwd", project / "demo" / "passwd.py")
    p = build(project, WORK / "module-outside-dist")
    check(p.returncode == 1 and "passwd.py" in p.stderr and "outside the project" in p.stderr,
          f"demo/passwd.py -> /etc/passwd: exit {p.returncode}\n{p.stderr}")

    # 3. pkg/loop -> . and pkg/up -> .. are not followed by the native walk (they once nested 40
    # copies); a backend's walk may follow a directory link, so they are reasons of the path
    # decision: --backend native refuses, naming both, and auto builds through hatchling.
    project = demo_project("dir-links")
    os.symlink(".", project / "demo" / "loop")
    os.symlink("..", project / "demo" / "up")
    os.symlink("__init__.py", project / "demo" / "alias.py")
    outdir = WORK / "dir-links-dist"
    p = run([PYRELEASE, "build", "--project", project, "--outdir", outdir, "--backend", "native"], timeout=60)
    check(p.returncode == 1 and "demo/loop: is a symbolic link to a directory" in p.stderr
          and "demo/up: is a symbolic link to a directory" in p.stderr, f"--backend native with directory links:\n{p.stderr}")
    check(not leftovers(outdir), f"files left: {leftovers(outdir)}")
    p = build(project, outdir, timeout=300)
    check(p.returncode == 0, f"build with directory links failed:\n{p.stderr}")
    check("pep517 (hatchling): demo/loop: is a symbolic link to a directory" in p.stderr, f"not the backend path:\n{p.stderr}")
    with zipfile.ZipFile(outdir / "demo-1.0-py3-none-any.whl") as z:
        names = [n for n in z.namelist() if ".dist-info/" not in n]
    with tarfile.open(outdir / "demo-1.0.tar.gz") as t:
        snames = t.getnames()
    check(len(names) < 10 and len(snames) < 10, f"nested copies: wheel {names}, sdist {snames}")
    print(f"demo/loop -> . and demo/up -> .. refused natively, built by hatchling: wheel {names}, "
          f"sdist {len(snames)} members")


# --- sdist-links ------------------------------------------------------------------------------

def link_headers(sdist):
    """{name: (type, linkname, mode, mtime, uid, gid, uname, gname)} of the sdist's link members."""
    with tarfile.open(sdist) as t:
        return {m.name: (m.type, m.linkname, oct(m.mode), m.mtime, m.uid, m.gid, m.uname, m.gname)
                for m in t.getmembers() if m.issym() or m.islnk()}


def case_sdist_links():
    project = demo_project("sdist-links")
    (project / "CHANGELOG").write_text("changes\n")
    os.symlink("CHANGELOG", project / "NEWS.txt")
    os.symlink("__init__.py", project / "demo" / "alias.py")
    outs = [WORK / "sdist-links-dist1", WORK / "sdist-links-dist2"]
    for outdir in outs:
        p = build(project, outdir)
        check(p.returncode == 0, f"build with file links failed:\n{p.stderr}")
        check("native" in p.stderr and "pep517" not in p.stderr, f"not built natively:\n{p.stderr}")
    sdists = [o / "demo-1.0.tar.gz" for o in outs]
    check(sdists[0].read_bytes() == sdists[1].read_bytes(), "two builds gave different sdists")
    ours = link_headers(sdists[0])
    check(ours.get("demo-1.0/NEWS.txt", (None,))[:3] == (tarfile.SYMTYPE, "CHANGELOG", "0o755"),
          f"NEWS.txt is not a link member as hatchling writes it: {ours}")

    # The backend's own sdist has the same link members, header for header.
    ref = WORK / "sdist-links-backend"
    p = run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", ref, project])
    check(p.returncode == 0, f"python -m build failed:\n{p.stdout}\n{p.stderr}")
    check(ours == link_headers(ref / "demo-1.0.tar.gz"),
          f"link members differ: pyrelease {ours} vs backend {link_headers(ref / 'demo-1.0.tar.gz')}")

    # tarfile's data filter (what pip applies) extracts it; pip builds a wheel from it.
    unpacked = fresh_dir(WORK / "sdist-links-unpacked")
    with tarfile.open(sdists[0]) as t:
        t.extractall(unpacked, filter="data")
    news = unpacked / "demo-1.0" / "NEWS.txt"
    check(news.is_symlink() and news.read_text() == "changes\n", "NEWS.txt did not extract as a link")
    wheels = fresh_dir(WORK / "sdist-links-pip")
    p = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
             "-w", wheels, sdists[0]])
    check(p.returncode == 0, f"pip wheel of the sdist failed:\n{p.stdout}\n{p.stderr}")
    # The wheel stores the target's content, as the backend does.
    for whl in (outs[0] / "demo-1.0-py3-none-any.whl", wheels / "demo-1.0-py3-none-any.whl"):
        with zipfile.ZipFile(whl) as z:
            check(z.read("demo/alias.py") == b"x = 1\n", f"{whl}: demo/alias.py is not the target's content")
    print(f"NEWS.txt -> CHANGELOG and demo/alias.py -> __init__.py: native, link members {ours}, "
          "same as python -m build, reproducible, pip builds it")

    # A link whose text is absolute is not reproduced: the backend path, naming it. (Only the sdist:
    # the wheel is built from the unpacked sdist, which tarfile's data filter refuses, as for
    # `python -m build`.)
    project = demo_project("sdist-abs-link")
    (project / "CHANGELOG").write_text("changes\n")
    os.symlink(project / "CHANGELOG", project / "NEWS.txt")
    p = run([PYRELEASE, "build", "--project", project, "--outdir", WORK / "sdist-abs-link-dist",
             "--sdist", "--no-isolation"])
    check(p.returncode == 0, f"build with an absolute link failed:\n{p.stderr}")
    check("pep517" in p.stderr and "NEWS.txt" in p.stderr and "absolute" in p.stderr,
          f"the absolute link did not take the backend path, named:\n{p.stderr}")
    print("NEWS.txt -> <absolute path>: backend path:", p.stderr.strip().splitlines()[0])

    # The link is a reason of the path decision itself: `metadata --json` reports the path `build`
    # takes, with the same reason.
    p = run([PYRELEASE, "metadata", "--project", project, "--json", "--no-isolation"])
    check(p.returncode == 0, f"metadata --json failed:\n{p.stderr}")
    meta = json.loads(p.stdout)
    check(meta["build_path"] == "pep517" and len(meta["reasons"]) == 1
          and meta["reasons"][0].startswith("NEWS.txt: is a symbolic link hatchling stores as a link")
          and "absolute" in meta["reasons"][0], f"metadata --json does not report the link: {meta}")
    check(meta["name"] == "demo" and meta["version"] == "1.0", f"metadata through the backend: {meta}")

    # --backend native refuses, listing every reason (the links and pyproject.toml's own), and
    # writes nothing; before, it stored the target's bytes.
    os.symlink(project / "demo" / "__init__.py", project / "HISTORY.txt")
    with open(project / "pyproject.toml", "a") as f:
        f.write("[tool.hatch.build.hooks.custom]\n")
    outdir = WORK / "sdist-abs-link-native"
    for args in ([], ["--sdist"]):
        p = run([PYRELEASE, "build", "--project", project, "--outdir", outdir, "--backend", "native", *args])
        check(p.returncode == 1, f"--backend native with absolute links: exit {p.returncode}\n{p.stderr}")
        check("--backend native" in p.stderr and "NEWS.txt: is a symbolic link" in p.stderr
              and "HISTORY.txt: is a symbolic link" in p.stderr and "pyproject.toml:" in p.stderr
              and "hooks.custom" in p.stderr, f"--backend native does not list every reason:\n{p.stderr}")
        check(not leftovers(outdir), f"--backend native left files: {leftovers(outdir)}")
    # Without the hook, the links alone are the reasons (the decision after the file selection).
    text = (project / "pyproject.toml").read_text().replace("[tool.hatch.build.hooks.custom]\n", "")
    (project / "pyproject.toml").write_text(text)
    p = run([PYRELEASE, "build", "--project", project, "--outdir", outdir, "--backend", "native"])
    check(p.returncode == 1 and "NEWS.txt: is a symbolic link" in p.stderr
          and "HISTORY.txt: is a symbolic link" in p.stderr, f"--backend native, links only:\n{p.stderr}")
    check(not leftovers(outdir), f"--backend native left files: {leftovers(outdir)}")
    p = run([PYRELEASE, "metadata", "--project", project, "--json", "--backend", "native"])
    check(p.returncode == 1 and "HISTORY.txt: is a symbolic link" in p.stderr,
          f"metadata --backend native, links only: exit {p.returncode}\n{p.stderr}")
    print("the same links in metadata --json (pep517, reason named) and --backend native (refused, "
          "every reason listed, nothing written)")


# --- fifo ------------------------------------------------------------------------------------

def case_fifo():
    project = demo_project("fifo-readme", readme=None)
    os.mkfifo(project / "README.md")
    t0 = time.monotonic()
    p = build(project, WORK / "fifo-readme-dist", timeout=HANG_TIMEOUT)
    took = time.monotonic() - t0
    check(p.returncode == 1, f"FIFO README.md: exit {p.returncode} (expected 1)\n{p.stderr}")
    check("README.md" in p.stderr and "FIFO" in p.stderr, f"unclear error:\n{p.stderr}")
    print(f"FIFO README.md refused in {took:.2f} s:", p.stderr.strip().splitlines()[0])

    project = demo_project("fifo-module")
    os.mkfifo(project / "demo" / "mod.py")
    outdir = WORK / "fifo-module-dist"
    t0 = time.monotonic()
    p = build(project, outdir, timeout=HANG_TIMEOUT)
    took = time.monotonic() - t0
    check(p.returncode == 1, f"FIFO demo/mod.py: exit {p.returncode} (expected 1)\n{p.stderr}")
    check("mod.py" in p.stderr and "FIFO" in p.stderr, f"unclear error:\n{p.stderr}")
    check(not leftovers(outdir), f"files left: {leftovers(outdir)}")
    print(f"FIFO demo/mod.py refused in {took:.2f} s:", p.stderr.strip().splitlines()[0])

    # Inside a git checkout the file list is git's, which holds no FIFO: the one beside listed
    # files and the one alone in a new directory are refused all the same; one the project's
    # .gitignore ignores (as hatchling's file walk does too) is left out and the build succeeds.
    project = demo_project("fifo-git")
    (project / ".gitignore").write_text("*.pipe\n")
    run(["git", "init", "-q", project])
    os.mkfifo(project / "demo" / "ignored.pipe")
    outdir = WORK / "fifo-git-dist"
    p = build(project, outdir, timeout=HANG_TIMEOUT)
    check(p.returncode == 0, f"git mode, ignored FIFO: exit {p.returncode}\n{p.stderr}")
    (project / "demo" / "data" / "in").mkdir(parents=True)
    for fifo in ("demo/events", "demo/data/in/feed"):
        os.mkfifo(project / fifo)
        outdir = WORK / ("fifo-git-dist-" + fifo.replace("/", "-"))
        t0 = time.monotonic()
        p = build(project, outdir, timeout=HANG_TIMEOUT)
        took = time.monotonic() - t0
        check(p.returncode == 1, f"git mode, FIFO {fifo}: exit {p.returncode} (expected 1)\n{p.stderr}")
        check(fifo in p.stderr and "FIFO" in p.stderr, f"git mode, FIFO {fifo}: unclear error:\n{p.stderr}")
        check(not leftovers(outdir), f"files left: {leftovers(outdir)}")
        print(f"git mode: FIFO {fifo} refused in {took:.2f} s:", p.stderr.strip().splitlines()[0])
        os.unlink(project / fifo)

    # The backend path: the backend may read what git ignores (flit_core takes its whole module
    # directory; hatchling a file a nested .gitignore hides), and its open() of a FIFO hangs the
    # build (flit_core's wheel did, before). Any special file outside the directories no backend
    # takes (VCS metadata, caches, virtual environments, build outputs) is refused, named, before
    # the backend starts; one inside them is not.
    flit = WORK / "fifo-flit"
    (flit / "fpkg").mkdir(parents=True)
    (flit / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n\n'
        '[project]\nname = "fpkg"\nversion = "1.0"\ndescription = "d"\n')
    (flit / "fpkg" / "__init__.py").write_text("x = 1\n")
    (flit / ".gitignore").write_text("*.pipe\n")
    run(["git", "init", "-q", flit])
    (project / "demo" / ".gitignore").write_text("*.sock\n")  # nested: git reads it
    for root, fifo in ((flit, "fpkg/feed.pipe"), (project, "demo/feed.sock")):
        os.mkfifo(root / fifo)
        outdir = WORK / ("fifo-backend-dist-" + root.name)
        t0 = time.monotonic()
        p = run([PYRELEASE, "build", "--project", root, "--outdir", outdir, "--backend", "pep517",
                 "--no-isolation", "--wheel"], timeout=HANG_TIMEOUT)
        took = time.monotonic() - t0
        check(p.returncode == 1, f"backend path, git-ignored FIFO {fifo}: exit {p.returncode} (expected 1)\n{p.stderr}")
        check(fifo in p.stderr and "FIFO" in p.stderr and "backend" in p.stderr,
              f"backend path, FIFO {fifo}: unclear error:\n{p.stderr}")
        check(not leftovers(outdir), f"files left: {leftovers(outdir)}")
        print(f"backend path: git-ignored FIFO {fifo} refused in {took:.2f} s:", p.stderr.strip().splitlines()[0])
    p = build(flit, WORK / "fifo-flit-native", timeout=HANG_TIMEOUT)  # native: never reads it
    check(p.returncode == 0, f"native path, git-ignored FIFO: exit {p.returncode}\n{p.stderr}")
    os.unlink(flit / "fpkg" / "feed.pipe")
    for skipped in (".venv/run/x.sock", ".git/fsmonitor.ipc"):
        (flit / skipped).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(flit / skipped)
    p = run([PYRELEASE, "build", "--project", flit, "--outdir", WORK / "fifo-flit-skipped", "--backend", "pep517",
             "--no-isolation", "--wheel"], timeout=HANG_TIMEOUT)
    check(p.returncode == 0, f"backend path, FIFOs in .venv/ and .git/ only: exit {p.returncode}\n{p.stderr}")
    print("backend path: FIFOs in .venv/ and .git/ let the build run")

    for name in ("x-1.0-py3-none-any.whl", "x-1.0.tar.gz"):
        fifo = WORK / name
        os.mkfifo(fifo)
        t0 = time.monotonic()
        p = run([PYRELEASE, "check", fifo], timeout=HANG_TIMEOUT)
        took = time.monotonic() - t0
        check(p.returncode != 0, f"check of a FIFO named {name} passed")
        out = p.stdout + p.stderr
        check("FIFO" in out, f"check of a FIFO named {name}: unclear error:\n{out}")
        print(f"check of a FIFO named {name} refused in {took:.2f} s (exit {p.returncode})")


# --- stale -----------------------------------------------------------------------------------

def dead_pid():
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def case_stale():
    project = demo_project("stale")
    outdir = WORK / "stale-dist"
    outdir.mkdir()
    dead = dead_pid()
    victim = WORK / "victim.txt"
    victim.write_text("precious\n")
    stale = [f"demo-1.0.tar.gz.tmp.{dead}.0", f"demo-1.0-py3-none-any.whl.tmp.{dead}.00ff12ab34cd56ef"]
    for name in stale:
        (outdir / name).write_bytes(b"\0" * 100_000)
    kept = {f"demo-1.0-py3-none-any.whl.tmp.{os.getpid()}.1": "file",  # a live process: ours
            f"notes.tmp.{dead}.txt": "file", f"link.whl.tmp.{dead}.2": "link", f"dir.whl.tmp.{dead}.3": "dir"}
    for name, kind in kept.items():
        if kind == "file":
            (outdir / name).write_text("keep\n")
        elif kind == "link":
            os.symlink(victim, outdir / name)
        else:
            (outdir / name).mkdir()
    p = build(project, outdir)
    check(p.returncode == 0, f"build failed:\n{p.stderr}")
    for name in stale:
        check(not os.path.lexists(outdir / name), f"stale {name} survived the build")
        check(name in p.stderr, f"the build did not say it removed {name}:\n{p.stderr}")
    for name in kept:
        check(os.path.lexists(outdir / name), f"{name} was removed")
    check(victim.read_bytes() == b"precious\n", "victim changed")
    print(f"removed {len(stale)} stale temporary files of dead pid {dead}; kept {len(kept)} others")


# --- faults ----------------------------------------------------------------------------------

class Figures:
    def __init__(self, what="build"):
        self.what = what
        self.tried = self.handled = self.lost = self.partial = self.leaked = 0

    def line(self):
        return (f"{self.what} faults: tried {self.tried}, handled {self.handled}, lost {self.lost}, "
                f"partial {self.partial}, leaked {self.leaked}")


def kill_faults(fig, project, rng):
    outdir = WORK / "kill-dist"
    t0 = time.monotonic()
    p = build(project, outdir)
    full = time.monotonic() - t0
    check(p.returncode == 0, f"warm-up build failed:\n{p.stderr}")
    print(f"medium project builds in {full:.2f} s; killing at random points in [0, {1.2 * full:.2f}] s")
    killed_with_temp = killed_mid_build = 0
    for i in range(ARGS.kills):
        remove_tree(outdir)
        outdir.mkdir()
        delay = rng.uniform(0, 1.2 * full)
        fig.tried += 1
        proc = subprocess.Popen([PYRELEASE, "build", "--project", str(project), "--outdir", str(outdir)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ok = True
        wheels, sdists = archives(outdir)
        left = temp_files(outdir)
        killed_with_temp += bool(left)
        killed_mid_build += proc.returncode == -signal.SIGKILL
        state = f"left {len(left)} temporary, {len(wheels)} wheel, {len(sdists)} sdist"
        for w in wheels:  # never a wheel without its sdist
            if w.split("-")[0] + "-" + w.split("-")[1] + ".tar.gz" not in sdists:
                fig.lost += 1
                ok = False
                print(f"kill {i}: {w} without its sdist", file=sys.stderr)
        for a in wheels + sdists:
            why = archive_problem(outdir / a)
            if why:
                fig.partial += 1
                ok = False
                print(f"kill {i}: {a} is partial: {why}", file=sys.stderr)
        # The next build cleans what the killed one left and publishes both archives.
        p = build(project, outdir)
        wheels, sdists = archives(outdir)
        if p.returncode != 0 or len(wheels) != 1 or len(sdists) != 1 or any(
                archive_problem(outdir / a) for a in wheels + sdists):
            fig.partial += 1
            ok = False
            print(f"kill {i}: the next build failed or left bad archives: {p.returncode}\n{p.stderr}", file=sys.stderr)
        if temp_files(outdir):
            fig.leaked += 1
            ok = False
            print(f"kill {i}: temporary files survived the next build: {temp_files(outdir)}", file=sys.stderr)
        fig.handled += ok
        print(f"kill {i}: after {delay:.3f} s exit {proc.returncode}; {state}; "
              f"the next build: exit {p.returncode} -> {'handled' if ok else 'NOT handled'}")
    print(f"{killed_mid_build} of {ARGS.kills} builds were killed mid-way, {killed_with_temp} of them left "
          f"temporary files; {fig.leaked} runs had temporary files surviving the next build")


def mount_tmpfs(path, size):
    path.mkdir()
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        remove_tree(path)
        return (p.stderr or p.stdout).strip() or f"exit {p.returncode}"
    return ""


def disk_shim(budget):
    """The environment that gives pyrelease a disk with `budget` bytes free (full_disk_shim.cc)."""
    check(ARGS.disk_shim and Path(ARGS.disk_shim).is_file(), f"no --disk-shim library: {ARGS.disk_shim}")
    # A gcc-sanitized pyrelease loads ASan's runtime as a shared library and wants it first in the
    # list; the shim does not use it (it is built without sanitizers).
    asan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))
    # LD_PRELOAD splits at spaces and colons (no escaping), and the build directory may hold a
    # space: preload the bare name, which ld.so looks up in LD_LIBRARY_PATH (split at colons only).
    shim = Path(ARGS.disk_shim).resolve()
    check(":" not in str(shim.parent), f"the shim's directory holds a colon: {shim.parent}")
    library_path = ":".join(filter(None, [str(shim.parent), os.environ.get("LD_LIBRARY_PATH")]))
    return {"LD_PRELOAD": shim.name, "LD_LIBRARY_PATH": library_path,
            "PYRELEASE_TEST_DISK_BYTES": str(budget), "ASAN_OPTIONS": asan}


def snapshot(root):
    """{relative path: bytes (files) or '->target' (links) or None (directories)} under root."""
    root = Path(root)
    if not root.exists():
        return {}
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        out[rel] = "->" + os.readlink(p) if p.is_symlink() else None if p.is_dir() else p.read_bytes()
    return out


def judge_full_disk(fig, what, p, names, before, after, allowed=(), partial=(), lost=()):
    """Counts one full-disk attempt: exit 1, an error saying the disk is full and naming one of
    `names`, no temporary file left, and nothing changed between the snapshots `before` and `after`
    but the paths in `allowed` (complete files the caller has judged); `partial` and `lost` are the
    caller's own findings."""
    fig.tried += 1
    problems = []
    if p.returncode != 1:
        problems.append(f"exit {p.returncode} (expected 1)")
    if "No space left on device" not in p.stderr or not any(n in p.stderr for n in names):
        problems.append(f"no clear error naming one of {names}")
    temps = sorted(k for k in after if ".tmp." in Path(k).name)
    changed = sorted(k for k in set(before) | set(after)
                     if before.get(k, "absent") != after.get(k, "absent") and k not in temps and k not in allowed)
    if temps:
        fig.leaked += 1
        problems.append(f"temporary files left: {temps}")
    if changed or partial:
        fig.partial += 1
        problems += [f"changed or half-written: {changed}"] if changed else []
        problems += list(partial)
    if lost:
        fig.lost += 1
        problems += list(lost)
    fig.handled += not problems
    last = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    print(f"full disk ({what}): exit {p.returncode}, {'handled' if not problems else 'NOT handled'}: {last}")
    for problem in problems:
        print(f"full disk ({what}): {problem}\n{p.stderr}", file=sys.stderr)


def full_disk_build(fig, project, outdir, names, what, env=None):
    """One build onto a full disk into `outdir`, which holds an older file that must survive; the
    error must name one of the archives `names`."""
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "older-1.0.tar.gz").write_bytes(b"an older release\n")
    before = snapshot(outdir)
    p = build(project, outdir, env=env)
    judge_full_disk(fig, what, p, names, before, snapshot(outdir))


def full_disk_faults(fig, project):
    # Sizes of the complete archives, to size a disk that holds the sdist but not both.
    wheels, sdists = archives(WORK / "kill-dist")
    sdist_size = (WORK / "kill-dist" / sdists[0]).stat().st_size
    wheel_size = (WORK / "kill-dist" / wheels[0]).stat().st_size
    both = sdist_size + wheel_size
    # A real full disk, where one can be mounted.
    for label, size in (("1 MB tmpfs", 1 << 20), ("tmpfs: the sdist and half the wheel", sdist_size + wheel_size // 2)):
        disk = WORK / "tmpfs"
        why = mount_tmpfs(disk, size)
        if why:
            print(f"no tmpfs ({why}): the full disk is the LD_PRELOAD shim only")
            break
        try:
            full_disk_build(fig, project, disk / "dist", wheels + sdists, f"{label}, {size} bytes")
        finally:
            subprocess.run(["umount", str(disk)], check=True)
            remove_tree(disk)
    # Everywhere: the shim, from no byte free to one byte short of both archives.
    for budget in (0, 1, sdist_size // 2, sdist_size, sdist_size + wheel_size // 2, both - 1):
        full_disk_build(fig, project, WORK / f"shim-dist-{budget}", wheels + sdists,
                        f"shim, {budget} of {both} bytes free", env=disk_shim(budget))


def case_faults():
    project = WORK / "medium"
    subprocess.run([sys.executable, GENPROJECT, project, "--size", "medium", "--backend", "hatch"], check=True)
    fig = Figures()
    kill_faults(fig, project, random.Random(ARGS.seed))
    full_disk_faults(fig, project)
    print(fig.line())
    check(fig.tried > 0 and fig.handled == fig.tried and fig.lost == 0 and fig.partial == 0 and fig.leaked == 0,
          "a build fault was not handled: " + fig.line())


# --- full-disk (the other commands that write files) --------------------------------------------

def index_problems(index, dists):
    """Why the file index `index` is inconsistent: a stored dist that differs from its source, a
    project page (simple/demo/index.json or .html) that lists a file not stored, or the two pages
    listing different files."""
    problems = []
    files = index / "files"
    stored = {p.name: p.read_bytes() for p in files.iterdir()} if files.is_dir() else {}
    for d in dists:
        if d.name in stored and stored[d.name] != d.read_bytes():
            problems.append(f"files/{d.name} differs from the dist")
    page = index / "simple" / "demo"
    listed_json = listed_html = set()
    if (page / "index.json").exists():
        listed_json = {f["filename"] for f in json.loads((page / "index.json").read_text())["files"]}
    if (page / "index.html").exists():
        listed_html = set(re.findall(r">([^<>]+\.(?:whl|tar\.gz))</a>", (page / "index.html").read_text()))
    problems += [f"a page lists {n}, which is not stored" for n in sorted((listed_json | listed_html) - set(stored))]
    if listed_json != listed_html:
        problems.append(f"index.json lists {sorted(listed_json)}, index.html {sorted(listed_html)}")
    return problems


def case_full_disk():
    fig = Figures("full-disk")
    project = demo_project("full-disk")
    dists = WORK / "full-disk-dist"
    p = build(project, dists)
    check(p.returncode == 0, f"build failed:\n{p.stderr}")
    dists = sorted(dists.iterdir())
    total = sum(d.stat().st_size for d in dists)

    # build --manifest --depfile: the archives, then the manifest, then the depfile. A disk that
    # fills up in the manifest or the depfile leaves complete archives (and a complete manifest).
    out = WORK / "full-disk-manifest"
    cmd = [PYRELEASE, "build", "--project", project, "--outdir", out / "dist", "--manifest", out / "build.json",
           "--depfile", out / "build.d"]
    p = run(cmd)
    check(p.returncode == 0, f"build --manifest --depfile failed:\n{p.stderr}")
    complete = snapshot(out)
    manifest_size = (out / "build.json").stat().st_size
    remove_tree(out)
    for budget in (total + manifest_size // 2, total + manifest_size + 10):
        out.mkdir()
        p = run(cmd, env=disk_shim(budget))
        after = snapshot(out)
        judge_full_disk(fig, f"build --manifest --depfile, {budget} bytes free", p, ["build.json", "build.d"],
                        {}, after, allowed=[k for k in after if after[k] == complete.get(k, "absent")])
        remove_tree(out)

    # version --bump rewrites the project's own pyproject.toml: on a full disk it stays as it was.
    size = (project / "pyproject.toml").stat().st_size
    for budget in (0, size // 2, size - 1):
        before = snapshot(project)
        p = run([PYRELEASE, "version", "--project", project, "--bump", "patch"], env=disk_shim(budget))
        judge_full_disk(fig, f"version --bump patch, {budget} of {size} bytes free", p, ["pyproject.toml"],
                        before, snapshot(project))

    # verify makes its environment's root (--env-dir, or a directory in TMPDIR) and marks it as its
    # own: a marker that cannot be written leaves no directory behind (none could be deleted later:
    # only marked directories are).
    tmpdir = WORK / "full-disk-tmpdir"
    tmpdir.mkdir()
    for extra, env in ((["--env-dir", WORK / "full-disk-env"], {}), ([], {"TMPDIR": str(tmpdir)})):
        before = snapshot(WORK / "full-disk-env") | snapshot(tmpdir)
        p = run([PYRELEASE, "verify", "demo==1.0", "--find-links", dists[0].parent, *extra],
                env={**disk_shim(0), **env})
        judge_full_disk(fig, f"verify {' '.join(map(str, extra)) or 'in TMPDIR'}, 0 bytes free", p,
                        [".pyrelease-owned"], before, snapshot(WORK / "full-disk-env") | snapshot(tmpdir))
        if (WORK / "full-disk-env").exists():
            fail("verify left the --env-dir it could not mark")

    # upload into a file index: wherever the disk fills up, no stored file is partial and the pages
    # list only stored files, both the same; the same upload with space again completes it.
    index = WORK / "full-disk-index"
    p = run([PYRELEASE, "upload", *dists, "--repository-url", index])
    check(p.returncode == 0, f"upload into a file index failed:\n{p.stdout}{p.stderr}")
    written = sum(len(v) for v in snapshot(index).values() if isinstance(v, bytes))
    for budget in (0, written // 4, written // 2, 3 * written // 4, written - 1):
        index = WORK / f"full-disk-index-{budget}"
        p = run([PYRELEASE, "upload", *dists, "--repository-url", index], env=disk_shim(budget))
        after = snapshot(index)
        partial = index_problems(index, dists)
        again = run([PYRELEASE, "upload", *dists, "--repository-url", index])
        lost = [] if again.returncode == 0 and not index_problems(index, dists) and all(
            (index / "files" / d.name).is_file() for d in dists) else [
            f"the upload with space again did not complete it:\n{again.stdout}{again.stderr}"]
        judge_full_disk(fig, f"upload into a file index, {budget} bytes free", p,
                        [d.name for d in dists] + ["index.json", "index.html"], {}, after,
                        allowed=list(after), partial=partial, lost=lost)
    print(fig.line())
    check(fig.tried > 0 and fig.handled == fig.tried and fig.lost == 0 and fig.partial == 0 and fig.leaked == 0,
          "a full disk was not handled: " + fig.line())


{"links": case_links, "sdist-links": case_sdist_links, "fifo": case_fifo, "stale": case_stale, "faults": case_faults,
 "full-disk": case_full_disk}[ARGS.case]()
print("OK")
