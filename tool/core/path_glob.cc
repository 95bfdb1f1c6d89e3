#include "core/path_glob.h"

namespace {

// Matches one '[...]' class at pattern[*pi] against ch; advances *pi past the class. Returns -1
// when the class is not closed (then '[' is a literal).
int MatchClass(std::string_view p, size_t* pi, char ch) {
  size_t i = *pi + 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    char lo = p[i];
    if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
    char hi = lo;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hi = p[i + 2];
      if (hi == '\\' && i + 3 < p.size()) {
        hi = p[i + 3];
        ++i;
      }
      i += 2;
    }
    if (lo <= ch && ch <= hi) matched = true;
    ++i;
  }
  if (i >= p.size()) return -1;
  *pi = i + 1;
  return matched != negate ? 1 : 0;
}

bool Match(std::string_view p, size_t pi, std::string_view t, size_t ti) {
  while (pi < p.size()) {
    char c = p[pi];
    if (c == '*') {
      size_t q = pi;
      while (q < p.size() && p[q] == '*') ++q;
      bool double_star = q - pi >= 2;
      bool starts_segment = pi == 0 || p[pi - 1] == '/';
      bool ends_segment = q == p.size() || p[q] == '/';
      if (double_star && starts_segment && ends_segment) {
        if (q == p.size()) return true;  // "dir/**": everything below
        // "**/": zero or more whole segments.
        if (Match(p, q + 1, t, ti)) return true;
        for (size_t k = ti; k < t.size(); ++k)
          if (t[k] == '/' && Match(p, q + 1, t, k + 1)) return true;
        return false;
      }
      // A plain '*' (or '**' inside a segment): anything but '/'.
      for (size_t k = ti;; ++k) {
        if (Match(p, q, t, k)) return true;
        if (k >= t.size() || t[k] == '/') return false;
      }
    }
    if (ti >= t.size()) return false;
    if (c == '?') {
      if (t[ti] == '/') return false;
      ++pi;
      ++ti;
      continue;
    }
    if (c == '[') {
      size_t next = pi;
      int r = t[ti] == '/' ? 0 : MatchClass(p, &next, t[ti]);
      if (r == 0) return false;
      if (r == 1) {
        pi = next;
        ++ti;
        continue;
      }
      // Unclosed class: a literal '['.
    }
    if (c == '\\' && pi + 1 < p.size()) c = p[++pi];
    if (c != t[ti]) return false;
    ++pi;
    ++ti;
  }
  return ti == t.size();
}

}  // namespace

bool WildMatch(std::string_view pattern, std::string_view path) {
  return Match(pattern, 0, path, 0);
}

bool HasGlobMagic(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}
