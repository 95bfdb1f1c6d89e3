#!/usr/bin/env python3
"""The servers the tests start end by themselves once nobody wants them (tests/support/lifetime.py).

usage: index_server_lifetime_test.py <work dir>
  owner gone    `index_server.py start` (a fixture's setup test) run by a shell standing in for
                ctest: the server answers while the shell runs and, once the shell has exited with
                no cleanup test run, the server and its watchdog are gone within STOP_WITHIN
                seconds (pypiserver and devpi)
  stop          the normal cleanup (`index_server.py stop`) still stops the server promptly, and
                the watchdog ends with it
  max lifetime  with --max-lifetime 2 and the owner alive, the server is gone within
                2 + STOP_WITHIN seconds
  orphan        recording_server.py and flaky_proxy.py end once the test script that started them
                is gone (killed at its timeout: no `with` block's end)
Exits non-zero with a message on the first failed assertion.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))
from lifetime import identity  # noqa: E402
from owned_dir import fresh_dir  # noqa: E402
from verdict import check, fail  # noqa: E402

sys.path.insert(0, str(HERE))
from index_server import _request  # noqa: E402

WORK = fresh_dir(Path(sys.argv[1]))
STOP_WITHIN = 15  # seconds: a look every 0.5 s, then SIGTERM and up to 10 s before SIGKILL
INDEX_SERVER = str(HERE / "index_server.py")


def gone_within(pid, seconds):
    """Seconds until `pid` was gone, or None when it still runs after `seconds`."""
    start = time.time()
    while time.time() - start < seconds:
        if identity(pid) is None:
            return time.time() - start
        time.sleep(0.1)
    return None


def server_info(state):
    return json.loads((state / "server.json").read_text())


def answers(info):
    try:
        status, _ = _request("GET", info["simple_url"], timeout=5)
        return status < 500
    except OSError:
        return False


def case_owner_gone(kind):
    state = WORK / f"{kind} owner-gone ü"
    # The shell is the fixture's ctest: it runs the setup test, keeps going a while, then ends
    # without running the cleanup test.
    script = f'"$0" "{INDEX_SERVER}" start --kind {kind} --state-dir "{state}" >/dev/null && sleep 3'
    owner = subprocess.Popen(["sh", "-c", script, sys.executable])
    deadline = time.time() + 120
    while not (state / "server.json").exists():
        check(owner.poll() is None or (state / "server.json").exists(),
              f"{kind}: start failed (exit {owner.returncode}); see {state / 'server.log'}")
        check(time.time() < deadline, f"{kind}: no server.json within 120 s")
        time.sleep(0.1)
    info = server_info(state)
    check(owner.poll() is None, f"{kind}: the owner ended before the server could be checked")
    check(answers(info), f"{kind}: the server does not answer while its owner runs")
    check(identity(info["watchdog_pid"]) is not None, f"{kind}: no watchdog running")
    owner.wait()
    took = gone_within(info["pid"], STOP_WITHIN)
    check(took is not None, f"{kind}: the server {info['pid']} still runs {STOP_WITHIN} s after its owner "
          "ended (no cleanup test ran)")
    check(gone_within(info["watchdog_pid"], 5) is not None, f"{kind}: the watchdog still runs")
    print(f"{kind}: owner gone, no cleanup: the server stopped {took:.1f} s later, watchdog gone")


def start_here(name, *extra):
    state = WORK / name
    r = subprocess.run([sys.executable, INDEX_SERVER, "start", "--kind", "pypiserver", "--state-dir", state,
                        *extra], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"{name}: start failed:\n{r.stderr}")
    return state, server_info(state)


def case_stop():
    # `start` run by this script: this script is the owner and stays.
    state, info = start_here("stop ü")
    time.sleep(1.5)  # several looks of the watchdog: an owner alive is not mistaken for a gone one
    check(identity(info["pid"]) is not None and answers(info), "the server stopped while its owner runs")
    t0 = time.time()
    r = subprocess.run([sys.executable, INDEX_SERVER, "stop", "--state-dir", state], capture_output=True,
                       text=True, timeout=60)
    took = time.time() - t0
    check(r.returncode == 0 and identity(info["pid"]) is None,
          f"stop: exit {r.returncode}, server {'gone' if identity(info['pid']) is None else 'running'}")
    check(took < 10, f"stop took {took:.1f} s")
    check(gone_within(info["watchdog_pid"], 3) is not None, "the watchdog outlived a normal stop")
    print(f"stop: the server stopped in {took:.1f} s, the watchdog ended with it")


def case_max_lifetime():
    state, info = start_here("max-lifetime ü", "--max-lifetime", "2")
    took = gone_within(info["pid"], 2 + STOP_WITHIN + 5)
    check(took is not None, "the server outlived --max-lifetime 2 (owner alive)")
    print(f"max lifetime 2 s: the server was gone {took:.1f} s after start returned")


def case_orphan(module, cls, *args):
    pid_file = WORK / f"{module}.pid"
    code = (f"import os, sys; sys.path.insert(0, {str(HERE)!r}); from {module} import {cls}\n"
            f"s = {cls}({str(WORK / (module + ' ü'))!r}, *{args!r}).__enter__()\n"
            f"open({str(pid_file)!r}, 'w').write(str(s.proc.pid)); os._exit(9)\n")
    log = WORK / f"{module}.log"
    with open(log, "w") as out:  # not a pipe: the server holds it, the wait would end with it
        r = subprocess.run([sys.executable, "-c", code], stdout=out, stderr=out, timeout=60)
    check(r.returncode == 9 and pid_file.exists(), f"{module}: the starter failed:\n{log.read_text()}")
    pid = int(pid_file.read_text())
    took = gone_within(pid, 5)
    check(took is not None, f"{module}: the server {pid} outlived the script that started it")
    print(f"{module}: gone {took:.1f} s after the script that started it died")


def main():
    case_stop()
    case_max_lifetime()
    case_orphan("recording_server", "RecordingServer")
    case_orphan("flaky_proxy", "FlakyProxy")
    case_owner_gone("pypiserver")
    case_owner_gone("devpi")
    print("OK")


if __name__ == "__main__":
    try:
        main()
    except subprocess.TimeoutExpired as e:
        fail(f"timed out: {e}")
