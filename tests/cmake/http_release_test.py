#!/usr/bin/env python3
"""The whole release over HTTP: a real pypiserver on 127.0.0.1 (free port, upload auth), the
examples/find_package_consumer project configured with only the repository URL and the simple
index URL as cache variables (PYRELEASE_REPOSITORY / PYRELEASE_INDEX_URL), the credentials only in
the environment. `cmake --build --target publish-verify` must upload (publish, after twine-check) and run
the verify CTest tests against the server; the password must then appear in no file of the build
tree (CMakeCache.txt, build files, .ninja_log, CTest logs) and in no output.

usage: http_release_test.py --source-dir SRC --prefix PREFIX --work-dir DIR
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from index_server import IndexServer  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402

PASSWORD = "pyrelease-planted-http-secret-41c2"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    work = os.path.abspath(args.work_dir)
    fresh_dir(work)
    build = os.path.join(work, "build")

    with IndexServer("pypiserver", os.path.join(work, "server"), password=PASSWORD) as server:
        env = dict(os.environ)
        env.update({"TWINE_USERNAME": server.username, "TWINE_PASSWORD": server.password})
        env.pop("TWINE_REPOSITORY_URL", None)

        def run(cmd, check=True):
            print("+", " ".join(cmd), flush=True)
            p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            print(p.stdout, end="", flush=True)
            if PASSWORD in p.stdout:
                fail(f"the password was printed by {' '.join(cmd)}")
            if check and p.returncode != 0:
                fail(f"{' '.join(cmd)} exited with {p.returncode}")
            return p

        run(["cmake", "-S", os.path.join(args.source_dir, "examples", "find_package_consumer"), "-B", build,
             "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={args.prefix}",
             f"-DPYRELEASE_REPOSITORY={server.upload_url}", f"-DPYRELEASE_INDEX_URL={server.simple_url}"])
        p = run(["cmake", "--build", build, "--target", "publish-verify"])
        for name in ("hello-release-verify:install", "hello-release-verify:hashes",
                     "hello-release-verify:import:hello_release", "hello-release-verify:entry-points"):
            if not re.search(re.escape(name) + r" \.*\s+Passed", p.stdout):
                fail(f"publish-verify did not pass the test '{name}'")
        # The index serves what was built.
        import urllib.request
        with urllib.request.urlopen(server.simple_url.rstrip("/") + "/hello-release/") as r:
            page = r.read().decode()
        for archive in ("hello_release-0.1.0.tar.gz", "hello_release-0.1.0-py3-none-any.whl"):
            if archive not in page:
                fail(f"the server does not list {archive}")

    leaks = []
    for root, _, files in os.walk(build):
        for name in files:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    if PASSWORD.encode() in f.read():
                        leaks.append(path)
            except OSError:
                pass
    if leaks:
        fail(f"the password is in {leaks}")
    print("PASS http release")


if __name__ == "__main__":
    main()
