#!/usr/bin/env python3
"""poetry-core projects ([project], or [tool.poetry] alone) built natively, compared with poetry-core itself (label: poetry).

usage: poetry_native_test.py <pyrelease> <work dir> <case>
cases: flat | layout | git | defaults | refusals | legacy | legacy_refusals

Each fixture project is written by the test, built by `pyrelease build --backend native` and by
`python -m build --no-isolation` (the poetry-core scripts/install-deps.sh installs), and compared
member for member: the same names in the same order in the sdist, the same bytes, modes and times
(SOURCE_DATE_EPOCH set, and for `defaults` unset: poetry-core's own defaults), METADATA and
PKG-INFO byte for byte, RECORD's zip mode (0644 without the file type, as poetry-core writes it).
Only the WHEEL file's Generator line (and so RECORD's hash of WHEEL) and the zip compression
method (pyrelease stores members that deflate would not shrink) may differ.
`legacy` builds [tool.poetry]-only projects (no [project] table) the same way;
`git` makes the project a git checkout with ignored files; `refusals` checks that what is not
reproduced takes the backend path with a reason naming it (file:line:col).
"""
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))
sys.path.insert(0, str(HERE.parent / "realworld"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402
from project_files import write_project  # noqa: E402
from compare import GENERATED_SDIST, GENERATED_WHEEL, compare_archives, one_file  # noqa: E402

PYRELEASE, WORK, CASE = sys.argv[1:4]


def run(cmd, expect=0, epoch="1700000000", cwd=None):
    env = dict(os.environ)
    # The fixture projects are no part of the checkout the build directory may sit in (poetry-core
    # and pyrelease both ask git): git looks for a repository no higher than the work directory.
    env["GIT_CEILING_DIRECTORIES"] = str(Path(WORK).resolve())
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, cwd=cwd)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(map(str, cmd))} exited {p.returncode} (expected {expect})\n{p.stdout}\n{p.stderr}")
    return p


BUILD_SYSTEM = """
[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
"""

FLAT = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "Demo_Flat"
version = "1.2.0rc1"
description = "poetry-core, flat layout"
readme = "README.md"
requires-python = ">=3.9"
license = "mit OR Apache-2.0"
keywords = ["b", "a"]
authors = [{name = "Zoë Person", email = "z@example.org"}, {name = "Second"}]
maintainers = [{email = "only@example.org"}]
classifiers = ["Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License"]
dependencies = [
    "requests[socks,Security] >=2.0, <3",
    "Attrs==23.*",
    "tomli (>=1.1) ; python_version < '3.11'",
    "colorama; sys_platform == 'win32' or os_name == 'nt'",
    "pywin32>=300; sys_platform == 'win32' and platform_machine == 'AMD64'",
    "exact!=1.5",
    "pins<2.0,>1.0",
    "compat~=1.4",
    "compat-three ~= 0.9.2rc1; python_version >= '3.10'",
]

[project.optional-dependencies]
Dev_Tools = ["pytest>7; python_full_version >= '3.9.1'", "coverage", "mypy~=1.10.1"]
"docs.extra" = []

[project.urls]
Zeta = "https://example.org/z"
homepage = "https://example.org/h"
Changes = "https://example.org/c"
documentation = "https://example.org/d"
"aa" = "https://example.org/aa"

[project.scripts]
demo = "demo_flat.cli:main"
"demo-extra" = "demo_flat.cli:main [cli]"

[project.gui-scripts]
demo-gui = "demo_flat.cli:gui"

[project.entry-points."demo.plugins"]
b = "demo_flat:b"
a = "demo_flat:a"

[tool.poetry]
include = ["demo_flat-extra"]

