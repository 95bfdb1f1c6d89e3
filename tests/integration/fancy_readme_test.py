#!/usr/bin/env python3
"""hatch-fancy-pypi-readme natively, compared with the real plugin (label: archives).

usage: fancy_readme_test.py <pyrelease> <work dir>

Fixture projects (hatchling + [tool.hatch.metadata.hooks.fancy-pypi-readme]) are made here, in a
marked directory. Each one is built by `pyrelease build` and by `python -m build --no-isolation`
(hatchling and hatch-fancy-pypi-readme installed); the case says which path pyrelease must take:
- "native": pyrelease says `native (hatchling)` and the wheel's METADATA and the sdist's PKG-INFO
  are byte-identical to the backend's but for the Metadata-Version line (the description is the
  plugin's rendering);
- "pep517": pyrelease names the construct it cannot reproduce (the case's `reason`) and the
  backend builds it.
Then a battery of regexes (patterns x replacements x texts) is rendered natively and by the
plugin's own functions: each case gives the same description, or pyrelease refuses it as
unreproducible, or both fail.
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
from verdict import fail  # noqa: E402

PYRELEASE, WORK = sys.argv[1:3]
HOOK = "tool.hatch.metadata.hooks.fancy-pypi-readme"

README = ("# Demo\r\n\r\n<!-- teaser-begin -->\r\nA *demo* (#12), fixed in (#345).\r\n"
          "Ünïcödé — “quotes” ✨\r\n<!-- teaser-end -->\r\n\r\nThe rest.\r\n")
CHANGELOG = ("# Changelog\n\n<!-- changelog follows -->\n\n## 1.2.0\n\n- Added x (#7).\n"
             "- Fixed   spacing   (#8).\n\n## 1.1.0\n\n- Older.\n")

# name -> (expected path, reason substring, fragments + substitutions as TOML)
CASES = {
    "teaser-and-changelog": ("native", "", f'''
[[{HOOK}.fragments]]
path = "README.md"
start-after = "<!-- teaser-begin -->\\n"
end-before = "<!-- teaser-end -->"
[[{HOOK}.fragments]]
text = "\\n## Release $HFPR_VERSION of $HFPR_PACKAGE_NAME\\n"
[[{HOOK}.fragments]]
path = "CHANGELOG.md"
pattern = "<!-- changelog follows -->\\n\\n## [^\\n]+\\n(.*?)\\n## "
[[{HOOK}.substitutions]]
pattern = '\\(#(\\d+)\\)'
replacement = '[#\\1](https://tracker.example.invalid/\\g<1>)'
[[{HOOK}.substitutions]]
pattern = ' {{2,}}'
replacement = ' '
[[{HOOK}.substitutions]]
pattern = 'DEMO'
replacement = 'Demo'
ignore-case = true
[[{HOOK}.substitutions]]
pattern = '(?P<word>\\))\\.$'
replacement = '\\g<word>!'
'''),
    "start-at-and-empty-matches": ("native", "", f'''
[[{HOOK}.fragments]]
path = "README.md"
start-at = "A *demo*"
[[{HOOK}.substitutions]]
pattern = 'x*'
replacement = '-'
'''),
    "lookbehind": ("pep517", "lookbehind", f'''
[[{HOOK}.fragments]]
path = "README.md"
[[{HOOK}.substitutions]]
pattern = '(?<=#)\\d+'
replacement = 'N'
'''),
    "unicode-word-class": ("pep517", "\\w or \\b", f'''
[[{HOOK}.fragments]]
path = "README.md"
[[{HOOK}.substitutions]]
pattern = '\\w+'
replacement = 'w'
'''),
    "unknown-fragment-key": ("pep517", "does not implement", f'''
[[{HOOK}.fragments]]
path = "README.md"
encoding = "latin-1"
'''),
}


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"{' '.join(map(str, cmd))} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


def make_project(root, name, config):
    root.mkdir(parents=True)
    (root / "README.md").write_bytes(README.encode())
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    pkg = root / "src" / "fancy_demo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('__version__ = "1.2.0"\n')
    (root / "pyproject.toml").write_text(f'''[build-system]
requires = ["hatchling", "hatch-fancy-pypi-readme"]
build-backend = "hatchling.build"

[project]
name = "Fancy.Demo-{name}"
dynamic = ["readme", "version"]
requires-python = ">=3.8"

[tool.hatch.version]
path = "src/fancy_demo/__init__.py"

[tool.hatch.build.targets.wheel]
packages = ["src/fancy_demo"]

[{HOOK}]
content-type = "text/markdown"
{config}''', encoding="utf-8")


def metadata_files(dist_dir):
    wheel = next(dist_dir.glob("*.whl"))
    sdist = next(dist_dir.glob("*.tar.gz"))
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")))
    with tarfile.open(sdist) as t:
        pkg_info = t.extractfile(next(m for m in t.getmembers() if m.name.count("/") == 1
                                      and m.name.endswith("/PKG-INFO"))).read()
    return metadata, pkg_info


def without_metadata_version(data):
    """pyrelease writes the lowest Metadata-Version carrying its fields, hatchling always its newest
    (tests/realworld/exceptions.txt); every other byte must be the same."""
    lines = data.split(b"\n")
    if not lines[0].startswith(b"Metadata-Version: "):
        fail(f"the metadata does not start with Metadata-Version: {data[:80]!r}")
    return b"\n".join(lines[1:])


# The regex battery: every pattern x replacement x text below, rendered by `pyrelease metadata
# --core-metadata --backend native` and by the plugin's own functions (imported here). Each must
# either give the same description or be refused as unreproducible (or fail in both).
BATTERY_PATTERNS = [
    r"\(#(\d+)\)", r"x*", r"a|ab", r"^#", r"$", r".$", r"\s+", r"\w+", r"\bfoo\b", r"[^a-z]+",
    r"[]a]", r"(?P<n>o+)", r"o{,2}", r"x{", r"(?=o)", r"\A.", r".\Z", r"(?<=a)b", r"(?i)foo",
    r"(a)\1", r"[\d]+", r"(\s+)@([\w\-]+)", r"\.", r"(\n)?"]
BATTERY_REPLACEMENTS = ["-", r"<\g<0>>", r"[\1]", r"\n\&"]
BATTERY_TEXTS = ["foo (#12) bar\nbaz (#3)\n", "Ünïcödé foo — “x” ✨ @me 12\n", "a\u00a0b\u3000c\n",
                 "oo ooo\n\n", "Kelvin \u212a and ab\n"]


def plugin_text(project):
    import tomllib
    from hatch_fancy_pypi_readme._builder import build_text
    from hatch_fancy_pypi_readme._config import load_and_validate_config
    with open(project / "pyproject.toml", "rb") as f:
        hook = tomllib.load(f)["tool"]["hatch"]["metadata"]["hooks"]["fancy-pypi-readme"]
    here = os.getcwd()
    os.chdir(project)
    try:
        config = load_and_validate_config(hook)
        return build_text(config.fragments, config.substitutions, "Battery", "1.0")
    except Exception:  # the plugin refuses it: pyrelease must refuse it too
        return None
    finally:
        os.chdir(here)


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a TOML basic string here


def battery(work):
    counts = {"identical": 0, "refused": 0, "both fail": 0}
    n = 0
    for pattern in BATTERY_PATTERNS:
        for replacement in BATTERY_REPLACEMENTS:
            for text in BATTERY_TEXTS:
                n += 1
                project = work / f"battery-{n}"
                project.mkdir(parents=True)
                (project / "README.md").write_text(text, encoding="utf-8")
                (project / "pyproject.toml").write_text(f"""[build-system]
