#include "spec/license.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

#include "core/string_util.h"

namespace {

struct SpdxEntry {
  const char* key;  // lower case
  const char* id;   // canonical spelling
  bool deprecated;
};

#include "spec/spdx_data.inc"

template <size_t N>
const SpdxEntry* Find(const SpdxEntry (&table)[N], const std::string& lower) {
  const SpdxEntry* end = table + N;
  const SpdxEntry* it = std::lower_bound(
      table, end, lower,
      [](const SpdxEntry& e, const std::string& k) { return std::strcmp(e.key, k.c_str()) < 0; });
  if (it != end && lower == it->key) return it;
  return nullptr;
}

bool IsOperator(const std::string& t) {
  return t == "or" || t == "and" || t == "with" || t == "(" || t == ")";
}

// The expression's shape once every id is an operand and WITH is a binary operator:
// expr := term (op term)*, term := operand | "(" expr ")".
class ShapeChecker {
 public:
  explicit ShapeChecker(const std::vector<std::string>& t) : t_(t) {}
  bool Valid() { return Expr() && i_ == t_.size(); }

 private:
  bool Expr() {
    if (!Term()) return false;
    while (i_ < t_.size() && (t_[i_] == "or" || t_[i_] == "and" || t_[i_] == "with")) {
      ++i_;
      if (!Term()) return false;
    }
    return true;
  }
  bool Term() {
    if (i_ >= t_.size()) return false;
    if (t_[i_] == "(") {
      ++i_;
      if (++depth_ > 64) return false;  // bounded: hostile input cannot exhaust the stack
      if (!Expr()) return false;
      --depth_;
      if (i_ >= t_.size() || t_[i_] != ")") return false;
      ++i_;
      return true;
    }
    if (IsOperator(t_[i_])) return false;
    ++i_;
    return true;
  }
  const std::vector<std::string>& t_;
  size_t i_ = 0;
  int depth_ = 0;
};

bool LicenseRefIdAllowed(std::string_view id) {
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
  }
  return true;
}

std::vector<std::string> SplitWhitespace(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

const char* SpdxListVersion() { return kSpdxListVersion; }

bool LookupSpdxLicense(std::string_view id, std::string* canonical, bool* deprecated) {
  const SpdxEntry* e = Find(kSpdxLicenses, ToLower(id));
  if (!e) return false;
  if (canonical) *canonical = e->id;
  if (deprecated) *deprecated = e->deprecated;
  return true;
}

bool LookupSpdxException(std::string_view id, std::string* canonical) {
  const SpdxEntry* e = Find(kSpdxExceptions, ToLower(id));
  if (!e) return false;
  if (canonical) *canonical = e->id;
  return true;
}

bool CanonicalizeLicenseExpression(std::string_view expr, std::string* out, std::string* err) {
  std::string raw(expr);
  auto invalid = [&]() {
    if (err) *err = "Invalid license expression: '" + raw + "'";
    return false;
  };
  if (raw.empty()) return invalid();
  std::string padded;
  for (char c : raw) {
    if (c == '(' || c == ')') {
      padded += ' ';
      padded += c;
      padded += ' ';
    } else {
      padded += c;
    }
  }
  std::vector<std::string> original = SplitWhitespace(padded);
  std::vector<std::string> tokens;
  for (const auto& t : original) tokens.push_back(ToLower(t));
  if (!ShapeChecker(tokens).Valid()) return invalid();

  std::vector<std::string> normalized;
  bool last_license_start = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (IsOperator(token)) {
      if (token == "with" &&
          (!last_license_start || i + 1 == tokens.size() || IsOperator(tokens[i + 1]))) {
        return invalid();
      }
      std::string up = token;
      for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      normalized.push_back(up);
      last_license_start = false;
      continue;
    }
    if (!normalized.empty() && normalized.back() == "WITH") {
      std::string id;
      if (!LookupSpdxException(token, &id)) {
        if (err) *err = "Unknown license exception: '" + token + "'";
        return false;
      }
      normalized.push_back(id);
      last_license_start = false;
      continue;
    }
    std::string base = token, suffix;
    if (EndsWith(base, "+")) {
      base.pop_back();
      suffix = "+";
    }
    if (StartsWith(base, "licenseref-")) {
      std::string id = original[i].substr(std::strlen("licenseref-"));
      if (!suffix.empty() || !LicenseRefIdAllowed(id)) {
        if (err) *err = "Invalid licenseref: '" + token + "'";
        return false;
      }
      normalized.push_back("LicenseRef-" + id);
    } else {
      std::string id;
      if (!LookupSpdxLicense(base, &id)) {
        if (err) *err = "Unknown license: '" + base + "'";
        return false;
      }
      normalized.push_back(id + suffix);
    }
    last_license_start = true;
  }
  std::string joined = Join(normalized, " ");
  std::string result;
  for (size_t i = 0; i < joined.size(); ++i) {
    if (joined[i] == '(' && i + 1 < joined.size() && joined[i + 1] == ' ') {
      result += '(';
      ++i;
    } else if (joined[i] == ' ' && i + 1 < joined.size() && joined[i + 1] == ')') {
      continue;
    } else {
      result += joined[i];
    }
  }
  *out = result;
  return true;
}

