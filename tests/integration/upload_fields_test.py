#!/usr/bin/env python3
"""The form pyrelease sends is the form twine sends: both upload the same files to the same
recording server and the recorded fields must match (as multisets: twine's order comes from a
frozenset). By default the digest fields follow the file (hashed while it is sent; checked against
the file); with --digests-first --md5 they come before it, md5_digest included. Also: the
request shape (Accept: application/json, Basic auth, a Content-Length, no Expect), a retried upload
hashed again (each attempt carries the right digests), redirects refused with the right URL named
and no second POST, and the server's JSON error message shown.

usage: upload_fields_test.py PYRELEASE WORK_DIR EXAMPLE_DIST_DIR"""
import collections
import glob
import hashlib
import json
import os
import sys

from recording_server import RecordingServer
from upload_support import check_in, clean_env, make_dists, run

pyrelease, work, example_dir = sys.argv[1:4]
env = clean_env(TWINE_USERNAME="fields-user", TWINE_PASSWORD="fields-password")
rich = make_dists(os.path.join(work, "rich"), "Rich_Fields.pkg", "2.0", metadata_version="2.4", extra_metadata=(
    "Keywords: alpha,beta , gamma\nAuthor: A. Person\nAuthor-email: A Person <a@example.org>\n"
    "Maintainer-email: m@example.org\nLicense-Expression: MIT OR Apache-2.0\nLicense-File: LICENSE\n"
    "License-File: NOTICE\nClassifier: Programming Language :: Python :: 3\nClassifier: Typing :: Typed\n"
    "Project-URL: Homepage, https://example.org/home\nProject-URL: Issues,https://example.org/issues\n"
    "Requires-Dist: packaging>=20\nRequires-Dist: rich; extra == \"ui\"\nProvides-Extra: ui\nDynamic: Requires-Dist\n"
    "Platform: any\nDescription-Content-Type: text/markdown; charset=UTF-8\n\n# Rich fields\n\nUnicode: \u00e9\u00e8 \u2713\n"))
files = sorted(glob.glob(os.path.join(example_dir, "*"))) + rich


def record(argv, record_dir):
    with RecordingServer(record_dir) as rec:
        run([a.replace("@URL@", rec.url) for a in argv], env=env, expect=0)
        return {r["files"][0][1]: r for r in rec.requests()}


twine = record([sys.executable, "-m", "twine", "upload", "--disable-progress-bar", "--repository-url", "@URL@",
                *files], os.path.join(work, "twine"))
ours = record([pyrelease, "upload", "--no-check", "--repository-url", "@URL@", *files], os.path.join(work, "ours"))
first = record([pyrelease, "upload", "--no-check", "--digests-first", "--md5", "--repository-url", "@URL@", *files],
               os.path.join(work, "ours-digests-first"))
assert sorted(twine) == sorted(ours) == sorted(first) == sorted(os.path.basename(f) for f in files), (
    sorted(twine), sorted(ours))
