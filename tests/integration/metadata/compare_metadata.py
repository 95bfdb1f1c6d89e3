#!/usr/bin/env python3
"""Compare pyrelease's core metadata with the real backends', field by field.

For each project (the shared fixtures in tests/projects, plus a feature-rich and a minimal project
generated here for every backend) this builds a wheel and an sdist with the project's own backend
(`python -m build --no-isolation`), reads their METADATA and PKG-INFO, and compares them with
`pyrelease metadata --core-metadata [--sdist]`, and the file names with `--json`'s. Values are compared after parsing: requirements through
packaging (so `a>=1;python_version<"3"` equals `a >= 1 ; python_version < '3'`), names and extras
normalized. The only differences accepted are the documented ones in ACCEPTED.

usage: compare_metadata.py PYRELEASE TESTS_DIR WORK_DIR
"""
import email.parser
import email.policy
import email.utils
import itertools
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "support"))
from owned_dir import fresh_dir  # noqa: E402

# Fields that may differ, and why (README "Supported configuration" says the same).
ACCEPTED = {
    # pyrelease writes the lowest version that carries the fields used (2.1 or 2.4); backends
    # write their default (2.4 or 2.5).
    "metadata-version",
    # flit_core 4 and hatchling 1.32+ fill Import-Name (Metadata-Version 2.5); pyrelease stays <= 2.4.
    "import-name",
    "import-namespace",
}

# Per-backend differences, each a backend quirk that pyrelease deliberately does not copy.
ACCEPTED_FOR_BACKEND = {
    # flit_core drops a legacy `license = {text = ...}` (it keeps License for a short name only);
    # hatchling, setuptools and uv_build write it as License, and so does pyrelease.
    "flit": {"license"},
    # setuptools writes `Dynamic: license-file` when license-files is not given (it globs its
    # defaults at build time); pyrelease resolves the same defaults statically.
    "setuptools": {"dynamic"},
    # uv_build also lists the names of authors/maintainers that have an email in Author/Maintainer;
    # the pyproject specification puts those only in Author-email/Maintainer-email.
    # It also leaves a display name with a comma unquoted (`Doe, Jane <jane@...>`), which an
    # address parser reads as two addresses; pyrelease quotes it as Python's email package does.
    "uv_build": {"author", "maintainer", "author-email"},
}

# Environments the markers are evaluated in: two markers are the same when they agree on all.
MARKER_GRID = [
    {"python_version": pv, "python_full_version": pv + ".0", "sys_platform": sp,
     "platform_system": ps, "os_name": "nt" if sp == "win32" else "posix"}
    for pv, (sp, ps) in itertools.product(
        ["2.7", "3.8", "3.9", "3.10", "3.11", "3.12"],
        [("linux", "Linux"), ("win32", "Windows"), ("darwin", "Darwin")])
]

RICH_PROJECT = """\
[project]
name = "Rich.Demo_Pkg"
version = "1.2.0rc1"
description = "A rich demo"
readme = "README.md"
requires-python = ">=3.8"
license = "MIT OR Apache-2.0"
license-files = ["LICENSE*", "licenses/*.txt"]
authors = [
  {name = "Only Name"},
  {email = "only@example.org"},
  {name = "Doe, Jane", email = "jane@example.org"},
  {name = "Bob", email = "bob@example.org"},
  {name = "J. R. Smith", email = "jrs@example.org"},
]
maintainers = [{name = "Maint", email = "m@example.org"}]
keywords = ["demo", "packaging"]
classifiers = ["Programming Language :: Python :: 3", "Operating System :: OS Independent"]
dependencies = [
  "requests[Socks]>=2.8,<3",
  "tomli>=1.1; python_version < '3.11'",
  "attrs",
]

[project.optional-dependencies]
Fast_IO = ["uvloop; sys_platform != 'win32' or python_version < '3.9'", "orjson>=3"]
cli = ["click>=8"]

[project.urls]
Homepage = "https://example.invalid/rich"
"Bug Tracker" = "https://example.invalid/rich/issues"

[project.scripts]
rich-demo = "rich_demo:main"

[project.entry-points."rich_demo.plugins"]
basic = "rich_demo.plugins:basic"
"""

