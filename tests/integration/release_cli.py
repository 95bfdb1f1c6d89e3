#!/usr/bin/env python3
"""`pyrelease version`, `changelog` and `preflight` on real git repositories made by the test.

usage: release_cli.py PYRELEASE WORK_DIR CASE
Each case makes a fresh flit_core or setuptools project in a marked scratch directory (git init,
commit, tag as the case needs), runs the real command and asserts its exit status and output.
"""
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402

PYRELEASE, WORK, CASE = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(WORK)}

CHANGELOG = """# Changelog

## [Unreleased]

## [1.0.0] - 2026-11-30

### Added
- The first release.
"""


def fail(msg):
    print(f"ASSERTION FAILED: {msg}")
    sys.exit(1)


def run(*args, cwd=None, expect=0, env=None):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env={**GIT_ENV, **(env or {})})
    print("$", " ".join(str(a) for a in args), f"-> {p.returncode}\n{p.stdout}{p.stderr}")
    if expect is not None and p.returncode != expect:
        fail(f"expected exit {expect}, got {p.returncode}")
    return p


def pyrelease(*args, expect=0):
    return run(PYRELEASE, *args, expect=expect)


def git(project, *args):
    return run("git", "-C", str(project), *args)


def make_project(name, dynamic=False):
    project = fresh_dir(WORK / CASE) / name
    (project / "demo").mkdir(parents=True)
    version_line = "dynamic = [\"version\", \"description\"]" if dynamic else \
        "version = \"1.0.0\"\ndescription = \"Demo.\""
    (project / "pyproject.toml").write_text(
        "[build-system]\nrequires = [\"flit_core>=3.12\"]\nbuild-backend = \"flit_core.buildapi\"\n\n"
        f"[project]\nname = \"demo-release\"\n{version_line}\nreadme = \"README.md\"\n"
        "license = \"MIT\"\nlicense-files = [\"LICENSE\"]\n\n"
        "[tool.flit.module]\nname = \"demo\"\n")
    (project / "demo" / "__init__.py").write_text(
        "\"\"\"Demo.\"\"\"\n__version__ = \"1.0.0\"\n" if dynamic else "")
    (project / "README.md").write_text("# demo\n\nA demo.\n")
    (project / "LICENSE").write_text("MIT License\n\nCopyright (c) 2026 t\n")
    (project / "CHANGELOG.md").write_text(CHANGELOG)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "initial")
    return project


def case_version_bump():
    for dynamic in (False, True):
        project = make_project("dyn" if dynamic else "static", dynamic)
        p = pyrelease("version", "--project", str(project))
        if p.stdout != "1.0.0\n":
            fail("version prints the version alone")
        p = pyrelease("version", "--project", str(project), "--bump", "minor,rc", "--dry-run")
        if "1.0.0 -> 1.1.0rc0" not in p.stdout or "nothing written" not in p.stdout:
            fail("--dry-run shows the change")
        if pyrelease("version", "--project", str(project)).stdout != "1.0.0\n":
            fail("--dry-run must not write")
        pyrelease("version", "--project", str(project), "--bump", "patch")
        if pyrelease("version", "--project", str(project)).stdout != "1.0.1\n":
            fail("--bump patch must rewrite the declaration")
        where = "demo/__init__.py" if dynamic else "pyproject.toml"
        if "1.0.1" not in (project / where).read_text():
            fail(f"the version must be rewritten in {where}")
        pyrelease("version", "--project", str(project), "--set", "2.0-rc.1")
        if pyrelease("version", "--project", str(project)).stdout != "2.0rc1\n":
            fail("--set normalizes (PEP 440)")
        p = pyrelease("version", "--project", str(project), "--bump", "dev", expect=2)
        if "not higher" not in p.stderr:
            fail("a bump that goes down is refused")
    # A VCS version is bumped by tagging, and the message says so.
    project = make_project("vcs")
    text = (project / "pyproject.toml").read_text().replace(
        "version = \"1.0.0\"\n", "dynamic = [\"version\"]\n").replace(
        "requires = [\"flit_core>=3.12\"]", "requires = [\"hatchling\", \"hatch-vcs\"]").replace(
        "flit_core.buildapi", "hatchling.build") + "\n[tool.hatch.version]\nsource = \"vcs\"\n"
    (project / "pyproject.toml").write_text(text)
    p = pyrelease("version", "--project", str(project), "--bump", "patch", expect=None)
    if p.returncode != 1 or "hatch-vcs): tag the release instead, e.g. git tag -a v" not in p.stderr:
        fail("a VCS version must not be rewritten; the message names tagging or the plugin")


