#!/usr/bin/env python3
"""Faults on the way to a real pypiserver (from the fixture), through a proxy the test controls and
that libcurl reaches through the standard http_proxy variable:
  * 503 twice, then forwarded: survived with backoff, each retry reported;
  * 503 for good: reported with the file, the status, the server's message, what was uploaded;
  * the connection dropped mid-upload (a dying server, as the client sees it): retried, the file lands;
  * a drop on the second file with retries off: the report says what is on the index and what is
    not, and a re-run with --skip-existing uploads only the rest;
  * the server killed (nothing listens any more): connection errors retried, then reported;
  * an index whose pages give no hashes (pypiserver --hash-algo off): the upload passes, each file
    said to be verified by name only; a 200 without storing is still a loud failure there;
  * a proxy that stores other bytes than were sent: a loud failure naming both sha256s; with
    --no-verify the run asks nothing after the POSTs and says so, `pyrelease verify --only hashes`
    catches it, and a file that landed behind a lost answer is still not sent again;
  * the standing figure: every fault kind of flaky_proxy.py (5xx bursts, resets mid-body, stalls past
    the timeout, truncated and junk answers after the file landed or not, 200 without storing, 308)
    ends either uploaded-and-verified (exit 0, the server holds our bytes, each file POSTed to the
    server at most once) or in a loud failure (non-zero exit naming the file; nothing partial on the
    server). Prints "upload faults: tried N, handled N, lost 0, partial 0, leaked 0".

usage: upload_faults_test.py PYRELEASE STATE_DIR WORK_DIR"""
import json
import os
import sys

from flaky_proxy import FlakyProxy
from index_server import IndexServer
from upload_support import check_in, check_not_in, make_dists, run, server_env, sha256_file

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

# 5b. An index whose pages give no hashes: stored files pass (by name only), dropped ones still fail.
nohash = IndexServer("pypiserver", os.path.join(work, "nohash-server"), extra_args=["--hash-algo", "off"]).start()
try:
    plain = make_dists(os.path.join(work, "nohash"), "faults-nohash", "1.0")
    p = run([pyrelease, "upload", "--repository-url", nohash.upload_url, "--no-check", *plain], env=server_env(nohash),
            expect=0)
    for f in plain:
        check_in("%s: the index lists it but gives no sha256 to compare: verified by name only" % os.path.basename(f),
                 p.stderr)
    check_in("Done: 2 uploaded", p.stderr)
    check_in("Verified: 0 of 2", p.stderr)
    dropped = make_dists(os.path.join(work, "nohash-dropped"), "faults-nohash-dropped", "1.0")
    with FlakyProxy(os.path.join(work, "proxy-nohash"), "--faults", "drop200*") as proxy:
        p = run([pyrelease, "upload", "--repository-url", nohash.upload_url, "--no-check", "--retry-delay", "0.2",
                 *dropped], env=server_env(nohash, http_proxy=proxy.url), expect=1)
    check_in("%s: the server answered HTTP 200 OK but does not list" % dropped[0], p.stderr)
finally:
    nohash.stop()

# 5c. A server (or middlebox) that stores other bytes than were sent: the verification compares the
# index's sha256 with ours and fails loudly, naming both. With --no-verify nothing is asked after the
# POSTs (the report says so), and `pyrelease verify --only hashes`, the check such a pipeline runs
# afterwards, is what catches it; the look before a retry stays (a landed file is not sent again).
def stored_sha256(path):
    stored = os.path.join(state_dir, "packages", os.path.basename(path))
    return sha256_file(stored) if os.path.exists(stored) else None


changed = make_dists(os.path.join(work, "corrupt"), "faults-corrupt", "1.0")
with FlakyProxy(os.path.join(work, "proxy-corrupt"), "--faults", "corrupt*") as proxy:
    p = upload(changed, "--json", env=server_env(server, http_proxy=proxy.url), expect=1)
    assert proxy.stats().get("corrupt") == 2, proxy.stats()
for f in changed:
    there = stored_sha256(f)
    assert there and there != sha256_file(f), (f, there)
    check_in("%s: the server answered HTTP 200 OK but lists %s on %s with different contents (sha256=%s, "
             "local sha256=%s)" % (f, os.path.basename(f), server.simple_url, there, sha256_file(f)), p.stderr)
assert [(f["status"], f["verified"]) for f in json.loads(p.stdout)["files"]] == [("failed", False)] * 2, p.stdout
# The same in a project with history (verified by reading each file back, not by the page): the
# sha256 of the bytes the index serves is not ours.
changed = make_dists(os.path.join(work, "corrupt-2.0"), "faults-corrupt", "2.0")
with FlakyProxy(os.path.join(work, "proxy-corrupt-history"), "--faults", "corrupt*") as proxy:
    p = upload(changed, "--json", env=server_env(server, http_proxy=proxy.url), expect=1)
    requests = proxy.stats()["requests"]
for f in changed:
    there = stored_sha256(f)
    assert there and there != sha256_file(f), (f, there)
    check_in("%s: the server answered HTTP 200 OK but lists %s on %s with different contents (sha256=%s of the "
             "bytes it serves, local sha256=%s)" % (f, os.path.basename(f), server.simple_url, there, sha256_file(f)),
             p.stderr)
assert "GET /packages/" + os.path.basename(changed[0]) in requests, requests
assert [(f["status"], f["verified"]) for f in json.loads(p.stdout)["files"]] == [("failed", False)] * 2, p.stdout

unverified = make_dists(os.path.join(work, "corrupt-no-verify"), "faults-corrupt-nv", "1.0")
with FlakyProxy(os.path.join(work, "proxy-corrupt-nv"), "--faults", "corrupt*") as proxy:
    p = upload(unverified, "--no-verify", "--json", env=server_env(server, http_proxy=proxy.url), expect=0)
    requests = proxy.stats()["requests"]
