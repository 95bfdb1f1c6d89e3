#include "release/release_state.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/hash.h"
#include "core/string_util.h"
#include "spec/names.h"

namespace fs = std::filesystem;

bool ReleaseState::Done(const std::string& step) const {
  return std::find(done.begin(), done.end(), step) != done.end();
}

std::string ReleaseStatePath(const std::string& dir, const std::string& name,
                             const std::string& version) {
  return (fs::path(dir) / ("release-" + NormalizeName(name) + "-" + version + ".json")).string();
}

bool LoadReleaseState(const std::string& path, ReleaseState* out, std::string* err) {
  *out = ReleaseState();
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  std::string text;
  if (!ReadFile(path, &text, err)) return false;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("version") || !j.contains("dists")) {
    *err = path + ": not a pyrelease release state file (delete it to start over)";
    return false;
  }
  out->name = j.value("name", "");
  out->version = j.value("version", "");
  out->test_repository = j.value("test_repository", "");
  for (const auto& d : j["dists"])
    out->dists.push_back({d.value("path", ""), d.value("sha256", "")});
  for (const auto& s : j.value("done", nlohmann::json::array()))
    out->done.push_back(s.get<std::string>());
  return true;
}

bool SaveReleaseState(const std::string& path, const ReleaseState& state, std::string* err) {
  nlohmann::ordered_json j;
  j["name"] = state.name;
  j["version"] = state.version;
  if (!state.test_repository.empty()) j["test_repository"] = state.test_repository;
  j["dists"] = nlohmann::ordered_json::array();
  for (const auto& d : state.dists) j["dists"].push_back({{"path", d.path}, {"sha256", d.sha256}});
  j["done"] = state.done;
  return WriteFileAtomically(path, j.dump(2) + "\n", err);
}

std::vector<std::string> ChangedDists(const ReleaseState& state) {
  std::vector<std::string> changed;
  for (const auto& d : state.dists) {
    FileDigests digests;
    std::string err;
    if (!DigestFile(d.path, &digests, &err)) {
      changed.push_back(d.path + ": missing (" + err + ")");
    } else if (digests.sha256_hex != d.sha256) {
      changed.push_back(d.path + ": recorded sha256 " + d.sha256 + ", now " + digests.sha256_hex);
    }
  }
  return changed;
}
