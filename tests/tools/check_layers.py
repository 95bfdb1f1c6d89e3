#!/usr/bin/env python3
"""Fails when a file under tool/ includes a header from a higher layer (or a peer stage).

The layers, lowest first (docs/architecture.md): a stage may include its own folder and any stage
on a lower line, never one on its own line or above.

usage: check_layers.py [TOOL_DIR]          check the tree (default: ../../tool)
       check_layers.py --self-test         prove the check fails on an upward include
"""
import os
import re
import sys

LAYERS = [
    ["core"],
    ["spec"],
    ["project", "check", "publish"],
    ["build", "verify"],
    ["release", "native"],
    ["cli"],
    ["."],  # tool/main.cc
]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import owned_temp_dir  # noqa: E402  (the one guarded removal)

RANK = {stage: i for i, line in enumerate(LAYERS) for stage in line}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def violations(tool_dir):
    found = []
    for dirpath, _, files in os.walk(tool_dir):
        stage = os.path.relpath(dirpath, tool_dir).split(os.sep)[0]
        for f in sorted(files):
            if not f.endswith((".cc", ".h", ".inc")):
                continue
            path = os.path.join(dirpath, f)
            if stage not in RANK:
                found.append(f"{path}: the folder '{stage}' is not a stage of {LAYERS}")
                continue
            text = open(path, encoding="utf-8").read()
            for m in INCLUDE.finditer(text):
                target = m.group(1)
                line = text.count("\n", 0, m.start()) + 1
                if "/" not in target:
                    found.append(f"{path}:{line}: #include \"{target}\": write includes from tool/ "
                                 f"(\"<stage>/{target}\")")
                    continue
                to = target.split("/")[0]
                if to not in RANK:
                    found.append(f"{path}:{line}: #include \"{target}\": no stage '{to}'")
                elif to != stage and RANK[to] >= RANK[stage]:
                    kind = "a peer" if RANK[to] == RANK[stage] else "a higher layer"
                    found.append(f"{path}:{line}: {stage}/ includes {to}/, {kind} "
                                 f"(\"{target}\"); move the shared part down a layer")
    return found


def self_test():
    with owned_temp_dir("pyrelease-layers-") as tmp:
        tmp = str(tmp)
        for rel, body in {"core/a.h": "#pragma once\n", "spec/b.h": '#include "core/a.h"\n'}.items():
            os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
            open(os.path.join(tmp, rel), "w").write(body)
        if violations(tmp):
            sys.exit("self-test: a downward include was reported")
        open(os.path.join(tmp, "core/a.h"), "a").write('#include "spec/b.h"\n')
        got = violations(tmp)
        if len(got) != 1 or "core/ includes spec/, a higher layer" not in got[0]:
            sys.exit(f"self-test: the upward include was not reported: {got}")
        print(f"self-test: the upward include is reported:\n  {got[0].replace(tmp + os.sep, '')}")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return
    tool_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "tool")
    found = violations(tool_dir)
    for v in found:
        print(v)
    files = sum(len(f) for _, _, f in os.walk(tool_dir))
    print(f"layers: {files} files checked, {len(found)} include(s) out of order")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
