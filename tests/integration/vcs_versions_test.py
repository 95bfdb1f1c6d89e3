#!/usr/bin/env python3
"""VCS versions (hatch-vcs, setuptools-scm) compared with the real plugins (label: archives).

usage: vcs_versions_test.py <pyrelease> <work dir>

Git repositories are made here, in a marked directory, in the states that matter (no tag, exact
tag, commits after the tag, a dirty tree), and for each state:
- setuptools-scm: `pyrelease metadata --json`'s version equals setuptools_scm.get_version(), also
  with SETUPTOOLS_SCM_PRETEND_VERSION[_FOR_<NAME>];
- hatch-vcs with its build hook: `pyrelease build` and `python -m build --no-isolation` (hatchling +
  hatch-vcs, wheel built from the sdist) give the same archive names, the same member lists and the
  same generated _version.py in both archives; and pyrelease on the unpacked sdist (no .git) takes
  the PKG-INFO version and writes the same files again.
Exits non-zero with a message on the first failed assertion.
"""
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402

PYRELEASE, WORK = sys.argv[1:3]
EPOCH = "1000000000"  # 2001-09-09: the date setuptools-scm stamps on a dirty tree


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SETUPTOOLS_SCM_", "VCS_VERSIONING_", "GIT_"))}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env.update(extra)
    return env


def run(cmd, cwd=None, env=None, expect=0):
    p = subprocess.run(cmd, cwd=cwd, env=env or clean_env(), capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(map(str, cmd))} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


def git(repo, *args):
    run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false",
         "-c", "tag.gpgsign=false", *args], cwd=repo)


def write(root, rel, text):
    p = Path(root) / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


def pyrelease_version(project, env=None):
    p = run([PYRELEASE, "metadata", "--json", "--project", str(project)], env=env)
    return json.loads(p.stdout)["version"]


def scm_version(project, env=None):
    code = "import setuptools_scm; print(setuptools_scm.get_version(root='.', dist_name='My.Scm-Demo'))"
    return run([sys.executable, "-c", code], cwd=project, env=env).stdout.strip()


# The states every plugin sees: (description, action on the repository).
def states(repo, touch):
    yield "no tag", lambda: None
    yield "exact tag", lambda: git(repo, "tag", "v1.2.3")
    yield "dirty on the tag", lambda: write(repo, touch, "x = 1\n")

    def commit_after():
        git(repo, "commit", "-q", "-am", "two")
        git(repo, "commit", "-q", "--allow-empty", "-m", "three")
    yield "two commits after the tag", commit_after
    yield "dirty after the tag", lambda: write(repo, touch, "x = 2\n")
    yield "pre-release tag", lambda: (git(repo, "commit", "-q", "-am", "four"), git(repo, "tag", "2.0rc1"))


