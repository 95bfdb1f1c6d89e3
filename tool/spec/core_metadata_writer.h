// Metadata -> core metadata (PKG-INFO / METADATA), at the lowest Metadata-Version that carries
// the fields used (2.1, 2.4 with License-Expression/License-File, 2.5 with PEP 794 Import-Name /
// Import-Namespace), in one documented field order (flit_core's) for every backend.
#pragma once

#include <map>
#include <set>
#include <string>

#include "spec/core_metadata.h"
#include "spec/metadata.h"

// "2.1", "2.4" when License-Expression or License-File is written, "2.5" with Import-Name.
std::string CoreMetadataVersion(const Metadata& meta);

// True when Import-Name / Import-Namespace are written: import-names or import-namespaces given,
// and the declared backend writes them (all but setuptools, which validates them only).
bool WritesImportNames(const Metadata& meta);

// hatchling's optional dependencies (metadata/core.py optional_dependencies_complex): each extra's
// requirements in its Requires-Dist text, sorted, each once, under the normalized extra name; a
// requirement on the project itself (`demo[tests]` in `dev`) adds the named extras' requirements
// instead (recursively). False with `err` for what hatchling refuses: a circular group or an extra
// that does not exist.
bool HatchOptionalDependencies(const Metadata& meta,
                               std::map<std::string, std::set<std::string>>* out, std::string* err);

// `for_sdist` would add `Dynamic:` lines for fields that may change in the wheel; pyrelease
// resolves every dynamic field before building, so it writes none (the flag is kept for callers).
CoreMetadata ToCoreMetadata(const Metadata& meta, bool for_sdist);
