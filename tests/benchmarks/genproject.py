#!/usr/bin/env python3
"""Generates a synthetic pure-Python project for the build benchmarks.

usage: genproject.py DEST --size {small,medium,large} --backend {flit,hatch,uv}

  small   ~20 modules, ~100 KB
  medium  ~1,000 files, ~10 MB
  large   ~10,000 files, ~200 MB

or, with --tiny N (the bookkeeping projects t_N of docs/benchmarks.md): N tiny modules `X = i`
(6-10 bytes each) in nested packages of 100 modules, besides the same pyproject.toml, README and
LICENSE; --tiny 0 is the empty project (the package's __init__.py only).

The content is deterministic (seeded), text-like (compresses like real code), spread over nested
subpackages, with some JSON data files and a README/LICENSE. Every backend variant has the same
files; only [build-system] and the package location (src/ for uv_build) differ.
"""
import argparse
import json
import os
import random

SIZES = {"small": (20, 100_000), "medium": (1_000, 10_000_000), "large": (10_000, 200_000_000)}
BACKENDS = {
    "flit": ('requires = ["flit_core>=3.4"]', "flit_core.buildapi"),
    "hatch": ('requires = ["hatchling"]', "hatchling.build"),
    "uv": ('requires = ["uv_build>=0.8"]', "uv_build"),
}
WORDS = ("value result item index config parser buffer stream record entry node tree graph token "
         "offset length window state cache client server request response handler factory").split()


def module_text(rng, target):
    out, n = ['"""Generated module."""\n', "import os\n", "import sys\n\n"], 0
    size = sum(map(len, out))
    while size < target:
        a, b, c = rng.sample(WORDS, 3)
        fn = (f"def {a}_{b}_{n}({c}, {a}=None):\n"
              f'    """Compute the {b} of {c} ({n})."""\n'
              f"    {b} = [{c}] * {rng.randint(1, 99)}\n"
              f"    for {a} in range(len({b})):\n"
              f"        {b}[{a}] = ({b}[{a}] or 0) + {rng.randint(0, 10**6)}\n"
              f"    return {{'{a}': {b}, '{c}': {rng.random():.6f}}}\n\n\n")
        out.append(fn)
        size += len(fn)
        n += 1
    return "".join(out)


def write_tiny(root, n):
    """n modules `X = i` in packages of 100 (sub<i // 10,000>/pkg<i // 100 % 100>/m_<i>.py)."""
    for i in range(n):
        d = os.path.join(root, f"sub{i // 10_000}", f"pkg{i // 100 % 100}")
        if i % 100 == 0:
            os.makedirs(d, exist_ok=True)
            for init in (os.path.join(os.path.dirname(d), "__init__.py"), os.path.join(d, "__init__.py")):
                open(init, "a").close()
        with open(os.path.join(d, f"m_{i}.py"), "w") as f:
            f.write(f"X = {i}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dest")
    ap.add_argument("--size", choices=SIZES, default="small")
    ap.add_argument("--backend", choices=BACKENDS, default="hatch")
    ap.add_argument("--tiny", type=int, metavar="N", help="N tiny modules instead of --size's files")
    args = ap.parse_args()
    if args.tiny is not None:
        args.size = f"t_{args.tiny}"
        files, total = args.tiny + 1, 0
    else:
        files, total = SIZES[args.size]
    rng = random.Random(f"{args.size}")
    name = f"bench_{args.size}"
    root = os.path.join(args.dest, "src", name) if args.backend == "uv" else os.path.join(args.dest, name)
    os.makedirs(root, exist_ok=True)
    requires, backend = BACKENDS[args.backend]
    with open(os.path.join(args.dest, "pyproject.toml"), "w") as f:
        f.write(f'[build-system]\n{requires}\nbuild-backend = "{backend}"\n\n'
                f'[project]\nname = "{name.replace("_", "-")}"\nversion = "1.0.0"\n'
                f'description = "A synthetic {args.size} project for build benchmarks"\n'
                f'readme = "README.md"\nrequires-python = ">=3.8"\nlicense = "MIT"\nlicense-files = ["LICENSE"]\n'
                f'dependencies = ["requests>=2"]\n\n[project.scripts]\n{name.replace("_", "-")} = "{name}:main"\n')
    with open(os.path.join(args.dest, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA synthetic project.\n")
    with open(os.path.join(args.dest, "LICENSE"), "w") as f:
        f.write("MIT License\n\nPermission is hereby granted, free of charge, ...\n")
    with open(os.path.join(root, "__init__.py"), "w") as f:
        f.write('"""Synthetic benchmark package."""\n__version__ = "1.0.0"\n\n\ndef main():\n    return 0\n')
    if args.tiny is not None:
        write_tiny(root, args.tiny)
        return
    per_file = total // files
    for i in range(files - 1):
        parts = [f"sub{(i // 100) % 10}", f"pkg{i // 10 % 10}"] if files > 100 else []
        d = os.path.join(root, *parts)
        if not os.path.exists(os.path.join(d, "__init__.py")):
            os.makedirs(d, exist_ok=True)
            for k in range(len(parts)):
                open(os.path.join(root, *parts[:k + 1], "__init__.py"), "a").close()
        size = max(200, int(per_file * rng.uniform(0.3, 1.7)))
        if i % 10 == 9:  # some data files
            data = [{"id": j, "name": rng.choice(WORDS), "score": rng.random()} for j in range(size // 60)]
            with open(os.path.join(d, f"data_{i}.json"), "w") as f:
                json.dump(data, f, indent=1)
        else:
            with open(os.path.join(d, f"mod_{i}.py"), "w") as f:
                f.write(module_text(rng, size))


if __name__ == "__main__":
    main()
