#include "spec/dist_filename.h"

#include <vector>

#include "core/string_util.h"

bool SplitWheelFilename(const std::string& filename, DistFilename* out) {
  *out = DistFilename();
  if (!EndsWith(filename, ".whl")) return false;
  std::vector<std::string> parts = Split(filename.substr(0, filename.size() - 4), '-');
  if (parts.size() != 5 && parts.size() != 6) return false;
  out->kind = DistKind::kWheel;
  out->name = parts[0];
  out->version = parts[1];
  size_t i = 2;
  if (parts.size() == 6) out->build_tag = parts[i++];
  out->python_tag = parts[i++];
  out->abi_tag = parts[i++];
  out->platform_tag = parts[i];
  return true;
}

std::vector<std::string> ExpandWheelTags(const DistFilename& wheel) {
  std::vector<std::string> tags;
  for (const auto& i : Split(wheel.python_tag, '.')) {
    for (const auto& a : Split(wheel.abi_tag, '.')) {
      for (const auto& p : Split(wheel.platform_tag, '.'))
        tags.push_back(ToLower(i + "-" + a + "-" + p));
    }
  }
  return tags;
}

bool ParseDistFilename(const std::string& filename, DistFilename* out, std::string* err) {
  *out = DistFilename();
  if (EndsWith(filename, ".whl")) {
    if (!SplitWheelFilename(filename, out)) {
      *err = filename +
             ": invalid wheel file name (expected name-version[-build]-python-abi-platform.whl)";
      return false;
    }
  } else if (EndsWith(filename, ".tar.gz") || EndsWith(filename, ".zip")) {
    std::string stem = filename.substr(0, filename.size() - (EndsWith(filename, ".zip") ? 4 : 7));
    size_t dash = stem.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == stem.size()) {
      *err = filename + ": invalid sdist file name (expected name-version.tar.gz)";
      return false;
    }
    out->kind = DistKind::kSdist;
    out->name = stem.substr(0, dash);
    out->version = stem.substr(dash + 1);
  } else {
    *err = filename + ": not a distribution (expected a .whl or .tar.gz file)";
    return false;
  }
  if (out->name.empty() || out->version.empty()) {
    *err = filename + ": the file name has no project name or version";
    return false;
  }
  return true;
}
