#!/usr/bin/env python3
"""pyrelease upload against a real index server started by the fixture (pypiserver or devpi).

usage: upload_server_test.py PYRELEASE STATE_DIR WORK_DIR SCENARIO [EXAMPLE_DIST_DIR]
scenarios:
  install     upload an example's sdist + wheel, then pip installs it from the index's simple URL into
              a fresh venv and imports it; the index lists both files with the local sha256
  duplicates  a second upload fails without --skip-existing and passes with it (uploading nothing);
              a different file under an existing name fails with or without --skip-existing; both
              again through a proxy whose root page lists no project (no pre-check: the server's
              refusal is judged by hash on the project's page)
  auth        a wrong password gets the 401/403 message, a missing one names TWINE_PASSWORD
  requests    a two-file upload reuses its connection for every request the server keeps it open for
              (pypiserver: one connection in all; connects counted with strace) and asks for the
              project's page once after the last POST, none between the POSTs (the request log of a
              proxy; before the send pypiserver is asked the names-only /<project>/json instead); both files verified; with --no-verify the same requests end at the last POST;
              a project the root page does not list: no request of its page before the POSTs
  history     a new version of a project the index has is uploaded and verified (pypiserver: its
              names-only /<project>/json listing instead of the hashing page before the send, and
              each file read back and hashed instead of the page after it); a release whose sdist
              conflicts with the index's is refused before any POST
  digests     the server takes the digest fields after the file (the default: hashed while sent) and
              before it (--digests-first --md5, also through PYRELEASE_UPLOAD_DIGESTS_FIRST); each
              upload is verified against the index with the local sha256
"""
import glob
import json
import os
import sys
import urllib.parse

from flaky_proxy import FlakyProxy
from upload_support import (check_in, check_not_in, clean_env, fresh_venv, make_dists, pip_install, run,
                            server_env, sha256_file)
from index_server import IndexServer

pyrelease, state_dir, work, scenario = sys.argv[1:5]
server = IndexServer.load(state_dir)
os.makedirs(work, exist_ok=True)
url = server.upload_url


def upload(files, *flags, env=None, expect=None):
    return run([pyrelease, "upload", "--repository-url", url, "--no-check", "--retry-delay", "0.2", *flags, *files],
               env=env or server_env(server), expect=expect)


if scenario == "install":
    example = sorted(glob.glob(os.path.join(sys.argv[5], "*")))
    assert len(example) == 2, example
    p = upload(example, "--json", expect=0)
    report = json.loads(p.stdout)
    assert report["ok"] and [f["status"] for f in report["files"]] == ["uploaded", "uploaded"], report
    assert report["files"][0]["filename"].endswith(".whl"), "wheels go first: %s" % report["files"]
    check_in("View at: " + server.simple_url, p.stderr)
    # The index lists both files with our hashes (pip checks them too when it installs).
    p = run([pyrelease, "upload", "--repository-url", url, "--no-check", "--dry-run", "--skip-existing", "--json",
             *example], env=server_env(server), expect=0)
    report = json.loads(p.stdout)
    assert [f["status"] for f in report["files"]] == ["already-there"] * 2, report
    python = fresh_venv(os.path.join(work, "venv"))
    pip_install(python, server.simple_url, "flit-demo==0.1.0")
    p = run([python, "-c", "import fancy, sys; print(fancy.__file__)"], expect=0)
    check_in(os.path.join(work, "venv"), p.stdout)

