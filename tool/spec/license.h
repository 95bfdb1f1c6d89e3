// PEP 639 licenses: SPDX license expressions (validated and normalized the way
// packaging.licenses.canonicalize_license_expression does, against the SPDX list shipped in
// spdx_data.inc) and license-files globs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

// "mit or (apache-2.0 and bsd-3-clause)" -> "MIT OR (Apache-2.0 AND BSD-3-Clause)". On failure
// `err` holds packaging's message: "Invalid license expression: '<e>'", "Unknown license: '<id>'",
// "Unknown license exception: '<id>'" or "Invalid licenseref: '<id>'".
bool CanonicalizeLicenseExpression(std::string_view expr, std::string* out, std::string* err);

// Whether `id` (any case) is an SPDX license id; `canonical` gets its spelling.
bool LookupSpdxLicense(std::string_view id, std::string* canonical, bool* deprecated = nullptr);
bool LookupSpdxException(std::string_view id, std::string* canonical);
const char* SpdxListVersion();

// A license-files glob per PEP 639: alphanumerics, ".", "-", "_", "/", "*", "**", "?" and
// "[...]"; relative, no "..", no "\". False with `err` saying what is wrong.
bool ValidateLicenseGlob(std::string_view pattern, std::string* err);

// fnmatch-style matching of one '/'-separated relative path: "*" and "?" stay within a path
// segment, "**" as a whole segment matches zero or more segments, "[a-z]"/"[!x]" classes.
bool GlobMatch(std::string_view pattern, std::string_view path);

// Files (not directories) under `root` matching `pattern`, as sorted '/'-separated relative
// paths. Hidden entries (".x") are matched only by a segment that starts with ".".
std::vector<std::string> GlobFiles(const std::string& root, std::string_view pattern);