def setuptools_scm_case(work):
    repo = work / "scm"
    write(repo, "pyproject.toml", """\
[build-system]
requires = ["setuptools>=77", "setuptools-scm>=8"]
build-backend = "setuptools.build_meta"

[project]
name = "My.Scm-Demo"
dynamic = ["version"]

[tool.setuptools_scm]
version_file = "src/scm_demo/_version.py"
""")
    write(repo, "src/scm_demo/__init__.py", "")
    write(repo, ".gitignore", "src/scm_demo/_version.py\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    for what, act in states(repo, "src/scm_demo/__init__.py"):
        act()
        ours, theirs = pyrelease_version(repo), scm_version(repo)
        check(ours == theirs, f"setuptools-scm, {what}: pyrelease {ours}, setuptools-scm {theirs}")
        print(f"setuptools-scm, {what}: {ours}")
    for var in ("SETUPTOOLS_SCM_PRETEND_VERSION", "SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_SCM_DEMO"):
        env = clean_env(**{var: "3.1.4"})
        ours, theirs = pyrelease_version(repo, env), scm_version(repo, env)
        check(ours == theirs == "3.1.4", f"{var}: pyrelease {ours}, setuptools-scm {theirs}")
    env = clean_env(SETUPTOOLS_SCM_PRETEND_VERSION="9.9", SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_SCM_DEMO="3.2")
    ours, theirs = pyrelease_version(repo, env), scm_version(repo, env)
    check(ours == theirs == "3.2", f"both pretend variables: pyrelease {ours}, setuptools-scm {theirs}")
    # The archives: the file finder ships every tracked file in the sdist (and, through
    # include-package-data, tracked package data in the wheel); the version file carries the commit
    # in the sdist and None in the wheel built from it.
    write(repo, "docs/index.md", "# docs\n")
    write(repo, "src/scm_demo/data.json", "{}\n")
    write(repo, "untracked.txt", "not shipped\n")
    # export-ignore, as the file finder honours it: a directory without a trailing slash, a file
    # pattern, and a nested .gitattributes undoing it for one file.
    write(repo, "docs/internal/notes.md", "# notes\n")
    write(repo, "docs/.gitattributes", "internal export-ignore\n*.md export-ignore\nindex.md -export-ignore\n")
    write(repo, ".gitattributes", "ci/ export-ignore\n")
    write(repo, "ci/run.sh", "true\n")
    git(repo, "add", "docs", "src", "ci", ".gitattributes")
    git(repo, "commit", "-q", "-m", "docs and data")
    ours_dir, theirs_dir = work / "scm_ours", work / "scm_theirs"
    run([PYRELEASE, "build", "--project", str(repo), "--outdir", str(ours_dir)])
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(theirs_dir), str(repo)])
    names = compare_archives("setuptools-scm", ours_dir, theirs_dir, "scm_demo/_version.py", setuptools_generated)
    sdist = {n.split("/", 1)[1] for n in members(next(ours_dir.glob("*.tar.gz"))) if "/" in n}
    check("docs/index.md" in sdist and not any(n.startswith(("ci/", "docs/internal/")) for n in sdist),
          f"setuptools-scm: export-ignore not honoured: {sorted(sdist)}")
    print(f"setuptools-scm archives: {names} equal (egg-info and setup.cfg aside)")


# The other version schemes and settings pyrelease reproduces, in [tool.setuptools_scm] and in
# hatch-vcs's raw-options (which hatch-vcs hands to setuptools-scm as they are).
SCHEME_SETTINGS = [
    {"version_scheme": "no-guess-dev"},
    {"version_scheme": "post-release"},
    {"version_scheme": "only-version"},
    {"version_scheme": "python-simplified-semver", "local_scheme": "no-local-version"},
    {"version_scheme": "semver-pep440"},
    {"local_scheme": "dirty-tag"},  # anyio's
    # hatch's own: only its hatch-v* tags count, and describe without --abbrev=40.
    {"version_scheme": "python-simplified-semver",
     "git_describe_command": ["git", "describe", "--dirty", "--tags", "--long", "--match", "hatch-v*"]},
]


def toml_value(v):
    return json.dumps(v)  # a JSON string or list of strings is TOML too


def schemes_case(work):
    # pyproject.toml, rewritten per setting, stays untracked so that it never makes the tree dirty.
    repo = work / "schemes"
    write(repo, "src/scm_demo/__init__.py", "")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    git(repo, "tag", "hatch-v0.9")

    def after_tag():
        git(repo, "commit", "-q", "--allow-empty", "-m", "two")
        git(repo, "commit", "-q", "--allow-empty", "-m", "three")

    steps = [("on hatch-v0.9", lambda: None),
             ("exact tag v1.2.3, one commit after hatch-v0.9",
              lambda: (git(repo, "commit", "-q", "--allow-empty", "-m", "1.2.3"), git(repo, "tag", "v1.2.3"))),
             ("two commits after the tag", after_tag),
             ("dirty after the tag", lambda: write(repo, "src/scm_demo/__init__.py", "x = 1\n")),
             ("on a feature branch", lambda: git(repo, "checkout", "-q", "-b", "feature/fast"))]
    for what, act in steps:
        act()
        for settings in SCHEME_SETTINGS:
            body = "".join(f"{k} = {toml_value(v)}\n" for k, v in settings.items())
            kwargs = ", ".join(f"{k}={v!r}" for k, v in settings.items())
            code = f"import setuptools_scm; print(setuptools_scm.get_version(root='.', {kwargs}))"
            theirs = run([sys.executable, "-W", "ignore", "-c", code], cwd=repo).stdout.strip()
            for table, backend in (("[tool.setuptools_scm]", ""),
                                   ("[tool.hatch.version]\nsource = \"vcs\"\n[tool.hatch.version.raw-options]",
                                    "hatch")):
                build = ('[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n'
                         if backend else
                         '[build-system]\nrequires = ["setuptools>=77", "setuptools-scm>=8"]\n'
                         'build-backend = "setuptools.build_meta"\n')
                write(repo, "pyproject.toml", build + '[project]\nname = "scm-demo"\ndynamic = ["version"]\n'
                      + table + "\n" + body)
                ours = pyrelease_version(repo)
                check(ours == theirs, f"{table.splitlines()[0]} {settings}, {what}: pyrelease {ours}, "
                      f"setuptools-scm {theirs}")
            print(f"{settings}, {what}: {ours}")