BACKENDS = {
    "flit": ('requires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n',
             '[tool.flit.module]\nname = "rich_demo"\n'),
    "hatchling": ('requires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
                  '[tool.hatch.build.targets.wheel]\npackages = ["src/rich_demo"]\n'),
    "setuptools": ('requires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n', ""),
    "uv_build": ('requires = ["uv_build"]\nbuild-backend = "uv_build"\n',
                 '[tool.uv.build-backend]\nmodule-name = "rich_demo"\n'),
}


def write_rich_project(root: Path, backend: str) -> None:
    build_system, tool = BACKENDS[backend]
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        "[build-system]\n" + build_system + "\n" + RICH_PROJECT + "\n" + tool)
    (root / "README.md").write_text("# Rich demo\n\nSome *markdown* text.\n")
    (root / "LICENSE").write_text("MIT License\n")
    (root / "licenses").mkdir()
    (root / "licenses" / "APACHE.txt").write_text("Apache License 2.0\n")
    pkg = root / "src" / "rich_demo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Rich demo."""\n__version__ = "1.2.0rc1"\n\ndef main():\n    pass\n')
    (pkg / "plugins.py").write_text("def basic():\n    pass\n")


def write_minimal_project(root: Path, backend: str) -> None:
    """No requires-python, readme, SPDX license or license files, a legacy license text:
    Metadata-Version 2.1 and flit/hatchling's py2.py3 tag."""
    build_system, tool = BACKENDS[backend]
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        "[build-system]\n" + build_system + "\n"
        '[project]\nname = "rich-demo"\nversion = "0.1"\ndescription = "Minimal"\n'
        'license = {text = "Permission is granted.\\nSecond line."}\n'
        'classifiers = ["License :: OSI Approved :: MIT License"]\n'
        'dependencies = ["six"]\n\n' + tool.replace("[tool.hatch.build.targets.wheel]", "[tool.hatch.build.targets.wheel]"))
    pkg = root / "src" / "rich_demo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Minimal."""\n__version__ = "0.1"\n')


def parse(text: str) -> dict:
    msg = email.parser.Parser(policy=email.policy.compat32).parsestr(text)
    fields = {}
    for key, value in msg.items():
        fields.setdefault(key.lower(), []).append(value)
    body = msg.get_payload()
    if body:
        fields["description"] = [body.rstrip("\n")]
    return fields


def marker_truth_table(marker, extras) -> str:
    if marker is None:
        return "always"
    bits = []
    for env in MARKER_GRID:
        for extra in [""] + extras:
            bits.append("1" if marker.evaluate(dict(env, extra=extra)) else "0")
    return "".join(bits)


def canonical_requirement(text: str, extras: list) -> str:
    req = Requirement(text)
    req_extras = ",".join(sorted(canonicalize_name(e) for e in req.extras))
    return "|".join([canonicalize_name(req.name), req_extras, str(req.specifier), req.url or "",
                     marker_truth_table(req.marker, extras)])


def normalize(field: str, values: list, extras: list) -> list:
    if field == "requires-dist":
        return sorted(canonical_requirement(v, extras) for v in values)
    if field == "provides-extra":  # flit and hatchling sort extras; the order carries no meaning
        return sorted(canonicalize_name(v) for v in values)
    if field == "project-url":
        return sorted(values)
    if field == "name":
        return [canonicalize_name(v) for v in values]
    if field == "keywords":  # "a,b" (flit, setuptools) or "a, b"
        return [",".join(k.strip() for k in values[0].split(","))]
    if field in ("author-email", "maintainer-email"):
        return sorted(email.utils.getaddresses(values))
    if field == "license":  # continuation indentation differs (uv_build indents by 9)
        return ["\n".join(line.strip() for line in v.splitlines()) for v in values]
    if field == "requires-python":
        return [",".join(sorted(s.strip() for s in v.split(","))) for v in values]
    if field in ("classifier", "license-file"):
        return sorted(values)
    return [v.strip() for v in values]


