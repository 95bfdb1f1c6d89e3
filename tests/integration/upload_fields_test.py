#!/usr/bin/env python3
"""The form pyrelease sends is the form twine sends: both upload the same files to the same
recording server and the recorded fields must match (as multisets: twine's order comes from a
frozenset), except that pyrelease also sends md5_digest (checked against the file). Also: the
request shape (Accept: application/json, Basic auth, a Content-Length, no Expect), redirects refused
with the right URL named and no second POST, and the server's JSON error message shown.

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
assert sorted(twine) == sorted(ours) == sorted(os.path.basename(f) for f in files), (sorted(twine), sorted(ours))
for path in files:
    name = os.path.basename(path)
    t, o = twine[name], ours[name]
    ours_fields = [tuple(f) for f in o["fields"]]
    md5 = [v for k, v in ours_fields if k == "md5_digest"]
    assert md5 == [hashlib.md5(open(path, "rb").read()).hexdigest()], md5
    ours_fields = [f for f in ours_fields if f[0] != "md5_digest"]
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
    print("%s: %d fields identical to twine's (+ md5_digest)" % (name, len(twine_fields)))
assert list(ours)[0].endswith(".whl"), "wheels first"

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
