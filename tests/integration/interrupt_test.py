#!/usr/bin/env python3
"""Ctrl-C, SIGTERM and SIGHUP during `pyrelease build` (backend path) and `pyrelease verify`
(label: safety): pyrelease stops promptly, dies by the signal, and leaves nothing behind.

usage: interrupt_test.py <pyrelease> <work dir> <case>
cases:
  build-sigint   SIGINT to pyrelease alone (kill PID) while the in-tree backend hangs in
                 build_sdist (after writing a partial file into its sdist_directory)
  build-sigterm  SIGTERM to pyrelease alone (a CI runner cancelling the job)
  build-setsid   the same, with the backend's child in a session of its own (setsid): it stops too
  build-group    SIGINT to pyrelease's whole process group (ninja, a shell's kill -INT -PGID)
  build-ctrl-c   a real Ctrl-C typed on a pseudo-terminal: the terminal's SIGINT reaches the backend
                 directly and pyrelease must not send it a second one (the backend lingers 3 s
                 after the first, longer than pyrelease's grace period, and counts them)
  preflight-sigterm
                 SIGTERM while `preflight`'s build-check (as `release` runs it) builds that project
                 in a child pyrelease: both levels unwind
  release-sigterm the same under `release --dry-run` (release -> preflight -> build -> backend)
  upload-sigterm SIGTERM while `upload` copies a large wheel into a file index
  upload-http-sigterm
                 SIGTERM while `upload` sends a wheel through a proxy that stalls mid-body
  build-sigkill  SIGKILL to pyrelease alone, without a terminal: the backend and what it started
                 (in a process group of their own) must not outlive pyrelease; the
                 pyrelease-pep517-* directory it left is taken back by a later backend build,
                 which leaves a live build's directory alone
  build-sigkill-setsid
                 the same, with the backend's child in a session of its own (setsid): the guard
                 kills it too
  build-group-sigkill
                 SIGKILL to pyrelease's whole process group (a CI runner's hard cancel); the same
  verify-sigterm SIGTERM while `verify --import` imports a package that hangs on import, in a fresh
                 venv under TMPDIR (dists from --find-links: no index, no network)
Each asserts: exit by the signal, a clear "interrupted by SIG..." on stderr, TMPDIR (a directory
of the test's own) holding no pyrelease-* directory, the hanging child gone (in the build cases
also the process the backend started), the output directory empty (no partial file). The paths hold a space and a non-ASCII letter.
"""
import fcntl
import hashlib
import json
import os
import pty
import signal
import socket
import subprocess
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import MARKER, fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402
from project_files import write_project  # noqa: E402
from wheel_file import write_wheel  # noqa: E402

PYRELEASE, WORK, CASE = sys.argv[1:4]
WAIT_FOR_CHILD = 120  # seconds until the hanging child has started (verify makes a venv first)
STOP_WITHIN = 20  # seconds from the signal to pyrelease's exit (grace 2 s, hard kill at 15 s)

# Records its pid, then hangs. On SIGINT/SIGTERM it appends the signal's name to SIGNAL_LOG and,
# when LINGER is set, lingers that long before exiting (a child that cleans up slowly).
HANG = """
import os, signal, time
def _on_signal(sig, frame):
    with open(os.environ["SIGNAL_LOG"], "a") as f:
        f.write(signal.Signals(sig).name + "\\n")
    time.sleep(float(os.environ.get("LINGER", "0")))
    os._exit(3)
def hang():
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _on_signal)
    if os.environ.get("GRANDCHILD_PIDFILE"):  # a compiler or pip build the backend started
        import subprocess, sys
        grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                                      start_new_session=bool(os.environ.get("GRANDCHILD_SETSID")))
        with open(os.environ["GRANDCHILD_PIDFILE"], "w") as f:
            f.write(str(grandchild.pid))
    with open(os.environ["HANG_PIDFILE"], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(600)
"""