[tool.poetry.group.dev.dependencies]
pytest = "^8"
""",
    "README.md": b"# Demo\r\n\r\nText with CRLF line ends.\r\n",
    "LICENSE": "MIT\n",
    "NOTICE": "notice\n",
    "AUTHORS.txt": "authors\n",
    "LICENSES/Apache-2.0.txt": "Apache\n",
    "demo_flat/__init__.py": "def a():\n    pass\n",
    "demo_flat/cli.py": "def main():\n    pass\n",
    "demo_flat/.hidden": "hidden files ship\n",
    "demo_flat/data/table.json": "{}\n",
    "demo_flat/__pycache__/cli.cpython-311.pyc": b"\0",
    "demo_flat/old.pyc": b"\0",
    "demo_flat-extra/notes.txt": "sorts before demo_flat/ by name, after it by parts\n",
    "tests/test_demo.py": "not shipped without an include\n",
    "bin/tool.sh": "#!/bin/sh\n",
}

LAYOUT = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "demo-layout"
version = "0.3"
description = "poetry-core: packages, include and exclude with formats"
readme = {file = "docs/README.rst", content-type = "text/x-rst"}
license = "MIT"
license-files = ["LICEN[CS]E*", "legal/*.txt"]
classifiers = ["Typing :: Typed"]
dependencies = []

[tool.poetry]
packages = [
    {include = "alpha", from = "src"},
    {include = "beta", to = "vendor", format = "wheel"},
    {include = "beta", format = ["sdist"]},
    {include = "single.py"},
    {include = "gamma", from = "lib", to = "renamed"},
]
include = [
    {path = "tests", format = "sdist"},
    "CHANGES.md",
    {path = "extra", format = ["sdist", "wheel"]},
    {path = "beta/secret.txt", format = "wheel"},
]
exclude = ["beta/secret.txt", "src/alpha/private", "CHANGES.md"]
""",
    "docs/README.rst": "Demo\n====\n",
    "CHANGES.md": "an include names it: ships though excluded\n",
    "LICENSE": "MIT\n",
    "legal/third.txt": "third\n",
    "src/alpha/__init__.py": "x = 1\n",
    "src/alpha/sub/m.py": "y = 1\n",
    "src/alpha/sub/d.json": "{}\n",
    "src/alpha/private/key.txt": "excluded\n",
    "beta/__init__.py": "b = 1\n",
    "beta/secret.txt": "excluded, but included again for the wheel\n",
    "lib/gamma/__init__.py": "g = 1\n",
    "single.py": "TOP = 1\n",
    "extra/e.txt": "extra\n",
    "tests/test_x.py": "sdist only\n",
    "other.py": "not shipped\n",
}

GIT = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "demo-git"
version = "1.0"
classifiers = ["Typing :: Typed"]

[tool.poetry]
include = [{path = "demo_git/build.log", format = ["sdist", "wheel"]}]
""",
    ".gitignore": "*.log\ngenerated/\n",
    "demo_git/__init__.py": "",
    "demo_git/build.log": "ignored by git, included again\n",
    "demo_git/debug.log": "ignored by git: not shipped\n",
    "demo_git/generated/data.bin": "ignored directory: not shipped\n",
    "demo_git/kept.txt": "untracked but not ignored: shipped\n",
}

# [tool.poetry] alone (the poetry 1.x layout): poetry-core's reading of each key (project/poetry_legacy.h).
LEGACY = {
    "pyproject.toml": BUILD_SYSTEM.replace("poetry-core>=2.0.0,<3.0.0", "poetry-core>=1.0.0") + """
[tool.poetry]
name = "Legacy_Demo"
version = "2.1.0"
description = "poetry-core without [project]"
authors = ["Zoë Person <z@example.org>", "Second <s@example.org>"]
maintainers = ["Maintainer Only", "Other <o@example.org>"]
license = "MIT"
readme = "README.md"
homepage = "https://example.org/home"
documentation = "https://example.org/docs"
repository = "https://example.org/repo"
keywords = ["b", "a"]
classifiers = [
    "Typing :: Typed",
    "Programming Language :: Python :: 3.9",
    "Development Status :: 5 - Production/Stable",
    "Environment :: Console",
    "Typing :: Typed",
]
packages = [{include = "legacy_demo", from = "src"}]
include = [{path = "tests", format = "sdist"}, "CHANGES.md", "example*.py", {path = "docs-offline/**/*", format = ["sdist", "wheel"]}]
exclude = ["src/**/gen_*.py"]

[tool.poetry.urls]
"Bug Tracker" = "https://example.org/bugs"
Changelog = "https://example.org/changes"

[tool.poetry.dependencies]
python = "^3.8"
caret = "^2.13.0"
caret-zero = "^0.6.0"
tilde = "~1.2"
spaced = ">= 0.4"
Range_Name = ">=2.11.1, <4"
anything = "*"
upper = "<0.38.0"
with-extras = {version = ">=2.1.0", extras = ["linkify", "a"]}
opt-one = {version = "^2.31.0", optional = true}
opt-two = {version = ">=7.5.1,<9", optional = true}
never = {version = "^1", optional = true}
new-python = {version = ">=0.25.0", optional = true, python = ">=3.10"}
old-python = {version = "^1.4", python = "<3.11"}
padded = {version = "*", python = ">3.9"}
full = {version = ">=2", python = "<=3.12.4", optional = true}