def members(path):
    if path.name.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist()}
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isfile()}


def setuptools_generated(name):
    # What setuptools adds to every sdist and pyrelease does not write (as in compare_file_lists.py).
    # (The wheel's dist-info/top_level.txt pyrelease writes as setuptools does: compared too.)
    parts = name.split("/")
    return any(p.endswith(".egg-info") for p in parts) or parts[1:] == ["setup.cfg"]


def compare_archives(what, ours_dir, theirs_dir, version_file, ignore=lambda name: False):
    ours = sorted(p.name for p in ours_dir.iterdir())
    theirs = sorted(p.name for p in theirs_dir.iterdir())
    check(ours == theirs, f"{what}: archives {ours} vs {theirs}")
    for name in ours:
        a, b = members(ours_dir / name), members(theirs_dir / name)
        b = {n: v for n, v in b.items() if not ignore(n)}
        check(sorted(a) == sorted(b), f"{what}: {name} members\n{sorted(a)}\nvs\n{sorted(b)}")
        for n in a:
            if n.endswith(".dist-info/top_level.txt"):
                check(a[n] == b[n], f"{what}: {name}:{n} differs: {a[n]!r} vs the plugin's {b[n]!r}")
        version_files = [n for n in a if n.endswith(version_file)]
        check(len(version_files) == 1, f"{what}: {name} holds no generated {version_file}: {sorted(a)}")
        for n in version_files:
            check(a[n] == b[n], f"{what}: {name}:{n} differs\n--- pyrelease\n{a[n].decode()}\n"
                                f"--- the plugin\n{b[n].decode()}")
    return ours


def hatch_vcs_case(work):
    repo = work / "hatch"
    write(repo, "pyproject.toml", """\
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "hatch-demo"
dynamic = ["version"]

[tool.hatch.version]
source = "vcs"

[tool.hatch.build.hooks.vcs]
version-file = "src/hatch_demo/_version.py"
""")
    write(repo, "src/hatch_demo/__init__.py", "from ._version import __version__\n")
    write(repo, ".gitignore", "/src/hatch_demo/_version.py\n/dist*/\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    for i, (what, act) in enumerate(states(repo, "src/hatch_demo/__init__.py")):
        act()
        if what not in ("exact tag", "dirty after the tag"):
            continue  # full builds are slow: two states suffice here, the versions are compared above
        ours_dir, theirs_dir = work / f"ours{i}", work / f"theirs{i}"
        run([PYRELEASE, "build", "--project", str(repo), "--outdir", str(ours_dir)])
        run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(theirs_dir), str(repo)])
        # hatch-vcs writes the version file into the tree; remove it so the next state starts clean
        (repo / "src/hatch_demo/_version.py").unlink(missing_ok=True)
        names = compare_archives("hatch-vcs, " + what, ours_dir, theirs_dir, "hatch_demo/_version.py")
        print(f"hatch-vcs, {what}: {names} equal")
        # The unpacked sdist (no .git): the version comes from PKG-INFO, the files are the same.
        sdist = next(n for n in names if n.endswith(".tar.gz"))
        unpacked = work / f"unpacked{i}"
        with tarfile.open(ours_dir / sdist) as t:
            t.extractall(unpacked, filter="data")
        top = next(unpacked.iterdir())
        again = work / f"again{i}"
        run([PYRELEASE, "build", "--project", str(top), "--outdir", str(again)])
        compare_archives("hatch-vcs, " + what + ", rebuilt from the sdist", again, theirs_dir,
                         "hatch_demo/_version.py")


def main():
    work = Path(WORK)
    fresh_dir(work)
    setuptools_scm_case(work)
    schemes_case(work)
    hatch_vcs_case(work)
    print("vcs versions: equal to setuptools-scm and hatch-vcs")


if __name__ == "__main__":
    main()
