#!/usr/bin/env python3
"""Requires-Dist as the backends write it, against the installed backends (label: archives).

usage: requires_dist_test.py <pyrelease> <work dir> <case>
cases: uv_markers (uv_build's marker normal form) | hatch_specifiers (hatchling lowercases specifiers)

For each dependency (fixed cases, then seeded random ones) a one-dependency project is written, once
as a plain dependency and once in an optional extra. pyrelease either builds it natively (then
`metadata --core-metadata --backend native` must give exactly the backend's Requires-Dist lines, read
from its prepare_metadata_for_build_wheel) or refuses natively, naming the dependency (then `build`
takes the backend path). The forms that must be native are asserted native, so the test fails both on a
difference and on a refusal of a form pyrelease claims to reproduce.
"""
import email.parser
import json
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from owned_dir import fresh_dir  # noqa: E402
from verdict import fail  # noqa: E402

PYRELEASE, WORK, CASE = sys.argv[1:4]


BACKENDS = {
    "uv_markers": ('requires = ["uv_build"]\nbuild-backend = "uv_build"', "uv_build"),
    "hatch_specifiers": ('requires = ["hatchling"]\nbuild-backend = "hatchling.build"', "hatchling.build"),
}


def write_project(root, build_system, dep):
    (root / "src" / "demo").mkdir(parents=True)
    (root / "src" / "demo" / "__init__.py").write_text("")
    tool = '[tool.hatch.build.targets.wheel]\npackages = ["src/demo"]\n' if "hatchling" in build_system else ""
    (root / "pyproject.toml").write_text(
        f"[build-system]\n{build_system}\n[project]\nname = \"demo\"\nversion = \"1.0\"\n"
        f"dependencies = [{json.dumps(dep)}]\n[project.optional-dependencies]\nEx_Tra = [{json.dumps(dep)}]\n"
        f"{tool}")


def requires_dist(text):
    return email.parser.Parser().parsestr(text).get_all("Requires-Dist") or []


def backend_lines(project, module):
    meta = project / "backend-meta"
    meta.mkdir()
    p = subprocess.run([sys.executable, "-c", f"import sys, {module} as b; "
                        "print(b.prepare_metadata_for_build_wheel(sys.argv[1]))", str(meta)],
                       cwd=project, capture_output=True, text=True)
    if p.returncode != 0:
        return None  # the backend refuses the dependency too
    name = p.stdout.strip().splitlines()[-1]
    return requires_dist((meta / name / "METADATA").read_text())


def pyrelease_lines(project):
    p = subprocess.run([PYRELEASE, "metadata", "--project", str(project), "--core-metadata", "--backend", "native"],
                       capture_output=True, text=True)
    return (requires_dist(p.stdout) if p.returncode == 0 else None), p.stderr


# uv_build: the forms spec/uv_requirement.h reproduces (must be native) and some it does not.
UV_NATIVE = [
    "tomli; python_version < '3.11'", "tomli ; python_version<\"3.11\"", "tomli; python_version <= '3.9'",
    "tomli; python_version > '3.13'", "tomli; python_version >= '4.0'", "tomli; python_version == '3.10'",
    "tomli; python_version != '3.0'", "tomli; python_version < '3.0'", "tomli; python_full_version >= '3.9.2'",
    "tomli; python_full_version <= '3.9.2'", "tomli; sys_platform == 'win32'", "tomli; os_name != 'nt'",
    "tomli; platform_machine == 'x86_64'", "tomli; implementation_name == \"pypy\"",
    "tomli; platform_python_implementation != 'PyPy'",
    "tomli; sys_platform == 'win32' and python_version < '3.11'",
    "tomli; python_version == '3.11' and platform_machine == 'arm64'",
    "Foo_Bar[Y,x] >= 1.0, <2 ; python_version < '3.11'", "foo (>=1.0RC1)", "foo == 1.0.*", "a<2,>=2,!=1.5",
    "foo~=1.4.2", "foo @ https://example.org/foo-1.0.tar.gz", "foo @ https://example.org/foo-1.0.tar.gz ; os_name == 'nt'",
    "foo>=1.0-1,!=1.0.post2", "Zope.Interface", "foo[Bar_Baz]", "tomli; (os_name == 'nt')",
    # platform_system, which uv writes as the sys_platform it implies (dnspython's wmi extra).
    "tomli; platform_system == 'Windows'", "tomli; platform_system != 'Darwin'",
    "tomli; platform_system == 'Linux' and python_version < '3.11'",
    # ... Emscripten, Android and AIX too; FreeBSD, Java, iOS and the like are kept as written.
    "tomli; platform_system == 'Emscripten'", "tomli; platform_system != 'Android'",
    "tomli; platform_system == 'AIX' and python_version >= '3.9'", "tomli; platform_system == 'FreeBSD'",
    "tomli; python_version < '3.11' and platform_system == 'Java'", "tomli; platform_system != 'iOS'",
]
UV_BACKEND = [
    "tomli; sys_platform == 'win32' or python_version < '3.11'", "tomli; platform_system == 'windows'",
    "tomli; platform_system == 'Plan9'", "tomli; platform_system == 'Windows' and os_name == 'nt'",
    "tomli; platform_release == '5.10'", "tomli; '3.11' > python_version",
    "tomli; python_version >= '3.8' and python_version < '3.11'", "tomli; python_version in '3.8 3.9'",
    "tomli; (sys_platform == 'linux' or sys_platform == 'darwin') and python_version < '3.11'",
    "tomli; sys_platform == 'win32' and os_name == 'nt'", "tomli; python_full_version >= '3.9.0'",
    "foo===1.0",
]
# hatchling: specifiers as written, in any case (the native writer must follow its normalization).
HATCH_NATIVE = [
    "Foo>=1.0RC1", "foo>=1.0rc1", "FOO==1.0.POST1", "foo>=1.0-1", "foo!=1.0.DEV0,>=0.9", "foo~=2.0B2",
    "foo==1.0.*", "foo>=1.0.A1; python_version < '3.11'", "Foo_Bar[Y,x]>=1.0RC1", "foo===1.0RC1",
    "foo>=V1.0", "foo>=1.0Alpha2", "foo>=1.0_c1", "foo>=1.0.Preview3", "foo>=1!2.0RC1",
    "foo!=1.0B1,!=1.0a1", "foo>=1.0RC1,>=1.0rc1", "foo[B,a,A]", "foo==1.0+LOCAL.1",
    "foo>=1.0RC1; sys_platform == \"win32\"",
]


