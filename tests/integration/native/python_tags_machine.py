#!/usr/bin/env python3
"""The interpreter and ABI tags `pyrelease native-tags` computes for the machine's Pythons agree
with the tags that interpreter itself accepts (packaging.tags.sys_tags(), or pip's vendored copy):
the full-ABI tag is the first one it lists, cp3X-abi3 (for a stable ABI at or below its version)
and py3-none are among its tags, a stable ABI newer than the interpreter is refused.

Checks the python3 CMake found (sys.executable) and every other python3.X on PATH or under
pyenv; at least the first must be there.

usage: python_tags_machine.py PYRELEASE
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

SYS_TAGS = """
import json
try:
    from packaging import tags
except ImportError:
    from pip._vendor.packaging import tags
print(json.dumps([f"{t.interpreter}-{t.abi}" for t in tags.sys_tags()]))
"""


def main():
    pyrelease = sys.argv[1]
    failures, checked = [], 0
    for py in ns.interpreters():
        r = subprocess.run([py, "-c", SYS_TAGS], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"skip {py}: neither packaging nor pip's copy answers ({r.stderr.strip().splitlines()[-1:]})")
            continue
        accepted = list(dict.fromkeys(json.loads(r.stdout)))
        ours = subprocess.run([pyrelease, "native-tags", "--python", py, "--json"], capture_output=True, text=True)
        if ours.returncode != 0:
            failures.append(f"{py}: native-tags failed: {ours.stderr}")
            continue
        got = json.loads(ours.stdout)["python"]
        tag = f'{got["interpreter"]}-{got["abi"]}'
        checked += 1
        print(f"{py}: pyrelease {tag} | interpreter's first tag {accepted[0]}")
        if tag != accepted[0]:
            failures.append(f"{py}: computed {tag}, the interpreter's most specific tag is {accepted[0]}")
        minor = int(got["interpreter"][3:]) if got["interpreter"].startswith("cp3") else None
        if minor is not None and got["abi"].endswith("t") is False and minor >= 3:
            for stable in sorted({2, minor - 1, minor}):
                r = subprocess.run([pyrelease, "native-tags", "--python", py, "--stable-abi", f"3.{stable}", "--json"],
                                   capture_output=True, text=True)
                abi3 = json.loads(r.stdout)["python"] if r.returncode == 0 else None
                want = f"cp3{stable}-abi3"
                if not abi3 or f'{abi3["interpreter"]}-{abi3["abi"]}' != want or want not in accepted:
                    failures.append(f"{py}: --stable-abi 3.{stable} gave {abi3} {r.stderr}; "
                                    f"{want} accepted by it: {want in accepted}")
            r = subprocess.run([pyrelease, "native-tags", "--python", py, "--stable-abi", f"3.{minor + 1}"],
                               capture_output=True, text=True)
            if r.returncode == 0 or f"cp3{minor + 1}-abi3" in accepted:
                failures.append(f"{py}: a stable ABI newer than the interpreter was not refused: {r.stdout}")
        r = subprocess.run([pyrelease, "native-tags", "--no-python", "--json"], capture_output=True, text=True)
        none = json.loads(r.stdout)["python"]
        if f'{none["interpreter"]}-{none["abi"]}' != "py3-none" or "py3-none" not in accepted:
            failures.append(f"{py}: --no-python gave {none}")
    if checked == 0:
        failures.append("no interpreter could be checked (not even the one running this test)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
