#!/usr/bin/env python3
"""A planted API token must never show, in any encoding pyrelease or libcurl could produce: raw,
percent-encoded, base64 (standard and URL-safe, padded or not) of the token and of "user:token".

Planted as TWINE_PASSWORD, PYRELEASE_TEST_PASSWORD and in a .pypirc, then every command (upload,
check, build, metadata, verify, release, and the CMake package's configure, publish and release
steps) runs against failing and succeeding servers: a real pypiserver rejecting it, one whose password *is* the token (uploads succeed), a
server echoing the Authorization header and the body back in a 401 (reason phrase, header and
body), a 400 quoting it, nothing listening, a local file index; `release` runs whole (preflight to
tag, both verify steps installing from the servers) against two servers whose password is the token,
and stops at publish-test on one that refuses it. Channels searched: stdout, stderr, --json output,
every file written in the work directory (the release state files, the git repositories and their
tags included), the CMake cache and generated files of a configured project (and of the whole build
tree), and the command lines of every child process (strace -f -e trace=execve). Prints "leak channels: tried N, handled N, lost 0, partial 0, leaked 0"
(tried: channel observations; lost: observations that could not be made; partial: observations
cut short; leaked: observations holding a form of the token).

usage: upload_leak_test.py PYRELEASE STATE_DIR WORK_DIR BUILD_TREE"""
import base64
import os
import secrets
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

from index_server import IndexServer
from recording_server import RecordingServer
from upload_support import check_in, clean_env, make_dists

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402

pyrelease, state_dir, work, build_tree = sys.argv[1:5]
work = str(fresh_dir(work))
servers_dir = os.path.join(work, "servers")    # the test's own servers record what they receive
traces_dir = os.path.join(work, "traces")      # strace output: the child-command-line channel
os.makedirs(traces_dir)
repo_root = Path(__file__).resolve().parents[2]
server = IndexServer.load(state_dir)


RANDOM = secrets.token_hex(20)  # also searched alone: a message that mangled the rest still shows it


def plant():
    """A random token whose base64 forms differ between the standard and URL-safe alphabets after
    any prefix ("?>~": one of them always lands where a 6-bit group is its low bits, giving '/' or
    '+'), and whose percent-encoding differs from it."""
    return "pypi-PLANTED" + RANDOM + "?>~+"


token = plant()
for prefix in ["", "__token__:"]:
    b64 = base64.b64encode((prefix + token).encode())
    assert b"+" in b64 or b"/" in b64, "the planted token does not exercise the URL-safe alphabet"
USERS = ["__token__", server.username, "ci"]


def forms(secret):
    out = {"raw": secret, "percent": urllib.parse.quote(secret, safe=""), "tail": secret[5:], "random part": RANDOM}
    for label, raw in [("token", secret)] + [("%s:token" % u, "%s:%s" % (u, secret)) for u in USERS]:
        std = base64.b64encode(raw.encode()).decode()
        safe = base64.urlsafe_b64encode(raw.encode()).decode()
        out["b64(%s)" % label] = std
        out["b64url(%s)" % label] = safe
        out["b64-nopad(%s)" % label] = std.rstrip("=")
        out["b64url-nopad(%s)" % label] = safe.rstrip("=")
    return out


FORMS = forms(token)
stats = {"tried": 0, "handled": 0, "lost": 0, "partial": 0, "leaked": 0}
findings = []


def observe(channel, text):
    """One channel observation: `text` must hold no form of the token."""
    stats["tried"] += 1
    if text is None:
        stats["lost"] += 1
        findings.append("%s: could not be observed" % channel)
        return
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    hits = [name for name, f in FORMS.items() if f in text]
    if hits:
        stats["leaked"] += 1
        findings.append("%s: holds %s" % (channel, ", ".join(hits)))
    else:
        stats["handled"] += 1


def run(label, argv, env, expect=None, json_out=False, trace=True, cwd=None):
    """Runs argv under strace (child command lines), observes stdout, stderr, --json and the trace.
    Never prints argv or output holding the token; the test's own output must stay clean too."""
    trace_file = os.path.join(traces_dir, "%02d.trace" % stats["tried"])
    full = (["strace", "-f", "-qq", "-e", "trace=execve", "-s", "4096", "-o", trace_file] + argv
            if trace and shutil.which("strace") else argv)
    print("$ [%s] %s" % (label, " ".join(a for a in argv[:3])), flush=True)
    p = subprocess.run(full, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600,
                       cwd=cwd)
    safe = lambda s: s if not any(f in s for f in FORMS.values()) else "<output withheld: it holds the token>"
    print(safe(p.stdout + p.stderr)[-3000:] + "[exit %d]" % p.returncode, flush=True)
    if expect is not None and p.returncode != expect:
        raise AssertionError("[%s] expected exit %d, got %d" % (label, expect, p.returncode))
    observe(label + " stdout" + (" (--json)" if json_out else ""), p.stdout)
    observe(label + " stderr", p.stderr)
    if trace and shutil.which("strace"):
        observe(label + " child command lines",
                open(trace_file, encoding="latin-1").read() if os.path.exists(trace_file) else None)
    return p


