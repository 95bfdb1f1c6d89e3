#include "spec/pep440.h"

#include <algorithm>
#include <cctype>

#include "core/string_util.h"

namespace {

// A cursor over the lower-cased version text. The grammar is packaging's VERSION_PATTERN, parsed
// by hand: std::regex recurses per character and overflows the stack on long input.
class VersionScanner {
 public:
  explicit VersionScanner(const std::string& text) : s_(text) {}
  bool AtEnd() const { return i_ >= s_.size(); }
  size_t pos() const { return i_; }
  void Reset(size_t pos) { i_ = pos; }
  bool Eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool EatWord(std::string_view w) {
    if (s_.compare(i_, w.size(), w) != 0) return false;
    i_ += w.size();
    return true;
  }
  bool EatSeparator() { return Eat('-') || Eat('_') || Eat('.'); }
  bool Digits(std::string* out) {
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    *out = s_.substr(start, i_ - start);
    return i_ > start;
  }
  // "[-_.]?N?" after a pre/post/dev label, both greedy as in the regex ("1.0c-" is 1.0rc0).
  // Taking a separator without a number never blocks a later component: each of those starts
  // with an optional separator, and the one that needs "-N" would have taken the number here.
  bool OptionalNumber(std::string* out) {
    EatSeparator();
    return Digits(out);
  }
  std::string Rest() const { return s_.substr(i_); }