DIGESTS = ["sha256_digest", "blake2_256_digest"]
for path in files:
    name = os.path.basename(path)
    data = open(path, "rb").read()
    t, o, f = twine[name], ours[name], first[name]
    # One pass: the digests follow the file and hash what was sent.
    assert o["order"][-3:] == ["content"] + DIGESTS, o["order"]
    assert "md5_digest" not in o["order"], o["order"]
    digests = dict(o["fields"])
    assert digests["sha256_digest"] == hashlib.sha256(data).hexdigest(), digests
    assert digests["blake2_256_digest"] == hashlib.blake2b(data, digest_size=32).hexdigest(), digests
    # --digests-first: twine's order (digests, :action, protocol_version, then the file), plus md5.
    assert f["order"][-1] == "content" and f["order"].index("sha256_digest") < f["order"].index("content"), f["order"]
    first_fields = [tuple(x) for x in f["fields"]]
    md5 = [v for k, v in first_fields if k == "md5_digest"]
    assert md5 == [hashlib.md5(data).hexdigest()], md5
    first_fields = [x for x in first_fields if x[0] != "md5_digest"]
    assert collections.Counter(first_fields) == collections.Counter(tuple(x) for x in o["fields"]), name
    assert f["files"] == o["files"], (f["files"], o["files"])
    ours_fields = [tuple(x) for x in o["fields"]]
    twine_fields = [tuple(f) for f in t["fields"]]
    if collections.Counter(ours_fields) != collections.Counter(twine_fields):
        print("only twine:", sorted(set(twine_fields) - set(ours_fields)))
        print("only pyrelease:", sorted(set(ours_fields) - set(twine_fields)))
        raise AssertionError("form fields differ for " + name)
    # Repeated fields keep their order.
    for key in {k for k, _ in twine_fields}:
        assert [v for k, v in ours_fields if k == key] == [v for k, v in twine_fields if k == key], key
    assert o["files"] == t["files"], (o["files"], t["files"])  # content: same name, filename, type, bytes
    assert o["headers"]["Authorization"] == t["headers"]["Authorization"]
    assert o["headers"]["Accept"] == "application/json", o["headers"]
    assert "Expect" not in o["headers"] and not o["chunked"] and int(o["headers"]["Content-Length"]) > 0
    print("%s: %d fields identical to twine's (digests after the file; first, + md5_digest, "
          "with --digests-first)" % (name, len(twine_fields)))
assert list(ours)[0].endswith(".whl"), "wheels first"

# A retry re-sends the whole body and hashes it again: every attempt carries the file's digests.
with RecordingServer(os.path.join(work, "retry"), "--fail-first", "2") as rec:
    run([pyrelease, "upload", "--no-check", "--retries", "2", "--retry-delay", "0.1", "--repository-url", rec.url,
         rich[0]], env=env, expect=0)
    attempts = rec.requests()
    assert len(attempts) == 3, attempts
    data = open(rich[0], "rb").read()
    for a in attempts:
        assert dict(a["fields"])["sha256_digest"] == hashlib.sha256(data).hexdigest(), a["fields"]
        assert dict(a["fields"])["blake2_256_digest"] == hashlib.blake2b(data, digest_size=32).hexdigest()
        assert a["files"][0][4] == hashlib.sha256(data).hexdigest(), a["files"]
print("3 attempts, each with the file's digests")

# A redirect is refused, named, and never followed with a second POST.
with RecordingServer(os.path.join(work, "redirect"), "--redirect-to", "/legacy/") as rec:
    p = run([pyrelease, "upload", "--no-check", "--repository-url", rec.url.rstrip("/"), rich[0]], env=env, expect=1)
    assert len(rec.requests()) == 1, rec.requests()
    check_in("answered the upload with a redirect (HTTP 301) to %s" % rec.url, p.stderr)
    check_in("the repository URL is missing a trailing slash: use " + rec.url, p.stderr)
with RecordingServer(os.path.join(work, "redirect2"), "--redirect-to", "https://elsewhere.invalid/up/") as rec:
    p = run([pyrelease, "upload", "--no-check", "--repository-url", rec.url, rich[0]], env=env, expect=1)
    assert len(rec.requests()) == 1
    check_in("if you trust it, set the repository URL to https://elsewhere.invalid/up/", p.stderr)

# The server's JSON error (Warehouse's shape) is what the user reads.
body = json.dumps({"message": "The server could not comply with the request since it is either malformed or "
                   "otherwise incorrect.", "code": "400 'bad' is an invalid value for Version.", "title": "Bad Request"})
with RecordingServer(os.path.join(work, "error"), "--reply", "400", "--reply-body", body, "--reply-type",
                     "application/json") as rec:
    p = run([pyrelease, "upload", "--no-check", "--retries", "0", "--repository-url", rec.url, rich[0]], env=env,
            expect=1)
    check_in("the server answered HTTP 400 Bad Request: 'bad' is an invalid value for Version.", p.stderr)
print("ok: fields")
