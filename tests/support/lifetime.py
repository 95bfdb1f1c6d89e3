"""Servers the tests start end by themselves once nobody wants them.

A server started by a CTest fixture's setup test outlives that test by design, and its cleanup test
runs only when a selected test requires the fixture (`ctest -R upload.pypiserver.start` alone
never stops it); a test script killed at its timeout never reaches its `with` block's end. So:

  identity(pid)            (pid, start time) of a running process, None when gone (or a zombie):
                           a pid reused by another process is not the same identity
  end_with_parent()        for a server written in Python: a daemon thread ends this process when
                           its parent (the test script) is gone
  spawn_watchdog(...)      for a third-party server (pypiserver, devpi): a small process of its own
                           that stops the server's process group (SIGTERM, then SIGKILL) when the
                           owner is gone or the maximum lifetime has passed, and ends by itself
                           when the server is gone (a normal stop)
"""
import os
import signal
import subprocess
import sys
import threading
import time

POLL = 0.5  # seconds between looks


def identity(pid):
    """(pid, start time in clock ticks) while `pid` runs; None once it is gone or a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        if not os.path.isdir("/proc"):  # no /proc: only whether the pid exists
            try:
                os.kill(pid, 0)
                return (pid, None)
            except ProcessLookupError:
                return None
            except PermissionError:
                return (pid, None)
        return None
    if fields[0] in ("Z", "X"):
        return None
    return (pid, fields[19])  # field 22 of stat: the start time


def end_with_parent():
    """Ends this process (exit status 0) soon after its parent is gone (it was reparented)."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(POLL)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


def spawn_watchdog(server_pid, owner_pid, max_lifetime):
    """Starts the watchdog of `server_pid` (the leader of its own process group) for `owner_pid`;
    returns its pid."""
    server, owner = identity(server_pid), identity(owner_pid)
    argv = [sys.executable, os.path.abspath(__file__), "watch", str(server_pid), str(server and server[1]),
            str(owner_pid), str(owner and owner[1]), str(time.time() + max_lifetime)]
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True).pid


def _watch(server_pid, server_start, owner_pid, owner_start, deadline):
    def same(pid, start):
        now = identity(pid)
        return now is not None and str(now[1]) == start
    while same(server_pid, server_start):
        if not same(owner_pid, owner_start) or time.time() > deadline:
            _stop_group(server_pid)
            return
        time.sleep(POLL)


def _stop_group(pgid, grace=10):
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    end = time.time() + grace
    while time.time() < end and identity(pgid) is not None:
        time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


if __name__ == "__main__" and sys.argv[1:2] == ["watch"]:
    a = sys.argv[2:]
    _watch(int(a[0]), a[1], int(a[2]), a[3], float(a[4]))
