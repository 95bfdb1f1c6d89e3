#!/usr/bin/env python3
"""The real-world corpus: `pyrelease build` against `python -m build` on real projects' sdists.

For every `name==version` in projects.txt the sdist is downloaded once with pip (`pip download
--no-deps --no-binary NAME`, cached, so reruns are offline) and unpacked. Then both tools build it:

- `pyrelease build` (with `--backend auto` once the tool has that option: `pyrelease build --help`
  is asked), which prints the path it took (native or pep517) when it knows it;
- `python -m build` (its isolated environment; uv makes the environment when it is installed).

Both build with the backend and plugin versions pinned in backends.txt (a constraints file per
project: for each pinned name, the highest listed version the project's build-system.requires
allows; a requirement whose environment marker is false here is skipped, as pip skips it), so a
backend release cannot turn the run red overnight; the pins are printed, and each
wheel built by a backend must name the pinned version in its WHEEL Generator field.

and the results are compared: the wheel's file name, the wheel's and the sdist's member lists, the
sha256 of every member except generated ones (RECORD; METADATA, PKG-INFO and WHEEL are compared
field by field instead; setuptools' *.egg-info/ and setup.cfg), and the METADATA fields. A compiled
(ELF) member whose bytes differ is compared section by section (elf_sections.py): a difference only
in the sections that carry the build directory (.debug_*, the build ID, file symbols' directories)
is `build-paths:<member>`, naming them; any other section differing is a real difference. A text
member that differs only in the random temporary directory named in its paths (temp_paths.py) is
`temp-paths:<member>`; any other difference in it is a real one. Each project
gets one line, then `equal N/M; native N, pep517 N`. A difference (or a refusal) fails the run unless
exceptions.txt lists it with its reason.

--checkout builds every project as its users build it, from a git checkout, instead of from the
unpacked sdist (which has no .git, so git-tracked file selection, .gitignore handling, versions from
tags and the path reasons about them are never exercised there). The recipe, the same every run:
- the unpacked sdist becomes one commit of every file (make_checkout: fixed names and dates) with
  what is no repository's left out: PKG-INFO (deleted), setuptools' *.egg-info/ (untracked, left
  on disk as after a local build) and the `[egg_info]` section setuptools' sdist adds to setup.cfg;
  a readme the metadata names but the sdist lacks is written from PKG-INFO's description; the VCS plugin's version file (hatch-vcs `version-file`,
  setuptools-scm `version_file`/`write_to`, pdm-backend `write_to`) is untracked and ignored, as
  maintainers keep it;
- tracked files sdists often leave out, unless the project has its own: TRACKED_EXTRA
  (.github/workflows/ci.yml, .pre-commit-config.yaml, tox.ini, docs/conf.py, and a .gitattributes
  marking .github/ and .pre-commit-config.yaml export-ignore, which setuptools-scm's file finder
  honours); the project's own .gitignore, else TYPICAL_GITIGNORE; and, except in
  hatchling projects, build/keep.txt force-added though .gitignore's build/ matches it (a hatchling
  project with such a file goes to hatchling with a stated reason, so adding it there would hide
  the native build from the comparison);
- an annotated tag on the commit as the maintainers would push it: `v{version}`, or the first of
  `{version}`, `{name}-{version}`, `{name}-v{version}`, `release-{version}` that the project's own
  tag pattern (hatch-vcs `tag-pattern`, setuptools-scm or pdm-backend `tag_regex`, else the
  `--match` glob of a `git_describe_command`: hatch's `hatch-v*`) matches;
- then untracked clutter (CLUTTER: notes.txt, a .venv with pyvenv.cfg and a module, build/lib, an
  old archive in dist/, .pytest_cache, .tox, a stale *.egg-info, .idea, .DS_Store, *.swp, *~ at
  the root, and __pycache__/*.pyc in every package directory), some of it ignored, some not.
Each tool builds its own copy of that checkout (builds write into the tree); the comparison is the
sdist mode's. The checkouts live in ~/pyrelease-realworld-checkouts (not below ~/.cache, whose name
most projects' .gitignore matches: see main). Backend archives kept by --reuse-backend go to a
separate cache directory, and are only comparable when --work is the same path.
A run holds WORK.lock while it runs: a second run with the same --work stops at once (it would
remove the first one's trees).

usage: compare.py PYRELEASE [--cache DIR] [--work DIR] [--list FILE] [--exceptions FILE] [--pins FILE]
                  [--only NAME ...] [--download-only] [--keep] [--reuse-backend] [--checkout] [--jobs N]
"""
import argparse
import concurrent.futures
import email.parser
import fcntl
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from owned_dir import fresh_dir, remove_tree  # noqa: E402
from elf_sections import ElfError, compare_elf, is_elf  # noqa: E402
from temp_paths import text_differs_beyond_temp_paths  # noqa: E402

from packaging.requirements import InvalidRequirement, Requirement  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402
from packaging.version import Version  # noqa: E402

# Members written by the build tool itself, compared field by field or not at all.
GENERATED_WHEEL = ["*.dist-info/RECORD", "*.dist-info/METADATA", "*.dist-info/WHEEL"]
GENERATED_SDIST = ["PKG-INFO", "*.egg-info/*", "setup.cfg", "pyproject.toml.orig"]


