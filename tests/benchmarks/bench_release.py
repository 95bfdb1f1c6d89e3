#!/usr/bin/env python3
"""The release benchmark in one run: pyrelease beside `python -m build -n`, `uv build`, twine,
`curl -F` and the library floor (floor.c), with each issue-14 target ratio printed beside it.

usage: bench_release.py --pyrelease PATH [--sizes small,medium] [--large] [--runs N]
                        [--upload-size 100MB] [--no-upload] [--no-python-build] [--no-memory]
                        [--keep]

For each size (small: 20 modules x 5 KB; medium: 1,000 files, 10 MB; large, with --large:
10,000 files, ~200 MB; genproject.py writes them into an owned temporary directory):
  build   pyrelease build (both archives from the tree, its only mode), `uv build --sdist --wheel`
          (from the tree) and `uv build` (wheel from the sdist), `python -m build -n --sdist
          --wheel` and `python -m build -n` (flit_core; the same files in flit's layout), and the
          floor: floor.c compiled here (libdeflate per member + a chunked libdeflate sdist stream +
          sha256, one thread, no writes; libdeflate linked as pyrelease links it).
  check   `pyrelease check` and `twine check` on the wheel and sdist pyrelease built, and the
          check's floor: floor_check.c compiled here (libdeflate inflate + CRC-32 + OpenSSL sha256
          of every member of the wheel, one thread, nothing else checked).
  memory  the peak RSS of pyrelease build (and uv build, and hatchling at 40,000 files) on
          projects of 0, 10,000 and 40,000 tiny modules (genproject.py --tiny N), and from it the
          bookkeeping per file: (peak - the empty project's) / files, at 10,000 and 40,000 files and
          between the two.
Then upload: a wheel of --upload-size random bytes (stored) to a pypiserver on 127.0.0.1 started
here: `pyrelease upload` (with its check), `pyrelease upload --no-check` (verified: the index is
asked for the file's sha256 after the POST), `pyrelease upload --no-check --no-verify` (not asked),
`twine upload`, a raw multipart POST (`curl -F`) and the same POST followed by the one request
pyrelease's verification makes (`curl -F` + a GET of the project's simple page, through the same
connection: pypiserver hashes every file of the project to answer it). Then the same wheel, with
`pyrelease upload --no-check`, `--no-check --no-verify` and `curl -F`, to a devpi-server (a volatile
index: it stores digests at upload, so its page costs it nothing), and to both servers as a new
version of a project that already has three files of 10, 55 and 100 MiB (uploaded once before the
runs), and to pypiserver as one that has ten (550 MiB; pyrelease reads its file back there rather
than ask the page, which would hash them all). The server's own CPU time per run is printed too
(what each client costs it).

Every group runs interleaved --runs times, each round in its own order (shuffled, fixed seeds);
the tables give the medians of CPU (user + sys of the whole process tree, from wait4) and wall
time, and the load average before and after. On a shared machine read the CPU ratios: wall time
depends on the other users.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)
from owned_dir import new_owned_temp_dir, remove_tree  # noqa: E402

EPOCH = "1700000000"


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(argv, env=None, cwd=None):
    """(wall s, CPU s, peak RSS KiB) of one run; CPU = user + sys of the process and the children it
    waited for. The peak RSS is the program's own when run through maxrss.c (it prints it last on
    stderr): a process forked from this one starts with Python's RSS, which ru_maxrss keeps."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} failed ({code}):\n{proc.stderr.read().decode(errors='replace')}")
    rss = usage.ru_maxrss
    if os.path.basename(argv[0]) == "maxrss":
        rss = int(proc.stderr.read().split()[-2])
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, rss


