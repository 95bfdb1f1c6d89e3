"""Writes the fuzz seed corpora from the repository's own test inputs (nothing third-party).

    make_seeds.py PYRELEASE TESTS_DIR OUT_DIR STAMP

OUT_DIR/<target>/ per target (see fuzz_targets.h): pyproject.toml files of tests/projects and
tests/data; the sdists and wheels `pyrelease build` makes of the fixture projects (zip, tar); the
METADATA / PKG-INFO files inside them (metadata); the .rst files of the fixtures (rst); plus the
small hand-made seeds committed in tests/fuzz/seeds/<target>/.
"""
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402

TARGETS = ["pyproject", "metadata", "rst", "zip", "tar", "pypirc"]


def main():
    pyrelease, tests_dir, out, stamp = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    if out.is_dir() and not out.is_symlink() and not any(out.iterdir()):
        out.rmdir()  # an empty folder made by someone else (a generator) is adopted, never a full one
    root = fresh_dir(out)
    dirs = {t: root / t for t in TARGETS}
    for d in dirs.values():
        d.mkdir()

    def keep(target, name, data):
        (dirs[target] / name).write_bytes(data)

    projects = sorted(p for p in (tests_dir / "projects").iterdir() if (p / "pyproject.toml").is_file())
    for p in projects:
        keep("pyproject", f"{p.name}.toml", (p / "pyproject.toml").read_bytes())
        for rst in sorted(p.rglob("*.rst")):
            keep("rst", f"{p.name}-{rst.name}", rst.read_bytes())
    for toml in sorted((tests_dir / "data").rglob("*.toml")):
        keep("pyproject", f"{toml.parent.name}-{toml.name}", toml.read_bytes())

    dists = root / "dists"
    dists.mkdir()
    for p in projects:
        outdir = dists / p.name
        r = subprocess.run([pyrelease, "build", "--project", str(p), "--outdir", str(outdir)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print(f"make_seeds: {p.name} not built (seeds from the others): {r.stderr.strip()[:200]}")
            continue
        for wheel in outdir.glob("*.whl"):
            keep("zip", wheel.name, wheel.read_bytes())
            with zipfile.ZipFile(wheel) as z:
                for n in z.namelist():
                    if n.endswith(".dist-info/METADATA"):
                        keep("metadata", f"{p.name}-METADATA", z.read(n))
        for sdist in outdir.glob("*.tar.gz"):
            keep("tar", sdist.name, sdist.read_bytes())
            with tarfile.open(sdist) as t:
                for m in t.getmembers():
                    if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"):
                        keep("metadata", f"{p.name}-PKG-INFO", t.extractfile(m).read())

    hand_made = Path(__file__).resolve().parent / "seeds"
    for t in TARGETS:
        if (hand_made / t).is_dir():
            for f in sorted((hand_made / t).iterdir()):
                if f.is_file():
                    shutil.copyfile(f, dirs[t] / f"hand-{f.name}")
    counts = {t: sum(1 for _ in dirs[t].iterdir()) for t in TARGETS}
    print("make_seeds: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    empty = [t for t, n in counts.items() if n == 0]
    if empty:
        sys.exit(f"make_seeds: no seeds for {', '.join(empty)}")
    stamp.write_text("ok\n")


if __name__ == "__main__":
    main()