elif scenario == "duplicates":
    name = "dup-" + server.kind
    files = make_dists(os.path.join(work, "a"), name, "1.0")
    upload(files, expect=0)
    p = upload(files, expect=1)
    check_in("already on %s: %s" % (url, os.path.basename(files[0])), p.stderr)
    check_in("pass --skip-existing", p.stderr)
    check_in("Nothing was uploaded", p.stderr)
    p = upload(files, "--skip-existing", expect=0)
    check_in("0 uploaded, 2 already there", p.stderr)
    # Half a release on the index (the wheel only): a re-run uploads just the sdist.
    half = make_dists(os.path.join(work, "half"), name, "1.1")
    upload(half[:1], expect=0)
    p = upload(half, "--skip-existing", "--json", expect=0)
    statuses = {f["filename"]: f["status"] for f in json.loads(p.stdout)["files"]}
    assert statuses == {os.path.basename(half[0]): "already-there", os.path.basename(half[1]): "uploaded"}, statuses
    # Different bytes under a name the index already has: refused before anything is sent.
    other = make_dists(os.path.join(work, "b"), name, "1.0", module_text="CHANGED = True\n")
    for flags in ([], ["--skip-existing"]):
        p = upload(other, *flags, expect=1)
        check_in("File already exists ('%s') on the index with different contents" % os.path.basename(other[0]),
                 p.stderr)
        check_in("local sha256=" + sha256_file(other[0]), p.stderr)
    # A root page that wrongly lists no project: the look before the send asks for no project page,
    # so the server's refusal of the POST finds the conflict, still judged by hash on the project's
    # page; an identical file is skipped (pypiserver refuses it) or taken again (devpi) and verified.
    root = urllib.parse.urlsplit(server.simple_url).path
    with FlakyProxy(os.path.join(work, "empty-root"), "--empty-root", root) as proxy:
        penv = server_env(server, http_proxy=proxy.url)
        p = upload(other[:1], env=penv, expect=1)
        check_in("the index holds a different file under this name (sha256=", p.stderr)
        p = upload(files, "--skip-existing", "--json", env=penv, expect=0)
        stats = proxy.stats()
    for f in json.loads(p.stdout)["files"]:
        assert f["status"] == "already-there" or (f["status"] == "uploaded" and f["verified"]), p.stdout
        assert f["sha256"] == sha256_file(os.path.join(work, "a", f["filename"])), p.stdout
    assert stats.get("empty_root", 0) >= 2, stats
    first_post = stats["requests"].index("POST " + urllib.parse.urlsplit(url).path)
    assert not [r for r in stats["requests"][:first_post] if r.endswith("/%s/" % name)], stats["requests"]
    print("%s: with an empty root page: %s" % (server.kind, stats["requests"]))
    # The pre-check cannot see the index (wrong check URL): the server's own refusal is shown,
    # with its status, and --skip-existing does not guess from the wording.
    hidden = ["--check-url", "http://127.0.0.1:%d/nothing-here/" % server.port]
    p = upload(other[:1], *hidden, expect=1)
    check_in("upload to %s failed: the server answered HTTP" % url, p.stderr)
    check_in("not uploaded: " + os.path.basename(other[0]), p.stderr)

elif scenario == "digests":
    for version, flags, extra_env in (("1.0", [], {}), ("2.0", ["--digests-first", "--md5"], {}),
                                      ("3.0", [], {"PYRELEASE_UPLOAD_DIGESTS_FIRST": "1"})):
        files = make_dists(os.path.join(work, version), "digests-" + server.kind, version)
        env = dict(server_env(server), **extra_env)
        report = json.loads(upload(files, "--json", *flags, env=env, expect=0).stdout)
        for f, path in zip(report["files"], files):
            assert f["status"] == "uploaded" and f["verified"], report
            assert f["sha256"] == sha256_file(path), (f, path)
    # A dry run sends nothing but still reports each file's sha256 (hashed after the index is asked).
    files = make_dists(os.path.join(work, "dry"), "digests-" + server.kind, "4.0")
    report = json.loads(upload(files, "--json", "--dry-run", expect=0).stdout)
    assert [(f["status"], f["sha256"]) for f in report["files"]] == [
        ("would-upload", sha256_file(p)) for p in files], report
    print("%s: digests after the file and before it are both accepted and verified" % server.kind)