def in_tree_backend_project(root, name, backend, code):
    """A project `name` 1.0 built by the in-tree backend module `backend` (_backend/<backend>.py)."""
    write_project(root, {
        "pyproject.toml": f"""
            [build-system]
            requires = []
            build-backend = "{backend}"
            backend-path = ["_backend"]

            [project]
            name = "{name}"
            version = "1.0"
            """,
        f"_backend/{backend}.py": code,
    })


def backend_project(root):
    in_tree_backend_project(root, "hangpkg", "hang_backend", HANG + """
def build_sdist(sdist_directory, config_settings=None):
    with open(os.path.join(sdist_directory, "hangpkg-1.0.tar.gz"), "w") as f:
        f.write("half an sdist")
    hang()

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    hang()
""")


def hanging_import_project(root):
    write_project(root, {
        "pyproject.toml": """
            [build-system]
            requires = ["flit_core>=3.2"]
            build-backend = "flit_core.buildapi"

            [project]
            name = "hangpkg"
            version = "1.0"
            description = "hangs on import while HANG_PIDFILE is set"
            """,
        "hangpkg/__init__.py": HANG + """
if os.environ.get("HANG_PIDFILE"):
    hang()
""",
    })


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited: only its parent's wait is missing.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def default_signals():
    # pyrelease leaves an ignored signal ignored (nohup): a test started with SIGINT ignored (a
    # background job of a script) must not hand that on.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def controlling_terminal(slave):
    def setup():
        default_signals()
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    return setup


def wait_for_guard(pyrelease_pid, child):
    """Waits until pyrelease's guard process has joined `child`'s process group: pyrelease forks it
    once the child has run for 50 ms (docs/build.md), and a SIGKILL before that leaves the child
    running by design. On a loaded machine the backend may write its pid file first."""
    def stat(pid):
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()  # state, ppid, pgrp, ...
    group = int(stat(child)[2])
    deadline = time.time() + WAIT_FOR_CHILD
    while time.time() < deadline:
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != child:
                try:
                    fields = stat(entry)
                except OSError:
                    continue
                if int(fields[1]) == pyrelease_pid and int(fields[2]) == group:
                    return
        time.sleep(0.02)
    fail(f"no guard process joined the child's group within {WAIT_FOR_CHILD} s")


