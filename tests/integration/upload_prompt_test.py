#!/usr/bin/env python3
"""The password prompt: on a terminal (a pty here) pyrelease asks for the user name and the password
on /dev/tty, with echo off for the password, and sends them, drawing a progress bar; without a terminal it never prompts.

usage: upload_prompt_test.py PYRELEASE WORK_DIR"""
import base64
import os
import pty
import select
import signal
import sys
import time

from recording_server import RecordingServer
from upload_support import check_in, clean_env, make_dists, run

pyrelease, work = sys.argv[1:3]
# 2 MB, so the progress bar has something to draw.
files = make_dists(os.path.join(work, "dists"), "prompt-test", "1.0", module_text="DATA = %r\n" % os.urandom(1 << 20).hex())
password = "typed-secret-password"


def read_until(fd, needle, timeout=20):
    data = b""
    deadline = time.time() + timeout
    while needle.encode() not in data:
        if time.time() > deadline:
            raise AssertionError("no %r on the terminal; got %r" % (needle, data))
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data.decode(errors="replace")


with RecordingServer(os.path.join(work, "rec")) as rec:
    env = clean_env()
    del env["TWINE_NON_INTERACTIVE"]
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(pyrelease, [pyrelease, "upload", "--no-check", "--repository-url", rec.url, files[0]], env)

    def give_up(*_):  # fail with what is known instead of hanging until CTest's timeout
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the prompt exchange did not finish within 60 s")
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(60)
    screen = read_until(fd, "Enter your username: ")
    os.write(fd, b"prompt-user\n")
    screen += read_until(fd, "Enter your password: ")
    os.write(fd, password.encode() + b"\n")
    rest = ""
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 10)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            rest += chunk.decode(errors="replace")
    except OSError:
        pass  # the pty closes when pyrelease exits
    _, status = os.waitpid(pid, 0)
    signal.alarm(0)
    screen += rest
    print(screen)
    assert os.waitstatus_to_exitcode(status) == 0, screen
    assert password not in screen, "the password was echoed or printed"
    check_in("prompt-user", screen, "terminal")  # the user name is echoed as typed
    check_in("Uploaded " + os.path.basename(files[0]), screen, "terminal")
    check_in("] ", screen, "terminal")  # the progress bar: name, percent, [###---], bytes, rate, ETA
    check_in(" ETA ", screen, "terminal")
    auth = rec.requests()[0]["headers"]["Authorization"]
    assert auth == "Basic " + base64.b64encode(("prompt-user:" + password).encode()).decode(), auth

    # No terminal: no prompt, an error that names the sources.
    p = run([pyrelease, "upload", "--no-check", "--repository-url", rec.url, files[1]], env=env, expect=1)
    check_in("no username for repository", p.stderr)
    check_in("TWINE_USERNAME", p.stderr)
    assert len(rec.requests()) == 1
print("ok: prompt")