def random_uv_dep(rng):
    name = rng.choice(["tomli", "Foo_Bar", "zope.interface", "A-B"])
    extras = rng.choice(["", "[x]", "[Y,x]"])
    spec = rng.choice(["", ">=1.0", ">=1.0,<2", "==1.0.*", "~=1.4", random_specifiers(rng)])
    var_values = {
        "python_version": ["2.7", "3.0", "3.8", "3.10", "3.13", "4.0"],
        "python_full_version": ["3.9.2", "3.10.1", "3.8", "3.11.0"],
        "sys_platform": ["win32", "linux", "darwin"], "os_name": ["nt", "posix"],
        "platform_machine": ["x86_64", "arm64"], "implementation_name": ["cpython", "pypy"],
        "platform_python_implementation": ["CPython", "PyPy"], "platform_system": ["Windows", "Linux", "Emscripten", "AIX", "FreeBSD", "Java"],
    }
    terms = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        var = rng.choice(list(var_values))
        op = rng.choice(["<", "<=", ">", ">=", "==", "!="] if "version" in var else ["==", "!="])
        q = rng.choice(["'", '"'])
        terms.append(f"{var}{rng.choice(['', ' '])}{op}{rng.choice(['', ' '])}{q}{rng.choice(var_values[var])}{q}")
    marker = terms[0]
    for t in terms[1:]:
        marker += rng.choice([" and ", " and ", " or "]) + t
    return f"{name}{extras}{spec}" + (f"; {marker}" if rng.random() < 0.9 else "")


def random_version(rng):
    v = rng.choice(["1.0", "2", "1.2.3", "1!2.0", "v1.0"])
    v += rng.choice(["", "", "rc1", "RC1", "a2", "A2", "Alpha2", "b3", "B3", ".Beta1", "c1", "-Pre4",
                     "_preview5", ".dev0", ".DEV1", "-1", ".post2", ".POST2", "Rev3"])
    return "".join(ch.upper() if rng.random() < 0.3 else ch for ch in v)


def random_specifiers(rng):
    return ",".join(rng.choice([">=", "<", "!=", "~=", "=="]) + random_version(rng)
                    for _ in range(rng.choice([1, 1, 2, 3])))


def random_hatch_dep(rng):
    name = rng.choice(["foo", "Foo_Bar", "zope.interface"])
    extras = rng.choice(["", "[x]", "[Y,x]", "[B_c,a]"])
    specs = [random_specifiers(rng)]
    marker = rng.choice(["", "", "; python_version < '3.11'", "; sys_platform == \"win32\""])
    return f"{name}{extras}{','.join(specs)}{marker}"


def main():
    work = fresh_dir(Path(WORK) / CASE)
    build_system, module = BACKENDS[CASE]
    rng = random.Random(int(os.environ.get("REQUIRES_DIST_SEED", "11")))  # another seed: a wider check
    if CASE == "uv_markers":
        must_native, must_backend = UV_NATIVE, UV_BACKEND
        randoms = [random_uv_dep(rng) for _ in range(120)]
    else:
        must_native, must_backend = HATCH_NATIVE, []
        randoms = [random_hatch_dep(rng) for _ in range(120)]
    counts = {"identical": 0, "backend path": 0, "invalid": 0}
    for i, dep in enumerate(must_native + must_backend + randoms):
        project = work / f"p{i}"
        write_project(project, build_system, dep)
        theirs = backend_lines(project, module)
        ours, err = pyrelease_lines(project)
        if dep in must_native and ours is None:
            fail(f"{dep!r}: refused natively, but pyrelease reproduces this form:\n{err}")
        if dep in must_backend and ours is not None:
            fail(f"{dep!r}: built natively, but this form must take the backend path: {ours}")
        if ours is None and theirs is None and "is not a valid requirement" in err:
            counts["invalid"] += 1  # both refuse it (a random `~=2`)
            continue
        if ours is None:
            if "--backend native" not in err or json.dumps(dep)[1:-1].split(";")[0] not in err:
                fail(f"{dep!r}: the refusal does not name the dependency:\n{err}")
            counts["backend path"] += 1
            continue
        if theirs is None:
            fail(f"{dep!r}: the backend refuses it, pyrelease builds it: {ours}")
        if ours != theirs:
            fail(f"{dep!r}: Requires-Dist differs\n  pyrelease: {ours}\n  backend:   {theirs}")
        counts["identical"] += 1
    total = len(must_native) + len(must_backend) + len(randoms)
    print(f"{CASE}: {total} dependencies ({len(randoms)} random): {counts['identical']} native and identical "
          f"to {module}'s Requires-Dist, {counts['backend path']} take the backend path, {counts['invalid']} invalid "
          "for both, 0 different")


if __name__ == "__main__":
    main()
