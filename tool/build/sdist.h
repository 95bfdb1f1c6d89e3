// Building an sdist: `{FilenameName(name)}-{version}.tar.gz` (PEP 625) holding one top directory
// `{FilenameName(name)}-{version}/` with the selected files (sorted bytewise) and a generated
// PKG-INFO last, as flit_core and hatchling lay it out.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/file_selection.h"
#include "project/pyproject.h"

// Writes the sdist into `outdir` atomically; `out_path` receives its path. On failure nothing is
// left in `outdir` and `diags` says why.
bool BuildSdist(const Project& project, const FileSelection& files, const std::string& outdir,
                std::string* out_path, std::vector<Diagnostic>* diags);
