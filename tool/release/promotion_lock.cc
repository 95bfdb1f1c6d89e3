#include "release/promotion_lock.h"

#include <filesystem>
#include <map>
#include <set>

#include "core/hash.h"
#include "core/string_util.h"
#include "spec/dist_filename.h"
#include "spec/names.h"

namespace fs = std::filesystem;

namespace {

// The (name, version) the dists' file names say; false when they name none or several.
bool DistsVersion(const std::vector<std::string>& paths, std::string* name, std::string* version) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& p : paths) {
    DistFilename f;
    std::string err;
    if (!ParseDistFilename(fs::path(p).filename().string(), &f, &err)) return false;
    seen.insert({NormalizeName(f.name), f.version});
  }
  if (seen.size() != 1) return false;
  *name = seen.begin()->first;
  *version = seen.begin()->second;
  return true;
}

std::vector<ReleaseDist> Digests(const std::vector<std::string>& paths, std::string* err) {
  std::vector<ReleaseDist> out;
  for (const auto& p : paths) {
    FileDigests d;
    if (!DigestFile(p, &d, err)) return {};
    out.push_back({fs::absolute(p).lexically_normal().string(), d.sha256_hex});
  }
  return out;
}

}  // namespace

std::string PromotionMismatch(const ReleaseState& state, const std::vector<std::string>& paths,
                              const std::string& state_path) {
  std::map<std::string, std::string> recorded;  // file name -> sha256
  for (const auto& d : state.dists) recorded[fs::path(d.path).filename().string()] = d.sha256;
  std::vector<std::string> problems;
  std::set<std::string> given;
  for (const auto& p : paths) {
    std::string file = fs::path(p).filename().string();
    given.insert(file);
    auto it = recorded.find(file);
    FileDigests now;
    std::string err;
    if (it == recorded.end()) {
      problems.push_back(p + ": not among the files uploaded to the test index");
    } else if (!DigestFile(p, &now, &err)) {
      problems.push_back(err);
    } else if (now.sha256_hex != it->second) {
      problems.push_back(p + ": sha256 " + now.sha256_hex + ", but the test index got " +
                         it->second + " (the file changed after publish-test)");
    }
  }
  for (const auto& [file, sha] : recorded) {
    if (!given.count(file))
      problems.push_back(file + ": uploaded to the test index but missing from this upload");
  }
  if (problems.empty()) return "";
  std::string out = "refusing to publish " + state.name + " " + state.version +
                    ": production gets exactly the files the test index received (" + state_path +
                    "), and these differ:\n";
  for (const auto& p : problems) out += "  " + p + "\n";
  out +=
      "To release the changed files, start over with a new version: pyrelease version --bump "
      "patch, then publish-test, verify-test and publish again (the test index keeps the old "
      "files under the old version). To publish the tested files instead, rebuild them from the "
      "tested sources.";
  return out;
}

bool RecordTestUpload(const std::vector<std::string>& paths, const std::string& target,
                      std::string* err) {
  ReleaseState state;
  if (!DistsVersion(paths, &state.name, &state.version)) {
    *err = "--test-index: the dists must be of one project and version to be recorded";
    return false;
  }
  std::string path =
      ReleaseStatePath(fs::path(paths.front()).parent_path().string(), state.name, state.version);
  ReleaseState old;
  if (!LoadReleaseState(path, &old, err)) return false;
  state.test_repository = target;
  state.dists = Digests(paths, err);
  if (state.dists.empty()) return false;
  // The same bytes again (--skip-existing): what was verified stays verified.
  bool same = old.test_repository == target && PromotionMismatch(old, paths, path).empty();
  state.done = same ? old.done : std::vector<std::string>{};
  if (!state.Done("publish-test")) state.done.push_back("publish-test");
  return SaveReleaseState(path, state, err);
}

bool RecordTestVerification(const std::vector<std::string>& paths, std::string* err) {
  std::string name, version;
  if (paths.empty() || !DistsVersion(paths, &name, &version)) {
    *err = "--test-index: the --dist files must be of one project and version to be recorded";
    return false;
  }
  std::string path =
      ReleaseStatePath(fs::path(paths.front()).parent_path().string(), name, version);
  ReleaseState state;
  if (!LoadReleaseState(path, &state, err)) return false;
  if (state.Done("publish-test")) {
    std::string mismatch = PromotionMismatch(state, paths, path);
    if (!mismatch.empty()) {
      *err = "not recording the verification: " + mismatch;
      return false;
    }
  } else {
    state.name = name;
    state.version = version;
    state.dists = Digests(paths, err);
    if (state.dists.empty()) return false;
    state.done.push_back("publish-test");
  }
  if (!state.Done("verify-test")) state.done.push_back("verify-test");
  return SaveReleaseState(path, state, err);
}

bool CheckPromotionLock(const std::vector<std::string>& paths, const std::string& target,
                        const std::vector<std::string>& extra_dirs, std::string* note,
                        std::string* err) {
  std::string name, version;
  if (paths.empty() || !DistsVersion(paths, &name, &version)) return true;
  std::vector<std::string> dirs = extra_dirs;
  for (const auto& p : paths) dirs.push_back(fs::absolute(p).parent_path().string());
  std::set<std::string> looked;
  for (const auto& dir : dirs) {
    std::string path = ReleaseStatePath(dir, name, version);
    if (!looked.insert(fs::path(path).lexically_normal().string()).second) continue;
    ReleaseState state;
    if (!LoadReleaseState(path, &state, err)) return false;
    if (!state.Done("publish-test") || state.version != version) continue;
    if (!state.test_repository.empty() && state.test_repository == target) continue;
    std::string mismatch = PromotionMismatch(state, paths, path);
    if (!mismatch.empty()) {
      *err = mismatch;
      return false;
    }
    if (!state.Done("verify-test")) {
      *err = "refusing to publish " + name + " " + version +
             ": the test index has these files but has not verified them (" + path +
             "). Verify them first: the CMake target <pkg>-verify-test, or pyrelease verify "
             "--test-index --dist ...";
      return false;
    }
    *note = "Promotion lock: the files are the ones the test index verified (" + path + ")";
  }
  return true;
}
