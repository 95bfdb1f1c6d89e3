#include "release/given_dists.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/string_util.h"
#include "spec/dist_filename.h"
#include "spec/names.h"
#include "spec/pep440.h"

namespace fs = std::filesystem;

namespace {

// The archives one manifest lists (sdist first, then wheel).
bool ManifestArchives(const std::string& manifest, std::vector<std::string>* out,
                      std::string* err) {
  std::string text;
  if (!ReadFile(manifest, &text, err)) return false;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("name") || !j.contains("version")) {
    *err = manifest + ": not a manifest written by pyrelease build --manifest";
    return false;
  }
  size_t before = out->size();
  for (const char* key : {"sdist", "wheel"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_string()) {
      *err = manifest + ": field '" + key + "' is not a string";
      return false;
    }
    out->push_back(j[key].get<std::string>());
  }
  if (out->size() == before) {
    *err = manifest + ": lists no sdist or wheel";
    return false;
  }
  return true;
}

// PEP 440 equality (1.0 == 1.0.0, release segments padded with zeros), as pip compares the version
// a file name carries with the one asked for.
bool SameVersion(const std::string& a, const std::string& b) {
  Pep440Version va, vb;
  std::string ignored;
  if (!ParseVersion(a, &va, &ignored) || !ParseVersion(b, &vb, &ignored)) return a == b;
  return CompareVersions(va, vb) == 0;
}

}  // namespace

bool CollectGivenDists(const std::vector<std::string>& manifests,
                       const std::vector<std::string>& dists, const std::string& name,
                       const std::string& version, std::vector<std::string>* paths,
                       std::string* err) {
  std::vector<std::pair<std::string, std::string>> files;  // path, where it was named
  for (const auto& manifest : manifests) {
    std::vector<std::string> archives;
    if (!ManifestArchives(manifest, &archives, err)) return false;
    for (const auto& a : archives) files.push_back({a, manifest});
  }
  for (const auto& d : dists) files.push_back({d, "--dist"});
  paths->clear();
  for (const auto& [file, origin] : files) {
    std::error_code ec;
    std::string path = fs::absolute(file, ec).lexically_normal().string();
    if (!fs::is_regular_file(path, ec)) {
      *err = path + " (from " + origin + ") does not exist; build the dists first";
      return false;
    }
    DistFilename parsed;
    std::string why;
    if (!ParseDistFilename(fs::path(path).filename().string(), &parsed, &why)) {
      *err = path + " (from " + origin + "): " + why;
      return false;
    }
    if (NormalizeName(parsed.name) != NormalizeName(name) ||
        !SameVersion(parsed.version, version)) {
      *err = path + " (from " + origin + ") is " + parsed.name + " " + parsed.version +
             ", but the project is " + name + " " + version +
             ": a release takes the files of one project and one version";
      return false;
    }
    if (std::find(paths->begin(), paths->end(), path) == paths->end()) paths->push_back(path);
  }
  if (paths->empty()) {
    *err = "no dists given";
    return false;
  }
  return true;
}
