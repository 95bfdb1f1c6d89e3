#!/usr/bin/env python3
"""A real index server on 127.0.0.1 (free port) with upload auth, for tests and benchmarks.

Kinds:
  pypiserver  `pypi-server run` with an htpasswd file (passlib), -a update, --disable-fallback.
              Upload URL = the root; simple index at /simple/; duplicates give 409 (400 for twine).
  devpi       `devpi-init` + `devpi-server --offline-mode`, then a user and a *non-volatile* index
              created over HTTP, which answers an identical re-upload with 200 and a different file
              under an existing name with 409, like PyPI. Upload URL = /<user>/<index>/; simple
              index at /<user>/<index>/+simple/.

As a CTest fixture pair (the state directory holds everything, including server.json):

  add_test(NAME upload.server.start COMMAND ${Python3_EXECUTABLE} .../index_server.py start
           --kind pypiserver --state-dir ${dir})
  set_tests_properties(upload.server.start PROPERTIES FIXTURES_SETUP upload_server)
  add_test(NAME upload.server.stop COMMAND ${Python3_EXECUTABLE} .../index_server.py stop --state-dir ${dir})
  set_tests_properties(upload.server.stop PROPERTIES FIXTURES_CLEANUP upload_server)
  set_tests_properties(<your test> PROPERTIES FIXTURES_REQUIRED upload_server)

`start` returns once the server answers, after writing <state-dir>/server.json:
  {"kind", "pid", "port", "upload_url", "simple_url", "username", "password"}
(test-only credentials: the defaults are user "pyrelease-test" and a fixed test password; pass
--password to choose another) and <state-dir>/url (the upload URL alone). `stop` sends SIGTERM to
the server's process group and waits. `run` does both in the foreground and stops on SIGTERM/Ctrl-C.
Whatever happens to the cleanup, a watchdog stops the server once its owner is gone (for `start`:
the process that ran it, i.e. ctest; otherwise the process that made the IndexServer) or after
--max-lifetime seconds (default 4 h).

From Python test scripts:

  sys.path.insert(0, os.path.dirname(__file__)); from index_server import IndexServer
  with IndexServer("devpi", state_dir) as server:
      server.upload_url, server.simple_url, server.username, server.password
  IndexServer.load(state_dir)   # the one a fixture started
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from lifetime import spawn_watchdog  # noqa: E402

DEFAULT_USER = "pyrelease-test"
DEFAULT_PASSWORD = "test-only-password-7f3a"
# Longer than any ctest run that could use the server (CI's whole budget is 90 minutes).
DEFAULT_MAX_LIFETIME = 4 * 3600


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin(name):
    """The console script next to this Python first (a venv's), else on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.path.exists(local) else (shutil.which(name) or name)


def _request(method, url, data=None, auth=None, timeout=5):
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    req.add_header("Accept", "application/json")
    if auth:
        token = base64.b64encode(("%s:%s" % auth).encode()).decode()
        req.add_header("Authorization", "Basic " + token)
    # Never go through a proxy from the environment: the server is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class IndexServer:
    def __init__(self, kind, state_dir, username=DEFAULT_USER, password=DEFAULT_PASSWORD, port=None, extra_args=(),
                 owner_pid=None, max_lifetime=DEFAULT_MAX_LIFETIME):
        """extra_args: more options for the server's command line (e.g. pypiserver's --hash-algo off).
        The server stops by itself once `owner_pid` (default: this process) is gone or after
        `max_lifetime` seconds (tests/support/lifetime.py)."""
        if kind not in ("pypiserver", "devpi"):
            raise ValueError("unknown index server kind %r" % kind)
        self.kind = kind
        self.state_dir = os.path.abspath(state_dir)
        self.username = username
        self.password = password
        self.port = port
        self.extra_args = list(extra_args)
        self.owner_pid = owner_pid or os.getpid()
        self.max_lifetime = max_lifetime
        self.pid = self.watchdog_pid = None
        self.upload_url = self.simple_url = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self, timeout=60):
        fresh_dir(self.state_dir)
        fixed_port = self.port
        for attempt in range(3):
            try:
                self._start_on(fixed_port or free_port(), timeout)
                break
            except RuntimeError:  # most likely the free port was taken meanwhile: try another
                self.stop()
                if fixed_port or attempt == 2:
                    raise
        self.watchdog_pid = spawn_watchdog(self.pid, self.owner_pid, self.max_lifetime)
        self._save()
        return self

    def _spawn(self, argv, env=None):
        log = open(os.path.join(self.state_dir, "server.log"), "ab")
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env)
        self.pid = proc.pid
        return proc

    def _wait_for(self, url, proc, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("%s exited with %s; see %s" % (self.kind, proc.returncode,
                                   os.path.join(self.state_dir, "server.log")))
            try:
                status, _ = _request("GET", url, timeout=2)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("%s did not answer %s within %ss" % (self.kind, url, timeout))

    def _start_on(self, port, timeout):
        self.port = port
        base = "http://127.0.0.1:%d" % port
        env = dict(os.environ)
        for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            env.pop(k, None)
        if self.kind == "pypiserver":
            from passlib.apache import HtpasswdFile
            packages = os.path.join(self.state_dir, "packages")
            os.makedirs(packages, exist_ok=True)
            htpasswd = os.path.join(self.state_dir, "htpasswd")
            ht = HtpasswdFile(htpasswd, new=True)
            ht.set_password(self.username, self.password)
            ht.save()
            proc = self._spawn([_bin("pypi-server"), "run", "-p", str(port), "-i", "127.0.0.1", "-a", "update",
                                "-P", htpasswd, "--disable-fallback", *self.extra_args, packages], env)
            self._wait_for(base + "/health", proc, timeout)
            self.upload_url = base + "/"
            self.simple_url = base + "/simple/"
        else:
            serverdir = os.path.join(self.state_dir, "devpi")
            subprocess.run([_bin("devpi-init"), "--serverdir", serverdir, "--root-passwd", self.password,
                            "--no-root-pypi"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                           env=env)
            proc = self._spawn([_bin("devpi-server"), "--serverdir", serverdir, "--host", "127.0.0.1", "--port",
                                str(port), "--offline-mode", *self.extra_args], env)
            self._wait_for(base + "/+api", proc, timeout)
            auth = (self.username, self.password)
            status, body = _request("PUT", "%s/%s" % (base, self.username),
                                    json.dumps({"password": self.password}).encode())
            if status not in (200, 201):
                raise RuntimeError("devpi: creating user failed: %s %s" % (status, body[:200]))
            status, body = _request("PUT", "%s/%s/dev" % (base, self.username),
                                    json.dumps({"bases": [], "volatile": False}).encode(), auth=auth)
            if status not in (200, 201):
                raise RuntimeError("devpi: creating index failed: %s %s" % (status, body[:200]))
            self.upload_url = "%s/%s/dev/" % (base, self.username)
            self.simple_url = "%s/%s/dev/+simple/" % (base, self.username)

    def stop(self):
        if self.pid:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                self.pid = None
                return
            for _ in range(100):
                try:
                    os.kill(self.pid, 0)
                    # Reap it when it is our child; otherwise just watch it disappear.
                    try:
                        os.waitpid(self.pid, os.WNOHANG)
                    except ChildProcessError:
                        pass
                except ProcessLookupError:
                    break
                time.sleep(0.1)
            else:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.pid = None

    # --- persistence for fixture pairs -----------------------------------------------------
    def _save(self):
        info = {"kind": self.kind, "pid": self.pid, "port": self.port, "upload_url": self.upload_url,
                "simple_url": self.simple_url, "username": self.username, "password": self.password,
                "watchdog_pid": self.watchdog_pid}
        with open(os.path.join(self.state_dir, "server.json"), "w") as f:
            json.dump(info, f, indent=1)
        with open(os.path.join(self.state_dir, "url"), "w") as f:
            f.write(self.upload_url + "\n")

    @classmethod
    def load(cls, state_dir):
        with open(os.path.join(state_dir, "server.json")) as f:
            info = json.load(f)
        s = cls(info["kind"], state_dir, info["username"], info["password"], info["port"])
        s.pid, s.upload_url, s.simple_url = info["pid"], info["upload_url"], info["simple_url"]
        return s

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("action", choices=["start", "stop", "run"])
    p.add_argument("--kind", choices=["pypiserver", "devpi"], default="pypiserver")
    p.add_argument("--state-dir", required=True)
    p.add_argument("--username", default=DEFAULT_USER)
    p.add_argument("--password", default=DEFAULT_PASSWORD)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--max-lifetime", type=float, default=DEFAULT_MAX_LIFETIME,
                   help="seconds after which the server stops by itself")
    args = p.parse_args(argv)
    if args.action == "stop":
        if not os.path.exists(os.path.join(args.state_dir, "server.json")):
            return 0
        IndexServer.load(args.state_dir).stop()
        return 0
    # `start` (a fixture's setup test) leaves the server to whoever ran it (ctest): once that is
    # gone the server stops, even when no cleanup test was scheduled. `run` owns it itself.
    owner = os.getppid() if args.action == "start" else os.getpid()
    server = IndexServer(args.kind, args.state_dir, args.username, args.password, args.port,
                         owner_pid=owner, max_lifetime=args.max_lifetime).start()
    print(server.upload_url, flush=True)
    if args.action == "start":
        return 0
    stop = {"now": False}

    def on_signal(*_):
        stop["now"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        while not stop["now"]:
            time.sleep(0.2)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
