// Metadata -> core metadata (PKG-INFO / METADATA), at the lowest Metadata-Version that carries
// the fields used (2.1, or 2.4 with License-Expression/License-File), in one documented field
// order (flit_core's) for every backend.
#pragma once

#include <string>

#include "spec/core_metadata.h"
#include "spec/metadata.h"

// "2.1", or "2.4" when License-Expression or License-File is written.
std::string CoreMetadataVersion(const Metadata& meta);

// `for_sdist` would add `Dynamic:` lines for fields that may change in the wheel; pyrelease
// resolves every dynamic field before building, so it writes none (the flag is kept for callers).
CoreMetadata ToCoreMetadata(const Metadata& meta, bool for_sdist);
