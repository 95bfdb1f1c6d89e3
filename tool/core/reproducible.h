// The one timestamp every archive entry gets: SOURCE_DATE_EPOCH, strictly parsed and clamped to
// what ZIP can hold (1980-01-01 … 2107-12-31), or a fixed default so builds are reproducible
// without it.
#pragma once

#include <cstdint>
#include <string>

// 2020-02-02 00:00:00 UTC: hatchling's reproducible default, also used for flit/setuptools projects
// (documented in the README) so that every rebuild is byte-identical.
constexpr int64_t kDefaultSourceDateEpoch = 1580601600;
constexpr int64_t kMinZipEpoch = 315532800;   // 1980-01-01
constexpr int64_t kMaxZipEpoch = 4354819199;  // 2107-12-31 23:59:59

// Reads SOURCE_DATE_EPOCH. Unset or empty: `default_epoch` (a backend's own default where
// pyrelease reproduces it: poetry-core's 0 for the sdist, 2016-01-01 for the wheel). Not a
// non-negative integer: false with `err` ("SOURCE_DATE_EPOCH: '<v>' is not a whole number of
// seconds"). Values are clamped.
bool SourceDateEpoch(int64_t* out, std::string* err,
                     int64_t default_epoch = kDefaultSourceDateEpoch);
constexpr int64_t kPoetryWheelEpoch = 1451606400;  // 2016-01-01, poetry-core's wheel default

// Clamps to the ZIP range.
int64_t ClampToZipRange(int64_t epoch);
