#!/usr/bin/env python3
"""A planted API token must never show: not on stdout/stderr of any upload path (success, wrong
password, server errors that echo it, connection errors with it in the URL's userinfo, --json,
--dry-run, a world-readable .pypirc), not in any file pyrelease writes (a file index), and not in any
file of the build tree (CMake files included), nor in pyrelease's argv.

usage: upload_leak_test.py PYRELEASE STATE_DIR WORK_DIR BUILD_TREE"""
import os
import secrets
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402

from index_server import IndexServer
from recording_server import RecordingServer
from upload_support import check_in, clean_env, make_dists, run

pyrelease, state_dir, work, build_tree = sys.argv[1:5]
fresh_dir(work)
server = IndexServer.load(state_dir)
token = "pypi-PLANTED" + secrets.token_hex(24)
files = make_dists(os.path.join(work, "dists"), "leak-test", "1.0")
outputs = []


def go(argv, env, expect):
    p = run(argv, env=env, expect=expect)
    outputs.append(p.stdout + p.stderr)
    return p


# Wrong password on a real server (403/401), with --json.
go([pyrelease, "upload", "--no-check", "--json", "--repository-url", server.upload_url, *files],
   clean_env(TWINE_USERNAME=server.username, TWINE_PASSWORD=token), 1)
# A .pypirc holding the token, readable by others (warned about), against a server that echoes it.
pypirc = os.path.join(work, "pypirc")
with RecordingServer(os.path.join(work, "echo"), "--reply", "400", "--reply-body",
                     "bad credentials: %s (Basic __token__:%s)" % (token, token)) as rec:
    with open(pypirc, "w") as f:
        f.write("[distutils]\nindex-servers = leaky\n[leaky]\nrepository = %s\nusername = __token__\npassword = %s\n"
                % (rec.url, token))
    os.chmod(pypirc, 0o644)
    p = go([pyrelease, "upload", "--no-check", "--retries", "0", "--config-file", pypirc, "-r", "leaky", *files],
           clean_env(), 1)
    check_in("chmod 600", p.stderr)
    check_in("bad credentials: <hidden>", p.stderr)
    go([pyrelease, "upload", "--no-check", "--dry-run", "--json", "--config-file", pypirc, "-r", "leaky", *files],
       clean_env(), 0)
# The token in the URL's userinfo, from the environment, to a port where nothing listens.
go([pyrelease, "upload", "--no-check", "--retries", "0", *files],
   clean_env(TWINE_REPOSITORY_URL="http://__token__:%s@127.0.0.1:9/legacy/" % token), 1)
# A successful publish into a file index with the token in the environment.
go([pyrelease, "upload", "--no-check", "--json", "--repository-url", os.path.join(work, "index"), *files],
   clean_env(TWINE_PASSWORD=token, TWINE_USERNAME="__token__"), 0)

# twine's -p/--password: refused (exit 2) without repeating it (not echoed by this test either).
import subprocess  # noqa: E402
p = subprocess.run([pyrelease, "upload", "-p", token, "--repository-url", os.path.join(work, "index"), *files],
                   env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
assert p.returncode == 2, p.returncode
check_in("passwords are not taken on the command line", p.stderr)
outputs.append(p.stdout + p.stderr)

for out in outputs:
    assert token not in out and token[5:] not in out, "token leaked in output:\n" + out
leaks = []
for root in (work, build_tree):
    for dirpath, _, names in os.walk(root):
        for n in names:
            path = os.path.join(dirpath, n)
            if path == pypirc or os.path.islink(path) or not os.path.isfile(path):
                continue
            if os.path.getsize(path) > (64 << 20):  # archives and venv blobs: nothing writes text there
                continue
            try:
                with open(path, "rb") as f:
                    if token.encode() in f.read():
                        leaks.append(path)
            except OSError:
                pass
assert not leaks, "token found in files: %s" % leaks
print("ok: the planted token appears in no output and in no file (%d runs checked)" % len(outputs))
