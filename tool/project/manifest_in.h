// MANIFEST.in (setuptools/distutils sdist templates): include, exclude, recursive-include,
// recursive-exclude, global-include, global-exclude, graft, prune — read into ordered selection
// steps with setuptools' meaning ('*' stays in one path segment; recursive-include d p = d/**/p;
// global-include p = **/p; graft d = d/**). Later lines override earlier ones.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/backend_config.h"

// Parses `text` (the contents of `path`, for diagnostics) and appends one step per pattern.
// Unknown commands and missing arguments are errors naming path:line.
bool ParseManifestIn(const std::string& text, const std::string& path,
                     std::vector<SelectionStep>* steps, std::vector<Diagnostic>* diags);