files = make_dists(os.path.join(work, "dists"), "leak-test", "1.0")
home = os.path.join(work, "home")
os.makedirs(home)


def release_project(name):
    """A flit_core project with a CHANGELOG entry for 1.0.0, committed to a fresh git repository
    (`release` ends by tagging it)."""
    project = os.path.join(work, name)
    module = name.replace("-", "_")
    os.makedirs(os.path.join(project, module))
    files = {
        "pyproject.toml": '[build-system]\nrequires = ["flit_core>=3.12"]\nbuild-backend = "flit_core.buildapi"\n\n'
                          '[project]\nname = "%s"\nversion = "1.0.0"\ndescription = "Leak test."\n'
                          'readme = "README.md"\nlicense = "MIT"\nlicense-files = ["LICENSE"]\n' % name,
        module + "/__init__.py": "",
        "README.md": "# %s\n\nA release.\n" % name,
        "LICENSE": "MIT License\n\nCopyright (c) 2026 t\n",
        "CHANGELOG.md": "# Changelog\n\n## [1.0.0] - 2026-11-30\n\n### Added\n- The first release.\n",
    }
    for rel, text in files.items():
        with open(os.path.join(project, rel), "w") as f:
            f.write(text)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "initial"]):
        subprocess.run(["git", "-C", project, *args], env=GIT_ENV, check=True)
    return project


GIT_ENV = clean_env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
                    GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_NOSYSTEM="1", HOME=home)


def pypirc(path, url, username="__token__"):
    with open(path, "w") as f:
        f.write("[distutils]\nindex-servers = leaky\n[leaky]\nrepository = %s\nusername = %s\npassword = %s\n"
                % (url, username, token))
    return path


# 1. Wrong password on a real server (401/403), --json.
run("upload, rejected", [pyrelease, "upload", "--no-check", "--json", "--repository-url", server.upload_url, *files],
    clean_env(TWINE_USERNAME=server.username, TWINE_PASSWORD=token, HOME=home), 1, json_out=True)
# 2. A .pypirc holding the token, readable by others (warned about), against a server quoting it.
rc_file = os.path.join(work, "pypirc")
with RecordingServer(os.path.join(servers_dir, "quote"), "--reply", "400", "--reply-body",
                     "bad credentials: %s (Basic __token__:%s)" % (token, token)) as rec:
    pypirc(rc_file, rec.url)
    os.chmod(rc_file, 0o644)
    p = run("upload, 400 quoting the token", [pyrelease, "upload", "--no-check", "--retries", "0", "--config-file",
                                              rc_file, "-r", "leaky", *files], clean_env(HOME=home), 1)
    check_in("chmod 600", p.stderr)
    check_in("bad credentials: <hidden>", p.stderr)
    run("upload --dry-run", [pyrelease, "upload", "--no-check", "--dry-run", "--json", "--config-file", rc_file,
                             "-r", "leaky", *files], clean_env(HOME=home), 0, json_out=True)
    os.chmod(rc_file, 0o600)
# 3. A 401 echoing the Authorization header (Basic base64 of user:token) and the body back.
with RecordingServer(os.path.join(servers_dir, "echo"), "--reply", "401", "--echo") as rec:
    p = run("upload, 401 echoing the header", [pyrelease, "upload", "--no-check", "--json", "--retries", "0",
                                               "--repository-url", rec.url, *files],
            clean_env(TWINE_USERNAME="__token__", TWINE_PASSWORD=token, HOME=home), 1, json_out=True)
    check_in("Basic <hidden>", p.stderr)
    assert rec.requests(), "the echo server saw no request"
    pypirc(os.path.join(home, ".pypirc"), rec.url, username="ci")
    run("upload, 401 echo, .pypirc in $HOME", [pyrelease, "upload", "--no-check", "--retries", "0", "-r", "leaky",
                                               *files], clean_env(HOME=home), 1)
