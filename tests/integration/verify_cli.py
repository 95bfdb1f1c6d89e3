#!/usr/bin/env python3
"""Integration tests of `pyrelease verify` (CTest label verify-cli).

`setup` builds the fixture projects tests/projects/verify_* (flit_core, in process) and publishes
their dists to a local file index. Each other case runs `pyrelease verify` for real (python -m venv,
pip, the index) and asserts which checks pass and which fail, by name.

usage: verify_cli.py PYRELEASE TESTS_DIR WORK_DIR CASE
"""
import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir, remove_tree  # noqa: E402
from wheel_file import write_wheel  # noqa: E402

PYRELEASE, TESTS_DIR, WORK, CASE = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
DIST = WORK / "dist"
FILE_INDEX = WORK / "file-index"
FILE_INDEX_URL = (FILE_INDEX / "simple").as_uri() + "/"
FIXTURES = ["verify_good", "verify_dep", "verify_missing_module", "verify_bad_script",
            "verify_wrong_version"]


def fail(msg):
    print(f"ASSERTION FAILED: {msg}")
    sys.exit(1)


def dists_of(project):
    """The dists of a fixture project (e.g. 'verify-good' -> its wheel and sdist)."""
    stem = project.replace("-", "_") + "-"
    return sorted(p for p in DIST.iterdir() if p.name.startswith(stem))


def run_verify(*args, expect_exit=None, env=None):
    cmd = [PYRELEASE, "verify", *args]
    print("$", " ".join(cmd), flush=True)
    # Envs kept by failing checks land in the build tree (wiped by `setup`), not in /tmp.
    tmp = WORK / "tmp"
    if not tmp.exists():
        fresh_dir(tmp)
    env = {**(os.environ if env is None else env), "TMPDIR": str(tmp)}
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    print(p.stdout + p.stderr)
    print(f"(exit {p.returncode} in {time.monotonic() - t0:.1f} s)")
    if expect_exit is not None and p.returncode != expect_exit:
        fail(f"expected exit status {expect_exit}, got {p.returncode}")
    return p


def statuses(out):
    """{check name: 'PASS'|'FAIL'} from verify's --json report, or else its progress lines."""
    if out.lstrip().startswith("{"):
        return {c["name"]: c["status"].upper() for c in json.loads(out)["checks"]}
    result = {}
    for line in out.splitlines():
        m = re.match(r"^(PASS) (\S.*?) \(\d+\.\d s\)$", line) or re.match(r"^(FAIL) (\S.*?): ", line)
        if m:
            result[m.group(2)] = m.group(1)
    return result


def expect_checks(p, passed=(), failed=(), exactly=True):
    got = statuses(p.stdout)
    want = {**{n: "PASS" for n in passed}, **{n: "FAIL" for n in failed}}
    for name, status in want.items():
        if got.get(name) != status:
            fail(f"check {name}: expected {status}, got {got.get(name, 'not reported')}")
    if exactly and set(got) != set(want):
        fail(f"unexpected checks: {sorted(set(got) - set(want))}")


# ---------------------------------------------------------------------------------------- setup

def build_fixture(project_dir):
    """flit_core's PEP 517 hooks, called in process (fast; no isolation needed)."""
    import flit_core.buildapi as api
    cwd = os.getcwd()
    os.chdir(project_dir)
    try:
        api.build_wheel(str(DIST))
        api.build_sdist(str(DIST))
    finally:
        os.chdir(cwd)


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if re.match(r"[^/]+\.dist-info/METADATA$", n))
        return z.read(name)


