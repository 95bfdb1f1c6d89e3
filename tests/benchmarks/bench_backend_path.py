#!/usr/bin/env python3
"""Backend-path benchmark: `pyrelease build` through a project's PEP 517 backend beside
`python -m build` on the same project, with isolation (pip-made and uv-made environments) and
with --no-isolation.

usage: bench_backend_path.py --pyrelease PATH [--repeat N] [--work DIR]

The project is a small hatchling project with a custom build hook (so `auto` takes the backend
path). Runs are interleaved (A B C ... A B C ...), and each row prints the median wall time and
the median CPU time (user + sys of the process tree) with its ratio to the `python -m build`
counterpart: below 1.0 is faster than build. Isolated builds install hatchling from the configured
index each time (as `python -m build` does), so the network is part of what is measured.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402

PYPROJECT = """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "bench-hooked"
version = "1.0.0"
description = "backend-path benchmark"

[tool.hatch.build.hooks.custom]
"""
HOOK = """from hatchling.builders.hooks.plugin.interface import BuildHookInterface

class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        pass
"""


def make_project(root):
    (root / "bench_hooked").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "hatch_build.py").write_text(HOOK)
    for i in range(20):
        (root / "bench_hooked" / f"mod{i:02d}.py").write_text("# module\n" + "x = 1\n" * 800)
    (root / "bench_hooked" / "__init__.py").write_text("")


def timed(cmd, env):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr.read().decode()}")
    # Children's CPU (venv, pip/uv, the backend) is what dominates: count the whole tree.
    return elapsed, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrelease", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", default="/tmp/pyrelease-bench-backend")
    args = ap.parse_args()
    pyrelease = os.path.abspath(args.pyrelease)
    work = fresh_dir(Path(args.work))
    project = work / "project"
    make_project(project)
    out = work / "out"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    have_uv = shutil.which("uv") is not None

    def pyr(*extra):
        return [pyrelease, "build", "--project", str(project), "--outdir", str(out), *extra]

    def bld(*extra):
        return [sys.executable, "-m", "build", "--outdir", str(out), *extra, str(project)]

    # (label, command, label of the python -m build row it is compared with)
    runs = [
        ("python -m build (venv+pip)", bld(), None),
        ("pyrelease build --installer pip", pyr("--installer", "pip"), "python -m build (venv+pip)"),
        ("python -m build -n", bld("--no-isolation"), None),
        ("pyrelease build --no-isolation", pyr("--no-isolation"), "python -m build -n"),
    ]
    if have_uv:
        runs += [
            ("python -m build --installer uv", bld("--installer", "uv"), None),
            ("pyrelease build (uv)", pyr("--installer", "uv"), "python -m build --installer uv"),
        ]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    samples = {label: ([], []) for label, _, _ in runs}
    for _ in range(args.repeat):
        for label, cmd, _ in runs:
            fresh_dir(out)
            wall, cpu = timed(cmd, env)
            samples[label][0].append(wall)
            samples[label][1].append(cpu)
    print(f"backend path (hatchling + custom build hook, 21 modules), {args.repeat} interleaved runs, "
          f"load average before: {load}")
    print(f"{'':38} {'wall':>8} {'CPU':>8} {'wall ratio':>11} {'CPU ratio':>10}")
    med = {label: (statistics.median(w), statistics.median(c)) for label, (w, c) in samples.items()}
    for label, _, peer in runs:
        wall, cpu = med[label]
        ratio = ""
        if peer:
            ratio = f"{wall / med[peer][0]:>11.2f} {cpu / med[peer][1]:>10.2f}"
        print(f"{label:38} {wall:>7.2f}s {cpu:>7.2f}s {ratio}")
    if have_uv:
        wall, cpu = med["pyrelease build (uv)"]
        base = med["python -m build (venv+pip)"]
        print(f"{'pyrelease build (uv) / build (venv+pip)':38} {'':>8} {'':>8} {wall / base[0]:>11.2f} "
              f"{cpu / base[1]:>10.2f}")
    print("ratios: pyrelease / python -m build on the row's counterpart (target: <= 1.00; with uv, < 1.00)")


if __name__ == "__main__":
    main()
