#!/usr/bin/env python3
"""Faults on the way to a real pypiserver (from the fixture), through a proxy the test controls and
that libcurl reaches through the standard http_proxy variable:
  * 503 twice, then forwarded: survived with backoff, each retry reported;
  * 503 for good: reported with the file, the status, the server's message, what was uploaded;
  * the connection dropped mid-upload (a dying server, as the client sees it): retried, the file lands;
  * a drop on the second file with retries off: the report says what is on the index and what is
    not, and a re-run with --skip-existing uploads only the rest;
  * the server killed (nothing listens any more): connection errors retried, then reported.

usage: upload_faults_test.py PYRELEASE STATE_DIR WORK_DIR"""
import json
import os
import sys

from flaky_proxy import FlakyProxy
from index_server import IndexServer
from upload_support import check_in, make_dists, run, server_env, sha256_file

pyrelease, state_dir, work = sys.argv[1:4]
server = IndexServer.load(state_dir)


def upload(files, *flags, env, expect):
    return run([pyrelease, "upload", "--repository-url", server.upload_url, "--no-check", "--retry-delay", "0.2",
                *flags, *files], env=env, expect=expect)


def index_has(files):
    p = run([pyrelease, "upload", "--repository-url", server.upload_url, "--no-check", "--dry-run",
             "--skip-existing", "--json", *files], env=server_env(server), expect=0)
    return {f["filename"]: f["status"] == "already-there" for f in json.loads(p.stdout)["files"]}


# 1. 503, 503, then the real server.
files = make_dists(os.path.join(work, "busy"), "faults-busy", "1.0")
with FlakyProxy(os.path.join(work, "proxy1"), "--fail-posts", "2") as proxy:
    p = upload(files[:1], env=server_env(server, http_proxy=proxy.url), expect=0)
    stats = proxy.stats()
assert stats.get("failed_503") == 2 and stats.get("forwarded", 0) >= 1, stats
check_in("HTTP 503 Service Unavailable upstream busy, try again; retrying in 0.2s (retry 1 of 3)", p.stderr)
check_in("retrying in 0.4s (retry 2 of 3)", p.stderr)
check_in("Done: 1 uploaded", p.stderr)
assert index_has(files[:1]) == {os.path.basename(files[0]): True}

# 2. 503 for good: bounded retries, then the full report.
with FlakyProxy(os.path.join(work, "proxy2"), "--fail-posts", "100") as proxy:
    p = upload(files[1:], "--retries", "2", env=server_env(server, http_proxy=proxy.url), expect=1)
    assert proxy.stats().get("failed_503") == 3, proxy.stats()
check_in("%s: upload to %s failed after 3 attempts: the server answered HTTP 503 Service Unavailable: "
         "upstream busy, try again" % (files[1], server.upload_url), p.stderr)
check_in("already on the index: none; not uploaded: " + os.path.basename(files[1]), p.stderr)

# 3. Dropped mid-body (2 MiB file so the body is really cut): retried, and the index has our bytes.
big = make_dists(os.path.join(work, "drop"), "faults-drop", "1.0", module_text="DATA = %r\n" % os.urandom(1 << 20).hex())
with FlakyProxy(os.path.join(work, "proxy3"), "--drop-posts", "1") as proxy:
    p = upload(big[:1], env=server_env(server, http_proxy=proxy.url), expect=0)
    assert proxy.stats().get("dropped") == 1, proxy.stats()
check_in("retrying in 0.2s (retry 1 of 3)", p.stderr)
check_in("curl error", p.stderr)
assert index_has(big[:1]) == {os.path.basename(big[0]): True}

# 4. Half a release: the sdist's connection drops and retries are off.
half = make_dists(os.path.join(work, "half"), "faults-half", "1.0")
with FlakyProxy(os.path.join(work, "proxy4"), "--drop-posts", "2") as proxy:
    p = upload(half, "--retries", "0", env=server_env(server, http_proxy=proxy.url), expect=1)
check_in("%s: upload to %s failed: " % (half[1], server.upload_url), p.stderr)
check_in("already on the index: %s; not uploaded: %s" % (os.path.basename(half[0]), os.path.basename(half[1])),
         p.stderr)
p = upload(half, "--skip-existing", env=server_env(server), expect=0)
check_in("Skipping %s: an identical file is already on the index" % os.path.basename(half[0]), p.stderr)
check_in("Done: 1 uploaded, 1 already there", p.stderr)

# 5. A server that was killed: nothing listens on its port any more.
dead = IndexServer("pypiserver", os.path.join(work, "dead-server")).start()
dead_url = dead.upload_url
dead.stop()
p = run([pyrelease, "upload", "--repository-url", dead_url, "--no-check", "--retries", "2", "--retry-delay", "0.1",
         *files[1:]], env=server_env(dead), expect=1)
check_in("%s: upload to %s failed after 3 attempts: " % (files[1], dead_url), p.stderr)
check_in("(curl error 7)", p.stderr)
check_in("not uploaded: " + os.path.basename(files[1]), p.stderr)
print("ok: faults")
