#!/usr/bin/env python3
"""Benchmark: `pyrelease check` beside `twine check` on the same files (not a CTest).

Small dists (the fixture projects as pyrelease builds them) and large ones (a wheel and an sdist
of ~10 MB and ~100 MB, mostly incompressible data, so sizes are real). Prints, per file, the
median wall time and peak RSS of each tool over N runs and the ratio. pyrelease does more
work than twine here: it streams every member through sha256 to verify RECORD, validates the ZIP
framing and reads the whole tar, while twine reads only the metadata.

usage: bench_check.py PYRELEASE [--runs N] [--work DIR]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "check"))
import check_corpus as cc  # noqa: E402


def run(cmd):
    """(wall seconds, CPU seconds, peak RSS in MiB, exit code) of one run.

    CPU time comes from wait4's rusage (exact for the child). Peak RSS is sampled from
    /proc/<pid>/status (VmHWM): ru_maxrss would include the RSS this driver had at fork time.
    """
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kb = 0
    status_path = f"/proc/{p.pid}/status"
    while True:
        try:
            with open(status_path) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.0005)
    elapsed = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, peak_kb / 1024.0, p.returncode


def measure(cmd, runs):
    walls, cpus, rss, code = [], [], [], None
    for _ in range(runs):
        w, c, m, code = run(cmd)
        walls.append(w)
        cpus.append(c)
        rss.append(m)
    return statistics.median(walls), statistics.median(cpus), max(rss), code


def make_large(base_wheel, base_sdist, out_dir, megabytes):
    members = cc.read_wheel(base_wheel)
    # "100 MB" stays just under PyPI's 100 MiB default limit, so both tools accept it.
    blob = os.urandom(int(megabytes * 0.95 * (1 << 20)))
    name = os.path.basename(base_wheel)
    d = os.path.join(out_dir, f"{megabytes}mb")
    os.makedirs(d, exist_ok=True)
    wheel = cc.write_wheel(os.path.join(d, name), members + [("flat_demo/data.bin", blob)])
    smembers = cc.read_sdist(base_sdist)
    top = smembers[0][0].split("/")[0]
    sdist = cc.write_sdist(os.path.join(d, os.path.basename(base_sdist)), smembers + [(f"{top}/data.bin", blob)])
    return [wheel, sdist]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pyrelease")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="bench_check_")
    projects = os.path.join(HERE, "..", "projects")
    small = []
    for name in ("flat", "rst_readme", "md_readme", "license_files"):
        dest = os.path.join(work, "small", name)
        subprocess.run([args.pyrelease, "build", "--project", os.path.join(projects, name), "--outdir", dest],
                       check=True, capture_output=True)
        small += [os.path.join(dest, f) for f in sorted(os.listdir(dest))]
    flat = os.path.join(work, "small", "flat")
    base_wheel = next(os.path.join(flat, f) for f in os.listdir(flat) if f.endswith(".whl"))
    base_sdist = next(os.path.join(flat, f) for f in os.listdir(flat) if f.endswith(".tar.gz"))
    large = make_large(base_wheel, base_sdist, os.path.join(work, "large"), 10)
    large += make_large(base_wheel, base_sdist, os.path.join(work, "large"), 100)

    twine = [sys.executable, "-m", "twine", "check"]
    print(f"{'file':<46} {'size':>8} | {'wall s: twine':>13} {'pyrelease':>9} {'ratio':>6} | "
          f"{'CPU s: twine':>12} {'pyrelease':>9} {'ratio':>6} | {'peak MiB: twine':>15} {'pyrelease':>9}")
    ratios = {"small": ([], []), "large": ([], [])}
    for path in small + large:
        size = os.path.getsize(path)
        runs = args.runs if size < (50 << 20) else max(3, args.runs // 2)
        tw, tc, tm, tcode = measure(twine + [path], runs)
        pw, pc, pm, pcode = measure([args.pyrelease, "check", path], runs)
        kind = "large" if path in large else "small"
        ratios[kind][0].append(tw / pw)
        ratios[kind][1].append(tc / max(pc, 1e-4))
        label = os.path.relpath(path, work)
        print(f"{label[-46:]:<46} {size / 1e6:>6.1f}MB | {tw:>13.3f} {pw:>9.3f} {tw / pw:>5.1f}x | "
              f"{tc:>12.3f} {pc:>9.3f} {tc / max(pc, 1e-4):>5.1f}x | {tm:>15.1f} {pm:>9.1f}"
              + ("" if tcode == 0 and pcode == 0 else f"  (exit twine {tcode}, pyrelease {pcode})"))
    for kind, (wall, cpu) in ratios.items():
        print(f"median speedup, {kind} dists: wall {statistics.median(wall):.1f}x, CPU {statistics.median(cpu):.1f}x")
    print(f"(runs={args.runs}; load average {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
