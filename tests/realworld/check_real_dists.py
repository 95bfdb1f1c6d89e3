#!/usr/bin/env python3
"""`pyrelease check` on real dists: the false-positive count of the check rules.

Every line of dists.txt is `name==version wheel|sdist`, a release the public index accepted. Each is
downloaded once with pip (`--only-binary :all:` for a wheel, `--no-binary NAME` for an sdist) into
the cache directory, so reruns are offline; then `pyrelease check --json` runs on every file. Since
the index published them all, a FAILED file is a false positive unless its finding is a real
problem: the script prints each FAILED file with its error findings and exits 1 when there is one.
A release that pip cannot fetch (yanked, no wheel for this platform, a build backend that will not
prepare metadata here) is listed as unavailable and not counted.

usage: check_real_dists.py PYRELEASE [--cache DIR] [--list FILE] [--jobs N]
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from owned_dir import fresh_dir  # noqa: E402


def default_cache():
    return os.environ.get("PYRELEASE_REALWORLD_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "pyrelease-realworld")


def read_list(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or "==" not in parts[0] or parts[1] not in ("wheel", "sdist"):
                raise SystemExit(f"{path}:{n}: expected 'name==version wheel|sdist', got {line!r}")
            entries.append((parts[0], parts[1]))
    return entries


def download(req, kind, cache):
    """The cached file for `req` (downloading it the first time), or (None, reason)."""
    d = os.path.join(cache, "dists", kind, req.replace("==", "-"))
    done = os.path.join(d, ".done")
    if not os.path.exists(done):
        fresh_dir(d)
        # --no-binary names the project only: its build requirements (pip prepares the sdist's
        # metadata in an isolated environment) may still come as wheels, which is much faster.
        name = req.split("==")[0]
        flag = ["--only-binary", ":all:"] if kind == "wheel" else ["--no-binary", name]
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *flag,
                            "-d", d, req], capture_output=True, text=True)
        with open(done, "w") as f:
            f.write("ok\n" if r.returncode == 0 else "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1] + "\n")
    status = open(done).read().strip()
    files = [f for f in os.listdir(d) if f.endswith(".whl" if kind == "wheel" else (".tar.gz", ".zip"))]
    if not status.startswith("ok") or not files:
        return None, status
    return os.path.join(d, files[0]), ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pyrelease")
    ap.add_argument("--cache", default=default_cache())
    ap.add_argument("--list", default=os.path.join(HERE, "dists.txt"))
    ap.add_argument("--jobs", type=int, default=4)
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    entries = read_list(args.list)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        fetched = list(pool.map(lambda e: (e, *download(e[0], e[1], args.cache)), entries))

    checked = failed = warned = 0
    unavailable = []
    for (req, kind), path, reason in fetched:
        if path is None:
            unavailable.append(f"{req} {kind}: {reason}")
            continue
        r = subprocess.run([args.pyrelease, "check", "--json", path], capture_output=True, text=True)
        try:
            report = json.loads(r.stdout)["files"][0]
        except (ValueError, KeyError, IndexError):
            print(f"CRASH  {os.path.basename(path)}: exit {r.returncode}: {r.stderr.strip()[:300]}")
            failed += 1
            checked += 1
            continue
        checked += 1
        errors = [f for f in report["findings"] if f["level"] == "error"]
        warnings = [f for f in report["findings"] if f["level"] != "error"]
        if report["failed"]:
            failed += 1
            print(f"FAILED {os.path.basename(path)}")
            for f in errors:
                print(f"         [{f['rule']}] {f['where']}: {f['message'][:200]}")
        elif warnings:
            warned += 1
            secrets = [f for f in warnings if f["rule"] == "secrets"]
            if secrets:
                print(f"warn   {os.path.basename(path)}: {len(secrets)} secret-looking name(s), e.g. {secrets[0]['where']}")
    for u in unavailable:
        print(f"unavailable {u}")
    print(f"check on {checked} real dists: {failed} FAILED, {warned} PASSED with warnings, "
          f"{checked - failed - warned} PASSED; {len(unavailable)} unavailable")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