requires = ["hatchling", "hatch-fancy-pypi-readme"]
build-backend = "hatchling.build"
[project]
name = "Battery"
version = "1.0"
dynamic = ["readme"]
[{HOOK}]
content-type = "text/markdown"
fragments = [{{path = "README.md"}}]
substitutions = [{{pattern = {toml_str(pattern)}, replacement = {toml_str(replacement)}}}]
""", encoding="utf-8")
                expected = plugin_text(project)
                p = subprocess.run([PYRELEASE, "metadata", "--core-metadata", "--backend", "native",
                                    "--project", str(project)], capture_output=True)
                case = f"pattern {pattern!r}, replacement {replacement!r}, text {text!r}"
                if p.returncode == 0:
                    body = p.stdout.decode("utf-8").split("\n\n", 1)[1]
                    if expected is None:
                        fail(f"{case}: the plugin fails, pyrelease rendered {body!r}")
                    if body != expected:
                        fail(f"{case}: pyrelease {body!r}, the plugin {expected!r}")
                    counts["identical"] += 1
                elif b"cannot reproduce" in p.stderr:
                    counts["refused"] += 1
                elif expected is None:
                    counts["both fail"] += 1
                else:
                    fail(f"{case}: pyrelease failed, the plugin rendered {expected!r}:\n"
                         f"{p.stderr.decode()}")
    # The battery is mostly renderable: a translator that refused everything would pass otherwise.
    if counts["identical"] < n // 2:
        fail(f"only {counts['identical']} of {n} battery cases rendered natively: {counts}")
    print(f"regex battery: {n} cases, " + ", ".join(f"{v} {k}" for k, v in counts.items()))


def main():
    work = Path(WORK)
    fresh_dir(work)
    for name, (expected, reason, config) in CASES.items():
        project = work / name
        make_project(project, name, config)
        ours = run([PYRELEASE, "build", "--project", str(project), "--outdir", str(work / f"{name}-ours")])
        line = ours.stderr
        if expected == "native":
            if "native (hatchling)" not in line:
                fail(f"{name}: expected the native path, pyrelease said:\n{line}")
        else:
            if "pep517 (hatchling)" not in line or reason not in line:
                fail(f"{name}: expected the backend path naming '{reason}', pyrelease said:\n{line}")
        run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / f"{name}-build"),
             str(project)])
        our_meta, our_pkg_info = metadata_files(work / f"{name}-ours")
        ref_meta, ref_pkg_info = metadata_files(work / f"{name}-build")
        for what, a, b in (("METADATA", our_meta, ref_meta), ("PKG-INFO", our_pkg_info, ref_pkg_info)):
            a, b = without_metadata_version(a), without_metadata_version(b)
            if a != b:
                fail(f"{name}: {what} differs from the plugin's\n--- pyrelease\n{a.decode()}\n"
                     f"--- python -m build\n{b.decode()}")
        body = ref_meta.decode().split("\n\n", 1)[1]
        if expected == "native" and "$HFPR" in body:
            fail(f"{name}: the fixture's $HFPR_ variables were not replaced: {body!r}")
        print(f"{name}: {expected}, METADATA and PKG-INFO identical ({len(body)} characters of "
              f"description)")
    battery(work)


main()
