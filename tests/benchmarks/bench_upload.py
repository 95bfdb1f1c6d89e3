#!/usr/bin/env python3
"""Upload one big wheel to a local pypiserver (127.0.0.1, htpasswd auth), pyrelease vs `twine upload`,
side by side: wall time and the client's peak RSS (VmHWM), medians over --runs.

  python3 tests/benchmarks/bench_upload.py --pyrelease build/tool/pyrelease [--size 1GB] [--runs 3]

The wheel holds one stored member of random bytes (so neither tool can win by compression) and a
valid dist-info, so both tools accept it. pyrelease runs twice: as users run it (its built-in
`check` reads and hashes every member first) and with --no-check (twine's upload does no check).
The uploaded file is removed from the server between runs. Targets: peak RSS < 32 MB, time <= twine."""
import argparse
import base64
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from index_server import IndexServer  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import new_owned_temp_dir, remove_tree  # noqa: E402


def parse_size(text):
    units = {"k": 1000, "m": 1000 ** 2, "g": 1000 ** 3, "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3, "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3, "b": 1}
    t = text.strip().lower()
    for u in sorted(units, key=len, reverse=True):
        if t.endswith(u):
            return int(float(t[: -len(u)]) * units[u])
    return int(t)


def make_big_wheel(directory, size, version="1.0"):
    name = "bench_upload"
    path = os.path.join(directory, "%s-%s-py3-none-any.whl" % (name, version))
    di = "%s-%s.dist-info" % (name, version)
    metadata = b"Metadata-Version: 2.1\nName: bench-upload\nVersion: %s\nSummary: upload benchmark\n" % (
        version.encode())
    wheel = b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    sha = hashlib.sha256()
    chunk = 8 << 20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        info = zipfile.ZipInfo("%s/data.bin" % name, date_time=(2020, 2, 2, 0, 0, 0))
        with z.open(info, "w", force_zip64=size > 0x7FFFFFFF) as out:
            left = size
            while left > 0:
                block = os.urandom(min(chunk, left))
                sha.update(block)
                out.write(block)
                left -= len(block)
        def rec(data):
            return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        z.writestr("%s/METADATA" % di, metadata)
        z.writestr("%s/WHEEL" % di, wheel)
        record = "%s/data.bin,sha256=%s,%d\n%s/METADATA,%s,%d\n%s/WHEEL,%s,%d\n%s/RECORD,,\n" % (
            name, base64.urlsafe_b64encode(sha.digest()).rstrip(b"=").decode(), size, di, rec(metadata),
            len(metadata), di, rec(wheel), len(wheel), di)
        z.writestr("%s/RECORD" % di, record)
    return path


def measure(argv, env):
    """Wall time and peak RSS (VmHWM, which exec resets: the tool's own, not the forking Python's),
    sampled every 10 ms until the process exits."""
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, env=env, stdout=errors, stderr=errors)
    peak_kib = 0
    status_path = "/proc/%d/status" % proc.pid
    while proc.poll() is None:
        try:
            with open(status_path) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    wall = time.perf_counter() - start
    errors.seek(0)
    stderr = errors.read()
    if proc.returncode != 0:
        sys.exit("%s failed (%d):\n%s" % (argv[0], proc.returncode, stderr.decode(errors="replace")))
    return wall, peak_kib / 1024.0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pyrelease", required=True)
    p.add_argument("--size", default="1GB", help="wheel size, e.g. 1GB, 200MB (default 1GB = 10^9 bytes: pypiserver's "
                   "waitress refuses request bodies over 1 GiB)")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    size = parse_size(args.size)
    work = str(new_owned_temp_dir("bench-upload-"))
    try:
        print("making a %.0f MiB wheel ..." % (size / 2 ** 20), flush=True)
        wheel = make_big_wheel(work, size)
        server = IndexServer("pypiserver", os.path.join(work, "server")).start()
        packages = os.path.join(server.state_dir, "packages")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_") and "proxy" not in k.lower()}
        env.update(TWINE_USERNAME=server.username, TWINE_PASSWORD=server.password, TWINE_NON_INTERACTIVE="1")
        tools = {
            "twine upload": [sys.executable, "-m", "twine", "upload", "--disable-progress-bar", "--repository-url",
                             server.upload_url, wheel],
            "pyrelease upload": [args.pyrelease, "upload", "--max-size", "4GB", "--disable-progress-bar", "--repository-url",
                                 server.upload_url, wheel],
            "pyrelease upload --no-check": [args.pyrelease, "upload", "--no-check", "--disable-progress-bar",
                                            "--repository-url", server.upload_url, wheel],
        }
        results = {name: [] for name in tools}
        try:
            for _ in range(args.runs):
                for name, argv in tools.items():
                    for f in os.listdir(packages):
                        os.remove(os.path.join(packages, f))
                    results[name].append(measure(argv, env))
                    uploaded = os.path.join(packages, os.path.basename(wheel))
                    assert os.path.getsize(uploaded) == os.path.getsize(wheel), name
        finally:
            server.stop()
        base_t = statistics.median(w for w, _ in results["twine upload"])
        base_m = statistics.median(m for _, m in results["twine upload"])
        print("\nupload of a %.0f MiB wheel to pypiserver on 127.0.0.1, median of %d runs" % (size / 2 ** 20, args.runs))
        print("%-30s %10s %8s %14s %8s" % ("client", "wall (s)", "vs twine", "peak RSS (MiB)", "vs twine"))
        for name, rs in results.items():
            t = statistics.median(w for w, _ in rs)
            m = statistics.median(mm for _, mm in rs)
            print("%-30s %10.2f %7.2fx %14.1f %7.2fx" % (name, t, t / base_t, m, m / base_m))
    finally:
        remove_tree(work)


if __name__ == "__main__":
    main()
