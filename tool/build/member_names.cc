#include "build/member_names.h"

#include <algorithm>
#include <functional>

namespace {
// Look-ups scanned before the hashes go into a hash set (the sdist has one: PKG-INFO, last).
constexpr size_t kScannedLookups = 16;
}  // namespace

bool MemberNames::Insert(std::string_view name) {
  uint64_t hash = std::hash<std::string_view>()(name);
  if (hashes_.empty() || name > greatest_) {
    greatest_.assign(name);
    Add(hash);
    return true;
  }
  if (++lookups_ == kScannedLookups) indexed_.insert(hashes_.begin(), hashes_.end());
  bool seen = lookups_ >= kScannedLookups
                  ? indexed_.count(hash) > 0
                  : std::find(hashes_.begin(), hashes_.end(), hash) != hashes_.end();
  if (seen) return false;
  Add(hash);
  return true;
}

void MemberNames::Add(uint64_t hash) {
  hashes_.push_back(hash);
  if (lookups_ >= kScannedLookups) indexed_.insert(hash);
}
