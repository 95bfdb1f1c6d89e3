#!/usr/bin/env python3
"""The read-back verification (a project whose names listing shows earlier files) sends the index's
credentials only to the index: a file URL on the index's own host gets them, one on another host
(`localhost` instead of `127.0.0.1`) does not; both uploads are verified by the sha256 of the bytes
read back, the names listing asked once per poll for both files.

usage: upload_readback_test.py PYRELEASE WORK_DIR"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recording_server import RecordingServer  # noqa: E402
from upload_support import clean_env, make_dists, run  # noqa: E402

pyrelease, work = sys.argv[1:3]
for host, credentials in (("127.0.0.1", True), ("localhost", False)):
    files = make_dists(os.path.join(work, host), "readback", "1.0")
    with RecordingServer(os.path.join(work, "server-" + host), "--index", "readback", "--file-host", host) as rec:
        url = "http://127.0.0.1:%d/" % rec.port
        env = clean_env(TWINE_USERNAME="readback-user", TWINE_PASSWORD="readback-test-only-password")
        p = run([pyrelease, "upload", "--repository-url", url, "--no-check", "--json", *files], env=env, expect=0)
        with open(os.path.join(rec.record_dir, "gets.jsonl")) as f:
            gets = [json.loads(line) for line in f]
        with open(os.path.join(rec.record_dir, "listings.jsonl")) as f:
            listings = [json.loads(line)["stored"] for line in f]
    report = json.loads(p.stdout)
    assert all(f["status"] == "uploaded" and f["verified"] for f in report["files"]), report
    assert sorted(g["path"] for g in gets) == sorted("/files/" + os.path.basename(f) for f in files), gets
    assert all(g["authorization"] == credentials for g in gets), (host, gets)
    # The listing: once before the send (nothing of ours there), once for the verification of both
    # files (one poll: asked once per project, not once per file).
    assert listings == [0, len(files)], listings
    print("file URLs on %s: read back, verified, credentials sent: %s" % (host, credentials))
print("ok")