def interleaved(tools, runs, before=None, counter=None, after_of=None, rss=None):
    """tools: [(label, argv, env)]. Returns {label: (median wall, median CPU)}; with `rss` (a dict),
    also {label: median peak RSS in KiB} there. With `counter` (a
    function returning a running total, e.g. a server's CPU seconds), also {label: median increase
    of the counter over one run} as a second value. With `after_of` (a dict), every sample is also
    kept there under (label, the label of the run just before it; None for the very first run)."""
    samples = {label: [] for label, _, _ in tools}
    counted = {label: [] for label, _, _ in tools}
    previous = None
    for run in range(runs):
        # Each round in its own order (shuffled with a fixed seed): a run right after a Python
        # process pays for cold caches, and no tool should always follow the same one.
        order = list(tools)
        random.Random(run).shuffle(order)
        for label, argv, env in order:
            if before:
                before(label)
            start = counter() if counter else 0
            samples[label].append(timed(argv, env))
            counted[label].append(counter() - start if counter else 0)
            if after_of is not None:
                after_of.setdefault((label, previous), []).append(samples[label][-1])
            previous = label
    medians = {label: (statistics.median(w for w, _, _ in s), statistics.median(c for _, c, _ in s))
               for label, s in samples.items()}
    if rss is not None:
        rss.update({label: statistics.median(r for _, _, r in s) for label, s in samples.items()})
    if counter:
        return medians, {label: statistics.median(c) for label, c in counted.items()}
    return medians