def run_and_interrupt(cmd, env, pidfile, how, sig):
    """Starts cmd, waits for the hanging child's pid, delivers `sig` as `how` says; returns
    (returncode, stderr, child pid, seconds from the signal to the exit)."""
    master = None
    kwargs = {}
    if how == "terminal":
        master, slave = pty.openpty()
        kwargs = dict(stdin=slave, stdout=slave, preexec_fn=controlling_terminal(slave))
    else:
        kwargs = dict(start_new_session=True, preexec_fn=default_signals)
    err_path, out_path = Path(WORK) / "stderr.txt", Path(WORK) / "stdout.txt"
    with open(err_path, "w") as err_file, open(out_path, "w") as out_file:
        kwargs.setdefault("stdout", out_file)
        p = subprocess.Popen([str(c) for c in cmd], env=env, stderr=err_file, **kwargs)
    if master is not None:
        os.close(slave)
    try:
        deadline = time.time() + WAIT_FOR_CHILD
        while not (pidfile.exists() and pidfile.read_text()):
            check(p.poll() is None, f"pyrelease ended before the child hung: {err_path.read_text()}")
            check(time.time() < deadline, f"the child did not start within {WAIT_FOR_CHILD} s")
            time.sleep(0.1)
        child = int(pidfile.read_text())
        if sig == signal.SIGKILL:
            wait_for_guard(p.pid, child)
        start = time.time()
        if how == "terminal":
            os.write(master, b"\x03")  # the terminal's line discipline sends SIGINT to the group
        elif how == "group":
            os.killpg(p.pid, sig)
        else:
            p.send_signal(sig)
        try:
            p.wait(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            fail(f"pyrelease did not stop within {STOP_WITHIN} s of the signal")
        seconds = time.time() - start
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        if master is not None:
            os.close(master)
    print(out_path.read_text(errors="replace"), end="")
    return p.returncode, err_path.read_text(), child, seconds


def assert_clean(label, rc, err, child, tmpdir, outdir, sig):
    name = signal.Signals(sig).name
    check(rc == -sig, f"{label}: exit status {rc}, expected death by {name}\n{err}")
    check(f"interrupted by {name}" in err, f"{label}: no 'interrupted by {name}' on stderr:\n{err}")
    left = [e.name for e in tmpdir.iterdir() if e.name != MARKER]
    check(not left, f"{label}: left in TMPDIR: {left}")
    check(not alive(child), f"{label}: the child {child} is still running")
    if outdir is not None:
        out = sorted(e.name for e in outdir.iterdir()) if outdir.exists() else []
        check(not out, f"{label}: left in the output directory: {out}")


def case_build(how, sig, linger=0, setsid=False):
    project = WORK / "proj ü"
    backend_project(project)
    tmpdir = fresh_dir(WORK / "tmp ü")
    outdir = WORK / "dist ü"
    pidfile, signal_log = WORK / "child.pid", WORK / "signals.log"
    grandchild_pidfile = WORK / "grandchild.pid"
    env = dict(os.environ, TMPDIR=str(tmpdir), HANG_PIDFILE=str(pidfile), SIGNAL_LOG=str(signal_log),
               LINGER=str(linger), GRANDCHILD_PIDFILE=str(grandchild_pidfile))
    if setsid:  # the backend's child leaves the backend's process group and session
        env["GRANDCHILD_SETSID"] = "1"
    cmd = [PYRELEASE, "build", "--project", project, "--outdir", outdir, "--no-isolation", "--sdist"]
    rc, err, child, seconds = run_and_interrupt(cmd, env, pidfile, how, sig)
    grandchild = int(grandchild_pidfile.read_text())
    if alive(grandchild):  # not left running on this machine, whatever the verdict
        os.kill(grandchild, signal.SIGKILL)
        fail(f"build ({how}{', setsid' if setsid else ''}): the backend's own child {grandchild} "
             "still runs after pyrelease exited")
    assert_clean(f"build ({how} {signal.Signals(sig).name})", rc, err, child, tmpdir, outdir, sig)
    # What the backend started stops too, however the signal came (own process group), and a
    # child of the backend that left its group (setsid) too.
    received = signal_log.read_text().split() if signal_log.exists() else []
    check(received == [signal.Signals(sig).name],
          f"the backend received {received}, expected exactly one {signal.Signals(sig).name}")
    print(f"build {how} {signal.Signals(sig).name}: exit by the signal {seconds:.2f} s after it, "
          f"TMPDIR and outdir empty, backend gone, signals the backend saw: {received}")


def case_build_sigkill(how, setsid=False):
    """SIGKILL, which pyrelease cannot catch, to pyrelease alone or to its whole process group,
    without a terminal: the backend leads a group of its own, which no signal to pyrelease reaches;
    the group's guard kills it when pyrelease is gone. The backend and its own child must stop."""
    project = WORK / "proj ü"
    backend_project(project)
    tmpdir = fresh_dir(WORK / "tmp ü")
    pidfile, grandchild_pidfile = WORK / "child.pid", WORK / "grandchild.pid"
    env = dict(os.environ, TMPDIR=str(tmpdir), HANG_PIDFILE=str(pidfile), SIGNAL_LOG=str(WORK / "signals.log"),
               GRANDCHILD_PIDFILE=str(grandchild_pidfile))
    if setsid:  # the backend's child leaves the backend's process group and session
        env["GRANDCHILD_SETSID"] = "1"
    cmd = [PYRELEASE, "build", "--project", project, "--outdir", WORK / "dist ü", "--no-isolation", "--sdist"]
    rc, err, child, seconds = run_and_interrupt(cmd, env, pidfile, how, signal.SIGKILL)
    grandchild = int(grandchild_pidfile.read_text())
    check(rc == -signal.SIGKILL, f"build (SIGKILL to the {how}): exit status {rc}\n{err}")
    deadline = time.time() + 5
    while time.time() < deadline and (alive(child) or alive(grandchild)):
        time.sleep(0.05)
    left = [pid for pid in (child, grandchild) if alive(pid)]
    for pid in left:  # not left running on this machine, whatever the verdict
        os.kill(pid, signal.SIGKILL)
    check(not left, f"build (SIGKILL to the {how}): still running 5 s after pyrelease was killed: "
          f"{'the backend ' + str(child) if child in left else ''} "
          f"{'its child ' + str(grandchild) if grandchild in left else ''}")
    print(f"build SIGKILL to the {how}: the backend and its child gone with pyrelease")
    take_back_left_dir(tmpdir)


def quick_backend_project(root):
    """A project whose in-tree backend writes a small sdist at once (a backend build that ends)."""
    in_tree_backend_project(root, "quickpkg", "quick_backend", """
import io, os, tarfile
def build_sdist(sdist_directory, config_settings=None):
    name = "quickpkg-1.0.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for member, text in (("PKG-INFO", "Metadata-Version: 2.1\\nName: quickpkg\\nVersion: 1.0\\n"),
                             ("pyproject.toml", open("pyproject.toml").read())):
            data = text.encode()
            info = tarfile.TarInfo("quickpkg-1.0/" + member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return name
""")


def take_back_left_dir(tmpdir):
    """The SIGKILLed run left its pyrelease-pep517-* directory in TMPDIR (nothing of it could remove
    it). A later backend build takes it back, and leaves a live run's directory alone: a build that
    hangs runs meanwhile."""
    left = [e.name for e in tmpdir.iterdir() if e.name.startswith("pyrelease-pep517-")]
    check(len(left) == 1, f"expected the killed run's pyrelease-pep517-* directory in TMPDIR, found {left}")
    live_pidfile = WORK / "live.pid"
    env = dict(os.environ, TMPDIR=str(tmpdir), HANG_PIDFILE=str(live_pidfile), SIGNAL_LOG=str(WORK / "live.log"))
    live = subprocess.Popen([PYRELEASE, "build", "--project", WORK / "proj ü", "--outdir", WORK / "live dist",
                             "--no-isolation", "--sdist"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + WAIT_FOR_CHILD
        while not (live_pidfile.exists() and live_pidfile.read_text()):
            check(live.poll() is None and time.time() < deadline, "the live build did not start its backend")
            time.sleep(0.1)
        live_dirs = [e.name for e in tmpdir.iterdir() if e.name.startswith("pyrelease-pep517-")
                     and e.name not in left]
        check(len(live_dirs) == 1, f"the live build's directory: {live_dirs}")
        quick = WORK / "quick ü"
        quick_backend_project(quick)
        env = dict(os.environ, TMPDIR=str(tmpdir))
        r = subprocess.run([PYRELEASE, "build", "--project", quick, "--outdir", WORK / "quick dist", "--sdist"],
                           env=env, capture_output=True, text=True)
        check(r.returncode == 0, f"the later build failed: {r.stderr}")
        now = sorted(e.name for e in tmpdir.iterdir() if e.name != MARKER)
        check(now == live_dirs, f"after a later build TMPDIR holds {now}: expected only the live run's "
              f"{live_dirs} (the killed run's {left} taken back)")
    finally:
        live.terminate()
        live.wait()
    print(f"a later build took back {left[0]} and left the live run's {live_dirs[0]}")


def case_verify_sigterm():
    project = WORK / "pkg ü"
    hanging_import_project(project)
    dists = WORK / "dists ü"
    r = subprocess.run([PYRELEASE, "build", "--project", str(project), "--outdir", str(dists)],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, "building the fixture failed:\n" + r.stderr)
    tmpdir = fresh_dir(WORK / "tmp ü")
    pidfile, signal_log = WORK / "child.pid", WORK / "signals.log"
    env = dict(os.environ, TMPDIR=str(tmpdir), HANG_PIDFILE=str(pidfile), SIGNAL_LOG=str(signal_log))
    cmd = [PYRELEASE, "verify", "hangpkg==1.0", "--find-links", dists, "--import", "hangpkg"]
    rc, err, child, seconds = run_and_interrupt(cmd, env, pidfile, "process", signal.SIGTERM)
    assert_clean("verify (SIGTERM)", rc, err, child, tmpdir, None, signal.SIGTERM)
    print(f"verify SIGTERM: exit by the signal {seconds:.2f} s after it, TMPDIR empty, child gone")


def case_preflight_sigterm(release=False):
    """`preflight` builds in a child `pyrelease build` (isolated: requires = [] needs no index)
    inside its own temporary directory: two levels of pyrelease to unwind; `release --dry-run`
    runs that preflight as its own child: three."""
    project = WORK / "proj ü"
    backend_project(project)
    tmpdir = fresh_dir(WORK / "tmp ü")
    pidfile, signal_log = WORK / "child.pid", WORK / "signals.log"
    env = dict(os.environ, TMPDIR=str(tmpdir), HANG_PIDFILE=str(pidfile), SIGNAL_LOG=str(signal_log))
    skips = ["git-clean", "tag", "index-version", "changelog", "readme", "license"]
    indexes = ["--test-repository-url", WORK / "test-index", "--repository-url", WORK / "index",
               "--state-dir", WORK / "state"]
    command = ["release", "--dry-run", "--no-tag"] + indexes if release else ["preflight"]
    cmd = [PYRELEASE] + command + ["--project", project] + [a for s in skips for a in ("--skip", s)]
    rc, err, child, seconds = run_and_interrupt(cmd, env, pidfile, "process", signal.SIGTERM)
    assert_clean(f"{command[0]} (SIGTERM)", rc, err, child, tmpdir, project / "dist", signal.SIGTERM)
    # Each level passes the signal on to the next only: the backend gets it once.
    received = signal_log.read_text().split() if signal_log.exists() else []
    check(received == ["SIGTERM"], f"{command[0]}: the backend received {received}, expected one SIGTERM")
    print(f"{command[0]} SIGTERM: exit by the signal {seconds:.2f} s after it, TMPDIR empty, "
          f"backend gone, signals the backend saw: {received}")


def big_wheel(path, megabytes, name="bigpkg", version="1.0"):
    """A valid wheel of one stored member of `megabytes` random MB (its copy takes a while; each call
    makes different bytes)."""
    import zipfile
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": b"x = 1\n", f"{name}/data.bin": os.urandom(int(megabytes * (1 << 20))),
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode(),
             f"{info}/WHEEL":
                 b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    write_wheel(path, list(files.items()), info, zipfile.ZIP_STORED)


def case_upload_sigterm():
    """SIGTERM while `upload` copies a large wheel into a file index, after a small one was copied
    in completely: the partial copy is removed, and so is the small one's finished copy (unlisted),
    no page changes, the message says so; a temporary file a killed upload left is removed by the
    next upload (one of a live process stays). Then the index takes a different build of the small
    wheel under the same name, and replaces an unlisted copy a SIGKILLed run would leave."""
    wheel = WORK / "bigpkg-1.0-py3-none-any.whl"
    big_wheel(wheel, 200)
    small = WORK / "smallpkg-1.0-py3-none-any.whl"
    big_wheel(small, 0.01, "smallpkg")
    index = WORK / "index ü"
    files = index / "files"
    files.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = files / f"other-1.0.tar.gz.tmp.{dead.pid}.0123456789abcdef"
    live = files / f"other-1.0.tar.gz.tmp.{os.getpid()}.0123456789abcdef"
    stale.write_text("half")
    live.write_text("half")
    cmd = [PYRELEASE, "upload", "--repository-url", index, "--no-check", "--no-verify", small, wheel]
    p = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True, preexec_fn=default_signals)
    deadline = time.time() + 60
    copying = []
    while not copying and time.time() < deadline and p.poll() is None:
        copying = [f for f in files.iterdir() if f.name.startswith(wheel.name + ".tmp.")]
    check(copying, "the wheel's temporary copy never appeared (the copy was too quick?)")
    # Stopped mid-copy, signalled, continued: the signal lands during the copy whatever the load.
    p.send_signal(signal.SIGSTOP)
    mid_copy = copying[0].exists() and not (files / wheel.name).exists()
    p.send_signal(signal.SIGTERM)
    p.send_signal(signal.SIGCONT)
    out, err = p.communicate(timeout=STOP_WITHIN)
    check(mid_copy, "the copy finished before the signal: make the wheel larger")
    check(p.returncode == -signal.SIGTERM, f"upload: exit {p.returncode}, expected death by SIGTERM\n{err}")
    check(f"interrupted by SIGTERM: the copy of {wheel.name} stopped and was removed" in err,
          f"upload: unclear message:\n{err}")
    check(f"the copies made so far were removed: {small.name}.metadata, {small.name}, {wheel.name}.metadata"
          in err, f"upload: the message does not name the copies taken back:\n{err}")
    left = sorted(f.name for f in files.iterdir())
    check(left == [live.name],
          f"upload: left in the index's files/: {left} (expected only the live process's temporary file; "
          "the partial copy, the finished but unlisted copies and the dead process's one removed)")
    check(not any((index / "simple").iterdir()), "upload: the index's pages changed")
    print(f"upload SIGTERM mid-copy: exit by the signal, partial copy and this run's unlisted copies removed, "
          f"pages unchanged, stale temporary file of a dead upload removed: {err.strip().splitlines()[-1]}")

    # The index is consistent: a different build of the small wheel under the same name is taken.
    big_wheel(small, 0.01, "smallpkg")
    r = subprocess.run([str(c) for c in [PYRELEASE, "upload", "--repository-url", index, "--no-check", small]],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"upload of a new build after the interrupted run failed:\n{r.stderr}")
    page = json.loads((index / "simple" / "smallpkg" / "index.json").read_text())
    check([f["hashes"]["sha256"] for f in page["files"]] == [hashlib.sha256(small.read_bytes()).hexdigest()],
          f"upload: the page does not list the new build: {page['files']}")
    # An unlisted copy as a SIGKILLed run leaves it (no chance to take it back) is replaced too, while a
    # listed file under the same name with other bytes is still refused.
    (files / "smallpkg-2.0-py3-none-any.whl").write_bytes(b"left by a killed run")
    new_version = WORK / "smallpkg-2.0-py3-none-any.whl"
    big_wheel(new_version, 0.01, "smallpkg", "2.0")
    r = subprocess.run([str(c) for c in [PYRELEASE, "upload", "--repository-url", index, "--no-check",
                                         new_version]], capture_output=True, text=True)
    check(r.returncode == 0, f"upload over an unlisted leftover copy failed:\n{r.stderr}")
    check((files / new_version.name).read_bytes() == new_version.read_bytes(), "the leftover copy was not replaced")
    big_wheel(small, 0.01, "smallpkg")
    r = subprocess.run([str(c) for c in [PYRELEASE, "upload", "--repository-url", index, "--no-check", small]],
                       capture_output=True, text=True)
    check(r.returncode != 0 and "with different contents" in r.stderr,
          f"upload: a listed file was replaced by other bytes (exit {r.returncode}):\n{r.stderr}")
    print("upload after the interrupt: a new build under the same name taken, an unlisted leftover replaced, "
          "a listed file still refused")


def case_upload_http_sigterm():
    """SIGTERM while `upload` sends a wheel over HTTP (a proxy that reads half the body, then stalls
    for a minute): the transfer is aborted at once, nothing is retried, and the message says the
    index may hold the file."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from flaky_proxy import FlakyProxy
    wheel = WORK / "bigpkg-1.0-py3-none-any.whl"
    big_wheel(wheel, 8)
    with socket.socket() as s:  # the index behind the proxy: never reached (the proxy stalls)
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    with FlakyProxy(str(WORK / "proxy ü"), "--faults", "stall*", "--stall", "60") as proxy:
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "https_proxy", "all_proxy")}
        env.update(http_proxy=proxy.url, TWINE_USERNAME="user", TWINE_PASSWORD="test-only")
        cmd = [PYRELEASE, "upload", "--repository-url", f"http://127.0.0.1:{dead_port}/", "--no-check",
               "--retries", "3", wheel]
        p = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, start_new_session=True, preexec_fn=default_signals)
        deadline = time.time() + 60
        while not proxy.stats().get("posts") and time.time() < deadline and p.poll() is None:
            time.sleep(0.05)
        check(proxy.stats().get("posts"), f"the upload never reached the proxy: {proxy.stats()}")
        time.sleep(0.5)  # half the body read: the proxy stalls
        start = time.time()
        p.send_signal(signal.SIGTERM)
        try:
            out, err = p.communicate(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            p.kill()
            fail(f"upload did not stop within {STOP_WITHIN} s of SIGTERM")
        seconds = time.time() - start
        posts = proxy.stats().get("posts")
    check(p.returncode == -signal.SIGTERM, f"upload: exit {p.returncode}, expected death by SIGTERM\n{err}")
    check(f"interrupted by SIGTERM during the upload of {wheel.name}: the index may hold it" in err,
          f"upload: unclear message:\n{err}")
    check(posts == 1, f"upload: {posts} POSTs reached the proxy, expected 1 (no retry after the signal)")
    check(seconds < 5, f"upload: {seconds:.1f} s from SIGTERM to the exit (the transfer was not aborted)")
    print(f"upload over HTTP, SIGTERM mid-body: exit by the signal {seconds:.2f} s after it, one POST, "
          f"message: {err.strip().splitlines()[-2 if len(err.strip().splitlines()) > 1 else -1]}")


def main():
    global WORK
    WORK = fresh_dir(Path(WORK) / f"{CASE} ü x")
    if CASE == "build-sigint":
        case_build("process", signal.SIGINT)
    elif CASE == "build-setsid":
        case_build("process", signal.SIGTERM, setsid=True)
    elif CASE == "build-sigterm":
        case_build("process", signal.SIGTERM)
    elif CASE == "build-group":
        case_build("group", signal.SIGINT)
    elif CASE == "build-ctrl-c":
        case_build("terminal", signal.SIGINT, linger=3)
    elif CASE == "build-sigkill":
        case_build_sigkill("process")
    elif CASE == "build-sigkill-setsid":
        case_build_sigkill("process", setsid=True)
    elif CASE == "build-group-sigkill":
        case_build_sigkill("group")
    elif CASE == "verify-sigterm":
        case_verify_sigterm()
    elif CASE == "preflight-sigterm":
        case_preflight_sigterm()
    elif CASE == "release-sigterm":
        case_preflight_sigterm(release=True)
    elif CASE == "upload-sigterm":
        case_upload_sigterm()
    elif CASE == "upload-http-sigterm":
        case_upload_http_sigterm()
    else:
        fail("unknown case " + CASE)
    print("OK")


if __name__ == "__main__":
    main()
