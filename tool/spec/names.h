// Project names: PEP 508 validity, PEP 503 normalization, and the PEP 427/625 file-name form.
#pragma once

#include <string>
#include <string_view>

// ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$ (ASCII, case-insensitive), as packaging and PyPI check.
bool IsValidProjectName(std::string_view name);

// PEP 503: runs of -_. become "-", lower case. "My_Pkg.x" -> "my-pkg-x".
std::string NormalizeName(std::string_view name);

// PEP 427/625 file-name component: the normalized name with "-" as "_". "My-Pkg" -> "my_pkg".
std::string FilenameName(std::string_view name);

// PEP 685 extra normalization (same as PEP 503).
inline std::string NormalizeExtra(std::string_view extra) { return NormalizeName(extra); }