# 4. The token in the URL's userinfo, from the environment, to a port where nothing listens.
run("upload, userinfo, nothing listening", [pyrelease, "upload", "--no-check", "--retries", "0", *files],
    clean_env(TWINE_REPOSITORY_URL="http://__token__:%s@127.0.0.1:9/legacy/" % urllib.parse.quote(token, safe=""),
              HOME=home), 1)
# 5. A successful publish into a file index with the token in the environment.
run("upload, file index", [pyrelease, "upload", "--no-check", "--json", "--repository-url",
                           os.path.join(work, "index"), *files],
    clean_env(TWINE_PASSWORD=token, TWINE_USERNAME="__token__", HOME=home), 0, json_out=True)
# 6. A server whose password is the token: the upload succeeds (and is verified), then every other
# command runs with the token in the environment and in $HOME/.pypirc.
token_server = IndexServer("pypiserver", os.path.join(servers_dir, "token-server"), password=token).start()
token_prod = IndexServer("pypiserver", os.path.join(servers_dir, "token-prod"), password=token).start()
rc_release = os.path.join(work, "pypirc-release")
try:
    tenv = clean_env(TWINE_USERNAME=token_server.username, TWINE_PASSWORD=token, HOME=home)
    pypirc(os.path.join(home, ".pypirc"), token_server.upload_url, username=token_server.username)
    p = run("upload, accepted", [pyrelease, "upload", "--no-check", "--json", "--repository-url", token_server.upload_url,
                                  *files],
            tenv, 0, json_out=True)
    check_in("Verified: 2 of 2", p.stderr)
    run("upload --skip-existing, from .pypirc", [pyrelease, "upload", "--no-check", "--skip-existing", "-r", "leaky", *files],
        clean_env(HOME=home), 0)
    # (their verdicts do not matter here, only what they print and write)
    run("check", [pyrelease, "check", "--json", *files], tenv, None, json_out=True)
    run("metadata", [pyrelease, "metadata", "--json", "--project", str(repo_root / "tests/projects/flit")], tenv,
        None, json_out=True)
    run("build", [pyrelease, "build", "--project", str(repo_root / "tests/projects/flit"), "--outdir",
                  os.path.join(work, "built")], tenv, None)
    run("verify", [pyrelease, "verify", "leak-test==1.0", "--index-url", token_server.simple_url, "--json",
                   "--import", "leak_test", "--env-dir", os.path.join(work, "verify-env")], tenv, None, json_out=True)
    # 7. The CMake package: a project configured and published with the token only in the
    # environment, and a configure given a credential URL in a project cache variable (refused, scrubbed).
    src = os.path.join(work, "cmake-src")
    os.makedirs(src)
    with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
        f.write('cmake_minimum_required(VERSION 3.20)\nproject(leak LANGUAGES NONE)\n'
                'list(APPEND CMAKE_MODULE_PATH "%s/cmake/Modules")\ninclude(PyRelease)\n'
                'pyrelease_add_package(leakpkg PROJECT_DIR "%s" REPOSITORY "%s")\n'
                % (repo_root.as_posix(), (repo_root / "tests/projects/flat").as_posix(), token_server.upload_url))
    cbuild = os.path.join(work, "cmake-build")
    run("cmake configure", ["cmake", "-S", src, "-B", cbuild, "-G", "Ninja", "-DPYRELEASE_EXECUTABLE=" + pyrelease],
        tenv, 0)
    run("cmake --build publish", ["cmake", "--build", cbuild, "--target", "leakpkg-publish"], tenv, 0)
    cbad = os.path.join(work, "cmake-bad")
    p = run("cmake configure, credential URL", ["cmake", "-S", src, "-B", cbad, "-G", "Ninja",
                                                "-DPYRELEASE_EXECUTABLE=" + pyrelease,
                                                "-DDEPLOY_MIRROR=https://ci:%s@mirror.invalid/simple/" % token],
            tenv, 1, trace=False)  # (the test's own argv holds it: not traced)
    check_in("DEPLOY_MIRROR 'https://***@mirror.invalid/...' holds credentials", " ".join(p.stderr.split()))
    # 8. `release`, whole (preflight to tag, both verify steps installing from the servers): the test
    # index's password from PYRELEASE_TEST_PASSWORD, production's from TWINE_PASSWORD.
    renv = dict(GIT_ENV, TWINE_USERNAME=token_prod.username, TWINE_PASSWORD=token,
                PYRELEASE_TEST_USERNAME=token_server.username, PYRELEASE_TEST_PASSWORD=token)
    p = run("release", [pyrelease, "release", "--project", release_project("leak-release"),
                        "--test-repository-url", token_server.upload_url, "--test-index-url", token_server.simple_url,
                        "--repository-url", token_prod.upload_url, "--index-url", token_prod.simple_url,
                        "--import", "leak_release", "--wait", "30"], renv, 0)
    check_in("released in", p.stdout)
    # The same from .pypirc sections, with a test index that refuses the token: it stops at publish-test.
    with open(rc_release, "w") as f:
        f.write("[distutils]\nindex-servers =\n    leaky-test\n    leaky-prod\n"
                "[leaky-test]\nrepository = %s\nusername = %s\npassword = %s\n"
                "[leaky-prod]\nrepository = %s\nusername = %s\npassword = %s\n"
                % (server.upload_url, server.username, token, token_prod.upload_url, token_prod.username, token))
    os.chmod(rc_release, 0o600)
    p = run("release, the test index refuses the token",
            [pyrelease, "release", "--project", release_project("leak-refused"), "--config-file", rc_release,
             "-t", "leaky-test", "-r", "leaky-prod", "--test-index-url", server.simple_url,
             "--index-url", token_prod.simple_url, "--import", "leak_refused", "--wait", "5"], GIT_ENV, 1)
    check_in("stopped at publish-test", p.stdout)
    # 9. The CMake package's <pkg>-release target: repositories and indexes as URLs in the cache, the
    # token only in the environment of the build.
    rsrc = os.path.join(work, "cmake-release-src")
    os.makedirs(rsrc)
    with open(os.path.join(rsrc, "CMakeLists.txt"), "w") as f:
        f.write('cmake_minimum_required(VERSION 3.20)\nproject(leakrel LANGUAGES NONE)\n'
                'list(APPEND CMAKE_MODULE_PATH "%s/cmake/Modules")\ninclude(PyRelease)\n'
                'pyrelease_add_package(leakrel PROJECT_DIR "%s" REPOSITORY "%s" INDEX_URL "%s"\n'
                '                      TEST_REPOSITORY "%s" TEST_INDEX_URL "%s")\n'
                % (repo_root.as_posix(), release_project("leak-cmake-release"), token_prod.upload_url,
                   token_prod.simple_url, token_server.upload_url, token_server.simple_url))
    rbuild = os.path.join(work, "cmake-release-build")
    run("cmake configure (release)", ["cmake", "-S", rsrc, "-B", rbuild, "-G", "Ninja",
                                      "-DPYRELEASE_EXECUTABLE=" + pyrelease], renv, 0)
    p = run("cmake --build leakrel-release", ["cmake", "--build", rbuild, "--target", "leakrel-release"], renv, 0)
    check_in("released in", p.stdout)
    for b in (cbuild, cbad, rbuild):
        observe(b + "/CMakeCache.txt", open(os.path.join(b, "CMakeCache.txt"), encoding="latin-1").read())