def case_changelog():
    project = make_project("p")
    p = pyrelease("changelog", "--project", str(project))
    if p.stdout != "### Added\n- The first release.\n":
        fail("changelog prints the entry of the project's version")
    p = pyrelease("changelog", "--project", str(project), "--list")
    if p.stdout.split() != ["Unreleased", "1.0.0"]:
        fail("--list lists every entry")
    p = pyrelease("changelog", "--project", str(project), "9.9", expect=1)
    if "no entry for 9.9" not in p.stderr or "1.0.0" not in p.stderr:
        fail("a missing entry names the entries there are")


def statuses(p):
    return {i["name"]: i["status"] for i in json.loads(p.stdout)["items"]}


def case_preflight():
    project = make_project("p")
    p = pyrelease("preflight", "--project", str(project), "--json", "--command", "tests=true")
    got = statuses(p)
    want = {"git-clean": "PASS", "tag": "PASS", "index-version": "SKIP", "changelog": "PASS",
            "readme": "PASS", "license": "PASS", "build-check": "PASS", "command:tests": "PASS"}
    if got != want:
        fail(f"a clean project passes every item: {got}")
    # Publish 1.0.0 to a local file index: the same version is then refused.
    index = WORK / CASE / "index"
    pyrelease("build", "--project", str(project), "--outdir", str(WORK / CASE / "dist"))
    pyrelease("upload", "--repository-url", str(index), *[str(f) for f in (WORK / CASE / "dist").iterdir()])
    # Dirty shipped file, wrong tag, missing changelog entry, failing command: each fails by name.
    git(project, "tag", "v0.9.0")
    (project / "demo" / "__init__.py").write_text("X = 1\n")
    (project / "CHANGELOG.md").write_text(CHANGELOG.replace("1.0.0", "0.9.0"))
    p = pyrelease("preflight", "--project", str(project), "--json", "--index-url", str(index),
                  "--command", "tests=exit 3", expect=1)
    got = statuses(p)
    for item in ("git-clean", "tag", "index-version", "changelog", "command:tests"):
        if got.get(item) != "FAIL":
            fail(f"{item} must fail: {got}")
    detail = {i["name"]: i["detail"] for i in json.loads(p.stdout)["items"]}
    if "demo/__init__.py" not in detail["git-clean"]:
        fail("git-clean names the uncommitted file")
    if "v0.9.0" not in detail["tag"] or "not newer than 1.0.0" not in detail["index-version"]:
        fail("tag and index-version name both versions")
    if "exited with status 3" not in detail["command:tests"]:
        fail("a failing command shows its exit status")
    p = pyrelease("preflight", "--project", str(project), "--skip", "git-clean", "--skip", "tag",
                  "--skip", "index-version", "--skip", "changelog", "--skip", "build-check", "--json")
    if statuses(p)["git-clean"] != "SKIP":
        fail("--skip skips an item on purpose")
    # CI names the tag that triggered the job (--tag, over HEAD's v0.9.0); 'command:*' skips every
    # project command (the test job ran them).
    common = ["preflight", "--project", str(project), "--skip", "git-clean", "--skip", "changelog",
              "--skip", "build-check", "--command", "tests=exit 3", "--skip", "command:*", "--json"]
    p = pyrelease(*common, "--tag", "v1.0.0")
    got = statuses(p)
    if got["tag"] != "PASS" or got["command:tests"] != "SKIP":
        fail(f"--tag v1.0.0 names the version, command:* skips the command: {got}")
    p = pyrelease(*common, "--tag", "v9.9.9", expect=1)
    detail = {i["name"]: i["detail"] for i in json.loads(p.stdout)["items"]}
    if "the tag 'v9.9.9' does not name the project's version 1.0.0" not in detail["tag"]:
        fail(f"--tag v9.9.9 is refused by name: {detail['tag']}")