def fmt_s(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


class Report:
    def __init__(self):
        self.rows = []     # (work, tool, wall, cpu)
        self.targets = []  # (target, measured ratio text, met)
        self.pairs = []    # (work, ours, our CPU, peer, peer CPU): the README's table
        self.notes = []    # lines printed after the tables

    def add(self, work, results):
        for label, (wall, cpu) in results.items():
            self.rows.append((work, label, wall, cpu))

    def compare(self, work, results, ours, peers):
        for peer in peers:
            if peer in results:
                self.pairs.append((work, ours, results[ours][1], peer, results[peer][1]))

    def target(self, text, value, limit, higher_is_better=False, unit="×"):
        met = value >= limit if higher_is_better else value <= limit
        self.targets.append((text, f"{value:.2f}{unit}", "yes" if met else "**no**"))

    def print(self, load_before):
        print()
        print(f"load average before: {load_before}; after: {load()}; {os.cpu_count()} cores")
        print()
        print("| work | tool | CPU user+sys (median) | wall (median) |")
        print("|---|---|---:|---:|")
        for work, label, wall, cpu in self.rows:
            print(f"| {work} | {label} | {fmt_s(cpu)} | {fmt_s(wall)} |")
        print()
        print("| target (issue 14) | measured | met |")
        print("|---|---:|---|")
        for text, value, met in self.targets:
            print(f"| {text} | {value} | {met} |")
        for note in self.notes:
            print()
            print(note)
        print()
        print("README table (CPU medians of the runs above; peer ÷ pyrelease > 1 means pyrelease uses less):")
        print()
        print("| work | pyrelease | CPU | peer | CPU | peer ÷ pyrelease |")
        print("|---|---|---:|---|---:|---:|")
        for work, ours, our_cpu, peer, peer_cpu in self.pairs:
            print(f"| {work} | {ours} | {fmt_s(our_cpu)} | {peer} | {fmt_s(peer_cpu)} | {peer_cpu / our_cpu:.2f}× |")


def generate(work, size, backend):
    dest = os.path.join(work, f"{size}-{backend}")
    subprocess.run([sys.executable, os.path.join(HERE, "genproject.py"), dest, "--size", size, "--backend", backend],
                   check=True)
    return dest


def bench_builds(args, work, floor, report):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    built = {}
    for size in args.sizes:
        uvp, flitp = generate(work, size, "uv"), generate(work, size, "flit")
        out = os.path.join(work, "out")
        ours = os.path.join(work, f"dist-{size}")
        tools = [
            ("pyrelease build", [args.pyrelease, "build", "--project", uvp, "--outdir", out], env),
            ("pyrelease build (flit layout)", [args.pyrelease, "build", "--project", flitp, "--outdir", out], env),
            ("floor (floor.c, 1 thread)", [floor, uvp], env),
        ]
        if shutil.which("uv"):
            tools += [
                ("uv build --sdist --wheel (from tree)",
                 ["uv", "build", "--offline", "--quiet", "--sdist", "--wheel", "--out-dir", out, uvp], env),
                ("uv build (wheel from sdist)", ["uv", "build", "--offline", "--quiet", "--out-dir", out, uvp], env),
            ]
        if not args.no_python_build:
            tools += [
                ("python -m build -n --sdist --wheel (flit_core, from tree)",
                 [sys.executable, "-m", "build", "-n", "--sdist", "--wheel", "--outdir", out, flitp], env),
                ("python -m build -n (flit_core, wheel from sdist)",
                 [sys.executable, "-m", "build", "-n", "--outdir", out, flitp], env),
            ]
        runs = args.runs or {"small": 15, "medium": 7, "large": 3}[size]
        print(f"build {size}: {len(tools)} tools x {runs} interleaved runs ...", file=sys.stderr, flush=True)
        after_of = {}
        results = interleaved(tools, runs, before=lambda _label: remove_tree(out), after_of=after_of)
        report.add(f"build {size}", results)
        if size == "small":
            note_what_ran_before(report, after_of, [label for label, _, _ in tools[:3]])
        report.compare(f"build {size}", results, "pyrelease build",
                       [label for label, _, _ in tools if not label.startswith("pyrelease")])
        subprocess.run([args.pyrelease, "build", "--project", uvp, "--outdir", ours], env=env, check=True,
                       capture_output=True)
        built[size] = sorted(os.path.join(ours, f) for f in os.listdir(ours))
        remove_tree(out)
        p_wall, p_cpu = results["pyrelease build"]
        if size == "small" and not args.no_python_build:
            flit = results["python -m build -n (flit_core, wheel from sdist)"]
            report.target("small build: `python -m build -n` (flit_core) wall ÷ pyrelease wall ≥ 40",
                          flit[0] / p_wall, 40, True)
            report.target("small build: the same with CPU (steadier on a loaded machine) ≥ 40", flit[1] / p_cpu, 40,
                          True)
        if size == "small":
            report.target("small build: pyrelease wall ≤ 6 ms (idle machine)", p_wall * 1000, 6, unit=" ms")
            report.target("small build: pyrelease CPU ≤ 6 ms", p_cpu * 1000, 6, unit=" ms")
            report.target("small build: pyrelease CPU ÷ floor CPU in the same rounds (for reference) ≤ 1.2",
                          p_cpu / results["floor (floor.c, 1 thread)"][1], 1.2)
        for label in ("uv build --sdist --wheel (from tree)", "uv build (wheel from sdist)"):
            if label in results:
                report.target(f"{size} build: pyrelease CPU ÷ {label} CPU < 1", p_cpu / results[label][1], 0.999)
        if size != "small":
            report.target(f"{size} build: pyrelease CPU ÷ floor CPU ≤ 1.2",
                          p_cpu / results["floor (floor.c, 1 thread)"][1], 1.2)
    return built


MEMORY_SIZES = (0, 10_000, 40_000)


def bench_memory(args, work, maxrss, report):
    """Bookkeeping per file (issue 14, item 2): the peak RSS (through maxrss.c) of `pyrelease build`
    on t_0 (the empty project), t_10k and t_40k (genproject.py --tiny: N modules `X = i`),
    interleaved, medians; then (peak − t_0's) ÷ N at 10,000 and 40,000 files, and the marginal cost
    between the two. `uv build --sdist --wheel` beside it on the same projects (its layout), and
    hatchling (`python -m build -n --sdist --wheel`, its own copy of t_40k) unless
    --no-python-build. The peak varies by about ±1 MiB from run to run with the scheduling (how
    far the reader and the two writers get ahead of each other): read the medians."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    out = os.path.join(work, "out")
    tools, projects = [], {}
    for n in MEMORY_SIZES:
        dest = os.path.join(work, f"t_{n}")
        subprocess.run([sys.executable, os.path.join(HERE, "genproject.py"), dest, "--tiny", str(n), "--backend", "uv"],
                       check=True)
        projects[n] = dest
        tools.append((f"pyrelease build t_{n}",
                      [maxrss, args.pyrelease, "build", "--project", dest, "--outdir", out], env))
    peers = []
    if shutil.which("uv"):
        peers.append("uv build --sdist --wheel")
        tools += [(f"uv build --sdist --wheel t_{n}",
                   [maxrss, "uv", "build", "--offline", "--quiet", "--sdist", "--wheel", "--out-dir", out, projects[n]],
                   env)
                  for n in MEMORY_SIZES]
    if not args.no_python_build:
        hatch = os.path.join(work, "t_40000-hatch")
        subprocess.run([sys.executable, os.path.join(HERE, "genproject.py"), hatch, "--tiny", "40000", "--backend",
                        "hatch"], check=True)
        tools.append(("python -m build -n --sdist --wheel (hatchling) t_40000",
                      [maxrss, sys.executable, "-m", "build", "-n", "--sdist", "--wheel", "--outdir", out, hatch], env))
    runs = args.runs or 7
    print(f"memory: {len(tools)} builds x {runs} interleaved runs ...", file=sys.stderr, flush=True)
    rss = {}
    report.add("build t_N (tiny files)", interleaved(tools, runs, before=lambda _label: remove_tree(out), rss=rss))
    remove_tree(out)
    lines = ["Peak RSS (ru_maxrss, medians) and bookkeeping per file, (peak − t_0's) ÷ files:", "",
             "| tool | t_0 | t_10k | t_40k | per file at 10k | at 40k | marginal 10k → 40k |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for tool in ["pyrelease build"] + peers:
        peak = [rss[f"{tool} t_{n}"] for n in MEMORY_SIZES]
        per = [(peak[1] - peak[0]) / 10_000, (peak[2] - peak[0]) / 40_000, (peak[2] - peak[1]) / 30_000]
        lines.append(f"| {tool} | " + " | ".join(f"{p / 1024:.1f} MiB" for p in peak) + " | " +
                     " | ".join(f"{x:.2f} KiB" for x in per) + " |")
        if tool == "pyrelease build":
            report.target("bookkeeping at 10,000 tiny files: (peak RSS − t_0's) ÷ files ≤ 1 KiB", per[0], 1,
                          unit=" KiB")
            report.target("bookkeeping at 40,000 tiny files ≤ 1 KiB", per[1], 1, unit=" KiB")
            report.target("bookkeeping between 10,000 and 40,000 files (marginal) ≤ 1 KiB", per[2], 1, unit=" KiB")
    label = "python -m build -n --sdist --wheel (hatchling) t_40000"
    if label in rss:
        lines.append(f"| hatchling (`python -m build -n`, its layout) | | | {rss[label] / 1024:.1f} MiB | | | |")
    report.notes.append("\n".join(lines))


def note_what_ran_before(report, after_of, labels):
    """A small build's CPU may depend on what ran just before it: right after `python -m build` (a
    Python process of ~0.5 s CPU that fills the CPU caches with its own data) a small program can
    be slower (docs/benchmarks.md: +4 % for ours and the floor alike in a 40-round A/B). Prints,
    for each of `labels`, the median CPU after a `python -m build` run and after any other tool,
    so that the full run's median can be read beside the one without Python processes
    (--no-python-build)."""
    def python(prev):
        return prev is not None and prev.startswith("python -m build")
    parts = []
    for label in labels:
        after_py = [cpu for (lab, prev), s in after_of.items() if lab == label and python(prev) for _, cpu, _ in s]
        after_other = [cpu for (lab, prev), s in after_of.items() if lab == label and not python(prev)
                       for _, cpu, _ in s]
        if after_py and after_other:
            parts.append(f"{label}: {fmt_s(statistics.median(after_py))} after `python -m build` "
                         f"({len(after_py)} runs), {fmt_s(statistics.median(after_other))} after any other tool "
                         f"({len(after_other)} runs)")
    if parts:
        report.notes.append("build small, CPU by the run just before (medians): " + "; ".join(parts))


def bench_check(args, built, floor_check, report):
    twine = [sys.executable, "-m", "twine", "check", "--strict"]
    floor_label = "floor (floor_check.c: inflate + CRC-32 + sha256 of the wheel, 1 thread)"
    for size, dists in built.items():
        wheel = [d for d in dists if d.endswith(".whl")]
        tools = [
            ("pyrelease check (every RECORD hash)", [args.pyrelease, "check", *dists], None),
            ("twine check --strict (METADATA only)", twine + dists, None),
            ("pyrelease check (wheel)", [args.pyrelease, "check", *wheel], None),
            ("twine check --strict (wheel)", twine + wheel, None),
        ]
        if len(wheel) == 1:
            tools.append((floor_label, [floor_check, *wheel], None))
        runs = args.runs or {"small": 15, "medium": 7, "large": 5}[size]
        print(f"check {size}: {runs} interleaved runs ...", file=sys.stderr, flush=True)
        results = interleaved(tools, runs)
        report.add(f"check {size}", results)
        report.compare(f"check {size}", results, "pyrelease check (every RECORD hash)",
                       ["twine check --strict (METADATA only)"])
        report.compare(f"check {size}", results, "pyrelease check (wheel)", ["twine check --strict (wheel)"])
        ratio = results["pyrelease check (wheel)"][1] / results["twine check --strict (wheel)"][1]
        if size == "small":
            report.target("small check: twine wall ÷ pyrelease wall ≥ 30",
                          results["twine check --strict (METADATA only)"][0]
                          / results["pyrelease check (every RECORD hash)"][0], 30, True)
        report.target(f"{size} check of the wheel: pyrelease CPU ÷ twine CPU ≤ 1.0", ratio, 1.0)
        if floor_label in results:
            report.compare(f"check {size}", results, "pyrelease check (wheel)", [floor_label])


class UploadTarget:
    """An index server for the upload rows: pypiserver, or devpi with a *volatile* index (so each
    run's release can be deleted again), optionally holding `history` earlier files (sizes in MiB)
    of the benchmark's project, uploaded once with curl -F before the runs."""

    def __init__(self, kind, work, history=()):
        from index_server import IndexServer, _request
        self.kind, self.request = kind, _request
        self.server = IndexServer(kind, os.path.join(work, f"server-{kind}-{len(history)}")).start()
        self.auth = (self.server.username, self.server.password)
        self.url, self.simple_url = self.server.upload_url, self.server.simple_url
        if kind == "devpi":
            base = self.url.split(f"/{self.server.username}/")[0] + f"/{self.server.username}/vol"
            status, body = _request("PUT", base, b'{"bases": [], "volatile": true}', auth=self.auth)
            if status not in (200, 201):
                raise RuntimeError(f"devpi: creating a volatile index failed: {status} {body[:200]}")
            self.url, self.simple_url = base + "/", base + "/+simple/"
        self.netrc = os.path.join(work, "netrc")  # curl reads the test credentials from here, not from argv
        with open(self.netrc, "w") as f:
            f.write(f"machine 127.0.0.1 login {self.server.username} password {self.server.password}\n")
        os.chmod(self.netrc, 0o600)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_") and "proxy" not in k.lower()}
        self.env.update(TWINE_USERNAME=self.server.username, TWINE_PASSWORD=self.server.password,
                        TWINE_NON_INTERACTIVE="1")
        from bench_upload import make_big_wheel
        for k, mib in enumerate(history):
            folder = os.path.join(work, f"history-{kind}-{len(history)}-{k}")
            os.makedirs(folder)
            old = make_big_wheel(folder, mib << 20, version=f"0.{k}")
            subprocess.run(self.curl_f(old, f"0.{k}"), env=self.env, check=True)
            os.remove(old)

    def curl_f(self, wheel, version="1.0"):
        return ["curl", "-sS", "-f", "--netrc-file", self.netrc, "-o", os.devnull, "-F", ":action=file_upload",
                "-F", "protocol_version=1", "-F", "name=bench-upload", "-F", f"version={version}",
                "-F", f"content=@{wheel}", self.url]

    def pyrelease(self, exe, wheel, *flags):
        return [exe, "upload", *flags, "--max-size", "4GB", "--disable-progress-bar", "--repository-url", self.url,
                wheel]

    def clear(self, wheel):
        """Removes version 1.0 (the measured upload) from the index; earlier versions stay."""
        if self.kind == "pypiserver":
            path = os.path.join(self.server.state_dir, "packages", os.path.basename(wheel))
            if os.path.exists(path):
                os.remove(path)
        else:
            self.request("DELETE", self.url + "bench-upload/1.0", auth=self.auth)

    def cpu(self):
        """The index server's own user + sys time so far (what each request costs it)."""
        with open(f"/proc/{self.server.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.server.stop()


def upload_group(report, target, wheel, tools, runs, work_label):
    """Runs `tools` interleaved against `target` (1.0 removed before each run); adds the rows and the
    server's CPU per run. Returns the medians."""
    try:
        print(f"upload: {work_label}: {runs} interleaved runs ...", file=sys.stderr, flush=True)
        results, served = interleaved(tools, runs, before=lambda _label: target.clear(wheel), counter=target.cpu)
    finally:
        target.stop()
    report.add(work_label, results)
    report.notes.append(f"{work_label}, {target.kind}'s own CPU per run (median): " + "; ".join(
        f"{label} {fmt_s(cpu)}" for label, cpu in served.items()))
    return results


# The earlier files of the "with history" rows: a new version of a project that has three (MiB),
# and, for pypiserver (whose page hashes every file of the project), one that has ten (550 MiB).
UPLOAD_HISTORY = (10, 55, 100)
UPLOAD_LONG_HISTORY = (10, 55, 100) * 3 + (55,)


def bench_upload(args, work, report):
    from bench_upload import make_big_wheel, parse_size

    size = parse_size(args.upload_size)
    print(f"upload: making a {size / 2 ** 20:.0f} MiB wheel ...", file=sys.stderr, flush=True)
    wheel = make_big_wheel(work, size)
    runs = args.runs or 3
    curl_label, default_label = "curl -F (raw multipart POST)", "pyrelease upload --no-check"
    no_verify_label = "pyrelease upload --no-check --no-verify"

    target = UploadTarget("pypiserver", work)
    url, env = target.url, target.env
    tools = [
        ("pyrelease upload (with its check)", target.pyrelease(args.pyrelease, wheel), env),
        (default_label, target.pyrelease(args.pyrelease, wheel, "--no-check"), env),
        (no_verify_label, target.pyrelease(args.pyrelease, wheel, "--no-check", "--no-verify"), env),
        ("twine upload", [sys.executable, "-m", "twine", "upload", "--disable-progress-bar", "--repository-url", url,
                          wheel], env),
        (curl_label, target.curl_f(wheel), env),
        ("curl -F + GET of the project page", target.curl_f(wheel) + [
            "--next", "-sS", "-f", "--netrc-file", target.netrc, "-o", os.devnull,
            target.simple_url.rstrip("/") + "/bench-upload/"], env),
    ]
    work_label = f"upload {size / 2 ** 20:.0f} MiB wheel"
    results = upload_group(report, target, wheel, tools, runs, work_label)
    report.compare(work_label, results, "pyrelease upload (with its check)", ["twine upload"])
    report.compare(work_label, results, default_label, [curl_label, "curl -F + GET of the project page"])
    report.compare(work_label, results, no_verify_label, [curl_label])
    ours = results["pyrelease upload (with its check)"]
    curl = results[curl_label][0]
    report.target("upload: pyrelease --no-check (verified by sha256) wall ÷ curl -F wall ≤ 1.1",
                  results[default_label][0] / curl, 1.1)
    report.target("upload: pyrelease --no-check --no-verify wall ÷ curl -F wall ≤ 1.1",
                  results[no_verify_label][0] / curl, 1.1)
    report.target("upload: pyrelease (with check) CPU ÷ twine CPU ≤ 0.8", ours[1] / results["twine upload"][1], 0.8)
    # (for reference: the same work as the default, a POST plus the verification's page request)
    report.target("upload: pyrelease --no-check wall ÷ (curl -F + GET of the page) wall, for reference",
                  results[default_label][0] / results["curl -F + GET of the project page"][0], 1.1)

    # The same wheel to devpi (it stores digests at upload: its page costs it nothing), and to both
    # servers as a new version of a project with history (pypiserver hashes every file of the
    # project for each request of its page; pyrelease asks it alongside the first POST).
    groups = [("devpi", (), f"upload {size / 2 ** 20:.0f} MiB wheel to devpi")]
    groups += [(kind, UPLOAD_HISTORY, f"upload {size / 2 ** 20:.0f} MiB wheel to {kind}, project with "
                f"{len(UPLOAD_HISTORY)} earlier files ({'/'.join(map(str, UPLOAD_HISTORY))} MiB)")
               for kind in ("pypiserver", "devpi")]
    groups.append(("pypiserver", UPLOAD_LONG_HISTORY, f"upload {size / 2 ** 20:.0f} MiB wheel to pypiserver, "
                   f"project with {len(UPLOAD_LONG_HISTORY)} earlier files ({sum(UPLOAD_LONG_HISTORY)} MiB)"))
    for kind, history, label in groups:
        print(f"upload: {label}: starting the server ...", file=sys.stderr, flush=True)
        target = UploadTarget(kind, work, history)
        tools = [(default_label, target.pyrelease(args.pyrelease, wheel, "--no-check"), target.env),
                 (no_verify_label, target.pyrelease(args.pyrelease, wheel, "--no-check", "--no-verify"), target.env),
                 (curl_label, target.curl_f(wheel), target.env)]
        results = upload_group(report, target, wheel, tools, runs, label)
        report.compare(label, results, default_label, [curl_label])
        short = label.replace(f"upload {size / 2 ** 20:.0f} MiB wheel", "upload").replace(" to ", ", ")
        report.target(f"{short}: pyrelease --no-check wall ÷ curl -F wall ≤ 1.1",
                      results[default_label][0] / results[curl_label][0], 1.1)


def floor_libdeflate():
    """libdeflate as pyrelease links it: the static archive when installed (tool/CMakeLists.txt), which
    compresses about a fifth faster here than the shared library. Else the shared one."""
    archive = subprocess.run(["cc", "-print-file-name=libdeflate.a"], capture_output=True, text=True).stdout.strip()
    return archive if os.path.isabs(archive) and os.path.exists(archive) else "-ldeflate"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pyrelease", required=True)
    ap.add_argument("--sizes", default="small,medium")
    ap.add_argument("--large", action="store_true", help="add the large project (10,000 files, ~200 MB)")
    ap.add_argument("--runs", type=int, default=0, help="interleaved runs per group (default: by size)")
    ap.add_argument("--upload-size", default="100MB")
    ap.add_argument("--no-upload", action="store_true")
    ap.add_argument("--no-python-build", action="store_true",
                    help="leave out python -m build (minutes per run on the large project)")
    ap.add_argument("--no-memory", action="store_true",
                    help="leave out the peak RSS of the tiny-file projects t_0, t_10k, t_40k")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (its path is printed)")
    args = ap.parse_args()
    args.pyrelease = os.path.abspath(args.pyrelease)
    args.sizes = [s for s in args.sizes.split(",") if s] + (["large"] if args.large else [])
    load_before = load()
    work = str(new_owned_temp_dir("bench-release-"))
    try:
        floor = os.path.join(work, "floor")
        subprocess.run(["cc", "-O2", "-o", floor, os.path.join(HERE, "floor.c"), floor_libdeflate(), "-lcrypto"],
                       check=True)
        floor_check = os.path.join(work, "floor_check")
        subprocess.run(["cc", "-O2", "-o", floor_check, os.path.join(HERE, "floor_check.c"), floor_libdeflate(), "-lcrypto"],
                       check=True)
        report = Report()
        built = bench_builds(args, work, floor, report)
        if not args.no_memory:
            maxrss = os.path.join(work, "maxrss")
            subprocess.run(["cc", "-O2", "-o", maxrss, os.path.join(HERE, "maxrss.c")], check=True)
            bench_memory(args, work, maxrss, report)
        bench_check(args, built, floor_check, report)
        if not args.no_upload:
            bench_upload(args, work, report)
        report.print(load_before)
    finally:
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            remove_tree(work)


if __name__ == "__main__":
    main()