[tool.poetry.extras]
Web = ["opt-one", "full"]
jupyter = ["Opt_Two", "new-python"]

[tool.poetry.scripts]
legacy-demo = "legacy_demo.cli:main"
another = "legacy_demo.cli:other"

[tool.poetry.plugins."legacy.plugins"]
b = "legacy_demo:b"
a = "legacy_demo:a"

[tool.poetry.group.dev.dependencies]
pytest = "^8"

[tool.poetry.dev-dependencies]
black = "*"
""",
    "README.md": "# Legacy\n\nThe readme.\n",
    "CHANGES.md": "changes\n",
    "example_one.py": "print(1)\n",
    "examples.txt": "not matched\n",
    "docs-offline/.nojekyll": "",
    "docs-offline/sub/page.html": "<p>page</p>\n",
    "src/legacy_demo/gen_a.py": "GENERATED = 1\n",
    "LICENSE": "MIT\n",
    "src/legacy_demo/__init__.py": "def a():\n    pass\n",
    "src/legacy_demo/cli.py": "def main():\n    pass\n",
    "tests/test_x.py": "sdist only\n",
}

# [project] without classifiers: poetry-core generates them from requires-python and adds
# [tool.poetry] classifiers.
GENERATED = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "generated-classifiers"
version = "1.0"
requires-python = ">=3.10,<3.14"
license = "MIT"

[tool.poetry]
classifiers = ["Typing :: Typed", "Environment :: Console"]
""",
    "generated_classifiers/__init__.py": "",
}

# No python constraint (every Python classifier, py2.py3), no description, an rst readme, no urls.
LEGACY_BARE = {
    "pyproject.toml": BUILD_SYSTEM + """
[tool.poetry]
name = "legacy-bare"
version = "0.1"
authors = ["Solo"]
license = "Apache-2.0"
readme = ["README.rst"]
""",
    "README.rst": "Bare\n====\n",
    "legacy_bare.py": "X = 1\n",
}

# A python range that admits some Python 3 minors only, BSD, python = "~3.10".
LEGACY_NARROW = {
    "pyproject.toml": BUILD_SYSTEM + """
[tool.poetry]
name = "legacy-narrow"
version = "1.0.0"
description = "narrow"
authors = ["N <n@example.org>"]
license = "BSD-3-Clause"
classifiers = ["License :: OSI Approved :: BSD License", "Programming Language :: Python :: 3 :: Only"]

[tool.poetry.dependencies]
python = ">3.9.0,<=3.12"
dep = "~1"
""",
    "legacy_narrow/__init__.py": "",
}


def members(path):
    """[(name, bytes, mode, time, ...)] in archive order."""
    out = []
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            for i in z.infolist():
                out.append((i.filename, z.read(i), i.external_attr >> 16, i.date_time))
    else:
        with tarfile.open(path) as t:
            for m in t.getmembers():
                data = t.extractfile(m).read() if m.isfile() else b""
                out.append((m.name, data, m.mode, m.mtime, m.uid, m.gid, m.uname, m.gname, m.type))
    return out


