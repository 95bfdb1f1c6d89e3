// PEP 440 versions and version specifiers, with packaging's (pypa/packaging) rules: parsing,
// normalization, ordering, specifier-set validation and membership.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct Pep440Version {
  uint64_t epoch = 0;
  std::vector<uint64_t> release;  // at least one component
  char pre_kind = 0;              // 0 (none), 'a', 'b' or 'r' (rc)
  uint64_t pre = 0;
  bool has_post = false;
  uint64_t post = 0;
  bool has_dev = false;
  uint64_t dev = 0;
  std::vector<std::string> local;  // lower-cased segments, "" when no local part

  bool IsPrerelease() const { return pre_kind != 0 || has_dev; }
  bool IsPostrelease() const { return has_post; }
  // The normalized form: "1!2.0rc1.post0.dev0+ubuntu.1".
  std::string ToString() const;
  // Without the local part.
  std::string Public() const;
  // Epoch and release only ("1!2.0").
  std::string BaseVersion() const;
};

// Parses any spelling PEP 440 allows (leading "v", "-"/"_"/"." separators, "alpha"/"preview"/"rev",
// implicit post "1.0-1", surrounding whitespace, any case). `err` gets a packaging-like message.
bool ParseVersion(std::string_view text, Pep440Version* out, std::string* err);
bool IsValidVersion(std::string_view text);
// "1.0-1" -> "1.0.post1"; false (with `err`) for an invalid version.
bool NormalizeVersion(std::string_view text, std::string* out, std::string* err);

// <0, 0, >0 as packaging orders versions (1.0.dev0 < 1.0a1 < 1.0 < 1.0+local < 1.0.post1).
int CompareVersions(const Pep440Version& a, const Pep440Version& b);

struct VersionSpecifier {
  std::string op;       // "~=", "==", "!=", "<=", ">=", "<", ">", "==="
  std::string version;  // as written after the operator, whitespace removed ("1.0.*" keeps ".*")
  bool wildcard = false;
  Pep440Version parsed;  // unset for "==="

  std::string ToString() const { return op + version; }
};

struct SpecifierSet {
  std::vector<VersionSpecifier> specs;

  // Whether `v` satisfies every specifier. Pre-releases match by default, as in packaging 26's
  // SpecifierSet.contains; with `prereleases` false they match only when a specifier itself names a
  // pre-release (older packaging's default).
  bool Contains(const Pep440Version& v, bool prereleases = true) const;
  bool Contains(std::string_view version, bool prereleases = true) const;
  // Specifiers joined with ",", in the order written.
  std::string ToString() const;
  // packaging's str(SpecifierSet): the specifiers sorted as text, each once, joined by ','.
  std::string CanonicalString() const;
};

// Parses one specifier (">=3.9", "== 1.0.*", "~=2.2"); the rules of packaging's Specifier regex:
// "~=" needs two release components and no local part, ".*" only after "=="/"!=" and only on a
// release, "<"/">"/"<="/">=" take no local part, "===" takes any string without whitespace.
bool ParseSpecifier(std::string_view text, VersionSpecifier* out, std::string* err);
// Comma-separated; empty items are skipped; "" is the empty set (matches everything).
bool ParseSpecifierSet(std::string_view text, SpecifierSet* out, std::string* err);
bool IsValidSpecifierSet(std::string_view text);

// Whether some version of Python `major` can satisfy `spec` (a requires-python value): true when
// one of major.0 ... major.99 is contained (hatchling's test for its py2/py3 tags). An empty or
// invalid spec allows every major. flit and hatchling tag wheels `py2.py3` when this is true for 2.
bool SpecifierAllowsMajor(std::string_view spec, int major);
