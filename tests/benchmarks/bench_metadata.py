#!/usr/bin/env python3
"""Benchmark: `pyrelease metadata` beside the backends' own metadata step (not a CTest).

For each fixture project in tests/projects, time (median of N runs, wall clock):
  * pyrelease: `pyrelease metadata --project P --core-metadata` (parse pyproject.toml, validate,
    resolve dynamic fields, render METADATA);
  * backend:   a fresh Python process calling the project's PEP 517
    `prepare_metadata_for_build_wheel` hook (what `pip` and `python -m build` run to learn the
    metadata, minus their own start-up and isolation), in a scratch output directory.
Prints both medians and the ratio backend/pyrelease.

usage: bench_metadata.py PYRELEASE [--runs N]
"""
import argparse
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import new_owned_temp_dir, owned_temp_dir, remove_tree  # noqa: E402

HERE = Path(__file__).resolve().parent
PROJECTS = HERE.parent / "projects"

HOOK = """
import importlib, sys
name, _, obj = sys.argv[1].partition(":")
backend = importlib.import_module(name)
for part in filter(None, obj.split(".")):
    backend = getattr(backend, part)
backend.prepare_metadata_for_build_wheel(sys.argv[2])
"""


def timed(cmd, cwd=None):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {proc.stderr[-2000:]}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pyrelease")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    rows = []
    scratch = new_owned_temp_dir("bench_metadata_")
    for source in sorted(PROJECTS.iterdir()):
        if not (source / "pyproject.toml").is_file():
            continue
        # setuptools writes *.egg-info into the tree: work on a copy.
        project = scratch / source.name
        shutil.copytree(source, project)
        pyproject = project / "pyproject.toml"
        backend = tomllib.loads(pyproject.read_text())["build-system"]["build-backend"]
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(timed([args.pyrelease, "metadata", "--project", str(project), "--core-metadata"]))
            with owned_temp_dir() as out:
                theirs.append(timed([sys.executable, "-c", HOOK, backend, str(out)], cwd=project))
        rows.append((project.name, backend, statistics.median(ours), statistics.median(theirs)))
    remove_tree(scratch)
    print(f"{'project':16} {'backend':28} {'pyrelease ms':>13} {'backend ms':>11} {'ratio':>7}")
    for name, backend, a, b in rows:
        print(f"{name:16} {backend:28} {a * 1000:13.1f} {b * 1000:11.1f} {b / a:7.1f}x")
    total_a = sum(r[2] for r in rows)
    total_b = sum(r[3] for r in rows)
    print(f"{'all':16} {'':28} {total_a * 1000:13.1f} {total_b * 1000:11.1f} {total_b / total_a:7.1f}x")


if __name__ == "__main__":
    main()