def build_both(name, files, epoch="1700000000", git=False):
    work = fresh_dir(Path(WORK) / name)
    project = work / "project"
    write_project(project, files)
    if git:
        run(["git", "init", "-q", "."], cwd=project)
    ours, theirs = work / "ours", work / "theirs"
    p = run([PYRELEASE, "build", "--project", project, "--outdir", ours, "--backend", "native"], epoch=epoch)
    check("native (poetry-core)" in p.stdout + p.stderr, f"the native path is taken:\n{p.stdout}{p.stderr}")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", theirs, project], epoch=epoch)
    ow, tw = one_file(str(ours), ".whl"), one_file(str(theirs), ".whl")
    os_, ts = one_file(str(ours), ".tar.gz"), one_file(str(theirs), ".tar.gz")
    check(ow and tw and os_ and ts, "both tools wrote an sdist and a wheel")
    check(os.path.basename(ow) == os.path.basename(tw), f"wheel names: {ow} vs {tw}")
    check(os.path.basename(os_) == os.path.basename(ts), f"sdist names: {os_} vs {ts}")
    # The corpus comparison first (names and hashes, metadata fields) ...
    diffs = compare_archives("wheel", ow, tw, GENERATED_WHEEL) + compare_archives("sdist", os_, ts, GENERATED_SDIST)
    check(not diffs, "differences from poetry-core:\n" + "\n".join(f"  {w}: {d}" for w, d in diffs))
    # ... then member for member: the sdist in poetry-core's order, every header field.
    a, b = members(os_), members(ts)
    check([m[0] for m in a] == [m[0] for m in b],
          f"sdist members or their order:\n  ours   {[m[0] for m in a]}\n  theirs {[m[0] for m in b]}")
    for x, y in zip(a, b):
        check(x == y, f"sdist member {x[0]}: ours {x[1:]!r:.300} vs theirs {y[1:]!r:.300}")
    wa = {m[0]: m for m in members(ow)}
    wb = {m[0]: m for m in members(tw)}
    check(sorted(wa) == sorted(wb), f"wheel members: {sorted(wa)} vs {sorted(wb)}")
    for n in wa:
        if n.endswith("/WHEEL"):
            strip = lambda d: b"".join(l for l in d[1].splitlines(True) if not l.startswith(b"Generator:"))
            check(strip(wa[n]) == strip(wb[n]), f"WHEEL: {wa[n][1]!r} vs {wb[n][1]!r}")
            continue
        if n.endswith("/RECORD"):
            strip = lambda d: b"".join(l for l in d[1].splitlines(True) if b".dist-info/WHEEL," not in l)
            check(strip(wa[n]) == strip(wb[n]), f"RECORD: {wa[n][1]!r} vs {wb[n][1]!r}")
            check(wa[n][2:] == wb[n][2:], f"RECORD's mode and time: {wa[n][2:]} vs {wb[n][2:]}")
            continue
        check(wa[n] == wb[n], f"wheel member {n}: ours {wa[n][1:]!r:.300} vs theirs {wb[n][1:]!r:.300}")
    return ow, os_, wa


def case_flat():
    wheel, _, members_ = build_both("flat", FLAT)
    check(wheel.endswith("demo_flat-1.2.0rc1-py3-none-any.whl"), wheel)
    check(any(n.endswith("entry_points.txt") for n in members_), "entry_points.txt is written")


def case_layout():
    wheel, _, members_ = build_both("layout", LAYOUT)
    check(wheel.endswith("demo_layout-0.3-py2.py3-none-any.whl"), f"no requires-python: py2.py3 ({wheel})")
    check("vendor/beta/__init__.py" in members_ and "renamed/gamma/__init__.py" in members_,
          f"`to` targets: {sorted(members_)}")


def case_git():
    _, sdist, members_ = build_both("git", GIT, git=True)
    check("demo_git/build.log" in members_ and "demo_git/debug.log" not in members_, sorted(members_))


def case_legacy():
    wheel, sdist, members_ = build_both("legacy", LEGACY)
    check(wheel.endswith("legacy_demo-2.1.0-py3-none-any.whl"), wheel)
    with zipfile.ZipFile(wheel) as z:
        meta = z.read("legacy_demo-2.1.0.dist-info/METADATA").decode()
    for line in ["License: MIT", "Requires-Python: >=3.8,<4.0", "Classifier: License :: OSI Approved :: MIT License",
                 "Requires-Dist: caret (>=2.13.0,<3.0.0)", 'Requires-Dist: opt-one (>=2.31.0,<3.0.0) ; extra == "web"',
                 "Author: Zoë Person", "Maintainer: Maintainer Only",
                 'Requires-Dist: new-python (>=0.25.0) ; (python_version >= "3.10") and (extra == "jupyter")',
                 'Requires-Dist: old-python (>=1.4,<2.0) ; python_version < "3.11"',
                 'Requires-Dist: padded ; python_full_version > "3.9.0"',
                 'Requires-Dist: full (>=2) ; (python_full_version <= "3.12.4") and (extra == "web")']:
        check(line + "\n" in meta, f"{line!r} in METADATA:\n{meta}")
    for member, wanted in [("legacy_demo-2.1.0/example_one.py", True), ("legacy_demo-2.1.0/examples.txt", False),
                           ("legacy_demo-2.1.0/docs-offline/.nojekyll", True),
                           ("legacy_demo-2.1.0/docs-offline/sub/page.html", True),
                           ("legacy_demo-2.1.0/src/legacy_demo/gen_a.py", False)]:
        names = [m[0] for m in members(sdist)]
        check((member in names) == wanted, f"{member} in the sdist: {wanted}\n{names}")
    build_both("legacy-bare", LEGACY_BARE)
    build_both("legacy-narrow", LEGACY_NARROW)
    _, _, members_ = build_both("generated", GENERATED)
    meta = members_["generated_classifiers-1.0.dist-info/METADATA"][1].decode()
    check("Classifier: Programming Language :: Python :: 3.13\n" in meta and "Python :: 3.14" not in meta, meta)