def sha256(path):
    import hashlib
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def start_pypiservers():
    """A test and a production pypiserver on 127.0.0.1, started; their credentials go to the
    environment of every command as a release reads them (TWINE_*, PYRELEASE_TEST_*)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from index_server import IndexServer
    servers = WORK / CASE / "servers"
    test = IndexServer("pypiserver", str(servers / "test"))
    prod = IndexServer("pypiserver", str(servers / "prod"))
    test.start()
    prod.start()
    GIT_ENV.update({"TWINE_USERNAME": prod.username, "TWINE_PASSWORD": prod.password,
                    "PYRELEASE_TEST_USERNAME": test.username,
                    "PYRELEASE_TEST_PASSWORD": test.password})
    return servers, test, prod


def release_args(project, test, prod, module):
    return ["release", "--project", str(project), "--test-repository-url", test.upload_url,
            "--test-index-url", test.simple_url, "--repository-url", prod.upload_url,
            "--index-url", prod.simple_url, "--import", module, "--wait", "30"]


def case_release_pypiserver():
    """The whole release against two real pypiservers: the production server is down at the first
    attempt, an edited dist is refused by the promotion lock, and the resumed run uploads to the
    test index nothing twice and to production exactly the verified bytes."""
    project = make_project("p")
    servers, test, prod = start_pypiservers()
    try:
        GIT_ENV["PYRELEASE_UPLOAD_RETRIES"] = "1"
        args = release_args(project, test, prod, "demo")
        p = pyrelease(*args, "--dry-run")
        if "[4/8] publish-test: would upload them to the test index (dry run)" not in p.stdout:
            fail("--dry-run prints the plan for the steps with side effects")
        for secret in (test.password, prod.password):
            if secret in p.stdout + p.stderr:
                fail("a password was printed")
        # Production goes down between the two uploads: once the test index holds the files (the
        # run then spends seconds verifying them), the production server is stopped.
        import threading

        def stop_prod_after_publish_test():
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if len(list((servers / "test" / "packages").glob("demo_release-*"))) == 2:
                    prod.stop()
                    return
                time.sleep(0.05)
        stopper = threading.Thread(target=stop_prod_after_publish_test)
        stopper.start()
        p = pyrelease(*args, expect=1)
        stopper.join()
        if "[6/8] publish" not in p.stdout or "stopped at publish" not in p.stdout:
            fail("the run must stop at publish")
        state = json.loads((project / "dist" / "release-demo-release-1.0.0.json").read_text())
        if state["done"] != ["preflight", "build", "check", "publish-test", "verify-test"]:
            fail(f"the state records the finished steps: {state['done']}")
        wheel = Path(next(d["path"] for d in state["dists"] if d["path"].endswith(".whl")))
        original = wheel.read_bytes()
        wheel.write_bytes(original + b"\0")  # edited after verification
        prod.start()
        p = pyrelease(*args, expect=1)
        if "changed" not in p.stderr or wheel.name not in p.stderr:
            fail("the promotion lock must refuse an edited dist, naming it")
        wheel.write_bytes(original)
        p = pyrelease(*args)
        for step in ("preflight", "build", "check", "publish-test", "verify-test"):
            if f"{step}: done in an earlier run" not in p.stdout:
                fail(f"the resumed run must skip {step}")
        if "released in" not in p.stdout:
            fail("the resumed run finishes the release")
        served = {f.name: sha256(f) for f in (servers / "prod" / "packages").iterdir()}
        tested = {f.name: sha256(f) for f in (servers / "test" / "packages").iterdir()}
        if served != tested or served != {Path(d["path"]).name: d["sha256"] for d in state["dists"]}:
            fail(f"production must hold exactly the verified files: {served} vs {tested}")
        tag = run("git", "-C", str(project), "tag", "-n9", "v1.0.0").stdout
        if "### Added" not in tag or "- The first release." not in tag:
            fail(f"the annotated tag carries the CHANGELOG entry: {tag!r}")
        p = pyrelease(*args, "--restart", expect=1)
        if "already reached the production index" not in p.stderr:
            fail("--restart is refused once production has the release")
    finally:
        test.stop()
        prod.stop()


def make_scm_project():
    """A setup.py project whose version setuptools-scm computes from the git tag `1.0` (pyrelease
    has no native rule for a setup.py): only its backend knows the version."""
    project = fresh_dir(WORK / CASE) / "scm"
    (project / "scmdemo").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        "[build-system]\nrequires = [\"setuptools>=64\", \"setuptools-scm>=8\"]\n"
        "build-backend = \"setuptools.build_meta\"\n")
    (project / "setup.py").write_text(
        "from setuptools import setup\n\n"
        "setup(name=\"scmdemo\", use_scm_version=True, packages=[\"scmdemo\"], license=\"MIT\",\n"
        "      description=\"A version only setuptools-scm knows\", long_description=\"Demo.\\n\",\n"
        "      long_description_content_type=\"text/plain\")\n")
    (project / "scmdemo" / "__init__.py").write_text("")
    (project / ".gitignore").write_text("build/\n*.egg-info/\ndist/\n")
    (project / "CHANGELOG.md").write_text(CHANGELOG.replace("[1.0.0]", "[1.0]"))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "initial")
    git(project, "tag", "1.0")  # the release makes v1.0 beside it
    return project


def case_release_backend_version():
    """The whole release of a project whose version only setuptools (setuptools-scm) knows, against
    two real pypiservers, the backend run without isolation (--no-isolation, --backend-python) while
    --python stays verify's: every step uses the backend's 1.0 and the release says so."""
    project = make_scm_project()
    servers, test, prod = start_pypiservers()
    try:
        GIT_ENV["SOURCE_DATE_EPOCH"] = "1700000000"
        for var in [v for v in GIT_ENV if v.startswith("SETUPTOOLS_SCM_")]:
            del GIT_ENV[var]
        args = release_args(project, test, prod, "scmdemo") + [
            "--python", sys.executable, "--no-isolation", "--backend-python", sys.executable]
        p = pyrelease(*args)
        origin = ("setuptools (prepare_metadata_for_build_wheel; pyproject.toml: pyproject.toml "
                  "has no [project] table")
        if f"release: version 1.0 from {origin}" not in p.stdout or \
                "the dists, both verify runs and the tag use it" not in p.stdout:
            fail("the release names the backend that computed the version")
        if "release: scmdemo 1.0 released in" not in p.stdout:
            fail("the release finishes as scmdemo 1.0")
        for step in ("[7/8] verify: install from", "[5/8] verify-test: install from"):
            if step not in p.stdout:
                fail(f"the release runs {step!r}")
        want = {"scmdemo-1.0.tar.gz", "scmdemo-1.0-py3-none-any.whl"}
        state = json.loads((project / "dist" / "release-scmdemo-1.0.json").read_text())
        if state["done"] != ["preflight", "build", "check", "publish-test", "verify-test", "publish",
                             "verify", "tag"]:
            fail(f"the state records every step: {state['done']}")
        if state["version"] != "1.0" or {Path(d["path"]).name for d in state["dists"]} != want:
            fail(f"the state records the backend's version and its dists: {state}")
        served = {f.name: sha256(f) for f in (servers / "prod" / "packages").iterdir()}
        tested = {f.name: sha256(f) for f in (servers / "test" / "packages").iterdir()}
        if set(served) != want or served != tested or \
                served != {Path(d["path"]).name: d["sha256"] for d in state["dists"]}:
            fail(f"both indexes hold exactly the verified 1.0 files: {served} vs {tested}")
        tag = git(project, "tag", "-n9", "v1.0").stdout
        if not tag.startswith("v1.0") or "scmdemo 1.0" not in tag or "- The first release." not in tag:
            fail(f"the annotated tag v1.0 carries the CHANGELOG entry: {tag!r}")
        if git(project, "rev-parse", "v1.0^{commit}").stdout != git(project, "rev-parse", "HEAD").stdout:
            fail("v1.0 points at HEAD")
        # Verify ran against production with the backend's version and passed: a second run finds
        # every step done.
        p = pyrelease(*args)
        if "[7/8] verify: done in an earlier run" not in p.stdout or "released in" not in p.stdout:
            fail("a second run finds the release done")
        # --backend native refuses, naming the backend and why.
        p = pyrelease(*args, "--backend", "native", "--restart", expect=1)
        if "--backend native: the native builder cannot reproduce what setuptools builds" not in p.stderr:
            fail("--backend native names the backend that would be needed")
    finally:
        test.stop()
        prod.stop()


def case_release_given_dists():
    """`release --manifest/--dist` takes files built before (as the CMake target does) instead of
    building: files of another version are refused at the build step, the given files reach both
    directory indexes byte for byte, nothing is built into dist/, and a resumed run given another
    file is refused, naming it."""
    project = make_project("p")
    built = WORK / CASE / "built"
    manifest = built / "manifest.json"
    pyrelease("build", "--project", str(project), "--outdir", str(built), "--manifest",
              str(manifest))
    files = json.loads(manifest.read_text())
    dists = [Path(files["sdist"]), Path(files["wheel"])]
    test_index, prod_index = WORK / CASE / "test-index", WORK / CASE / "prod-index"
    args = ["release", "--project", str(project), "--test-repository-url", str(test_index),
            "--repository-url", str(prod_index), "--import", "demo", "--wait", "5",
            "--state-dir", str(built)]
    other = built / "demo_release-2.0.0-py3-none-any.whl"
    other.write_bytes(dists[1].read_bytes())
    p = pyrelease(*args, "--manifest", str(manifest), "--dist", str(other), expect=1)
    if "stopped at build" not in p.stdout or \
            f"{other} (from --dist) is demo_release 2.0.0, but the project is" not in p.stdout:
        fail("a dist of another version must stop the build step, naming it")
    other.unlink()
    p = pyrelease(*args, "--manifest", str(manifest))
    if "take the dists given (1 manifests, 0 files)" not in p.stdout or "released in" not in p.stdout:
        fail("the release takes the manifest's files and finishes")
    if (project / "dist").exists():
        fail("a release given its dists must not build any")
    want = {d.name: sha256(d) for d in dists}
    for index in (test_index, prod_index):
        got = {f.name: sha256(f) for f in index.rglob("*") if f.name.endswith((".whl", ".tar.gz"))}
        if got != want:
            fail(f"{index} must hold exactly the given files: {got} vs {want}")
    extra = built / "demo_release-1.0.0-py2-none-any.whl"
    extra.write_bytes(dists[1].read_bytes())
    p = pyrelease(*args, "--dist", str(dists[0]), "--dist", str(dists[1]), "--dist", str(extra),
                  expect=1)
    if f"{extra} is new" not in p.stderr:
        fail("a resumed release given a file the earlier run did not build must refuse, naming it")


# --- read-only and vanishing directories ------------------------------------------------------

def unprivileged(*args):
    """`args` run so that directory modes apply: as nobody when this runs as root (root writes
    through any mode; CI runs as root), as is otherwise."""
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *args] if os.geteuid() == 0 else list(args)


def open_dir(path, mode=0o777):
    """A new directory everybody may write (or only read: mode 0o555)."""
    path.mkdir(parents=True)
    path.chmod(mode)
    return path


def listing(*dirs):
    return {str(d): sorted(str(f.relative_to(d)) for f in d.rglob("*")) if d.exists() else None for d in dirs}


def case_release_readonly():
    """`release` into a read-only output directory: with the state file there, it stops before
    building, naming the file; with the state elsewhere, the build step fails naming the archives;
    either way nothing is written anywhere (output directory, both indexes), and once the directory
    is writable the same command resumes and finishes."""
    project = make_project("p")
    base = WORK / CASE
    home = open_dir(base / "home")
    outdir = open_dir(base / "dist", 0o555)
    test_index, prod_index = open_dir(base / "test-index"), open_dir(base / "prod-index")
    base_args = ["release", "--project", str(project), "--outdir", str(outdir), "--test-repository-url",
                 str(test_index), "--repository-url", str(prod_index), "--import", "demo", "--wait", "5",
                 "--no-tag", "--skip", "git-clean", "--skip", "tag"]  # the repository is root's

    def release(*extra, expect):
        return run(*unprivileged(PYRELEASE, *base_args, *extra), expect=expect, env={"HOME": str(home)})

    empty = listing(outdir, test_index, prod_index)
    p = release(expect=1)
    state_file = outdir / "release-demo-release-1.0.0.json"
    if f"{state_file}: cannot create a file in its directory: Permission denied" not in p.stderr:
        fail("a read-only output directory must stop the release, naming the state file and why")
    if listing(outdir, test_index, prod_index) != empty:
        fail(f"nothing may be written: {listing(outdir, test_index, prod_index)}")

    state = open_dir(base / "state")
    p = release("--state-dir", str(state), expect=1)
    if "stopped at build" not in p.stdout or \
            f"{outdir}/demo_release-1.0.0.tar.gz: cannot create a file in its directory: Permission denied" \
            not in p.stdout:
        fail("the build step must fail naming the archive it cannot write and why")
    if listing(outdir, test_index, prod_index) != empty:
        fail(f"nothing may be written: {listing(outdir, test_index, prod_index)}")
    if json.loads((state / "release-demo-release-1.0.0.json").read_text())["done"] != ["preflight"]:
        fail("the state must record preflight only")

    outdir.chmod(0o777)
    p = release("--state-dir", str(state), expect=0)
    if "released in" not in p.stdout:
        fail("once the directory is writable, the release resumes and finishes")
    built = {f.name: sha256(f) for f in outdir.iterdir() if f.name.endswith((".whl", ".tar.gz"))}
    got = {f.name: sha256(f) for f in prod_index.rglob("*") if f.name.endswith((".whl", ".tar.gz"))}
    if got != built or len(got) != 2:
        fail(f"the production index must hold exactly the built files: {got} vs {built}")


def case_release_vanishing():
    """The output directory (dists and state file) moved away in the middle of `release` (by the
    verify-test step's --command): the release stops naming the state file it can no longer write
    (it does not make the directory again), the production index gets nothing, no temporary file is
    left; moved back, the same command resumes and publishes exactly the files the test index
    got."""
    project = make_project("p")
    base = WORK / CASE
    outdir, gone, flag = base / "dist", base / "dist-moved", base / "moved-once"
    test_index, prod_index = base / "test-index", base / "prod-index"
    move = f"test -e {shlex.quote(str(flag))} || {{ touch {shlex.quote(str(flag))} && " \
           f"mv {shlex.quote(str(outdir))} {shlex.quote(str(gone))}; }}"
    args = ["release", "--project", str(project), "--outdir", str(outdir), "--test-repository-url",
            str(test_index), "--repository-url", str(prod_index), "--import", "demo", "--wait", "5",
            "--command", move, "--no-tag"]
    p = pyrelease(*args, expect=1)
    if not gone.is_dir() or outdir.exists():
        fail("the verify-test command must have moved the output directory away (and nothing made it again)")
    state = f"{outdir}/release-demo-release-1.0.0.json: cannot create a file in its directory: No such file or directory"
    if state not in p.stderr:
        fail("the release must stop naming the state file it can no longer write, and why")
    if any(f.name.endswith((".whl", ".tar.gz")) for f in prod_index.rglob("*")):
        fail("the production index must get nothing")
    left = [f.name for f in gone.iterdir() if ".tmp." in f.name]
    if left:
        fail(f"temporary files left: {left}")
    gone.rename(outdir)
    p = pyrelease(*args, expect=0)
    if "[5/7] verify-test: install" not in p.stdout or "released in" not in p.stdout:
        fail("moved back, the release resumes at verify-test and finishes")
    want = {f.name: sha256(f) for f in test_index.rglob("*") if f.name.endswith((".whl", ".tar.gz"))}
    got = {f.name: sha256(f) for f in prod_index.rglob("*") if f.name.endswith((".whl", ".tar.gz"))}
    if got != want or len(got) != 2:
        fail(f"production must get exactly the test index's files: {got} vs {want}")


def case_verify_readonly():
    """`verify` where it cannot make its environment: a read-only --env-dir, a new --env-dir in a
    read-only directory, a read-only TMPDIR. Each fails at once naming the directory and why, and
    leaves the directory as it was."""
    base = fresh_dir(WORK / CASE)
    home = open_dir(base / "home")
    readonly = open_dir(base / "readonly", 0o555)
    spec = ["verify", "demo-release==1.0.0", "--find-links", str(base), "--import", "demo"]
    for extra, env, want in (
            (["--env-dir", str(readonly)], {},
             f"--env-dir {readonly}/.pyrelease-owned: cannot create a file in its directory: Permission denied"),
            (["--env-dir", str(readonly / "env")], {}, f"--env-dir cannot create {readonly}/env: Permission denied"),
            ([], {"TMPDIR": str(readonly)}, f"cannot create a temporary directory in {readonly}: Permission denied")):
        p = subprocess.run(unprivileged(PYRELEASE, *spec, *extra), capture_output=True, text=True,
                           env={**GIT_ENV, "HOME": str(home), **env}, timeout=120)
        print(f"$ verify {' '.join(extra)} {env} -> {p.returncode}\n{p.stdout}{p.stderr}")
        if p.returncode != 1 or want not in p.stderr:
            fail(f"expected exit 1 and {want!r}")
        if any(readonly.iterdir()):
            fail(f"the read-only directory changed: {sorted(readonly.iterdir())}")


globals()["case_" + CASE]()
print(f"{CASE}: ok")
