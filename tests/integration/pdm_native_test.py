#!/usr/bin/env python3
"""pdm-backend projects built natively, compared with pdm-backend itself (label: pdm).

usage: pdm_native_test.py <pyrelease> <work dir> <case>
cases: flat | src | modules | refusals

Each fixture project is written by the test, built by `pyrelease build --backend native` and by
`python -m build --no-isolation` (the pdm-backend scripts/install-deps.sh installs: the same
version), and the results are compared the way the real-world corpus compares them
(tests/realworld/compare.py): the wheel's name, both member lists, the sha256 of every member but
RECORD/METADATA/WHEEL/PKG-INFO (the sdist's rewritten pyproject.toml included), and METADATA,
PKG-INFO and WHEEL field by field. `refusals` checks that what is not reproduced takes the backend
path with a reason naming it.
"""
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))
sys.path.insert(0, str(HERE.parent / "realworld"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402
from project_files import write_project  # noqa: E402
from compare import GENERATED_SDIST, GENERATED_WHEEL, compare_archives, one_file  # noqa: E402

PYRELEASE, WORK, CASE = sys.argv[1:4]


def run(cmd, expect=0):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(map(str, cmd))} exited {p.returncode} (expected {expect})\n{p.stdout}\n{p.stderr}")
    return p


BUILD_SYSTEM = """
[build-system]
requires = ["pdm-backend"]
build-backend = "pdm.backend"
"""

FLAT = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "Demo.Flat"
dynamic = ["version"]
description = "pdm-backend, flat layout"
readme = "./README.md"
requires-python = ">=3.9"
license = {text = "MIT"}
keywords = ["a", "b"]
authors = [
    {name = "A. Person", email = "a@example.org"},
    {email = "only@example.org"},
    {name = "Name Only"},
]
maintainers = [{name = "M\\\\Back", email = "m@example.org"}]
classifiers = ["Programming Language :: Python :: 3"]
dependencies = ["requests >=2 ; python_version < '3.12' or os_name == 'nt'", "Click>=8"]

[project.optional-dependencies]
Dev_Tools = ["pytest", "tomli; python_version < '3.11'", "colorama; os_name == 'nt' or sys_platform == 'win32'"]
"docs.extra" = ["sphinx"]

[project.scripts]
zeta = "demo_flat.cli:main"
alpha = "demo_flat.cli:main"

[project.urls]
Homepage = "https://example.org/demo"
"Bug Tracker" = "https://example.org/demo/issues"

[tool.pdm.version]
source = "file"
path = "demo_flat/__init__.py"

[tool.pdm.build]
excludes = ["demo_flat/skip"]
is-purelib = true

[tool.coverage.report]
fail_under = 90.5
exclude_lines = ["pragma: no cover", "if TYPE_CHECKING:"]
ratio = 1e-05

[tool.ruff.lint.per-file-ignores]
"tests/*" = ["S101"]

[[tool.mypy.overrides]]
module = "a.very.long.module.name.that.does.not.fit.on.one.line.with.the.others.*"
ignore_missing_imports = true
""",
    "README.md": "# Demo\n\nText.\n",
    "LICENSE": "MIT\n",
    "NOTICE.txt": "notice\n",
    "AUTHORS": "not a pdm-backend default\n",
    "demo_flat/__init__.py": '"""Demo."""\n__version__ = "1.2.0rc1"  # the version\n',
    "demo_flat/cli.py": "def main():\n    pass\n",
    "demo_flat/.hidden": "hidden files ship\n",
    "demo_flat/data/table.json": "{}\n",
    "demo_flat/skip/gone.py": "excluded\n",
    "tests/test_demo.py": "def test():\n    pass\n",
    "tests/__init__.py": "",
    "docs/index.md": "not shipped\n",
    "notes.txt": "not shipped\n",
}

SRC = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "demo-src"
version = "0.3"
description = "pdm-backend, src layout"
readme = {file = "docs/README.rst", content-type = "text/x-rst"}
license = "MIT OR Apache-2.0"
license-files = ["LICEN[CS]E*", "licenses/*.txt"]

[project.gui-scripts]
demo-gui = "demo_src.gui:run"

[project.entry-points."demo.plugins"]
one = "demo_src:one"

[tool.pdm.build]
source-includes = ["docs/**/*.md", "scripts/", "CHANGES.md"]
excludes = ["src/demo_src/*.txt", "**/*.bak"]
""",
    "docs/README.rst": "Demo\n====\n",
    "docs/guide/intro.md": "intro\n",
    "docs/guide/.draft.md": "hidden: not matched by **\n",
    "docs/conf.py": "not shipped\n",
    "scripts/release.sh": "#!/bin/sh\n",
    "CHANGES.md": "changes\n",
    "LICENSE": "MIT\n",
    "licenses/apache.txt": "Apache\n",
    "src/demo_src/__init__.py": "def one():\n    pass\n",
    "src/demo_src/gui.py": "def run():\n    pass\n",
    "src/demo_src/notes.txt": "excluded\n",
    "src/demo_src/sub/__init__.py": "",
    "src/demo_src/sub/old.bak": "excluded\n",
    "src/demo_src/py.typed": "",
    "src/other-stubs/__init__.pyi": "",
    "tests/test_x.py": "not in source-includes: not shipped\n",
}

