"""How an integration test script fails: one line on stderr starting with "FAIL: " and exit 1."""
import sys


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
