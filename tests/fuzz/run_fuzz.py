"""Runs one libFuzzer target for a bounded time and reports it in one line; or sums those lines.

    run_fuzz.py FUZZER TARGET SEED_DIR REGRESSION_DIR WORK_DIR SECONDS
    run_fuzz.py --summarize WORK_DIR TARGET...

The corpus grows in WORK_DIR/<target>/corpus (a fresh copy each run: the seeds stay as built);
crash, leak and timeout inputs land in WORK_DIR/<target>/ as libFuzzer's crash-*/leak-*/timeout-*
files, and each one's path is printed (with the bytes in base64 when small, so that a CI log alone
is enough to reproduce it). Prints

    fuzz <target>: N executions in S s (E/s, cpu C s), coverage X edges / Y features (seeds: x / y),
    corpus a -> b inputs, K crashes

and fails on any finding. A found input belongs in tests/fuzz/regressions/<target>/ once the bug is
fixed (the replay tests run it in every build). libFuzzer's random seed is fixed
(PYRELEASE_FUZZ_SEED, default 1) so that one commit fuzzes the same sequence of inputs on every run
and a CI verdict can be reproduced; PYRELEASE_FUZZ_SEED=random explores afresh. --summarize prints the targets' lines again and a
total (scripts/run-fuzz.sh calls it), failing when a target left no summary.
"""
import base64
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402

FINDING = re.compile(r"(crash|leak|timeout|oom|slow-unit)-")
# libFuzzer's status lines: "#1234\tINITED cov: 812 ft: 2310 corp: 40/21Kb exec/s: 0 rss: 60Mb"
STATUS = re.compile(r"#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)/")
SHOW_BYTES = 8192  # findings up to this size are printed in base64


def summary_line(s):
    return (f"fuzz {s['target']}: {s['executions']} executions in {s['seconds']:.0f} s "
            f"({s['executions_per_second']}/s, cpu {s['cpu_seconds']:.0f} s), "
            f"coverage {s['edges']} edges / {s['features']} features "
            f"(seeds: {s['seed_edges']} / {s['seed_features']}), "
            f"corpus {s['seed_inputs']} -> {s['corpus_inputs']} inputs, {s['crashes']} crashes")


def parse_log(log):
    stats = {k: int(v) for k, v in re.findall(r"stat::(\w+):\s*(\d+)", log)}
    inited = done = None
    for m in STATUS.finditer(log):
        if m.group(2) == "INITED":
            inited = m
        done = m
    return {
        "executions": stats.get("number_of_executed_units", int(done.group(1)) if done else 0),
        "executions_per_second": stats.get("average_exec_per_sec", 0),
        "edges": int(done.group(3)) if done else 0,
        "features": int(done.group(4)) if done else 0,
        "corpus_inputs": int(done.group(5)) if done else 0,
        "seed_edges": int(inited.group(3)) if inited else 0,
        "seed_features": int(inited.group(4)) if inited else 0,
        "seed_inputs": int(inited.group(5)) if inited else 0,
    }


def run(fuzzer, target, seeds, regressions, work, seconds):
    out = fresh_dir(Path(work) / target)
    corpus = out / "corpus"
    corpus.mkdir()
    scratch = out / "tmp"
    scratch.mkdir()
    inputs = [str(corpus), seeds] + ([regressions] if Path(regressions).is_dir() else [])
    seed = os.environ.get("PYRELEASE_FUZZ_SEED", "1")
    cmd = [fuzzer, f"-max_total_time={seconds}", f"-seed={0 if seed == 'random' else int(seed)}", "-rss_limit_mb=2048", "-timeout=10",
           "-max_len=262144", "-print_final_stats=1", f"-artifact_prefix={out}/", *inputs]
    env = dict(os.environ, TMPDIR=str(scratch))
    # Leaks count as findings; UBSan findings already abort (-fno-sanitize-recover).
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace", env=env)
    after, seconds_taken = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic() - start
    log = r.stdout
    (out / "fuzz.log").write_text(log)
    findings = sorted(p for p in out.iterdir() if FINDING.match(p.name))
    s = {"target": target, **parse_log(log), "seconds": seconds_taken,
         "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
         "exit_status": r.returncode}
    s["crashes"] = len(findings) + (1 if r.returncode != 0 and not findings else 0)
    (out / "summary.json").write_text(json.dumps(s) + "\n")  # --summarize collects these
    print(summary_line(s))
    if r.returncode != 0 or findings or s["executions"] == 0:
        print(log[-6000:])
        for f in findings:
            data = f.read_bytes()
            shown = f"; base64: {base64.b64encode(data).decode()}" if len(data) <= SHOW_BYTES else ""
            print(f"finding kept at {f} ({len(data)} bytes{shown})")
        print(f"fix it, then add the input to tests/fuzz/regressions/{target}/ (replayed by "
              f"fuzz.replay.{target} in every build)")
        return 1
    return 0


def summarize(work, targets):
    total = {"executions": 0, "crashes": 0, "cpu_seconds": 0.0}
    missing = []
    for target in targets:
        path = Path(work) / target / "summary.json"
        if not path.is_file():
            missing.append(target)
            continue
        s = json.loads(path.read_text())
        print(summary_line(s))
        for k in total:
            total[k] += s[k]
    print(f"fuzz total: {len(targets) - len(missing)} of {len(targets)} targets, "
          f"{total['executions']} executions, cpu {total['cpu_seconds']:.0f} s, "
          f"{total['crashes']} crashes")
    if missing:
        print("fuzz: no result for " + ", ".join(missing))
    return 1 if missing or total["crashes"] else 0


def main():
    if sys.argv[1:2] == ["--summarize"]:
        sys.exit(summarize(sys.argv[2], sys.argv[3:]))
    fuzzer, target, seeds, regressions, work, seconds = sys.argv[1:7]
    sys.exit(run(fuzzer, target, seeds, regressions, work, int(seconds)))


if __name__ == "__main__":
    main()