def case_defaults():
    # SOURCE_DATE_EPOCH unset: poetry-core's own times (0 in the sdist, 2016-01-01 in the wheel).
    build_both("defaults", FLAT, epoch=None)


# Each: pyproject.toml text after the [build-system] table (or extra files), the reason expected.
BASE = '[project]\nname = "p"\nversion = "1"\nclassifiers = ["Typing :: Typed"]\n'
REFUSALS = [
    ('[project]\nname = "p"\nversion = "1"\nrequires-python = "~=3.9"\n',
     "pyproject.toml:8:19: requires-python, from which poetry-core generates the Python classifiers: '~=3.9'"),
    ('[project]\nname = "p"\nversion = "1"\nclassifiers = []\n[tool.poetry]\nlicense = "MIT"\n',
     "pyproject.toml:10:11: tool.poetry.license beside [project]"),
    ('[project]\nname = "p"\nversion = "1"\nclassifiers = []\ndynamic = ["dependencies"]\n',
     "pyproject.toml:9:12: project.dynamic lists 'dependencies'"),
    (BASE + 'dependencies = ["a~=1.2,<1.5"]\n', "pyproject.toml:9:17: dependency 'a~=1.2,<1.5': '~=1.2' is rewritten by poetry-core"),
    (BASE + 'dependencies = ["a>=1,>=2"]\n', "merged or reordered by poetry-core"),
    (BASE + 'dependencies = ["a; python_version >= \'3.8\' and python_version < \'3.12\'"]\n',
     "is rewritten by poetry-core or not known to be kept as written"),
    (BASE + 'dependencies = ["a; python_full_version >= \'3.8\'"]\n', "python_full_version >= \"3.8\""),
    (BASE + 'dependencies = ["a @ https://example.org/a-1.tar.gz"]\n', "a direct URL reference"),
    (BASE + 'license = {text = "MIT"}\n', "pyproject.toml:9:11: a project.license table"),
    (BASE + '[tool.poetry]\nexclude = ["data/**"]\n', "tool.poetry include/exclude 'data/**' ends in '/' or '**'"),
    (BASE + '[tool.poetry]\npackages = [{include = "p*"}]\n', "tool.poetry.packages include 'p*' is a glob pattern"),
    (BASE + '[tool.poetry.build]\nscript = "build.py"\n', "[tool.poetry.build] configures a build script"),
    (BASE + '[tool.poetry]\nscripts = {x = "p:m"}\n', "[tool.poetry.scripts] is a setting the native poetry-core builder does not implement"),
    (BASE + '[tool.poetry]\npackage-mode = true\n', "[tool.poetry.package-mode] is a setting the native poetry-core builder"),
    (BASE + 'requires-python = ">2.7.0,<2.7.1"\n', "whether poetry-core tags the wheel py2.py3 is not decided"),
    (BASE + 'authors = [{name = "A <B>", email = "a@example.org"}]\n', "is parsed back by poetry-core"),
]