MODULES = {
    "pyproject.toml": BUILD_SYSTEM + """
[project]
name = "single"
version = "2.0.0"
description = "top-level modules only"
dependencies = []

[tool.pdm.build]
includes = ["single.py", "_helper.py", "extra/"]
""",
    "single.py": "X = 1\n",
    "_helper.py": "Y = 2\n",
    "extra/data.txt": "data\n",
    "other.py": "not included\n",
    "COPYING": "copying\n",
}


def build_both(name, files):
    work = fresh_dir(Path(WORK) / name)
    project = work / "project"
    write_project(project, files)
    ours, theirs = work / "ours", work / "theirs"
    p = run([PYRELEASE, "build", "--project", project, "--outdir", ours, "--backend", "native"])
    check("native (pdm-backend)" in p.stdout + p.stderr, f"the native path is taken:\n{p.stdout}{p.stderr}")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", theirs, project])
    ow, tw = one_file(str(ours), ".whl"), one_file(str(theirs), ".whl")
    os_, ts = one_file(str(ours), ".tar.gz"), one_file(str(theirs), ".tar.gz")
    check(ow and tw and os_ and ts, "both tools wrote an sdist and a wheel")
    check(os.path.basename(ow) == os.path.basename(tw), f"wheel names: {ow} vs {tw}")
    check(os.path.basename(os_) == os.path.basename(ts), f"sdist names: {os_} vs {ts}")
    diffs = compare_archives("wheel", ow, tw, GENERATED_WHEEL) + compare_archives("sdist", os_, ts, GENERATED_SDIST)
    check(not diffs, "differences from pdm-backend:\n" + "\n".join(f"  {w}: {d}" for w, d in diffs))
    return ow, os_


def case_flat():
    wheel, sdist = build_both("flat", FLAT)
    check(wheel.endswith("demo_flat-1.2.0rc1-py3-none-any.whl"), wheel)


def case_src():
    wheel, _ = build_both("src", SRC)
    check(wheel.endswith("demo_src-0.3-py2.py3-none-any.whl"), f"no requires-python: py2.py3 ({wheel})")


def case_modules():
    build_both("modules", MODULES)


# Each: extra files, the text the refusal must hold.
REFUSALS = [
    ({"pdm_build.py": "def pdm_build_initialize(context):\n    pass\n"},
     "pdm_build.py: pdm_build.py is a build hook script pdm-backend runs"),
    ({"pyproject.toml+": "[tool.pdm.build]\nis-purelib = false\n"},
     "pyproject.toml:9:14: [tool.pdm.build.is-purelib] is a setting the native pdm-backend builder"),
    ({"pyproject.toml+": "[tool.pdm.build]\nrun-setuptools = true\n"},
     "[tool.pdm.build.run-setuptools] is a setting the native pdm-backend builder"),
    ({"pyproject.toml+": "[tool.pdm.build.wheel-data]\nscripts = [\"bin/*\"]\n"},
     "[tool.pdm.build.wheel-data]"),
    ({"pyproject.toml+": "[tool.pdm.build]\ncustom-hook = \"hooks.py\"\n"},
     "[tool.pdm.build.custom-hook] configures a build hook"),
    ({"pyproject.toml-version": "[tool.pdm.version]\nsource = \"scm\"\n"},
     "pyproject.toml:9:10: tool.pdm.version.source = 'scm' is a version source"),
    ({"pyproject.toml-version": "[tool.pdm.version]\nsource = \"file\"\npath = \"p/__init__.py\"\n"
                                "pattern = \"V = '(.*)'\"\n"},
     "[tool.pdm.version.pattern] is a setting the native pdm-backend builder"),
    ({"pyproject.toml+": "[tool.pdm.build]\nincludes = [\"../outside\"]\n"},
     "points outside the project"),
    ({"pyproject.toml+": "[tool.pdm]\ncreated = 2024-01-01\n"},
     "'tool.pdm.created' holds a date or time"),
]


def case_refusals():
    base = BUILD_SYSTEM + '[project]\nname = "p"\nversion = "1"\n'
    dynamic = BUILD_SYSTEM + '[project]\nname = "p"\ndynamic = ["version"]\n'
    for i, (extra, expected) in enumerate(REFUSALS):
        work = fresh_dir(Path(WORK) / f"refusal{i}")
        files = {"p/__init__.py": "__version__ = '1'\n"}
        for rel, text in extra.items():
            if rel == "pyproject.toml+":
                files["pyproject.toml"] = base + "\n" + text
            elif rel == "pyproject.toml-version":
                files["pyproject.toml"] = dynamic + "\n" + text
            else:
                files[rel] = text
        files.setdefault("pyproject.toml", base)
        write_project(work / "project", files)
        p = run([PYRELEASE, "build", "--project", work / "project", "--outdir", work / "out", "--backend", "native"],
                expect=None)
        out = p.stdout + p.stderr
        check(p.returncode != 0, f"refusal {i}: --backend native must fail:\n{out}")
        check(expected in out, f"refusal {i}: expected {expected!r} in:\n{out}")
        check(not (work / "out").exists() or not any((work / "out").iterdir()), f"refusal {i}: nothing written")


def main():
    globals()["case_" + CASE]()
    print(f"pdm {CASE}: ok")


if __name__ == "__main__":
    main()