finally:
    token_server.stop()
    token_prod.stop()

# twine's -p/--password: refused (exit 2) without repeating it (not traced: the argv is the test's).
p = subprocess.run([pyrelease, "upload", "-p", token, "--repository-url", os.path.join(work, "index"), *files],
                   env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
assert p.returncode == 2, p.returncode
check_in("passwords are not taken on the command line", p.stderr)
observe("upload -p stdout", p.stdout)
observe("upload -p stderr", p.stderr)

def read_in_chunks(path):
    """The forms found in a file of any size, read in overlapping 16 MiB blocks (memory stays flat):
    the text of the hits, or "" when there are none."""
    longest = max(len(f) for f in FORMS.values())
    hits, tail = set(), b""
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(16 << 20), b""):
            window = tail + block
            hits.update(form for form in FORMS.values() if form.encode("latin-1", "replace") in window)
            tail = window[-longest:]
    return " ".join(sorted(hits))


# Every file written: the work directory (dists, file index, venvs, CMake build trees and their
# generated files, pip's cache in $HOME) and the whole build tree of this repository.
skip_dirs = {servers_dir, traces_dir}
skip_files = {rc_file, rc_release, os.path.join(home, ".pypirc")}
for root in (work, build_tree):
    for dirpath, dirnames, names in os.walk(root):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in skip_dirs]
        for n in names:
            path = os.path.join(dirpath, n)
            if path in skip_files or os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                observe(path, read_in_chunks(path))
            except OSError:
                observe(path, None)

print("leak channels: tried %(tried)d, handled %(handled)d, lost %(lost)d, partial %(partial)d, leaked %(leaked)d"
      % stats)
assert not findings, "the planted token leaked:\n" + "\n".join(findings[:50])
assert stats["tried"] == stats["handled"] and stats["lost"] == stats["partial"] == stats["leaked"] == 0
print("ok: no form of the planted token in any channel")
