// Metadata -> core metadata (PKG-INFO / METADATA), at the lowest Metadata-Version that carries
// the fields used (2.1 … 2.4), in the field order of the project's backend.
#pragma once

#include "core_metadata.h"
#include "metadata.h"

// `for_sdist` adds `Dynamic:` lines where the project's dynamic fields may change in the wheel.
CoreMetadata ToCoreMetadata(const Metadata& meta, bool for_sdist);
