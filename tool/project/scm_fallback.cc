#include "project/scm_fallback.h"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "spec/core_metadata.h"
#include "spec/pep440.h"

namespace {

// vcs-versioning's read_scm_version_data: tag, distance (int() of it), node, dirty (bool() of it),
// branch. false when it would log a warning and return None (the candidate is then skipped).
bool ReadScmVersionJson(const std::string& text, GitDescription* d) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("tag") || !doc["tag"].is_string() ||
      !doc.contains("distance") || !doc["distance"].is_number_integer())
    return false;
  d->has_tag = true;
  d->tag = doc["tag"].get<std::string>();
  d->distance = doc["distance"].get<int64_t>();
  const nlohmann::json& node = doc.value("node", nlohmann::json());
  const nlohmann::json& dirty = doc.value("dirty", nlohmann::json(false));
  const nlohmann::json& branch = doc.value("branch", nlohmann::json());
  // Other types (a node given as a number, dirty as a string) Python would take in its own way.
  if (!(node.is_null() || node.is_string()) || !dirty.is_boolean() ||
      !(branch.is_null() || branch.is_string()))
    return false;
  d->node = node.is_string() ? node.get<std::string>() : "";
  d->dirty = dirty.get<bool>();
  d->branch = branch.is_string() ? branch.get<std::string>() : "";
  return true;
}

// vcs-versioning's read_scm_file_list: the "files" list. false when it is unreadable.
bool ReadScmFileListJson(const std::string& text, std::vector<std::string>* files) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) return false;
  for (const nlohmann::json& f : doc["files"]) {
    if (!f.is_string()) return false;
    files->push_back(f.get<std::string>());
  }
  return true;
}

void ReadFileList(const std::string& root, const std::string& rel, ScmFallback* out) {
  std::string text, err;
  if (!IsRegularFile(root + "/" + rel)) return;
  if (!ReadFile(root + "/" + rel, &text, &err) || !ReadScmFileListJson(text, &out->files)) {
    out->unreproduced.push_back(rel +
                                ": setuptools-scm skips a scm_file_list.json it cannot read (with "
                                "a warning); that is not reproduced natively");
    out->files.clear();
    return;
  }
  // An empty list is no answer: setuptools' own finder runs (setuptools-scm's _list_tracked).
  out->has_file_list = !out->files.empty();
  out->file_list_path = rel;
}

// Whether git's archive expanded .git_archival.txt, so that vcs-versioning's archival_to_version
// gives a version: a describe-name that is set and not the raw `%(describe` placeholder, a tag in
// ref-names, or a node without `$Format`.
bool ArchivalGivesVersion(const std::string& text) {
  CoreMetadata data = ParseCoreMetadata(text);
  if (data.Has("describe-name")) {
    std::string describe = data.Get("describe-name");
    if (!describe.empty() && describe.find("%(describe") == std::string::npos) return true;
  }
  if (data.Get("ref-names").find("tag: ") != std::string::npos) return true;
  if (!data.Has("node")) return false;
  return ToLower(data.Get("node")).find("$format") == std::string::npos;
}

}  // namespace

ScmFallback ReadScmFallback(const std::string& root) {
  ScmFallback out;
  // MetadataWorkdir (priority 10): the first root egg-info holding scm_version.json.
  std::vector<std::string> with_version;
  for (const std::string& name : DirectoryNames(root))
    if (EndsWith(name, ".egg-info") && IsDirectory(root + "/" + name) &&
        IsRegularFile(root + "/" + name + "/scm_version.json"))
      with_version.push_back(name);
  if (with_version.size() > 1) {
    // setuptools-scm takes the first its directory listing yields, in no defined order.
    out.unreproduced.push_back(
        with_version[0] + "/scm_version.json: " + std::to_string(with_version.size()) +
        " egg-info directories hold a scm_version.json (" + Join(with_version, ", ") +
        "); which one setuptools-scm reads is the directory order");
    return out;
  }
  if (with_version.size() == 1) {
    const std::string rel = with_version[0] + "/scm_version.json";
    std::string text, err;
    if (!ReadFile(root + "/" + rel, &text, &err) || !ReadScmVersionJson(text, &out.description)) {
      out.unreproduced.push_back(rel +
                                 ": setuptools-scm skips a scm_version.json it cannot read (with "
                                 "a warning) and takes the next source; not reproduced natively");
      return out;
    }
    // vcs-versioning reads the tag as a version (no tag regex): one it cannot parse skips the
    // candidate; a local part the native schemes would read through the tag regex.
    Pep440Version tag;
    if (!ParseVersion(out.description.tag, &tag, &err) || !tag.local.empty()) {
      out.unreproduced.push_back(rel + ": the tag '" + out.description.tag +
                                 "' is not a PEP 440 version without a local part; not "
                                 "reproduced natively");
      return out;
    }
    out.metadata_dir = with_version[0];
    ReadFileList(root, with_version[0] + "/scm_file_list.json", &out);
    return out;
  }
  // ArchivedWorkdir (priority 20): only when git archive expanded the file.
  std::string archival;
  std::string err;
  if (ReadFile(root + "/.git_archival.txt", &archival, &err) && ArchivalGivesVersion(archival))
    out.unreproduced.push_back(
        ".git_archival.txt: setuptools-scm takes the version (and lists every file) from an "
        "expanded git archival file; not reproduced natively");
  if (IsRegularFile(root + "/.hg_archival.txt"))
    out.unreproduced.push_back(
        ".hg_archival.txt: setuptools-scm takes the version from a Mercurial archival file; not "
        "reproduced natively");
  if (!out.unreproduced.empty()) return out;
  // PkgInfoWorkdir (priority 30): the version is PKG-INFO's; the list a root scm_file_list.json.
  ReadFileList(root, "scm_file_list.json", &out);
  return out;
}
