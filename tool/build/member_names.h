// The archive writers' duplicate-member check, without a copy of every name: a name greater than
// every name before it is new (the sdist's and wheel's lists come sorted), so only its 64-bit hash
// is kept, 8 bytes per member (a std::set<std::string> held about 120). A name that comes out of
// order is looked up by its hash: among the earlier members' hashes, scanned at first and through
// a hash set once such look-ups are many (poetry-core's part-by-part order). Two different names
// with one hash would be reported as a duplicate: a chance of about n / 2^64 per look-up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

class MemberNames {
 public:
  // False when `name` was inserted before (it is not inserted again).
  bool Insert(std::string_view name);
  size_t size() const { return hashes_.size(); }

 private:
  void Add(uint64_t hash);
  std::string greatest_;
  std::vector<uint64_t> hashes_;          // of every name inserted
  std::unordered_set<uint64_t> indexed_;  // the same, once look-ups are many
  size_t lookups_ = 0;
};