def write_file_index(root, files):
    """A PEP 503 index with PEP 658 .metadata files, as a static directory."""
    packages = root / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    by_project = {}
    for f in files:
        shutil.copy2(f, packages / f.name)
        project = re.sub(r"[-_.]+", "-", f.name.split("-")[0]).lower()
        by_project.setdefault(project, []).append(f)
    simple = root / "simple"
    simple.mkdir(exist_ok=True)
    for project, pfiles in by_project.items():
        anchors = []
        for f in sorted(pfiles):
            sha = hashlib.sha256(f.read_bytes()).hexdigest()
            extra = ""
            if f.name.endswith(".whl"):
                meta = wheel_metadata(f)
                (packages / (f.name + ".metadata")).write_bytes(meta)
                extra = f' data-core-metadata="sha256={hashlib.sha256(meta).hexdigest()}"'
            anchors.append(f'<a href="../../packages/{html.escape(f.name)}#sha256={sha}"{extra}>'
                           f'{html.escape(f.name)}</a><br/>')
        (simple / project).mkdir(exist_ok=True)
        (simple / project / "index.html").write_text(
            "<!DOCTYPE html>\n<html><body>\n" + "\n".join(anchors) + "\n</body></html>\n")
    (simple / "index.html").write_text("<!DOCTYPE html>\n<html><body>\n" + "\n".join(
        f'<a href="{p}/">{p}</a><br/>' for p in sorted(by_project)) + "\n</body></html>\n")


