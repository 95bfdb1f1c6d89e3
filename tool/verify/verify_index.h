// The index-side checks of `pyrelease verify`: `wait` (poll the project's simple page until the
// release's files appear) and `hashes` (what the index serves is what was built).
#pragma once

#include <string>
#include <vector>

#include "verify/check_result.h"

struct IndexCheckContext {
  std::string index_url;  // the simple index root, e.g. http://127.0.0.1:8080/simple/
  std::string name;       // project name as given
  std::string version;    // the release's version
};

// True when `filename` is a dist of `name` at `version` (wheel or sdist, names compared in their
// PEP 427/625 forms, versions under PEP 440 normalization of the common cases).
bool DistFileMatchesRelease(const std::string& filename, const std::string& name,
                            const std::string& version);

// The delays between polls: 0.5 s doubling to at most 10 s, never past the deadline.
double NextPollDelay(double previous_delay, double seconds_left);

// `wait`: polls the project page with backoff until a file of the release is listed, for at most
// `wait_seconds`. A file:// index is written synchronously, so it is read once, never waited on.
CheckResult CheckReleaseOnIndex(const IndexCheckContext& index, double wait_seconds);

// `hashes`: every local dist is listed by the index with the same sha256 (and size when the index
// states it); for wheels whose `.metadata` file the index serves (PEP 658), that file equals the
// wheel's METADATA byte for byte and matches its advertised sha256.
CheckResult CheckIndexMatchesDists(const IndexCheckContext& index,
                                   const std::vector<std::string>& dists);