// ---- license-files globs -----------------------------------------------------------------

bool ValidateLicenseGlob(std::string_view pattern, std::string* err) {
  std::string p(pattern);
  auto fail = [&](const std::string& why) {
    if (err) *err = "invalid license-files glob '" + p + "': " + why;
    return false;
  };
  if (p.empty()) return fail("it is empty");
  if (p[0] == '/') return fail("paths must be relative to the project root");
  if (p.find('\\') != std::string::npos) return fail("paths must use '/' as the separator");
  for (const std::string& seg : Split(p, '/')) {
    if (seg == "..") return fail("'..' is not allowed");
    if (seg.empty()) return fail("empty path segment");
    if (seg.find("**") != std::string::npos && seg != "**")
      return fail("'**' must be a whole path segment");
  }
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (in_class) {
      if (c == ']')
        in_class = false;
      else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
                 c == '!'))
        return fail(std::string("character '") + c + "' is not allowed inside '[]'");
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == ']') return fail("empty '[]'");
      continue;
    }
    if (c == ']') return fail("unbalanced ']'");
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
        c == '/' || c == '*' || c == '?') {
      continue;
    }
    return fail(std::string("character '") + c + "' is not allowed");
  }
  if (in_class) return fail("unclosed '['");
  return true;
}

namespace {

// fnmatch within one path segment.
bool SegmentMatch(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    if (pi < p.size() && p[pi] == '[') {
      size_t close = p.find(']', pi + 1);
      if (close != std::string_view::npos) {
        std::string_view cls = p.substr(pi + 1, close - pi - 1);
        bool negate = !cls.empty() && cls[0] == '!';
        if (negate) cls.remove_prefix(1);
        bool hit = false;
        for (size_t k = 0; k < cls.size(); ++k) {
          if (k + 2 < cls.size() && cls[k + 1] == '-') {
            if (s[si] >= cls[k] && s[si] <= cls[k + 2]) hit = true;
            k += 2;
          } else if (cls[k] == s[si]) {
            hit = true;
          }
        }
        if (hit != negate) {
          pi = close + 1;
          ++si;
          continue;
        }
      }
    } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool SegmentsMatch(const std::vector<std::string>& p, size_t pi, const std::vector<std::string>& s,
                   size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == "**") {
    for (size_t k = si; k <= s.size(); ++k) {
      if (SegmentsMatch(p, pi + 1, s, k)) return true;
    }
    return false;
  }
  if (si == s.size()) return false;
  return SegmentMatch(p[pi], s[si]) && SegmentsMatch(p, pi + 1, s, si + 1);
}

void Walk(const std::filesystem::path& dir, const std::string& rel,
          const std::vector<std::string>& segs, size_t i, std::set<std::string>* out) {
  if (i >= segs.size()) return;
  std::error_code ec;
  const std::string& seg = segs[i];
  bool last = i + 1 == segs.size();
  if (seg == "**") {
    if (last) {
      // "**" alone at the end matches every file below.
    }
    Walk(dir, rel, segs, i + 1, out);  // zero segments
  }
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    bool is_dir = it->is_directory(ec) && !it->is_symlink(ec);
    bool is_file = it->is_regular_file(ec);
    std::string child = rel.empty() ? name : rel + "/" + name;
    if (seg == "**") {
      if (name[0] == '.') continue;
      if (is_dir) Walk(it->path(), child, segs, i, out);  // one or more segments
      if (last && is_file) out->insert(child);
      continue;
    }
    if (name[0] == '.' && seg[0] != '.') continue;
    if (!SegmentMatch(seg, name)) continue;
    if (last) {
      if (is_file) out->insert(child);
    } else if (is_dir) {
      Walk(it->path(), child, segs, i + 1, out);
    }
  }
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return SegmentsMatch(Split(pattern, '/'), 0, Split(path, '/'), 0);
}

std::vector<std::string> GlobFiles(const std::string& root, std::string_view pattern) {
  std::set<std::string> found;
  Walk(std::filesystem::path(root), "", Split(pattern, '/'), 0, &found);
  return std::vector<std::string>(found.begin(), found.end());
}
