// The dists a release takes instead of building them: the files CMake's build graph made (the
// manifests `pyrelease build --manifest` wrote, one per wheel for a native package built for
// several interpreters) or files named one by one. `pyrelease release --manifest/--dist` uses them
// so that the release publishes exactly what the build made, native wheels included.
#pragma once

#include <string>
#include <vector>

// Collects the archives listed in `manifests` ("sdist" and "wheel" keys) and the files in `dists`
// into `paths` (absolute, each once, in the order given). False with `err` naming the file when a
// manifest cannot be read, a file is missing or is not a dist, or the files are not all of the
// project `name` at `version` (names normalized, versions equal by PEP 440).
bool CollectGivenDists(const std::vector<std::string>& manifests,
                       const std::vector<std::string>& dists, const std::string& name,
                       const std::string& version, std::vector<std::string>* paths,
                       std::string* err);