report = json.loads(p.stdout)
assert report["verify"] is False, report
assert [(f["status"], f["verified"]) for f in report["files"]] == [("uploaded", False)] * 2, report
last_post = max(i for i, r in enumerate(requests) if r.startswith("POST "))
assert requests[last_post + 1:] == [] and requests.count("POST /") == 2, requests
check_in("Not verified (--no-verify): the index was not asked whether it lists the 2 uploaded file(s)", p.stderr)
check_not_in("Verified:", p.stderr)
p = run([pyrelease, "verify", "faults-corrupt-nv==1.0", "--index-url", server.simple_url, "--only", "hashes",
         *[a for f in unverified for a in ("--dist", f)]], env=server_env(server), expect=1)
for f in unverified:
    check_in("%s: the index serves sha256 %s..., the local dist has %s..." % (
        os.path.basename(f), stored_sha256(f)[:12], sha256_file(f)[:12]), p.stdout)

landed = make_dists(os.path.join(work, "truncate-no-verify"), "faults-truncate-nv", "1.0")
with FlakyProxy(os.path.join(work, "proxy-truncate-nv"), "--faults", "truncate") as proxy:
    p = upload(landed, "--no-verify", "--json", env=server_env(server, http_proxy=proxy.url), expect=0)
    upstream = proxy.stats()["upstream"]
check_in("the index lists the file with our sha256; not sent again", p.stderr)
assert upstream == ["200", "200"], upstream  # each file POSTed once: no 409 for a re-send
assert all(stored_sha256(f) == sha256_file(f) for f in landed), landed

# 6. The standing figure: one fresh release per fault scenario, through the proxy, bounded in time.
# (name, --faults, extra flags, the outcome the tool must reach: "verified" or "loud" and what it says)
SCENARIOS = [
    ("burst", "503,503,503", [], "verified", None),
    ("burst-for-good", "503*", ["--retries", "2"], "loud", "failed after 3 attempts"),
    ("reset", "reset", [], "verified", None),
    ("reset-2nd", "ok,reset", ["--retries", "0"], "loud", "failed"),
    # (libcurl measures speed over its last 5 s of samples: a 2 s stall timeout fires after ~7 s)
    ("stall", "stall", ["--stall-timeout", "2"], "verified", "(curl error 28)"),
    ("truncated-after-store", "truncate", [], "verified", "not sent again"),
    ("junk-after-store", "junk", [], "verified", "not sent again"),
    ("junk-not-stored", "junk-lost", [], "verified", None),
    ("ok-then-junk-after-store", "ok,junk", [], "verified", "not sent again"),
    ("200-without-store", "drop200*", [], "loud", "but does not list"),
    ("308", "308*", [], "loud", "answered the upload with a redirect (HTTP 308)"),
]
packages = os.path.join(state_dir, "packages")


def on_server(name):
    path = os.path.join(packages, name)
    return sha256_file(path) if os.path.exists(path) else None


tried = handled = lost = partial = leaked = duplicated = 0
import time  # noqa: E402
t0 = time.time()
for i, (name, faults, flags, expected, says) in enumerate(SCENARIOS):
    tried += 1
    dists = make_dists(os.path.join(work, "matrix", name), "faults-m%d" % i, "1.0")
    with FlakyProxy(os.path.join(work, "matrix-proxy", name), "--faults", faults, "--stall", "20") as proxy:
        p = upload(dists, "--json", *flags, env=server_env(server, http_proxy=proxy.url), expect=None)
        stats = proxy.stats()
    report = json.loads(p.stdout) if p.stdout.strip() else {"files": []}
    problems = []
    for d in dists:
        there = on_server(os.path.basename(d))
        if there is not None and there != sha256_file(d):
            partial += 1
            problems.append("%s is on the server with other bytes" % os.path.basename(d))
        if p.returncode == 0 and there is None:
            lost += 1
            problems.append("exit 0 but %s is not on the server" % os.path.basename(d))
    # At most one POST of each file reached the server with a 2xx; none was refused as a duplicate.
    dup = sum(1 for s_ in stats.get("upstream", []) if s_ == "409")
    duplicated += dup
    if dup:
        problems.append("%d upload(s) sent again after the file had landed" % dup)
    if server.password in p.stdout + p.stderr:
        leaked += 1
        problems.append("the password was printed")
    if expected == "verified":
        if p.returncode != 0:
            problems.append("expected uploaded-and-verified, got exit %d" % p.returncode)
        elif not all(f["status"] == "uploaded" and f["verified"] for f in report["files"]):
            problems.append("not every file is uploaded and verified: %s" % report["files"])
        elif "Verified: 2 of 2 uploaded file(s)" not in p.stderr:
            problems.append("no 'Verified: 2 of 2' line")
    else:
        if p.returncode == 0:
            problems.append("expected a loud failure, got exit 0")
        elif "error:" not in p.stderr.lower() or not any(d in p.stderr for d in dists):
            problems.append("the failure does not name the file")
    if says and says not in p.stderr:
        problems.append("expected %r in stderr" % says)
    print("fault %-26s %-18s exit %d, %s" % (name, faults, p.returncode, "; ".join(problems) or "handled"),
          flush=True)
    handled += not problems
elapsed = time.time() - t0
print("upload faults: tried %d, handled %d, lost %d, partial %d, leaked %d" % (tried, handled, lost, partial, leaked))
print("(duplicated uploads: %d; %.1fs)" % (duplicated, elapsed))
assert (tried, handled, lost, partial, leaked, duplicated) == (len(SCENARIOS), len(SCENARIOS), 0, 0, 0, 0)
print("ok: faults")