# [tool.poetry]-only projects: what poetry-core reads that the native reading does not reproduce.
LEGACY_BASE = '[tool.poetry]\nname = "p"\nversion = "1"\n'
LEGACY_REFUSALS = [
    (LEGACY_BASE + '[tool.poetry.dependencies]\npython = "^3.8 || ^2.7"\n',
     "pyproject.toml:9:10: poetry-core without [project]: tool.poetry.dependencies.python: '^3.8 || ^2.7' is a union"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = {version = "^1", python = "^3.10"}\n',
     "pyproject.toml:9:31: poetry-core without [project]: tool.poetry.dependencies.a.python: '>=3.10,<4.0' has two bounds"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = {version = "^1", markers = "os_name == \'nt\'"}\n',
     "tool.poetry.dependencies.a.markers (markers, platform"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = {git = "https://example.org/a.git"}\n', "tool.poetry.dependencies.a.git"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = "==1.0"\n', "'==1.0' is not a caret, tilde or bound"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = ">=1,>=2"\n', "more than one lower or upper bound"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = [{version = "^1"}, {version = "^2"}]\n', "(several constraints)"),
    (LEGACY_BASE + '[tool.poetry.dependencies]\na = "^1"\n[tool.poetry.extras]\nx = ["a"]\n', "not one optional dependency"),
    (LEGACY_BASE + 'license = "Proprietary"\n', "pyproject.toml:8:11: poetry-core without [project]: tool.poetry.license 'Proprietary'"),
    (LEGACY_BASE + 'license = "mit"\n', "tool.poetry.license 'mit'"),
    (LEGACY_BASE + 'readme = ["a.md", "b.md"]\n', "tool.poetry.readme other than one path"),
    (LEGACY_BASE + 'authors = ["A <a@example.org> <b>"]\n', "tool.poetry.authors[0]"),
    (LEGACY_BASE + '[tool.poetry.scripts]\nx = {reference = "p:m", type = "console"}\n', "tool.poetry.scripts.x as a table"),
    (LEGACY_BASE + '[tool.poetry.urls]\nHomepage = "https://example.org"\n', "read back as the homepage"),
    (LEGACY_BASE + '[tool.poetry.build]\nscript = "build.py"\n', "[tool.poetry] key 'build' is not reproduced"),
    (LEGACY_BASE + 'package-mode = false\n', "tool.poetry.package-mode is not true"),
    (LEGACY_BASE + 'include = ["docs/**"]\n', "'docs/**' ends in '/' or '**', which Path.glob reads differently"),
    (LEGACY_BASE + 'packages = [{include = "p*"}]\n', "tool.poetry.packages include 'p*' is a glob pattern"),
]


def case_legacy_refusals():
    for i, (text, expected) in enumerate(LEGACY_REFUSALS):
        work = fresh_dir(Path(WORK) / f"legacy-refusal{i}")
        files = {"p/__init__.py": "", "pyproject.toml": BUILD_SYSTEM.lstrip("\n") + "\n" + text}
        write_project(work / "project", files)
        p = run([PYRELEASE, "build", "--project", work / "project", "--outdir", work / "out", "--backend", "native"],
                expect=None)
        out = p.stdout + p.stderr
        check(p.returncode != 0, f"legacy refusal {i}: --backend native must fail:\n{out}")
        check(expected in out, f"legacy refusal {i}: expected {expected!r} in:\n{out}")


def case_refusals():
    for i, (text, expected) in enumerate(REFUSALS):
        work = fresh_dir(Path(WORK) / f"refusal{i}")
        files = {"p/__init__.py": "", "pyproject.toml": BUILD_SYSTEM.lstrip("\n") + "\n" + text}
        write_project(work / "project", files)
        p = run([PYRELEASE, "build", "--project", work / "project", "--outdir", work / "out", "--backend", "native"],
                expect=None)
        out = p.stdout + p.stderr
        check(p.returncode != 0, f"refusal {i}: --backend native must fail:\n{out}")
        check(expected in out, f"refusal {i}: expected {expected!r} in:\n{out}")
        check(not (work / "out").exists() or not any((work / "out").iterdir()), f"refusal {i}: nothing written")
    # The old requirement: poetry-core 1 ignores [project].
    work = fresh_dir(Path(WORK) / "refusal-old")
    write_project(work / "project", {"p/__init__.py": "", "pyproject.toml": BUILD_SYSTEM.lstrip("\n").replace(
        "poetry-core>=2.0.0,<3.0.0", "poetry-core>=1.0,<2") + "\n" + BASE})
    p = run([PYRELEASE, "build", "--project", work / "project", "--outdir", work / "out", "--backend", "native"],
            expect=None)
    check(p.returncode != 0 and "pyproject.toml:2:13: build-system.requires 'poetry-core>=1.0,<2' excludes poetry-core 2.5"
          in p.stdout + p.stderr, f"poetry-core<2 is a reason:\n{p.stdout}{p.stderr}")


def main():
    globals()["case_" + CASE]()
    print(f"poetry {CASE}: ok")


if __name__ == "__main__":
    main()