elif scenario == "requests":
    import shutil
    import urllib.parse
    port = urllib.parse.urlsplit(url).port
    files = make_dists(os.path.join(work, "conn"), "requests-" + server.kind, "1.0")
    trace = os.path.join(work, "connect.trace")
    assert shutil.which("strace"), "strace is needed (scripts/install-deps.sh installs it)"
    env = server_env(server)
    # LeakSanitizer cannot run under ptrace (the sanitized build's stage): leaks are left to the
    # other upload tests there.
    env["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    p = run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", trace, pyrelease, "upload", "--repository-url", url,
             "--no-check", "--json", *files], env=env, expect=0)
    assert all(f["status"] == "uploaded" and f["verified"] for f in json.loads(p.stdout)["files"]), p.stdout
    connects = [line for line in open(trace) if "htons(%d)" % port in line]
    # (devpi answers its +simple/ root page, asked for first, with "Connection: close": one more)
    expected = {"pypiserver": 1, "devpi": 2}[server.kind]
    assert len(connects) == expected, "expected %d connection(s) to the server, got %d:\n%s" % (
        expected, len(connects), "".join(connects))
    # The order of the requests, through a proxy (which closes every connection: only the order counts).
    files = make_dists(os.path.join(work, "order"), "requests-" + server.kind, "2.0")
    with FlakyProxy(os.path.join(work, "proxy")) as proxy:
        p = upload(files, "--json", env=server_env(server, http_proxy=proxy.url), expect=0)
        requests = proxy.stats()["requests"]
    assert all(f["status"] == "uploaded" and f["verified"] for f in json.loads(p.stdout)["files"]), p.stdout
    first_post = requests.index("POST " + urllib.parse.urlsplit(url).path)
    page = [r for r in requests if r.startswith("GET ") and r.endswith("/requests-%s/" % server.kind)][:1]
    before, after = requests[:first_post], requests[first_post + 2:]
    assert requests[first_post:first_post + 2] == ["POST " + urllib.parse.urlsplit(url).path] * 2, requests
    if server.kind == "pypiserver":
        # A project the index has: its names-only listing (/<project>/json, no hashing) shows none of
        # our files, so the hashing page is not asked before the send; it shows earlier files, so
        # each upload is verified by reading it back (sha256 of the bytes served), not by the page.
        assert before == ["GET /simple/", "GET /requests-pypiserver/json"] and not page, requests
        assert sorted(r for r in after if "/packages/" in r) == sorted(
            "GET /packages/" + os.path.basename(f) for f in files), requests
        assert all(r.endswith(("/requests-pypiserver/json", ".whl", ".tar.gz")) for r in after), requests
    else:  # devpi: no such route under its upload URL: the page, once before and once after
        assert len([r for r in before if r == page[0]]) == 1 and after == page, requests
    print("%s: %d connection(s) for 6 requests; after the POSTs one request of the project page: %s"
          % (server.kind, len(connects), requests))
    # A project the index's root page does not list has no page to ask for before the send: the
    # root probe alone, then the POSTs, then its page (the verification).
    files = make_dists(os.path.join(work, "new"), "requests-new-" + server.kind, "1.0")
    with FlakyProxy(os.path.join(work, "proxy-new")) as proxy:
        p = upload(files, "--json", env=server_env(server, http_proxy=proxy.url), expect=0)
        fresh = proxy.stats()["requests"]
    assert all(f["status"] == "uploaded" and f["verified"] for f in json.loads(p.stdout)["files"]), p.stdout
    new_page = "/requests-new-%s/" % server.kind
    first = fresh.index("POST " + urllib.parse.urlsplit(url).path)
    assert not [r for r in fresh[:first] if r.endswith(new_page)], fresh
    assert all(r.startswith("GET ") and r.endswith("simple/") for r in fresh[:first]), fresh
    assert fresh[first:] == ["POST " + urllib.parse.urlsplit(url).path] * 2 + [
        r for r in fresh[first:] if r.endswith(new_page)] and fresh[-1].endswith(new_page), fresh
    print("%s: a new project: %s" % (server.kind, fresh))
    # --no-verify: the same requests up to the last POST, and nothing after it.
    files = make_dists(os.path.join(work, "no-verify"), "requests-" + server.kind, "3.0")
    with FlakyProxy(os.path.join(work, "proxy-no-verify")) as proxy:
        p = upload(files, "--json", "--no-verify", env=server_env(server, http_proxy=proxy.url), expect=0)
        unverified = proxy.stats()["requests"]
    assert all(f["status"] == "uploaded" and not f["verified"] for f in json.loads(p.stdout)["files"]), p.stdout
    assert unverified == requests[:first_post + 2], (unverified, requests)
    print("%s: with --no-verify: %s" % (server.kind, unverified))

