#!/usr/bin/env python3
"""Publishing into a local file index: files copied in, PEP 503/691 pages with hashes and
requires-python, PEP 658 metadata for wheels; re-publishing is a no-op; a different file under the
same name is refused; and pip installs from file://<index>/simple into a fresh venv.

usage: upload_file_index_test.py PYRELEASE WORK_DIR EXAMPLE_DIST_DIR"""
import glob
import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402

from upload_support import check_in, clean_env, fresh_venv, make_dists, pip_install, run, sha256_file

pyrelease, work, example_dir = sys.argv[1:4]
fresh_dir(work)
example = sorted(glob.glob(os.path.join(example_dir, "*")))
index = os.path.join(work, "index")
env = clean_env()

p = run([pyrelease, "upload", "--no-check", "--repository-url", "file://" + index, *example], env=env, expect=0)
check_in("Done: 2 uploaded, 0 already there", p.stderr)
# The URL printed is percent-encoded (the build path may hold spaces and non-ASCII characters).
check_in("View at: %s/" % Path(index, "simple", "flit-demo").as_uri(), p.stderr)
page = json.load(open(os.path.join(index, "simple", "flit-demo", "index.json")))
by_name = {f["filename"]: f for f in page["files"]}
for path in example:
    f = by_name[os.path.basename(path)]
    assert f["hashes"]["sha256"] == sha256_file(path), f
    assert f["requires-python"] == ">=3.8" and f["size"] == os.path.getsize(path), f
    if path.endswith(".whl"):
        meta = open(os.path.join(index, "files", os.path.basename(path) + ".metadata"), "rb").read()
        assert f["core-metadata"] == {"sha256": hashlib.sha256(meta).hexdigest()}, f
html = open(os.path.join(index, "simple", "flit-demo", "index.html")).read()
check_in('data-requires-python="&gt;=3.8"', html, "project page")

# --no-verify leaves out a request to an HTTP index; the pages of a file index, just written, are
# still read back (nothing is saved by skipping it) and the report says so.
nv = make_dists(os.path.join(work, "no-verify"), "nv-pkg", "1.0")
p = run([pyrelease, "upload", "--no-check", "--no-verify", "--json", "--repository-url", index, *nv], env=env,
        expect=0)
assert [(f["status"], f["verified"]) for f in json.loads(p.stdout)["files"]] == [("uploaded", True)] * 2, p.stdout
check_in("Verified: 2 of 2 uploaded file(s) listed on the index with the same sha256", p.stderr)

# Same files again (a bare path this time): a no-op.
p = run([pyrelease, "upload", "--no-check", "--repository-url", index, *example], env=env, expect=0)
check_in("Done: 0 uploaded, 2 already there", p.stderr)

# Different bytes under a published name: refused, nothing changes.
other = make_dists(os.path.join(work, "other"), "flit-demo", "0.1.0", module_text="X = 1\n")
before = open(os.path.join(index, "simple", "flit-demo", "index.json")).read()
p = run([pyrelease, "upload", "--no-check", "--repository-url", index, other[0]], env=env, expect=1)
check_in("File already exists ('flit_demo-0.1.0-py3-none-any.whl') on the index with different contents", p.stderr)
assert open(os.path.join(index, "simple", "flit-demo", "index.json")).read() == before

# A bad file anywhere in the batch stops everything before anything is copied: an unreadable sdist,
# and (through the built-in check) metadata PyPI would refuse.
fresh = os.path.join(work, "fresh-index")
good, sdist = make_dists(os.path.join(work, "batch"), "batch-pkg", "1.0")
with open(sdist, "r+b") as f:
    f.truncate(100)
p = run([pyrelease, "upload", "--repository-url", fresh, good, sdist], env=env, expect=1)
check_in("nothing was uploaded", p.stderr)
bad = make_dists(os.path.join(work, "badmeta"), "batch-pkg", "1.0", metadata_version="3.0")
p = run([pyrelease, "upload", "--repository-url", fresh, good, bad[1]], env=env, expect=3)
check_in("Checking %s: FAILED" % bad[1], p.stderr)
check_in("nothing was uploaded", p.stderr)
assert not os.path.exists(os.path.join(fresh, "files", os.path.basename(good))), "half a release was published"
p = run([pyrelease, "upload", "--repository-url", fresh, good], env=env, expect=0)  # the check passes it
check_in("Checking %s: PASSED" % good, p.stderr)

python = fresh_venv(os.path.join(work, "venv"))
pip_install(python, Path(index, "simple").as_uri(), "flit-demo")
p = run([python, "-c", "import fancy; print(fancy.__file__)"], expect=0)
check_in(os.path.join(work, "venv"), p.stdout)
print("ok: file index")