 private:
  const std::string& s_;  // the caller keeps it alive
  size_t i_ = 0;
};

struct RawVersion {
  std::string epoch;
  std::vector<std::string> release;
  std::string pre_label, pre_num;
  bool has_post = false;
  std::string post_num;
  bool has_dev = false;
  std::string dev_num;
  std::string local;
};

bool ScanVersion(const std::string& lowered, RawVersion* v) {
  VersionScanner sc(lowered);
  sc.Eat('v');
  std::string n;
  size_t start = sc.pos();
  if (sc.Digits(&n) && sc.Eat('!')) {
    v->epoch = n;
  } else {
    sc.Reset(start);
  }
  if (!sc.Digits(&n)) return false;
  v->release.push_back(n);
  for (;;) {
    size_t save = sc.pos();
    if (sc.Eat('.') && sc.Digits(&n)) {
      v->release.push_back(n);
      continue;
    }
    sc.Reset(save);
    break;
  }
  // pre-release
  {
    size_t save = sc.pos();
    sc.EatSeparator();
    static const char* const kPre[] = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
    bool found = false;
    for (const char* label : kPre) {
      if (sc.EatWord(label)) {
        v->pre_label = label;
        found = true;
        break;
      }
    }
    if (found) {
      sc.OptionalNumber(&v->pre_num);
    } else {
      sc.Reset(save);
    }
  }
  // post-release: "-N" or "[-_.]?(post|rev|r)[-_.]?N?"
  {
    size_t save = sc.pos();
    if (sc.Eat('-') && sc.Digits(&n)) {
      v->has_post = true;
      v->post_num = n;
    } else {
      sc.Reset(save);
      sc.EatSeparator();
      if (sc.EatWord("post") || sc.EatWord("rev") || sc.EatWord("r")) {
        v->has_post = true;
        sc.OptionalNumber(&v->post_num);
      } else {
        sc.Reset(save);
      }
    }
  }
  // dev release
  {
    size_t save = sc.pos();
    sc.EatSeparator();
    if (sc.EatWord("dev")) {
      v->has_dev = true;
      sc.OptionalNumber(&v->dev_num);
    } else {
      sc.Reset(save);
    }
  }
  // local: "+" [a-z0-9]+ ([-_.][a-z0-9]+)*
  if (sc.Eat('+')) {
    std::string local = sc.Rest();
    bool need_alnum = true;
    for (char c : local) {
      bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (alnum) {
        need_alnum = false;
      } else if ((c == '-' || c == '_' || c == '.') && !need_alnum) {
        need_alnum = true;
      } else {
        return false;
      }
    }
    if (need_alnum) return false;
    v->local = local;
    return true;
  }
  return sc.AtEnd();
}

bool ParseNumber(const std::string& digits, uint64_t* out) {
  uint64_t v = 0;
  for (char c : digits) {
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Release without trailing zeros, as packaging compares it.
std::vector<uint64_t> TrimmedRelease(const std::vector<uint64_t>& r) {
  std::vector<uint64_t> out = r;
  while (out.size() > 1 && out.back() == 0) out.pop_back();
  return out;
}

int Cmp(uint64_t a, uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

// packaging's _cmpkey pieces mapped to comparable tuples: (rank, value).
struct Key {
  int rank;  // -1 = -Infinity, 0 = value, 1 = +Infinity
  uint64_t kind;
  uint64_t value;
};

int CmpKey(const Key& a, const Key& b) {
  if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.rank != 0) return 0;
  if (a.kind != b.kind) return Cmp(a.kind, b.kind);
  return Cmp(a.value, b.value);
}

Key PreKey(const Pep440Version& v) {
  if (v.pre_kind == 0 && !v.has_post && v.has_dev) return {-1, 0, 0};
  if (v.pre_kind == 0) return {1, 0, 0};
  uint64_t kind = v.pre_kind == 'a' ? 0 : (v.pre_kind == 'b' ? 1 : 2);
  return {0, kind, v.pre};
}
Key PostKey(const Pep440Version& v) { return v.has_post ? Key{0, 0, v.post} : Key{-1, 0, 0}; }
Key DevKey(const Pep440Version& v) { return v.has_dev ? Key{0, 0, v.dev} : Key{1, 0, 0}; }

// Local segments: numeric ones sort above alphanumeric ones; a longer local wins on a tie.
int CompareLocal(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool an = IsDigits(a[i]), bn = IsDigits(b[i]);
    if (an != bn) return an ? 1 : -1;
    if (an) {
      uint64_t x = 0, y = 0;
      ParseNumber(a[i], &x);
      ParseNumber(b[i], &y);
      if (x != y) return Cmp(x, y);
    } else if (a[i] != b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

std::string ReleaseString(const std::vector<uint64_t>& r) {
  std::string out;
  for (size_t i = 0; i < r.size(); ++i) {
    if (i) out += '.';
    out += std::to_string(r[i]);
  }
  return out;
}

}  // namespace

std::string Pep440Version::BaseVersion() const {
  std::string out;
  if (epoch != 0) out += std::to_string(epoch) + "!";
  return out + ReleaseString(release);
}

std::string Pep440Version::Public() const {
  std::string out = BaseVersion();
  if (pre_kind)
    out += (pre_kind == 'r' ? std::string("rc") : std::string(1, pre_kind)) + std::to_string(pre);
  if (has_post) out += ".post" + std::to_string(post);
  if (has_dev) out += ".dev" + std::to_string(dev);
  return out;
}

std::string Pep440Version::ToString() const {
  std::string out = Public();
  if (!local.empty()) out += "+" + Join(local, ".");
  return out;
}

bool ParseVersion(std::string_view text, Pep440Version* out, std::string* err) {
  std::string s(text);
  auto fail = [&](const std::string& why) {
    if (err) *err = "Invalid version: '" + s + "'" + why;
    return false;
  };
  // Python's str.strip() whitespace; then the pattern is case-insensitive.
  std::string trimmed = s;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.pop_back();
  size_t lead = 0;
  while (lead < trimmed.size() && std::isspace(static_cast<unsigned char>(trimmed[lead]))) ++lead;
  RawVersion raw;
  const std::string lowered = ToLower(trimmed.substr(lead));
  if (!ScanVersion(lowered, &raw)) return fail("");
  Pep440Version v;
  if (!raw.epoch.empty() && !ParseNumber(raw.epoch, &v.epoch)) return fail(" (number too large)");
  for (const std::string& part : raw.release) {
    uint64_t n = 0;
    if (!ParseNumber(part, &n)) return fail(" (number too large)");
    v.release.push_back(n);
  }
  if (!raw.pre_label.empty()) {
    const std::string& l = raw.pre_label;
    v.pre_kind = (l == "a" || l == "alpha") ? 'a' : ((l == "b" || l == "beta") ? 'b' : 'r');
    if (!raw.pre_num.empty() && !ParseNumber(raw.pre_num, &v.pre))
      return fail(" (number too large)");
  }
  if (raw.has_post) {
    v.has_post = true;
    if (!raw.post_num.empty() && !ParseNumber(raw.post_num, &v.post))
      return fail(" (number too large)");
  }
  if (raw.has_dev) {
    v.has_dev = true;
    if (!raw.dev_num.empty() && !ParseNumber(raw.dev_num, &v.dev))
      return fail(" (number too large)");
  }
  if (!raw.local.empty()) {
    std::string local = raw.local;
    for (char& c : local) {
      if (c == '-' || c == '_') c = '.';
    }
    for (std::string seg : Split(local, '.')) {
      if (IsDigits(seg)) {
        uint64_t n = 0;
        if (ParseNumber(seg, &n)) seg = std::to_string(n);  // "01" -> "1", as int() does
      }
      v.local.push_back(seg);
    }
  }
  *out = std::move(v);
  return true;
}

bool IsValidVersion(std::string_view text) {
  Pep440Version v;
  return ParseVersion(text, &v, nullptr);
}

bool NormalizeVersion(std::string_view text, std::string* out, std::string* err) {
  Pep440Version v;
  if (!ParseVersion(text, &v, err)) return false;
  *out = v.ToString();
  return true;
}

int CompareVersions(const Pep440Version& a, const Pep440Version& b) {
  if (a.epoch != b.epoch) return Cmp(a.epoch, b.epoch);
  std::vector<uint64_t> ra = TrimmedRelease(a.release), rb = TrimmedRelease(b.release);
  for (size_t i = 0; i < ra.size() && i < rb.size(); ++i) {
    if (ra[i] != rb[i]) return Cmp(ra[i], rb[i]);
  }
  if (ra.size() != rb.size()) return ra.size() < rb.size() ? -1 : 1;
  if (int c = CmpKey(PreKey(a), PreKey(b))) return c;
  if (int c = CmpKey(PostKey(a), PostKey(b))) return c;
  if (int c = CmpKey(DevKey(a), DevKey(b))) return c;
  return CompareLocal(a.local, b.local);
}

// ---- specifiers ------------------------------------------------------------------------------

namespace {

const char* const kOperators[] = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};

bool PrefixMatch(const Pep440Version& candidate, const Pep440Version& prefix) {
  if (candidate.epoch != prefix.epoch) return false;
  for (size_t i = 0; i < prefix.release.size(); ++i) {
    uint64_t c = i < candidate.release.size() ? candidate.release[i] : 0;
    if (c != prefix.release[i]) return false;
  }
  return true;
}

Pep440Version WithoutLocal(Pep440Version v) {
  v.local.clear();
  return v;
}

bool SameBase(const Pep440Version& a, const Pep440Version& b) {
  return a.epoch == b.epoch && TrimmedRelease(a.release) == TrimmedRelease(b.release);
}

bool SpecContains(const VersionSpecifier& s, const Pep440Version& v) {
  const std::string& op = s.op;
  const Pep440Version& sv = s.parsed;
  if (op == "===") return ToLower(v.ToString()) == ToLower(s.version);
  if (op == "==" || op == "!=") {
    bool eq;
    if (s.wildcard) {
      eq = PrefixMatch(v, sv);
    } else if (!sv.local.empty()) {
      eq = CompareVersions(v, sv) == 0;
    } else {
      eq = CompareVersions(WithoutLocal(v), sv) == 0;
    }
    return op == "==" ? eq : !eq;
  }
  if (op == "~=") {
    Pep440Version prefix;
    prefix.epoch = sv.epoch;
    prefix.release.assign(sv.release.begin(), sv.release.end() - 1);
    return CompareVersions(WithoutLocal(v), sv) >= 0 && PrefixMatch(v, prefix);
  }
  Pep440Version pub = WithoutLocal(v);
  int c = CompareVersions(pub, sv);
  if (op == "<=") return c <= 0;
  if (op == ">=") return c >= 0;
  if (op == "<") {
    if (c >= 0) return false;
    // <V excludes pre-releases of V itself unless V is a pre-release.
    if (!sv.IsPrerelease() && v.IsPrerelease() && SameBase(v, sv)) return false;
    return true;
  }
  if (op == ">") {
    if (c <= 0) return false;
    if (!sv.IsPostrelease() && v.IsPostrelease() && SameBase(v, sv)) return false;
    if (!v.local.empty() && SameBase(v, sv)) return false;
    return true;
  }
  return false;
}

}  // namespace

bool ParseSpecifier(std::string_view text, VersionSpecifier* out, std::string* err) {
  std::string s = Trim(text);
  auto fail = [&](const std::string& why) {
    if (err) *err = "Invalid specifier: '" + s + "'" + (why.empty() ? "" : " (" + why + ")");
    return false;
  };
  VersionSpecifier spec;
  for (const char* op : kOperators) {
    if (StartsWith(s, op)) {
      spec.op = op;
      break;
    }
  }
  if (spec.op.empty()) return fail("no operator");
  std::string rest = Trim(std::string_view(s).substr(spec.op.size()));
  if (rest.empty() && spec.op != "===") return fail("no version");
  spec.version = rest;
  if (spec.op == "===") {
    // packaging's arbitrary-equality pattern is `\s*[^\s;)]*`: even an empty string matches.
    for (char c : rest) {
      if (c == ' ' || c == '\t' || c == ';' || c == ')') return fail("");
    }
    *out = spec;
    return true;
  }
  if (rest.find_first_of(" \t\n\r\f\v") != std::string::npos) return fail("");
  if (EndsWith(rest, ".*")) {
    // Only "[v][N!]N(.N)*.*", and only after == and !=.
    Pep440Version prefix;
    if (!ParseVersion(rest.substr(0, rest.size() - 2), &prefix, nullptr) || prefix.IsPrerelease() ||
        prefix.IsPostrelease() || !prefix.local.empty()) {
      return fail("'.*' follows only a release number such as 1.2");
    }
    if (spec.op != "==" && spec.op != "!=") return fail("'.*' is allowed only with == and !=");
    spec.wildcard = true;
    spec.parsed = prefix;
    *out = spec;
    return true;
  }
  if (!ParseVersion(rest, &spec.parsed, nullptr)) return fail("");
  if (spec.op != "==" && spec.op != "!=" && !spec.parsed.local.empty()) {
    return fail("a local version is not allowed with " + spec.op);
  }
  if (spec.op == "~=" && spec.parsed.release.size() < 2) {
    return fail("~= needs at least two release components");
  }
  *out = spec;
  return true;
}

bool ParseSpecifierSet(std::string_view text, SpecifierSet* out, std::string* err) {
  SpecifierSet set;
  for (const std::string& part : Split(text, ',')) {
    if (Trim(part).empty()) continue;
    VersionSpecifier spec;
    if (!ParseSpecifier(part, &spec, err)) return false;
    set.specs.push_back(spec);
  }
  *out = std::move(set);
  return true;
}

bool IsValidSpecifierSet(std::string_view text) {
  SpecifierSet set;
  return ParseSpecifierSet(text, &set, nullptr);
}

std::string SpecifierSet::ToString() const {
  std::vector<std::string> parts;
  for (const auto& s : specs) parts.push_back(s.ToString());
  return Join(parts, ",");
}

std::string SpecifierSet::CanonicalString() const {
  std::vector<std::string> parts;
  for (const auto& s : specs) parts.push_back(s.ToString());
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());  // a set, as in packaging
  return Join(parts, ",");
}

bool SpecifierSet::Contains(const Pep440Version& v, bool prereleases) const {
  if (v.IsPrerelease() && !prereleases) {
    bool named = false;
    for (const auto& s : specs) {
      if (s.op != "===" && s.op != "!=" && s.parsed.IsPrerelease()) named = true;
    }
    if (!named) return false;
  }
  for (const auto& s : specs) {
    if (!SpecContains(s, v)) return false;
  }
  return true;
}

bool SpecifierSet::Contains(std::string_view version, bool prereleases) const {
  Pep440Version v;
  if (!ParseVersion(version, &v, nullptr)) return false;
  return Contains(v, prereleases);
}

bool SpecifierAllowsMajor(std::string_view spec, int major) {
  SpecifierSet set;
  if (!ParseSpecifierSet(spec, &set, nullptr)) return true;
  // hatchling's rule, exactly: some `major.minor` with minor in 0..99 is contained.
  for (uint64_t minor = 0; minor < 100; ++minor) {
    Pep440Version v;
    v.release = {static_cast<uint64_t>(major), minor};
    if (set.Contains(v)) return true;
  }
  return false;
}
