"""Runs one libFuzzer target for a bounded time and reports it in one line.

    run_fuzz.py FUZZER TARGET SEED_DIR REGRESSION_DIR WORK_DIR [SECONDS]

The corpus grows in WORK_DIR/<target>/corpus (a fresh copy each run: the seeds stay as built);
crash, leak and timeout inputs land in WORK_DIR/<target>/ as libFuzzer's crash-*/leak-*/timeout-*
files. Prints `fuzz <target>: N executions, C crashes` and fails on any finding. A found input
belongs in tests/fuzz/regressions/<target>/ once the bug is fixed (the replay tests run it).
"""
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402


def main():
    fuzzer, target, seeds, regressions, work = sys.argv[1:6]
    seconds = int(sys.argv[6]) if len(sys.argv) > 6 else int(os.environ.get("PYRELEASE_FUZZ_SECONDS", "20"))
    out = fresh_dir(Path(work) / target)
    corpus = out / "corpus"
    corpus.mkdir()
    scratch = out / "tmp"
    scratch.mkdir()
    inputs = [str(corpus), seeds] + ([regressions] if Path(regressions).is_dir() else [])
    cmd = [fuzzer, f"-max_total_time={seconds}", "-rss_limit_mb=2048", "-timeout=10",
           "-max_len=262144", "-print_final_stats=1", f"-artifact_prefix={out}/", *inputs]
    env = dict(os.environ, TMPDIR=str(scratch))
    # Leaks count as findings; UBSan findings already abort (-fno-sanitize-recover).
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace", env=env)
    log = r.stdout
    (out / "fuzz.log").write_text(log)
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log) or re.findall(r"Done (\d+) runs", log)
    executions = int(runs[-1]) if runs else 0
    findings = sorted(p.name for p in out.iterdir() if re.match(r"(crash|leak|timeout|oom|slow-unit)-", p.name))
    crashes = len(findings) + (1 if r.returncode != 0 and not findings else 0)
    summary = f"fuzz {target}: {executions} executions, {crashes} crashes"
    (out / "summary.txt").write_text(summary + "\n")  # scripts/run-sanitized.sh collects these
    print(summary)
    if r.returncode != 0 or findings or executions == 0:
        print(log[-6000:])
        for f in findings:
            print(f"finding kept at {out / f}")
        sys.exit(1)


if __name__ == "__main__":
    main()