def build_dist_metadata(project: Path, out: Path, kind: str):
    """(file name, METADATA or PKG-INFO text) of a wheel or sdist built by the real backend."""
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--skip-dependency-check",
         "--outdir", str(out), str(project)],
        capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"python -m build failed for {project}:\n{proc.stdout}\n{proc.stderr}")
    if kind == "wheel":
        wheel = next(out.glob("*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            return wheel.name, zf.read(name).decode("utf-8")
    sdist = next(out.glob("*.tar.gz"))
    with tarfile.open(sdist) as tf:
        member = next(m for m in tf.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
        return sdist.name, tf.extractfile(member).read().decode("utf-8")


def compare(label: str, project: Path, pyrelease: str, work: Path, kind: str) -> list:
    info = subprocess.run([pyrelease, "metadata", "--project", str(project), "--json"],
                          capture_output=True, text=True)
    if info.returncode != 0:
        return [f"{label}: pyrelease failed:\n{info.stderr}"]
    summary = json.loads(info.stdout)
    accepted = ACCEPTED | ACCEPTED_FOR_BACKEND.get(summary["backend"], set())
    theirs_file, theirs_text = build_dist_metadata(project, work / f"dist-{kind}", kind)
    cmd = [pyrelease, "metadata", "--project", str(project), "--core-metadata"]
    proc = subprocess.run(cmd + (["--sdist"] if kind == "sdist" else []), capture_output=True, text=True)
    if proc.returncode != 0:
        return [f"{label}: pyrelease failed:\n{proc.stderr}"]
    ours = parse(proc.stdout)
    theirs = parse(theirs_text)
    problems = []
    extras = sorted(canonicalize_name(e) for e in ours.get("provides-extra", []))
    for field in sorted(set(ours) | set(theirs)):
        if field in accepted:
            continue
        a = normalize(field, ours.get(field, []), extras)
        b = normalize(field, theirs.get(field, []), extras)
        if a != b:
            problems.append(f"{label} {kind}: {field}:\n    pyrelease: {a}\n    backend:   {b}")
    # The file name too: same name escaping, version and tag as the backend. A project `build`
    # sends to its backend (the rich uv_build one: uv_build rewrites environment markers) gets its
    # file names from the backend, so `metadata --json` names none.
    ours_file = summary[kind]
    if summary.get("build_path") == "pep517" and not ours_file:
        pass
    elif ours_file != theirs_file:
        problems.append(f"{label}: {kind} name: pyrelease {ours_file}, backend {theirs_file}")
    return problems


def main() -> int:
    pyrelease, tests_dir, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    fresh_dir(work)
    cases = []
    for backend in BACKENDS:
        root = work / f"rich-{backend}" / "src-tree"
        write_rich_project(root, backend)
        cases.append((f"rich project ({backend})", root))
        root = work / f"minimal-{backend}" / "src-tree"
        write_minimal_project(root, backend)
        cases.append((f"minimal project ({backend})", root))
    for fixture in sorted((tests_dir / "projects").iterdir()):
        if not (fixture / "pyproject.toml").is_file():
            continue
        copy = work / f"fixture-{fixture.name}" / "src-tree"
        shutil.copytree(fixture, copy)
        cases.append((f"fixture {fixture.name}", copy))
    problems = []
    for label, root in cases:
        found = []
        for kind in ("wheel", "sdist"):
            try:
                found += compare(label, root, pyrelease, root.parent, kind)
            except RuntimeError as e:
                found.append(f"{label}: {e}")
        print(f"{'ok  ' if not found else 'FAIL'} {label}")
        problems += found
    for p in problems:
        print(p)
    print(f"{len(cases)} projects compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