def default_cache():
    return os.environ.get("PYRELEASE_REALWORLD_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "pyrelease-realworld")


def read_projects(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            req = line.split("#", 1)[0].strip()
            if not req:
                continue
            if "==" not in req or len(req.split()) != 1:
                raise SystemExit(f"{path}:{n}: expected 'name==version', got {req!r}")
            out.append(req)
    return out


def read_exceptions(path):
    """[(project glob, what glob, reason)]; every entry must give its reason after '#'."""
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            body, _, reason = line.partition("#")
            parts = body.split()
            if len(parts) != 2 or not reason.strip():
                raise SystemExit(f"{path}:{n}: expected 'PROJECT WHAT  # reason', got {line.strip()!r}")
            out.append((parts[0], parts[1], reason.strip()))
    return out


def read_pins(path):
    """({normalized name: [versions, highest first]}, {(name, version): [Requirement]}) from
    backends.txt's `name==version [needs REQ, ...]` lines: `needs` names what that release of a
    plugin requires of another pinned name (flit-scm 1.7.0 needs flit-core<4), which the pins of a
    project using the plugin must respect too."""
    pins, needs = {}, {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            req, _, needed = text.partition(" needs ")
            name, sep, version = req.strip().partition("==")
            if not sep or not name.strip() or not version.strip() or " " in version.strip():
                raise SystemExit(f"{path}:{n}: expected 'name==version [needs REQ, ...]', got {text!r}")
            key = (canonicalize_name(name.strip()), Version(version.strip()))
            pins.setdefault(key[0], []).append(key[1])
            try:
                needs[key] = [Requirement(r.strip()) for r in needed.split(",") if r.strip()]
            except InvalidRequirement as e:
                raise SystemExit(f"{path}:{n}: {e}")
    for versions in pins.values():
        versions.sort(reverse=True)
    return pins, needs


def build_requires(src):
    """build-system.requires of the unpacked sdist (the PEP 517 fallback's without one)."""
    try:
        import tomllib
        with open(os.path.join(src, "pyproject.toml"), "rb") as f:
            bs = tomllib.load(f).get("build-system", {})
    except (OSError, ValueError):
        bs = {}
    return bs.get("requires", ["setuptools>=40.8.0"])


def choose_pins(specs, pins):
    """({name: highest listed version every spec of that name allows}, [names none is allowed])."""
    chosen, unpinnable = {}, []
    for name, versions in pins.items():
        ok = [v for v in versions if all(s.contains(v, prereleases=True) for s in specs.get(name, []))]
        if ok:
            chosen[name] = ok[0]
        else:
            unpinnable.append(name)
    return chosen, unpinnable


def project_pins(src, pins, needs):
    """({name: version} this project builds with, [names whose every listed version its
    build-system.requires refuses]). The `needs` of the plugins the project requires narrow the
    choice of the names they need (a second pass)."""
    specs = {}
    for r in build_requires(src):
        try:
            req = Requirement(r)
        except InvalidRequirement:
            continue
        if req.marker and not req.marker.evaluate():
            continue  # kiwisolver's `setuptools<=72.1.0; implementation_name != 'cpython'`
        specs.setdefault(canonicalize_name(req.name), []).append(req.specifier)
    chosen, _ = choose_pins(specs, pins)
    for name in list(specs):
        for req in needs.get((name, chosen.get(name)), []):
            specs.setdefault(canonicalize_name(req.name), []).append(req.specifier)
    return choose_pins(specs, pins)


# WHEEL's Generator as each backend writes it ("hatchling 1.33.0", "flit 4.2.0", "setuptools
# (84.2.1)", "poetry-core 2.5.0", "uv 0.10.12", "pdm-backend (2.5.0)"): the distribution and version.
GENERATOR_NAMES = {"flit": "flit-core", "uv": "uv-build", "bdist_wheel": "wheel"}


def wheel_generator(path):
    with zipfile.ZipFile(path) as z:
        name = next((n for n in z.namelist() if n.endswith(".dist-info/WHEEL")), None)
        text = z.read(name).decode("utf-8", "replace") if name else ""
    return next((l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("Generator:")), "")


def generator_mismatch(generator, chosen, project):
    """Why the generator contradicts the pins ('' when it does not, names nothing pinned, or names
    the project itself: an in-tree backend such as pdm-backend's builds with its own code)."""
    m = re.match(r"^([A-Za-z0-9_.-]+) \(?([0-9][^ )]*)\)?", generator)
    if not m:
        return ""
    name = canonicalize_name(GENERATOR_NAMES.get(m.group(1), m.group(1)))
    if name == canonicalize_name(project):
        return ""
    if name in chosen and Version(m.group(2)) != chosen[name]:
        return f"built by {generator}, but the constraints pin {name}=={chosen[name]}"
    return ""


def excused(exceptions, project, what):
    for p, w, _ in exceptions:
        if fnmatch.fnmatchcase(project, p) and fnmatch.fnmatchcase(what, w):
            return True
    return False


def download(req, cache):
    name = req.split("==")[0]
    d = os.path.join(cache, "sdists", req.replace("==", "-"))
    done = os.path.join(d, ".done")
    if not os.path.exists(done):
        fresh_dir(d)
        # --no-binary names the project only, so its build requirements may come as wheels.
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", name,
                            "-d", d, req], capture_output=True, text=True)
        with open(done, "w") as f:
            f.write("ok\n" if r.returncode == 0 else "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1] + "\n")
    status = open(done).read().strip()
    files = [f for f in os.listdir(d) if f.endswith((".tar.gz", ".zip"))]
    return (os.path.join(d, files[0]) if status == "ok" and files else None), status


def unpack(archive, dest):
    """The unpacked sdist's top directory."""
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(dest)
    else:
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")
    tops = [e for e in os.listdir(dest) if os.path.isdir(os.path.join(dest, e))]
    return os.path.join(dest, tops[0]) if len(tops) == 1 else dest


def declared_backend(src):
    try:
        import tomllib
        with open(os.path.join(src, "pyproject.toml"), "rb") as f:
            bs = tomllib.load(f).get("build-system", {})
        return bs.get("build-backend", "(none)")
    except (OSError, ValueError):
        return "(no pyproject.toml)"


# Backends whose sdist needs a version-control checkout: meson-python makes it with `meson dist`,
# which works only in a git or Mercurial checkout ("Dist currently only works with Git or Mercurial
# repos"), so both tools fail on a bare unpacked sdist. Such a project is built, by both tools, from
# a git checkout of its unpacked sdist (every file but PKG-INFO, one commit with fixed names and dates), as its
# maintainers build it from their repository.
NEEDS_CHECKOUT = ("mesonpy",)


def make_checkout(src, repo=None):
    """`repo`: the repository's top directory when the project is a subdirectory of it."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "corpus", "GIT_AUTHOR_EMAIL": "corpus@localhost",
           "GIT_COMMITTER_NAME": "corpus", "GIT_COMMITTER_EMAIL": "corpus@localhost",
           "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}
    # PKG-INFO is the sdist builder's output, never in a repository (meson-python would ship it twice).
    subprocess.run(["git", "-C", repo or src, "init", "-q"], env=env, check=True, capture_output=True)
    for cmd in (["add", "--force", "--all"], ["rm", "-q", "--cached", "--ignore-unmatch", "PKG-INFO"],
                ["commit", "-q", "--no-verify", "-m", "the sdist"]):
        subprocess.run(["git", "-C", src, *cmd], env=env, check=True, capture_output=True)


# --checkout: what a maintainer's repository has and an sdist lacks. Untracked clutter (the
# typical .gitignore below covers some of it, not all); tracked files sdists often leave out.
CLUTTER = {
    "notes.txt": "untracked notes, ignored by no .gitignore\n",
    ".venv/pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = false\n",
    ".venv/lib/python3/site-packages/six.py": "# an installed module\n",
    "build/lib/stale.py": "# an old build\n",
    ".pytest_cache/v/cache/lastfailed": "{}\n",
    ".tox/py3/pyvenv.cfg": "home = /usr/bin\n",
    "{egg}.egg-info/PKG-INFO": "Metadata-Version: 2.1\nName: stale\nVersion: 0.0.1\n",
    ".idea/workspace.xml": "<project/>\n",
    ".DS_Store": "\0\0\0\1Bud1",
    "setup.py.swp": "vim swap\n",
    "README~": "an editor backup\n",
}
TYPICAL_GITIGNORE = ("__pycache__/\n*.py[cod]\n*.egg-info/\nbuild/\ndist/\n.venv/\n.tox/\n"
                     ".pytest_cache/\n*.swp\n.idea/\n")
TRACKED_EXTRA = {
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: []\n",
    ".pre-commit-config.yaml": "repos: []\n",
    "tox.ini": "[tox]\nenv_list = py3\n",
    "docs/conf.py": "project = 'corpus'\n",
    # What maintainers keep out of `git archive`: setuptools-scm's file finder honours it (files,
    # directories, nested .gitattributes), so a setuptools-scm sdist leaves these out; the other
    # backends do not read it. A project's own .gitattributes is kept instead.
    ".gitattributes": ".github/ export-ignore\n.pre-commit-config.yaml export-ignore\n",
}
# A file git tracks although the .gitignore matches it (force-added, as `git add -f` does).
TRACKED_IGNORED = "build/keep.txt"


def _pyproject(src):
    try:
        import tomllib
        with open(os.path.join(src, "pyproject.toml"), "rb") as f:
            return tomllib.load(f)
    except (OSError, ValueError):
        return {}




def vcs_config(src):
    """(tag pattern or None, [version files], repository root relative to the project) from
    hatch-vcs, setuptools-scm and pdm-backend config."""
    tool = _pyproject(src).get("tool", {})
    hatch = tool.get("hatch", {})
    hv = hatch.get("version", {}) if isinstance(hatch.get("version"), dict) else {}
    scm = tool.get("setuptools_scm", {}) if isinstance(tool.get("setuptools_scm"), dict) else {}
    pdm = tool.get("pdm", {}).get("version", {}) if isinstance(tool.get("pdm", {}).get("version"), dict) else {}
    pattern = None
    if hv.get("source") == "vcs":
        pattern = hv.get("tag-pattern") or (hv.get("raw-options", {}) or {}).get("tag_regex")
    pattern = pattern or scm.get("tag_regex")
    # A git_describe_command's --match glob (hatch: `--match hatch-v*`) names the tags it counts.
    describe = (hv.get("raw-options") or {}).get("git_describe_command") or scm.get("git_describe_command")
    if not pattern and describe:
        argv = describe.split() if isinstance(describe, str) else [str(a) for a in describe]
        globs = [a.split("=", 1)[1] for a in argv if a.startswith("--match=")]
        globs += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--match"]
        if globs:
            pattern = fnmatch.translate(globs[0])
    if pdm.get("source") == "scm":
        pattern = pattern or pdm.get("tag_regex")
    files = []
    hook = hatch.get("build", {}).get("hooks", {}).get("vcs", {})
    if isinstance(hook, dict) and hook.get("version-file"):
        files.append(hook["version-file"])
    for key in ("version_file", "write_to"):
        if isinstance(scm.get(key), str):
            files.append(scm[key])
    if pdm.get("source") == "scm" and isinstance(pdm.get("write_to"), str):
        files.append(pdm["write_to"])  # pdm-backend writes it relative to the project root
    root = scm.get("root") if isinstance(scm.get("root"), str) else "."
    if hv.get("source") == "vcs" and isinstance((hv.get("raw-options") or {}).get("root"), str):
        root = hv["raw-options"]["root"]
    return pattern, files, root


def release_tag(name, version, pattern):
    """The tag the maintainers would push: the first of the usual spellings the project's own tag
    pattern matches (with its `version` group, if any, giving the version), else `v{version}`."""
    spellings = [f"v{version}", f"{version}", f"{name}-{version}", f"{name}-v{version}", f"release-{version}"]
    if pattern:
        for tag in spellings:
            try:
                m = re.search(pattern, tag)
            except re.error:
                break
            if m and ("version" not in m.groupdict() or m.group("version").lstrip("v") == version):
                return tag
    return spellings[0]


def sdist_version(src):
    try:
        with open(os.path.join(src, "PKG-INFO"), "rb") as f:
            h = headers(f.read())
        return h["name"][0], h["version"][0]
    except (OSError, KeyError, IndexError):
        return None, None


def strip_sdist_egg_info_section(src):
    """setuptools' sdist adds `[egg_info] tag_build = / tag_date = 0` to setup.cfg (creating the
    file when the project has none); a repository has neither."""
    path = os.path.join(src, "setup.cfg")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^\[egg_info\]\n((?:[^\[\n][^\n]*\n|\n)*)", text, re.M)
    if not section or sorted(l.replace(" ", "") for l in section.group(1).split("\n") if l.strip()) != [
            "tag_build=", "tag_date=0"]:
        return
    text = (text[:section.start()] + text[section.end():]).rstrip("\n")
    if text.strip():
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        os.remove(path)


def restore_readme(src):
    """A readme the metadata names but the sdist leaves out (platformdirs' sdist has no README.md,
    its fancy-pypi-readme fragment) is written from PKG-INFO's description, which is that file
    when it is the only fragment."""
    cfg = _pyproject(src)
    readme = cfg.get("project", {}).get("readme")
    paths = [readme] if isinstance(readme, str) else []
    fancy = cfg.get("tool", {}).get("hatch", {}).get("metadata", {}).get("hooks", {}).get("fancy-pypi-readme", {})
    fragments = fancy.get("fragments", []) if isinstance(fancy, dict) else []
    if len(fragments) == 1 and isinstance(fragments[0], dict) and isinstance(fragments[0].get("path"), str):
        paths.append(fragments[0]["path"])
    missing = [p for p in paths if not os.path.exists(os.path.join(src, p))]
    if not missing:
        return []
    with open(os.path.join(src, "PKG-INFO"), "rb") as f:
        msg = email.parser.BytesParser().parsebytes(f.read())
    body = msg.get_payload(decode=True) or b""
    for p in missing:
        with open(os.path.join(src, p), "wb") as f:
            f.write(body)
    return missing


def make_real_checkout(src):
    """Turns the unpacked sdist into a maintainer's git checkout (the --checkout recipe, fixed and
    deterministic; see the module docstring). Returns (tag, [what the recipe changed], the
    repository's top directory)."""
    name, version = sdist_version(src)
    notes = []
    pattern, version_files, scm_root = vcs_config(src)
    # A monorepo's project (setuptools-scm's own: `root = ".."`) sits in a subdirectory of the
    # repository: the unpack directory above it becomes the repository.
    repo = os.path.normpath(os.path.join(src, scm_root)) if scm_root in ("..",) else src
    # Tracked files an sdist often leaves out (the project's own copy is kept when it has one).
    for rel, text in TRACKED_EXTRA.items():
        path = os.path.join(src, rel)
        if not os.path.lexists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    gitignore = os.path.join(src, ".gitignore")
    if not os.path.lexists(gitignore):
        with open(gitignore, "w", encoding="utf-8") as f:
            f.write(TYPICAL_GITIGNORE)
        notes.append("typical .gitignore")
    # The VCS plugin's version file is written by the build; maintainers ignore it, not commit it.
    generated = [v for v in version_files if os.path.isfile(os.path.join(src, v))]
    if generated:
        with open(gitignore, "a", encoding="utf-8") as f:
            f.write("".join(f"\n/{v}\n" for v in generated))
    strip_sdist_egg_info_section(src)
    notes += [f"{p} from PKG-INFO" for p in restore_readme(src)]
    make_checkout(src, repo)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    # The sdist builder's output is no repository's: setuptools' egg-info (left on disk, untracked,
    # as after a local build) and PKG-INFO (make_checkout untracks it; a checkout has none).
    os.remove(os.path.join(src, "PKG-INFO"))
    listed = subprocess.run(["git", "-C", src, "ls-files", "-z"], env=env, check=True, capture_output=True).stdout
    egg_info = [f for f in listed.decode().split("\0") if f and re.search(r"(^|/)[^/]+\.egg-info/", f)]
    if egg_info:
        subprocess.run(["git", "-C", src, "rm", "-q", "--cached", "--", *egg_info], env=env, check=True,
                       capture_output=True)
    if generated:
        subprocess.run(["git", "-C", src, "rm", "-q", "--cached", "--", *generated], env=env, check=True,
                       capture_output=True)
    # A tracked file the .gitignore matches (force-added). hatchling never asks git and leaves
    # such a file out, so pyrelease hands every hatchling checkout with one to hatchling (a path
    # reason, unit-tested): adding it to hatchling projects would hide their native build from
    # this comparison, so only the other backends get it.
    # A project whose module is called `build` (pypa/build, in src/build) keeps no build/ output
    # in its root: flit_core would find two candidate modules and refuse, as with any such tree.
    module_named_build = any(os.path.exists(os.path.join(src, p)) for p in ("src/build", "build.py", "src/build.py"))
    if declared_backend(src) != "hatchling.build" and not module_named_build:
        path = os.path.join(src, TRACKED_IGNORED)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("tracked, though .gitignore's build/ matches it\n")
        subprocess.run(["git", "-C", src, "add", "--force", "--", TRACKED_IGNORED], env=env, check=True,
                       capture_output=True)
    commit_env = {**env, "GIT_AUTHOR_NAME": "corpus", "GIT_AUTHOR_EMAIL": "corpus@localhost",
                  "GIT_COMMITTER_NAME": "corpus", "GIT_COMMITTER_EMAIL": "corpus@localhost",
                  "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}
    subprocess.run(["git", "-C", src, "commit", "-q", "--no-verify", "--amend", "-m", "the release"],
                   env=commit_env, check=True, capture_output=True)
    tag = release_tag(name or "", version or "0", pattern)
    subprocess.run(["git", "-C", src, "tag", "-a", "-m", tag, tag], env=commit_env, check=True, capture_output=True)
    # Untracked clutter, written after the commit: bytecode in every package directory too.
    egg = re.sub(r"[-.]+", "_", name or "project")
    for rel, text in CLUTTER.items():
        if module_named_build and rel.startswith("build/"):
            continue
        path = os.path.join(src, rel.format(egg=egg))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(src, "dist"), exist_ok=True)
    with tarfile.open(os.path.join(src, "dist", f"{egg}-0.0.1.tar.gz"), "w:gz"):
        pass  # an old release's archive
    for d, dirs, files in os.walk(src):
        dirs[:] = [x for x in dirs if not x.startswith(".") and x not in ("build", "dist", "__pycache__")]
        if "__init__.py" in files:
            os.makedirs(os.path.join(d, "__pycache__"), exist_ok=True)
            with open(os.path.join(d, "__pycache__", "__init__.cpython-312.pyc"), "wb") as f:
                f.write(b"\xcb\r\r\n" + bytes(12))
    return tag, notes, repo


def members_of(path):
    """{member: bytes} of a wheel, or of an sdist relative to its top directory (a symbolic link
    member stands for its mode and text)."""
    out = {}
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if not n.endswith("/"):
                    out[n] = z.read(n)
    else:
        with tarfile.open(path) as t:
            for m in t.getmembers():
                name = m.name.split("/", 1)[1] if "/" in m.name else m.name
                if m.isfile():
                    out[name] = t.extractfile(m).read()
                elif m.issym():  # a link member: its text and mode are what is compared
                    out[name] = f"symbolic link {oct(m.mode)} -> {m.linkname}".encode()
    return out


def headers(data):
    msg = email.parser.BytesParser().parsebytes(data)
    fields = {}
    for k, v in msg.items():
        fields.setdefault(k.lower(), []).append(" ".join(str(v).split()))
    body = msg.get_payload(decode=False) or ""
    fields["(description body)"] = [body.strip()]
    return fields


def compare_fields(kind, a, b, skip=()):
    diffs = []
    fa, fb = headers(a), headers(b)
    for k in sorted(set(fa) | set(fb)):
        if k in skip:
            continue
        if sorted(fa.get(k, [])) != sorted(fb.get(k, [])):
            diffs.append((f"{kind}:{k}", f"pyrelease {fa.get(k, [])[:3]!r} vs backend {fb.get(k, [])[:3]!r}"[:300]))
    return diffs


def compare_compiled(kind, name, a, b):
    """The difference two compilations of one ELF member show, section by section (elf_sections):
    `build-paths:<member>` when only the sections that carry the build directory and build ID
    differ (exceptions.txt accepts that kind, and the sections are named), else `<kind>:<member>`
    naming the sections whose code or data differ."""
    try:
        accepted, real = compare_elf(a, b)
    except ElfError as e:
        return (f"{kind}:{name}", f"content differs (ELF unreadable: {e})")
    if real:
        also = f"; also {', '.join(accepted)}" if accepted else ""
        return (f"{kind}:{name}", f"compiled code or data differ in {', '.join(real)}{also}")
    return (f"build-paths:{name}", "differs only in the sections carrying the build directory: " + ", ".join(accepted))


def compare_text(kind, name, a, b):
    """The difference of a member that is not compiled code (temp_paths): `temp-paths:<member>`
    when it is text differing only in the random temporary directory named in its paths
    (exceptions.txt may accept that for one member), else `<kind>:<member>`."""
    why = text_differs_beyond_temp_paths(a, b)
    if why is None:
        return (f"temp-paths:{name}", "differs only in the random temporary directory named in its paths")
    return (f"{kind}:{name}", "content differs" + ("" if why == "not UTF-8 text" else f" ({why})"))


def compare_archives(kind, ours, theirs, generated):
    diffs = []
    a, b = members_of(ours), members_of(theirs)
    for n in sorted(set(a) - set(b)):
        if not any(fnmatch.fnmatchcase(n, g) for g in generated):
            diffs.append((f"{kind}:{n}", "only pyrelease ships it"))
    for n in sorted(set(b) - set(a)):
        if not any(fnmatch.fnmatchcase(n, g) for g in generated):
            diffs.append((f"{kind}:{n}", "only the backend ships it"))
    for n in sorted(set(a) & set(b)):
        if any(fnmatch.fnmatchcase(n, g) for g in generated):
            continue
        if hashlib.sha256(a[n]).digest() != hashlib.sha256(b[n]).digest():
            diffs.append(compare_compiled(kind, n, a[n], b[n]) if is_elf(a[n]) and is_elf(b[n])
                         else compare_text(kind, n, a[n], b[n]))
    meta = "*.dist-info/METADATA" if kind == "wheel" else "PKG-INFO"
    ma = [n for n in a if fnmatch.fnmatchcase(n, meta)]
    mb = [n for n in b if fnmatch.fnmatchcase(n, meta)]
    if ma and mb:
        diffs += compare_fields("metadata" if kind == "wheel" else "pkg-info", a[ma[0]], b[mb[0]])
    wa = [n for n in a if fnmatch.fnmatchcase(n, "*.dist-info/WHEEL")]
    wb = [n for n in b if fnmatch.fnmatchcase(n, "*.dist-info/WHEEL")]
    if wa and wb:
        diffs += compare_fields("wheel-file", a[wa[0]], b[wb[0]], skip=("generator", "(description body)"))
    return diffs


def one_file(d, suffix):
    files = [f for f in os.listdir(d) if f.endswith(suffix)] if os.path.isdir(d) else []
    return os.path.join(d, files[0]) if len(files) == 1 else None


def last_error(text):
    lines = [l for l in text.splitlines() if "error" in l.lower()] or text.splitlines() or ["(no output)"]
    return lines[0].strip()[:240]


def claim_work_dir(work):
    """Holds an exclusive lock on WORK.lock for this run's lifetime, or exits naming the other run."""
    lock = open(work.rstrip("/") + ".lock", "a+", encoding="utf-8")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "another run"
        sys.exit(f"compare.py: {work} is in use by {holder}; give this run its own --work DIR")
    lock.truncate(0)
    lock.write(f"compare.py pid {os.getpid()}\n")
    lock.flush()
    return lock


def run_timed(cmd, env=None):
    """(exit code, stdout + stderr, wall seconds, CPU seconds of the command and its children)."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(p.pid, 0)  # wait4: the child's own rusage, not the whole process's
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return p.returncode, text, wall, usage.ru_utime + usage.ru_stime


def run_project(req, archive, args, build_cmd, backend_flag, exceptions):
    name = req.split("==")[0]
    work = fresh_dir(os.path.join(args.work, req.replace("==", "-")))
    src = unpack(archive, os.path.join(work, "src"))
    backend = declared_backend(src)
    tag, repo = "", src
    if args.checkout:
        tag, _, repo = make_real_checkout(src)
    elif backend in NEEDS_CHECKOUT:
        make_checkout(src)
    # Both tools write into the tree they build (egg-info, version files, meson's build
    # directory): in checkout mode each gets its own copy of the checkout.
    src_ours = src_theirs = src
    if args.checkout:
        copies = os.path.join(work, "checkout-pyrelease"), os.path.join(work, "checkout-backend")
        for copy in copies:
            shutil.copytree(repo, copy, symlinks=True)
        src_ours, src_theirs = (os.path.normpath(os.path.join(c, os.path.relpath(src, repo))) for c in copies)
    result = {"req": req, "backend": backend, "path": "native", "status": "equal", "diffs": [], "tag": tag,
              "t_pyrelease": 0.0, "t_build": 0.0,
              "cpu_pyrelease": 0.0, "cpu_build": 0.0, "path_line": "",
              "reused": False, "generator": "", "constraints": {}}

    # The pinned backends, for both tools: pyrelease reads PIP_CONSTRAINT (and hands it to uv);
    # python -m build takes its own option (with uv it passes `-c`, which outranks UV_CONSTRAINT).
    chosen, unpinnable = project_pins(src, args.pins, args.pin_needs)
    constraints = os.path.join(work, "constraints.txt")
    with open(constraints, "w", encoding="utf-8") as f:
        f.writelines(f"{n}=={v}\n" for n, v in sorted(chosen.items()))
    result["constraints"] = {n: str(v) for n, v in sorted(chosen.items())}
    env = {k: v for k, v in os.environ.items() if k not in ("PIP_CONSTRAINT", "UV_CONSTRAINT")}
    env["PIP_CONSTRAINT"] = constraints

    ours = os.path.join(work, "pyrelease")
    rc, out, result["t_pyrelease"], result["cpu_pyrelease"] = run_timed(
        [args.pyrelease, "build", "--project", src_ours, "--outdir", ours, *backend_flag], env)
    if any(l.startswith("pep517") for l in out.splitlines()):
        result["path"] = "pep517"
    result["path_line"] = next((l for l in out.splitlines() if l.startswith(("pep517", "native"))), "")

    theirs = os.path.join(work, "backend")
    kept = os.path.join(args.cache, "backend-checkout" if args.checkout else "backend", req.replace("==", "-"))
    if args.reuse_backend and os.path.exists(os.path.join(kept, ".done")):
        theirs, brc, bout = kept, 0, ""
        result["reused"] = True
    else:
        pin_args = ["--dependency-constraints-txt", constraints] if args.build_takes_constraints else []
        brc, bout, result["t_build"], result["cpu_build"] = run_timed(
            [*build_cmd, *pin_args, "--outdir", theirs, src_theirs], env)
        if brc == 0 and args.reuse_backend:
            fresh_dir(kept)
            for f in os.listdir(theirs):
                shutil.copy2(os.path.join(theirs, f), kept)
            with open(os.path.join(kept, ".done"), "w") as f:
                f.write("ok\n")

    if rc != 0:
        result["status"] = "refused"
        result["diffs"] = [("refused", last_error(out))]
    elif brc != 0:
        result["status"] = "backend-failed"
        result["diffs"] = [("backend-failed", last_error(bout))]
    else:
        ow, tw = one_file(ours, ".whl"), one_file(theirs, ".whl")
        os_, ts = one_file(ours, ".tar.gz"), one_file(theirs, ".tar.gz")
        if not (ow and tw and os_ and ts):
            result["diffs"].append(("archives", "missing an sdist or a wheel"))
        else:
            if os.path.basename(ow) != os.path.basename(tw):
                result["diffs"].append(("wheel-name", f"{os.path.basename(ow)} vs {os.path.basename(tw)}"))
            result["diffs"] += compare_archives("wheel", ow, tw, GENERATED_WHEEL)
            result["diffs"] += compare_archives("sdist", os_, ts, GENERATED_SDIST)
            # The pins reached both environments: each backend-built wheel names the pinned version.
            result["generator"] = wheel_generator(tw)
            built_by = [("backend", tw)] + ([("pyrelease", ow)] if result["path"] == "pep517" else [])
            for who, whl in built_by:
                why = generator_mismatch(wheel_generator(whl), chosen, name)
                if why:
                    result["diffs"].append((f"pins:{who}", why))
        for name in unpinnable:
            result["diffs"].append(("pins:unlisted", f"no version of {name} in backends.txt satisfies "
                                    f"build-system.requires {build_requires(src)}"))
        if result["diffs"]:
            result["status"] = "different"
    result["unexcused"] = [d for d in result["diffs"] if not excused(exceptions, name, d[0])]
    if not args.keep:
        remove_tree(work)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pyrelease")
    ap.add_argument("--cache", default=default_cache())
    ap.add_argument("--work", default=None)
    ap.add_argument("--list", default=os.path.join(HERE, "projects.txt"))
    ap.add_argument("--exceptions", default=os.path.join(HERE, "exceptions.txt"))
    ap.add_argument("--pins", default=os.path.join(HERE, "backends.txt"),
                    help="the pinned build backends and plugins (name==version lines)")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--download-only", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the unpacked trees and built archives")
    ap.add_argument("--json", default=None, help="also write every project's result (all differences) here")
    ap.add_argument("--reuse-backend", action="store_true",
                    help="keep python -m build's archives in the cache and compare with those on reruns "
                         "(for working on one difference; the timed and CI runs build both every time)")
    ap.add_argument("--checkout", action="store_true",
                    help="build each project from a git checkout made of its sdist (tagged, with clutter), not the sdist")
    ap.add_argument("--jobs", type=int, default=2, help="parallel downloads and projects built at once")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    projects = read_projects(args.list)
    if args.only:
        projects = [p for p in projects if p.split("==")[0] in args.only]
    exceptions = read_exceptions(args.exceptions)
    args.pins_path = args.pins
    args.pins, args.pin_needs = read_pins(args.pins)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        fetched = list(pool.map(lambda p: (p, *download(p, args.cache)), projects))
    if args.download_only:
        for p, archive, status in fetched:
            print(f"{'ok  ' if archive else 'FAIL'} {p}: {status}")
        return 0

    help_text = subprocess.run([args.pyrelease, "build", "--help"], capture_output=True, text=True).stdout
    backend_flag = ["--backend", "auto"] if "--backend" in help_text else []
    build_help = subprocess.run([sys.executable, "-m", "build", "--help"], capture_output=True, text=True).stdout
    build_cmd = [sys.executable, "-m", "build"]
    if "--installer" in build_help and shutil.which("uv"):
        build_cmd += ["--installer", "uv"]
    # build >= 1.3 takes a constraints file for both of its installs, with pip and with uv; an
    # older one leaves PIP_CONSTRAINT to pip (with uv the pins would not apply: the generator check
    # reports that).
    args.build_takes_constraints = "--dependency-constraints-txt" in build_help
    print(f"pinned backends ({args.pins_path}): " +
          ", ".join(f"{n}=={'|'.join(str(v) for v in vs)}" for n, vs in sorted(args.pins.items())), flush=True)
    # The checkouts are built outside ~/.cache: hatchling applies none of a .gitignore's patterns
    # when they match the project's own path, and 47 of the corpus's 69 root .gitignore files
    # ignore `.cache/` (pyrelease then hands the project to hatchling, naming a file that differs).
    args.work = args.work or (os.path.join(os.path.expanduser("~"), "pyrelease-realworld-checkouts")
                              if args.checkout else os.path.join(args.cache, "work"))
    # Two runs with the same --work would remove each other's trees (fresh_dir below, and each
    # project's own): the second one stops here instead.
    args.work_lock = claim_work_dir(args.work)
    fresh_dir(args.work)

    results, unavailable = [], []
    available = []
    for req, archive, status in fetched:
        if archive:
            available.append((req, archive))
        else:
            unavailable.append(f"{req}: {status}")
    # --jobs projects at a time (each one runs both builds in turn); lines come in list order.
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_project, req, archive, args, build_cmd, backend_flag, exceptions)
                   for req, archive in available]
        for (req, _), future in zip(available, futures):
            try:
                res = future.result()
            except Exception as e:  # one project's harness error (an OSError, say) fails that project
                res = {"req": req, "backend": "?", "path": "?", "status": "error", "diffs": [("error", repr(e))],
                       "t_pyrelease": 0.0, "t_build": 0.0, "cpu_pyrelease": 0.0, "cpu_build": 0.0,
                       "path_line": "", "reused": False, "generator": "", "constraints": {}}
                res["unexcused"] = res["diffs"]
            results.append(res)
            flag = "ok  " if not res["unexcused"] else "FAIL"
            first = res["unexcused"][0] if res["unexcused"] else (res["diffs"][0] if res["diffs"] else None)
            detail = f"{first[0]}: {first[1]}" if first else ""
            more = f" (+{len(res['diffs']) - 1} more)" if len(res["diffs"]) > 1 else ""
            print(f"{flag} {res['status']:<14} {res['path']:<6} {res['req']:<36} [{res['backend']}: {res['generator']}] "
                  f"{res['t_pyrelease']:.2f}s/{res['cpu_pyrelease']:.2f}s cpu vs {res['t_build']:.1f}s/{res['cpu_build']:.1f}s cpu "
                  f"{detail}{more}", flush=True)
            if res["path_line"] and res["path"] == "pep517":
                print(f"       {res['path_line'][:300]}")
            for what, why in res["unexcused"][1:12]:
                print(f"       {what}: {why}")
    for u in unavailable:
        print(f"unavailable {u}")
    # Equal: nothing differs but what exceptions.txt documents; identical: not even that.
    identical = sum(1 for r in results if r["status"] == "equal")
    equal = sum(1 for r in results if not r["unexcused"])
    native = sum(1 for r in results if r["status"] != "refused" and r["path"] == "native")
    pep517 = sum(1 for r in results if r["status"] != "refused" and r["path"] == "pep517")
    counts = {s: sum(1 for r in results if r["status"] == s)
              for s in ("refused", "different", "backend-failed", "error")}
    print(f"equal {equal}/{len(results)} ({identical} identical, {equal - identical} with documented "
          f"differences only); native {native}, pep517 {pep517}; "
          f"refused {counts['refused']}, different {counts['different']}, backend failed {counts['backend-failed']}, "
          f"harness errors {counts['error']}; "
          f"{len(unavailable)} unavailable")
    # Wall and CPU seconds of both tools, per path `pyrelease build` took (CPU is the fairer figure
    # on a loaded machine).
    for path in ("native", "pep517"):
        rs = [r for r in results if r["path"] == path and r["status"] != "refused" and not r["reused"]]
        if rs:
            print(f"time ({path}, {len(rs)} projects): pyrelease build {sum(r['t_pyrelease'] for r in rs):.1f}s wall "
                  f"{sum(r['cpu_pyrelease'] for r in rs):.1f}s cpu; python -m build {sum(r['t_build'] for r in rs):.1f}s "
                  f"wall {sum(r['cpu_build'] for r in rs):.1f}s cpu")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    if not args.keep:
        remove_tree(args.work)
    return 1 if any(r["unexcused"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