def setup():
    fresh_dir(WORK)
    DIST.mkdir()
    for name in FIXTURES:
        build_fixture(TESTS_DIR / "projects" / name)
    files = sorted(DIST.iterdir())
    print("built:", *[f.name for f in files], sep="\n  ")
    if len(files) != 2 * len(FIXTURES):
        fail(f"expected a wheel and an sdist per fixture, got {len(files)} files")
    write_file_index(FILE_INDEX, files)
    # A wheel with the same name as the published one but other bytes: `hashes` must notice.
    tampered = WORK / "tampered"
    tampered.mkdir()
    good_wheel = next(f for f in dists_of("verify-good") if f.suffix == ".whl")
    with zipfile.ZipFile(good_wheel) as src, zipfile.ZipFile(tampered / good_wheel.name, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("engine.py"):
                data += b"# changed after publishing\n"
            dst.writestr(item, data)
    (WORK / "smoke_fail.py").write_text(
        "import os, sys\nprint('smoke test of', os.environ['PYRELEASE_VERIFY_NAME'])\n"
        "sys.exit('smoke test failed on purpose')\n")


# ------------------------------------------------------------------------------------ pypiserver

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def pypiserver():
    packages = WORK / f"pypiserver-{CASE}"
    fresh_dir(packages)
    port = free_port()
    log = open(WORK / f"pypiserver-{CASE}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pypiserver", "run", "-p", str(port), "-i", "127.0.0.1", "-a", ".",
         "-P", ".", "--disable-fallback", str(packages)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    fail("pypiserver exited; see " + log.name)
                time.sleep(0.1)
        else:
            fail("pypiserver did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def twine_upload(url, files):
    subprocess.run([sys.executable, "-m", "twine", "upload", "--non-interactive",
                    "--repository-url", url + "/", "-u", "test", "-p", "test", *map(str, files)],
                   check=True, capture_output=True)


# ----------------------------------------------------------------------------------------- cases

GOOD = ["verify-good==1.0.0", "--import", "verify_good", "--import", "verify_good.engine",
        "--command", "verify-good --help", "--command", "verify-good --version",
        "--extras", "dep"]
GOOD_CHECKS = ["install", "version", "import:verify_good", "import:verify_good.engine",
               "entry-points", "command:verify-good --help", "command:verify-good --version",
               "extra:dep"]


def case_list_checks():
    p = run_verify(*GOOD, "--find-links", str(DIST), "--script", "smoke.py", "--list-checks",
                   expect_exit=0)
    if p.stdout.split("\n")[:-1] != GOOD_CHECKS + ["script:smoke.py"]:
        fail("--list-checks printed the wrong names")
    p = run_verify("x==1", "--index-url", "http://127.0.0.1:1/simple/", "--wait", "5", "--dist",
                   "x-1-py3-none-any.whl", "--python", "python3", "--python", "python3.11",
                   "--import", "x", "--list-checks", expect_exit=0)
    want = ["wait", "hashes", "install@python3", "version@python3", "import:x@python3",
            "entry-points@python3", "install@python3.11", "version@python3.11",
            "import:x@python3.11", "entry-points@python3.11"]
    if p.stdout.split("\n")[:-1] != want:
        fail("--list-checks with two pythons printed the wrong names")
    # The names depend on the options only: no release needed to list them.
    p = run_verify("--find-links", str(DIST), "--import", "x", "--list-checks", expect_exit=0)
    if p.stdout.split("\n")[:-1] != ["install", "version", "import:x", "entry-points"]:
        fail("--list-checks without a SPEC printed the wrong names")
    p = run_verify("--find-links", str(DIST), expect_exit=2)
    if "SPEC is required" not in p.stderr:
        fail("without --list-checks the SPEC is required, and the message says so")
    for bad in (["verify-good>=1.0", "--find-links", str(DIST)], ["verify-good==1.0"],
                ["verify-good==1.0", "--find-links", "no-such-dir"],
                ["verify-good==1.0", "--find-links", str(DIST), "--only", "nope"]):
        p = run_verify(*bad, expect_exit=2)
        if "pyrelease: error:" not in p.stderr:
            fail("a usage error must be reported with the pyrelease: error: prefix")


def case_find_links_good():
    p = run_verify(*GOOD, "--find-links", str(DIST), "--json", expect_exit=0)
    report = json.loads(p.stdout)
    names = [c["name"] for c in report["checks"]]
    if names != GOOD_CHECKS or not report["passed"]:
        fail(f"JSON report: {names}")
    t = report["timings"]
    if not (t["venv"] > 0 and t["install"] > 0 and t["checks"] > 0):
        fail("timings must cover venv, install and checks")
    if report["kept_envs"]:
        fail("a passing run must remove its environment")
    if "the base Python's pip via --python" not in report["checks"][0]["detail"]:
        fail("by default the venv is made without pip and the base Python's pip installs into it")


def case_file_index_good():
    smoke = TESTS_DIR.parent / "templates" / "verify" / "smoke_test.py.in"
    p = run_verify(*GOOD, "--index-url", FILE_INDEX_URL, "--wait", "30",
                   *[a for d in dists_of("verify-good") for a in ("--dist", str(d))],
                   "--script", str(smoke), expect_exit=0)
    expect_checks(p, passed=["wait", "hashes", *GOOD_CHECKS, "script:smoke_test.py.in"])
    if ".metadata file(s) byte for byte" not in p.stdout:
        fail("hashes must compare the PEP 658 .metadata file")


def case_two_pythons():
    p = run_verify("verify-good==1.0.0", "--find-links", str(DIST), "--python", "python3",
                   "--python", "/usr/bin/python3.11" if os.path.exists("/usr/bin/python3.11")
                   else sys.executable, "--import", "verify_good", expect_exit=0)
    got = statuses(p.stdout)
    if len(got) != 8 or not all(n.count("@") == 1 for n in got):
        fail(f"every check must carry an @python suffix: {sorted(got)}")


def remove_kept_envs(p):
    """Deletes the environments a failing run kept, read from its --json report (never from text:
    a path with a space in it must not be cut short)."""
    kept = json.loads(p.stdout)["kept_envs"]
    if not kept:
        fail("a failing check must keep its environment")
    for venv in kept:
        root = Path(venv).parent.parent  # <TMPDIR>/pyrelease-verify-XXXXXX/<python>/venv
        if root.parent != WORK / "tmp" or not root.name.startswith("pyrelease-verify-"):
            fail(f"the kept environment {venv} is not in the temporary directory the test gave")
        remove_tree(root)


def case_missing_module():
    p = run_verify("verify-missing-module==1.0.0", "--index-url", FILE_INDEX_URL,
                   "--import", "verify_missing_module", "--json", expect_exit=1)
    expect_checks(p, passed=["install", "version", "entry-points"],
                  failed=["import:verify_missing_module"])
    if "ImportError" not in p.stdout or "verify: environment kept at" not in p.stderr:
        fail("the import failure must show the traceback and the kept environment")
    remove_kept_envs(p)


def wheel_of_installed(dist_name, outdir):
    """A wheel of an installed pure-Python distribution, packed from its RECORD (the build backend
    an sdist needs, available offline)."""
    from importlib import metadata
    dist = metadata.distribution(dist_name)
    name = f"{dist.metadata['Name'].replace('-', '_')}-{dist.version}-py3-none-any.whl"
    with zipfile.ZipFile(outdir / name, "w", zipfile.ZIP_DEFLATED) as z:
        for f in dist.files:
            if f.parts[0] == ".." or "__pycache__" in f.parts or not f.locate().is_file():
                continue
            z.write(f.locate(), str(f.as_posix()))
    return outdir / name


def case_from_sdist():
    """A broken sdist (a module left out) passes verify from the wheel, and fails verify --from
    sdist, which builds it in the venv (flit_core comes from a local wheel)."""
    work = WORK / "from-sdist"
    fresh_dir(work)
    links, wheelhouse = work / "links", work / "wheelhouse"
    links.mkdir()
    wheelhouse.mkdir()
    wheel_of_installed("flit_core", wheelhouse)
    import tarfile
    for f in dists_of("verify-good"):
        if f.suffix == ".whl":
            shutil.copy2(f, links / f.name)
            continue
        with tarfile.open(f) as src, tarfile.open(links / f.name, "w:gz") as dst:
            for member in src.getmembers():
                if member.name.endswith("verify_good/engine.py"):
                    continue  # the deliberate breakage
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
    common = ["verify-good==1.0.0", "--find-links", str(links), "--find-links", str(wheelhouse),
              "--import", "verify_good.engine", "--json"]
    p = run_verify(*common, expect_exit=0)
    expect_checks(p, passed=["install", "version", "import:verify_good.engine", "entry-points"])
    p = run_verify(*common, "--from", "sdist", expect_exit=1)
    # The console script imports the engine too: only the import check's verdict is asserted.
    expect_checks(p, passed=["install", "version"], failed=["import:verify_good.engine"],
                  exactly=False)
    if "verify_good.engine" not in p.stdout:
        fail("the failing import is named")
    remove_kept_envs(p)
    p = run_verify(*common, "--from", "egg", expect_exit=2)
    if "--from egg: expected any, wheel or sdist" not in p.stderr:
        fail("a bad --from value is refused by name")


def case_bad_entry_point():
    p = run_verify("verify-bad-script==1.0.0", "--find-links", str(DIST), "--keep-env",
                   "--import", "verify_bad_script", "--json", expect_exit=1)
    expect_checks(p, passed=["install", "version", "import:verify_bad_script"],
                  failed=["entry-points"])
    if "missing_function" not in p.stdout:
        fail("the entry-points failure must name the missing function")
    remove_kept_envs(p)


def case_wrong_version():
    # Also covers venvs seeded with their own pip (the default reuses the base Python's pip).
    p = run_verify("verify-wrong-version==1.0.0", "--find-links", str(DIST), expect_exit=1,
                   env={**os.environ, "PYRELEASE_VERIFY_SEED_PIP": "1"})
    expect_checks(p, passed=["install", "entry-points"], failed=["version"])
    if "the venv's own pip" not in p.stdout:
        fail("PYRELEASE_VERIFY_SEED_PIP=1 must seed the venv with pip")
    if "1.0.0+dirty, expected 1.0.0" not in p.stdout:
        fail("the version failure must show both versions")


def case_missing_extra_dependency():
    p = run_verify("verify-good==1.0.0", "--index-url", FILE_INDEX_URL, "--extras", "dep,missing",
                   "--command", "verify-good --fail", expect_exit=1)
    expect_checks(p, passed=["install", "version", "entry-points", "extra:dep"],
                  failed=["extra:missing", "command:verify-good --fail"])
    if "verify-missing-dependency" not in p.stdout:
        fail("the extra failure must name the missing dependency")


def case_failing_script():
    p = run_verify("verify-good==1.0.0", "--find-links", str(DIST), "--script",
                   str(WORK / "smoke_fail.py"), expect_exit=1)
    expect_checks(p, passed=["install", "version", "entry-points"], failed=["script:smoke_fail.py"])
    if "smoke test failed on purpose" not in p.stdout:
        fail("the script failure must show the script's output")


def case_hashes_mismatch():
    tampered = next((WORK / "tampered").iterdir())
    p = run_verify("verify-good==1.0.0", "--index-url", FILE_INDEX_URL, "--dist", str(tampered),
                   "--only", "hashes", expect_exit=1)
    expect_checks(p, failed=["hashes"])
    if "the index serves sha256" not in p.stdout:
        fail("the hashes failure must compare the digests")


def case_wait_timeout():
    p = run_verify("verify-good==9.9.9", "--index-url", FILE_INDEX_URL, "--wait", "5",
                   "--only", "wait", expect_exit=1)
    expect_checks(p, failed=["wait"])
    if "none of version 9.9.9" not in p.stdout:
        fail("a file index is read once, and the message says what it lists")


def case_env_dir_reuse():
    env_dir = WORK / "env-dir"
    remove_tree(env_dir)  # verify makes and marks it
    common = ["verify-good==1.0.0", "--find-links", str(DIST), "--import", "verify_good",
              "--env-dir", str(env_dir)]
    p = run_verify(*common, "--only", "import:verify_good", expect_exit=0)  # installs first
    expect_checks(p, passed=["import:verify_good"])
    marker = env_dir / "python3" / "installed"
    stamp = marker.stat().st_mtime_ns
    p = run_verify(*common, "--only", "version", expect_exit=0)
    expect_checks(p, passed=["version"])
    if marker.stat().st_mtime_ns != stamp:
        fail("a second --only run must reuse the environment, not reinstall")
    p = run_verify(*common, "--only", "install", expect_exit=0)
    if marker.stat().st_mtime_ns == stamp:
        fail("the install check must start from a fresh environment")


def case_env_dir_extras():
    """An --env-dir venv an extra was installed into is not reused for a check the full run makes
    before that extra (an import must not pass on a package only the extra brought in); a check
    the full run makes after it (the script) reuses the venv."""
    env_dir = WORK / "env-dir extras"
    remove_tree(env_dir)
    script = WORK / "extras-smoke.py"
    script.write_text("import verify_dep\n")
    common = ["verify-good==1.0.0", "--find-links", str(DIST), "--import", "verify_dep",
              "--extras", "dep", "--script", str(script), "--env-dir", str(env_dir)]
    run_verify(*common, "--only", "install", expect_exit=0)
    p = run_verify(*common, "--only", "import:verify_dep", expect_exit=1)
    expect_checks(p, failed=["import:verify_dep"])  # the base install does not bring it
    p = run_verify(*common, "--only", "extra:dep", expect_exit=0)
    expect_checks(p, passed=["extra:dep"])
    marker = env_dir / "python3" / "installed"
    key, stamp = marker.read_text(), marker.stat().st_mtime_ns
    p = run_verify(*common, "--only", "script:extras-smoke.py", expect_exit=0)
    expect_checks(p, passed=["script:extras-smoke.py"])
    if marker.stat().st_mtime_ns != stamp:
        fail("the script check comes after extra:dep in a full run: the venv must be reused")
    p = run_verify(*common, "--only", "import:verify_dep", expect_exit=1)
    expect_checks(p, failed=["import:verify_dep"])
    if marker.stat().st_mtime_ns == stamp:
        fail("the import check ran in the venv extra:dep had installed into, not in a fresh one")
    if "extras=dep" not in key:
        fail(f"the venv's key does not record the extra:\n{key}")
    print("an import check after extra:dep in the same --env-dir ran in a fresh venv; the script reused it")


def half_made_links(links):
    """Find-links with verify-half 1.0 (a wheel whose extra `hang` needs verify-hang-dep) and
    verify-hang-dep 1.0 (an sdist whose build hangs after writing HANG_PIDFILE: pip builds it, in
    the shared venv's extra install, until the run is killed)."""
    import io
    import tarfile
    links.mkdir(parents=True)
    files = {"verify_half/__init__.py": b"__version__ = '1.0'\n",
             "verify_half-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: verify-half\nVersion: 1.0\n"
             b"Provides-Extra: hang\nRequires-Dist: verify-hang-dep; extra == 'hang'\n\n",
             "verify_half-1.0.dist-info/WHEEL":
                 b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    write_wheel(links / "verify_half-1.0-py3-none-any.whl", list(files.items()), "verify_half-1.0.dist-info")
    sdist = {"PKG-INFO": b"Metadata-Version: 2.1\nName: verify-hang-dep\nVersion: 1.0\n",
             "pyproject.toml": b'[build-system]\nrequires = []\nbuild-backend = "hang_backend"\n'
                               b'backend-path = ["."]\n',
             "hang_backend.py": b"import os, time\n"
                                b"def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
                                b"    with open(os.environ['HANG_PIDFILE'], 'w') as f:\n"
                                b"        f.write(str(os.getpid()))\n"
                                b"    time.sleep(600)\n"}
    with tarfile.open(links / "verify_hang_dep-1.0.tar.gz", "w:gz") as t:
        for name, data in sdist.items():
            info = tarfile.TarInfo("verify_hang_dep-1.0/" + name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


def case_env_dir_half_made():
    """An --env-dir venv whose extra install was killed half-way (SIGKILL to verify's process group,
    as a CI runner cancels a job) is not reused by the next run: it is made again."""
    links = WORK / "half-made links"
    remove_tree(WORK / "half-made links")
    half_made_links(links)
    env_dir = WORK / "env-dir half-made"
    remove_tree(env_dir)
    common = ["verify-half==1.0", "--find-links", str(links), "--env-dir", str(env_dir)]
    run_verify(*common, "--only", "install", expect_exit=0)
    marker = env_dir / "python3" / "installed"
    stamp = marker.stat().st_mtime_ns
    pidfile = WORK / "hang-dep.pid"
    if pidfile.exists():
        pidfile.unlink()
    tmp = WORK / "tmp"
    if not tmp.exists():
        fresh_dir(tmp)
    env = dict(os.environ, HANG_PIDFILE=str(pidfile), TMPDIR=str(tmp))
    cmd = [PYRELEASE, "verify", *common, "--extras", "hang", "--only", "extra:hang"]
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.1)
    if not (pidfile.exists() and pidfile.read_text()):
        p.kill()
        fail(f"the extra's hanging build never started (verify exit {p.poll()})")
    os.killpg(p.pid, 9)
    p.wait()
    hang = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.path.exists(f"/proc/{hang}"):
        try:
            if open(f"/proc/{hang}/stat").read().split(")")[-1].split()[0] == "Z":
                break
        except OSError:
            break
        time.sleep(0.05)
    try:
        os.kill(hang, 9)  # a binary without the process-group guard leaves it running
    except ProcessLookupError:
        pass
    p = run_verify(*common, "--only", "version", expect_exit=0)
    expect_checks(p, passed=["version"])
    if marker.stat().st_mtime_ns == stamp:
        fail("the venv whose extra install was killed half-way was reused, not made again")
    print("the half-made venv was made again by the next run")


def case_refuses_unsafe_directories():
    """--python and --env-dir can never make verify delete outside its own directory."""
    tmp = WORK / "tmp"
    if not tmp.exists():
        fresh_dir(tmp)
    sentinel = tmp / "venv" / "keep"  # what `<TMPDIR>/<root>/../venv` would have deleted
    sentinel.parent.mkdir(exist_ok=True)
    sentinel.write_text("keep")
    for python in ("..", "/..", ".", "bin/.."):
        p = run_verify("verify-good==1.0.0", "--find-links", str(DIST), "--python", python,
                       expect_exit=2)
        if "expected an interpreter" not in p.stderr:
            fail(f"--python {python} must be refused as not an interpreter")
    p = run_verify("verify-good==1.0.0", "--find-links", str(DIST), "--python", "a/b",
                   "--python", "a_b", expect_exit=2)
    if "would share the environment directory" not in p.stderr:
        fail("two --python values mapping to one env directory must be refused")
    users = tmp / "users-dir"
    users.mkdir(exist_ok=True)
    (users / "notes.txt").write_text("keep")
    p = run_verify("verify-good==1.0.0", "--find-links", str(DIST), "--env-dir", str(users),
                   expect_exit=1)
    if "not empty and was not made by pyrelease" not in p.stderr:
        fail("a non-empty --env-dir that verify did not make must be refused")
    if not sentinel.exists() or not (users / "notes.txt").exists():
        fail("a refused run deleted a file")


def case_pypiserver():
    with pypiserver() as url:
        good = dists_of("verify-good")
        # Upload while verify is already waiting: `wait` must poll until the files appear.
        uploader = threading.Timer(2.0, twine_upload, (url, good + dists_of("verify-dep")))
        uploader.start()
        try:
            p = run_verify(*GOOD, "--index-url", url + "/simple/", "--wait", "60",
                           *[a for d in good for a in ("--dist", str(d))], expect_exit=0)
        finally:
            uploader.join()
        expect_checks(p, passed=["wait", "hashes", *GOOD_CHECKS])
        polls = int(re.search(r"after (\d+) poll", p.stdout).group(1))
        if polls < 2:
            fail("wait must have polled more than once")
        twine_upload(url, dists_of("verify-missing-module"))
        p = run_verify("verify-missing-module==1.0.0", "--index-url", url + "/simple/", "--wait",
                       "30", "--import", "verify_missing_module", "--json", expect_exit=1)
        expect_checks(p, passed=["wait", "install", "version", "entry-points"],
                      failed=["import:verify_missing_module"])
        remove_kept_envs(p)


def case_cmake_chain_pypiserver():
    """publish-test -> ctest -L verify-test -> --target verify-test, against pypiserver."""
    sys.path.insert(0, str(TESTS_DIR / "integration"))
    from index_server import IndexServer
    build = WORK / "cmake-chain"
    remove_tree(build)
    with IndexServer("pypiserver", str(WORK / "cmake-chain-server")) as server:
        env = {**os.environ, "TWINE_USERNAME": server.username, "TWINE_PASSWORD": server.password}
        # The extra's dependency is on the index already; the release itself comes from the build.
        subprocess.run([sys.executable, "-m", "twine", "upload", "--non-interactive",
                        "--repository-url", server.upload_url,
                        *map(str, dists_of("verify-dep"))], check=True, env=env, capture_output=True)

        def step(*cmd, **kw):
            print("$", " ".join(map(str, cmd)), flush=True)
            p = subprocess.run(list(map(str, cmd)), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, **kw)
            print(p.stdout)
            if p.returncode != 0:
                fail(f"{cmd[0]} {cmd[1]} ... exited with {p.returncode}")
            return p.stdout

        step("cmake", "-S", TESTS_DIR / "integration" / "verify_cmake_chain", "-B", build, "-G",
             "Ninja", f"-DPYRELEASE_MODULE_DIR={TESTS_DIR.parent / 'cmake' / 'Modules'}",
             f"-DPYRELEASE_EXECUTABLE={PYRELEASE}",
             f"-DGOOD_DIR={TESTS_DIR / 'projects' / 'verify_good'}",
             f"-DTEST_REPOSITORY={server.upload_url}", f"-DTEST_INDEX_URL={server.simple_url}",
             f"-DSMOKE_SCRIPT={TESTS_DIR.parent / 'templates' / 'verify' / 'smoke_test.py.in'}")
        out = step("cmake", "--build", build, "--target", "publish-test", env=env)
        if server.password in out:
            fail("the password appeared in the build output")
        out = step("ctest", "--test-dir", build, "-L", "^verify-test$", "--output-on-failure")
        for check in ["wait", "install", "hashes", "version", "import:verify_good",
                      "import:verify_good.engine", "entry-points", "command:verify-good --help",
                      "extra:dep", "script:smoke_test.py.in"]:
            if not re.search(rf"good-verify-test:{re.escape(check)} \.+\s+Passed", out):
                fail(f"no passing CTest test for the check {check}")
        step("cmake", "--build", build, "--target", "verify-test")


if __name__ == "__main__":
    if CASE == "setup":
        setup()
    else:
        globals()["case_" + CASE]()
    print("OK", CASE)