elif scenario == "history":
    # A new version of a project the index has, and a release whose sdist conflicts with the index's
    # (on pypiserver the names-only listing shows the name, so the hashing page is asked): reported
    # before anything is sent, nothing stored, and the POST never started.
    name = "history-" + server.kind
    upload(make_dists(os.path.join(work, "1.0"), name, "1.0"), expect=0)
    second = make_dists(os.path.join(work, "2.0"), name, "2.0")
    post = "POST " + urllib.parse.urlsplit(url).path
    with FlakyProxy(os.path.join(work, "proxy-new-version")) as proxy:
        report = json.loads(upload(second, "--json", env=server_env(server, http_proxy=proxy.url), expect=0).stdout)
        requests = proxy.stats()["requests"]
    assert all(f["status"] == "uploaded" and f["verified"] for f in report["files"]), report
    hashing_page = [r for r in requests if r.endswith("/%s/" % name)]
    if server.kind == "pypiserver":  # no page request at all: the names listing, then each file read back
        assert not hashing_page and "GET /%s/json" % name in requests, requests
        assert sorted(r for r in requests if "/packages/" in r) == sorted(
            "GET /packages/" + os.path.basename(f) for f in second), requests
    else:
        assert len(hashing_page) == 2, requests
    print("%s: a new version of a project with history: %s" % (server.kind, requests))
    upload(make_dists(os.path.join(work, "3.0-sdist"), name, "3.0", module_text="A = 1\n")[1:], expect=0)
    third = make_dists(os.path.join(work, "3.0"), name, "3.0")
    for flags in ([], ["--skip-existing"]):
        with FlakyProxy(os.path.join(work, "proxy" + "".join(flags))) as proxy:
            p = upload(third, *flags, env=server_env(server, http_proxy=proxy.url), expect=1)
            requests = proxy.stats()["requests"]
        check_in("File already exists ('%s') on the index with different contents" % os.path.basename(third[1]),
                 p.stderr)
        check_in("Nothing was uploaded", p.stderr)
        assert post not in requests, requests
        p = upload(third[:1], "--dry-run", "--json", expect=0)
        assert [f["status"] for f in json.loads(p.stdout)["files"]] == ["would-upload"], p.stdout
    print("%s: a conflict in a project with history: reported before the send: %s" % (server.kind, requests))

elif scenario == "auth":
    files = make_dists(os.path.join(work, "auth"), "auth-" + server.kind, "1.0")
    wrong = "wrong-password-for-test-only"
    p = upload(files, env=clean_env(TWINE_USERNAME=server.username, TWINE_PASSWORD=wrong), expect=1)
    assert "HTTP 401" in p.stderr or "HTTP 403" in p.stderr, p.stderr
    check_in("user '%s' (password from TWINE_PASSWORD)" % server.username, p.stderr)
    check_in("API token", p.stderr)
    check_in("already on the index: none; not uploaded: ", p.stderr)
    check_not_in(wrong, p.stdout + p.stderr)
    p = upload(files, env=clean_env(TWINE_USERNAME=server.username), expect=1)
    check_in("no password or API token", p.stderr)
    check_in("TWINE_PASSWORD", p.stderr)
else:
    sys.exit("unknown scenario " + scenario)
print("ok: %s on %s" % (scenario, server.kind))
