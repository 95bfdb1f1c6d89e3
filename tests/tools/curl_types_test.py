#!/usr/bin/env python3
"""CurlSetopt and CurlGetinfo (tool/publish/curl_loader.h) refuse at compile time an argument whose
type is not the one libcurl reads for the option (an `int` or an enum for a `long` option was
undefined behaviour that compiled silently), and accept the right ones.

usage: curl_types_test.py CXX -I<dir>...
Compiles one snippet per case with -fsyntax-only; exits non-zero naming each case that compiled
when it should not (or the reverse).
"""
import subprocess
import sys
import tempfile
from pathlib import Path

CXX, INCLUDES = sys.argv[1], [a for a in sys.argv[2:] if a != "-I"]

# (statement with a CURL* h in scope, None when it must compile, else the error it must give)
CASES = [
    ("CurlSetopt<CURLOPT_NOSIGNAL>(h, 1L);", None),
    ("CurlSetopt<CURLOPT_HTTPAUTH>(h, CURLAUTH_BASIC);", None),
    ("CurlSetopt<CURLOPT_URL>(h, \"http://127.0.0.1/\");", None),
    ("CurlSetopt<CURLOPT_WRITEFUNCTION>(h, +[](char*, size_t, size_t n, void*) { return n; });", None),
    ("CurlSetopt<CURLOPT_POSTFIELDSIZE_LARGE>(h, curl_off_t{1});", None),
    ("char* url = nullptr; CurlGetinfo<CURLINFO_EFFECTIVE_URL>(h, &url);", None),
    ("long status = 0; CurlGetinfo<CURLINFO_RESPONSE_CODE>(h, &status);", None),
    ("CurlSetopt<CURLOPT_NOSIGNAL>(h, 1);", "this option takes a long"),
    ("CurlSetopt<CURLOPT_HTTP_VERSION>(h, CURL_HTTP_VERSION_2TLS);", "this option takes a long"),
    ("CurlSetopt<CURLOPT_URL>(h, 1L);", "this option takes a data pointer"),
    ("CurlSetopt<CURLOPT_WRITEDATA>(h, +[](char*, size_t, size_t n, void*) { return n; });",
     "this option takes a data pointer"),
    ("CurlSetopt<CURLOPT_WRITEFUNCTION>(h, static_cast<void*>(nullptr));", "this option takes a function pointer"),
    ("CurlSetopt<CURLOPT_POSTFIELDSIZE_LARGE>(h, 1);", "this option takes a curl_off_t"),
    ("int status = 0; CurlGetinfo<CURLINFO_RESPONSE_CODE>(h, &status);", "this info is a long"),
    ("long url = 0; CurlGetinfo<CURLINFO_EFFECTIVE_URL>(h, &url);", "this info is a string"),
]

failures = []
with tempfile.TemporaryDirectory() as tmp:
    for i, (statement, error) in enumerate(CASES):
        src = Path(tmp) / f"case{i}.cc"
        src.write_text('#include "publish/curl_loader.h"\n\nvoid Case(CURL* h) {\n  ' + statement + "\n}\n")
        p = subprocess.run([CXX, "-std=c++17", "-fsyntax-only", *[f"-I{d}" for d in INCLUDES], str(src)],
                           capture_output=True, text=True)
        if error is None and p.returncode != 0:
            failures.append(f"{statement}: does not compile:\n{p.stderr}")
        elif error is not None and (p.returncode == 0 or error not in p.stderr):
            failures.append(f"{statement}: expected the error {error!r}, got exit {p.returncode}:\n{p.stderr}")
        else:
            print(f"{'accepted' if error is None else 'refused '}: {statement}")
for f in failures:
    print("FAIL: " + f, file=sys.stderr)
print(f"{len(CASES) - len(failures)} of {len(CASES)} cases as expected")
sys.exit(1 if failures else 0)
