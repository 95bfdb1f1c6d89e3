#!/usr/bin/env python3
"""Fails when a `--help` shown in the docs is not the tool's literal output.

A help block in README.md or docs/*.md is a fenced block right after the marker line
`<!-- pyrelease-help: CMD -->` (CMD empty for `pyrelease --help` itself); its first line may be the
prompt `$ pyrelease [CMD] --help`. The rest must be the output byte for byte (the trailing blank
lines CLI11 prints aside). Every subcommand that `pyrelease --help` lists must have a block.

usage: check_docs_help.py PYRELEASE SOURCE_DIR               compare
       check_docs_help.py PYRELEASE SOURCE_DIR --update      rewrite the blocks from the tool
       check_docs_help.py PYRELEASE SOURCE_DIR --self-test WORK_DIR
                                      prove that a changed block and a missing block both fail
"""
import glob
import os
import re
import shutil
import subprocess
import sys

MARKER = re.compile(r"^<!-- pyrelease-help: ?([a-z-]*) -->\n```[a-z]*\n(.*?)^```$", re.M | re.S)


def help_text(exe, cmd):
    argv = [exe] + ([cmd] if cmd else []) + ["--help"]
    res = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        sys.exit(f"FAIL: {' '.join(argv)} exited {res.returncode}: {res.stderr.strip()}")
    return res.stdout


def prompt(cmd):
    return f"$ pyrelease {cmd + ' ' if cmd else ''}--help\n"


def subcommands(top_help):
    # The lines under "commands:" up to the next blank line: "  NAME  summary".
    m = re.search(r"^commands:\n(.*?)\n\n", top_help, re.M | re.S)
    if not m:
        sys.exit("FAIL: `pyrelease --help` lists no commands:\n" + top_help)
    return [line.split()[0] for line in m.group(1).splitlines() if line.strip()]


def self_test(exe, source_dir, work_dir):
    # A marked copy of the docs under the build tree (tests/support/owned_dir.py).
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
    from owned_dir import fresh_dir

    tmp = str(fresh_dir(work_dir))
    os.makedirs(os.path.join(tmp, "docs"))
    shutil.copy(os.path.join(source_dir, "README.md"), tmp)
    for f in glob.glob(os.path.join(source_dir, "docs", "*.md")):
        shutil.copy(f, os.path.join(tmp, "docs"))

    def fails():
        res = subprocess.run([sys.executable, os.path.abspath(__file__), exe, tmp],
                             capture_output=True, text=True)
        return res.returncode != 0, res.stdout + res.stderr

    failed, out = fails()
    if failed:
        sys.exit("FAIL: self-test: the unchanged docs do not pass:\n" + out)
    path = os.path.join(tmp, "docs", "build.md")
    text = open(path, encoding="utf-8").read()
    changed = text.replace("Print this help message and exit", "Print this help and exit", 1)
    open(path, "w", encoding="utf-8").write(changed)
    failed, out = fails()
    if changed == text or not failed or "docs/build.md" not in out:
        sys.exit("FAIL: self-test: a changed help line in docs/build.md was not reported:\n" + out)
    open(path, "w", encoding="utf-8").write(text.replace("<!-- pyrelease-help: build -->\n", ""))
    failed, out = fails()
    if not failed or "no help block for `pyrelease build --help`" not in out:
        sys.exit("FAIL: self-test: a missing build help block was not reported:\n" + out)
    print("ok: a changed help block and a missing one both fail")


def main():
    if len(sys.argv) == 5 and sys.argv[3] == "--self-test":
        return self_test(sys.argv[1], sys.argv[2], sys.argv[4])
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--update"):
        sys.exit(__doc__)
    exe, source_dir = sys.argv[1], sys.argv[2]
    update = len(sys.argv) == 4
    files = [os.path.join(source_dir, "README.md")] + sorted(
        glob.glob(os.path.join(source_dir, "docs", "*.md")))
    shown = {}
    failures = []
    for path in files:
        text = open(path, encoding="utf-8").read()

        def replace(m):
            cmd, body = m.group(1), m.group(2)
            shown.setdefault(cmd, []).append(path)
            # Byte for byte, except the blank lines CLI11 ends its help with.
            expected = help_text(exe, cmd).rstrip("\n") + "\n"
            got = body[len(prompt(cmd)):] if body.startswith(prompt(cmd)) else body
            got = got.rstrip("\n") + "\n"
            if got != expected:
                line = text.count("\n", 0, m.start()) + 1
                failures.append(f"{os.path.relpath(path, source_dir)}:{line}: the block differs from "
                                f"`pyrelease {cmd + ' ' if cmd else ''}--help`:\n--- docs\n{got}--- tool\n{expected}")
            fence = m.group(0).split("\n", 2)[1]
            return m.group(0).split("\n", 1)[0] + f"\n{fence}\n{prompt(cmd)}{expected}```"

        new_text = MARKER.sub(replace, text)
        if update and new_text != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new_text)
            print(f"updated {os.path.relpath(path, source_dir)}")
    for cmd in [""] + subcommands(help_text(exe, "")):
        if cmd not in shown:
            failures.append(f"no help block for `pyrelease {cmd + ' ' if cmd else ''}--help` "
                            f"(add one after a line `<!-- pyrelease-help: {cmd} -->`)")
    if update:
        failures = [f for f in failures if f.startswith("no help block")]
    if failures:
        sys.exit("FAIL: " + "\n\nFAIL: ".join(failures))
    print(f"ok: {sum(len(v) for v in shown.values())} help blocks match the tool "
          f"({', '.join(c or '(top level)' for c in sorted(shown))})")


if __name__ == "__main__":
    main()
