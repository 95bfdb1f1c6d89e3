#!/usr/bin/env python3
"""Build benchmark: `pyrelease build` beside `python -m build --no-isolation` (flit_core and
hatchling) and `uv build` (uv_build's direct, in-process Rust path), on synthetic projects.

usage: bench_build.py --pyrelease PATH [--sizes small,medium,large] [--repeat N] [--work DIR]

Every tool builds the sdist and the wheel of the same generated project (genproject.py; one copy
per backend). Prints, per size, the median wall time and the median CPU time (user + sys of the
whole process tree, which a busy machine distorts less) over N runs, their ratios to pyrelease on
the same project, and the peak RSS of the build's process tree (wait4's ru_maxrss).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir, remove_tree  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, cwd=None):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def human(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrelease", required=True)
    ap.add_argument("--sizes", default="small,medium")
    ap.add_argument("--repeat", type=int, default=0, help="runs per tool (default: 9 small, 5 medium, 3 large)")
    ap.add_argument("--work", default="/tmp/pyrelease-bench")
    args = ap.parse_args()
    pyrelease = os.path.abspath(args.pyrelease)
    if not os.path.lexists(args.work):
        fresh_dir(args.work)  # marked: the projects and outputs below are deleted only inside it
    env_epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    os.environ.update(env_epoch)
    rows = []
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    for size in args.sizes.split(","):
        repeat = args.repeat or {"small": 9, "medium": 5, "large": 3}[size]
        projects = {}
        for backend in ("flit", "hatch", "uv"):
            dest = os.path.join(args.work, f"{size}-{backend}")
            if not os.path.exists(os.path.join(dest, "pyproject.toml")):
                remove_tree(dest)
                subprocess.run([sys.executable, os.path.join(HERE, "genproject.py"), dest, "--size", size,
                                "--backend", backend], check=True)
            projects[backend] = dest
        out = os.path.join(args.work, "out")
        tools = [
            ("pyrelease build (hatch project)", [pyrelease, "build", "--project", projects["hatch"], "--outdir", out], "hatch"),
            ("pyrelease build (flit project)", [pyrelease, "build", "--project", projects["flit"], "--outdir", out], "flit"),
            ("pyrelease build (uv project)", [pyrelease, "build", "--project", projects["uv"], "--outdir", out], "uv"),
            ("python -m build --no-isolation (hatchling)", [sys.executable, "-m", "build", "--no-isolation", "--outdir", out, projects["hatch"]], "hatch"),
            ("python -m build --no-isolation (flit_core)", [sys.executable, "-m", "build", "--no-isolation", "--outdir", out, projects["flit"]], "flit"),
        ]
        if shutil.which("uv"):
            tools.append(("uv build (uv_build direct)", ["uv", "build", "--offline", "--quiet", "--out-dir", out, projects["uv"]], "uv"))
        results = {}
        for label, cmd, backend in tools:
            times, cpus, peak = [], [], 0
            for _ in range(repeat):
                remove_tree(out)
                elapsed, rss, cpu = timed(cmd)
                times.append(elapsed)
                cpus.append(cpu)
                peak = max(peak, rss)
            built = sorted(os.listdir(out))
            sizes = sum(os.path.getsize(os.path.join(out, f)) for f in built)
            cpu = statistics.median(cpus)
            results[label] = (statistics.median(times), cpu, peak, sizes, backend)
            print(f"  {size:6} {label:44} median {statistics.median(times) * 1000:9.1f} ms  CPU {cpu * 1000:9.1f} ms"
                  f"  peak RSS {human(peak):>10}  dists {human(sizes)}", file=sys.stderr)
        ours = {r[4]: r for l, r in results.items() if l.startswith("pyrelease")}
        for label, (med, cpu, peak, dist_bytes, backend) in results.items():
            rows.append((size, label, med, med / ours[backend][0], cpu, cpu / max(ours[backend][1], 1e-4), peak, dist_bytes))
    print()
    print(f"load average before/after: {load_before} / {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} cores")
    print()
    print("| size | tool | wall (median) | × pyrelease | CPU user+sys (median) | × pyrelease | peak RSS | sdist + wheel |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for size, label, med, ratio, cpu, cpu_ratio, peak, dist_bytes in rows:
        print(f"| {size} | {label} | {med * 1000:.0f} ms | {ratio:.1f}× | {cpu * 1000:.0f} ms | {cpu_ratio:.1f}× "
              f"| {human(peak)} | {human(dist_bytes)} |")


if __name__ == "__main__":
    main()
