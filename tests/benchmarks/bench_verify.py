#!/usr/bin/env python3
"""Where the time of `pyrelease verify` goes, beside the same checks done by hand.

Builds the verify_good fixture (flit_core, in process), then alternates N times:
  * pyrelease verify --find-links DIST --json (install, version, 2 imports, entry-points,
    2 commands, 1 extra) and reads its own timings (venv / install / checks / pyrelease overhead);
  * the release-checklist peer: the same steps as a shell script (python -m venv, pip install
    --no-cache-dir, python -c 'import ...', the commands, pip install the extra + pip check).
Prints medians and the ratio. Not a CTest test.

usage: bench_verify.py PYRELEASE [--runs 5] [--python python3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import owned_temp_dir  # noqa: E402

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent / "projects" / "verify_good"
DEP = HERE.parent / "projects" / "verify_dep"
OWNED_DIR_SH = HERE.parents[1] / "scripts" / "lib" / "owned-dir.sh"

PEER = r"""
set -e
python=$1; dist=$2; env=$3
. "$4"  # scripts/lib/owned-dir.sh
"$python" -m venv "$env"
"$env/bin/python" -m pip install -q --no-cache-dir --no-index --find-links "$dist" verify-good==1.0.0
"$env/bin/python" -c 'import importlib.metadata as m; assert m.version("verify-good") == "1.0.0"'
"$env/bin/python" -c 'import verify_good'
"$env/bin/python" -c 'import verify_good.engine'
PATH="$env/bin:$PATH" verify-good --help >/dev/null
PATH="$env/bin:$PATH" verify-good --version >/dev/null
"$env/bin/python" -m pip install -q --no-cache-dir --no-index --find-links "$dist" 'verify-good[dep]==1.0.0'
"$env/bin/python" -m pip check >/dev/null
remove_owned_tree "$env"
"""


def build(dist):
    import flit_core.buildapi as api
    cwd = os.getcwd()
    for project in (PROJECT, DEP):
        os.chdir(project)
        try:
            api.build_wheel(str(dist))
        finally:
            os.chdir(cwd)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pyrelease")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--python", default="python3")
    args = ap.parse_args()
    with owned_temp_dir() as tmp:
        dist = Path(tmp) / "dist"
        dist.mkdir()
        build(dist)
        ours, peer = [], []
        for i in range(args.runs):
            t0 = time.monotonic()
            p = subprocess.run(
                [args.pyrelease, "verify", "verify-good==1.0.0", "--find-links", str(dist),
                 "--python", args.python, "--import", "verify_good", "--import",
                 "verify_good.engine", "--command", "verify-good --help", "--command",
                 "verify-good --version", "--extras", "dep", "--json"],
                capture_output=True, text=True)
            wall = time.monotonic() - t0
            if p.returncode != 0:
                sys.exit("pyrelease verify failed:\n" + p.stdout + p.stderr)
            t = json.loads(p.stdout)["timings"]
            t["wall"] = wall
            ours.append(t)
            t0 = time.monotonic()
            subprocess.run(["bash", "-c", PEER, "peer", args.python, str(dist),
                            str(Path(tmp) / f"peer-env-{i}"), str(OWNED_DIR_SH)], check=True)
            peer.append(time.monotonic() - t0)
    med = lambda key: statistics.median(t[key] for t in ours)
    wall, peer_wall = med("wall"), statistics.median(peer)
    print(f"verify-good==1.0.0, 8 checks, {args.python}, median of {args.runs} runs (seconds)")
    print(f"{'':28}{'pyrelease verify':>18}{'checklist by hand':>20}")
    print(f"{'wall clock':28}{wall:18.2f}{peer_wall:20.2f}")
    for key, label in (("venv", "python -m venv"), ("install", "pip install NAME==VERSION"),
                       ("checks", "checks (version .. extra)"), ("overhead", "pyrelease's own overhead")):
        print(f"{label:28}{med(key):18.2f}{'':>20}")
    print(f"{'overhead / total':28}{100 * med('overhead') / med('total'):17.1f}%")
    print(f"{'ratio (ours / by hand)':28}{wall / peer_wall:18.2f}")


if __name__ == "__main__":
    main()
