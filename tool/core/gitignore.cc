#include "core/gitignore.h"

#include "core/path_glob.h"

namespace {

// Trailing spaces are dropped unless escaped with a backslash.
std::string_view TrimTrailingSpaces(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    if (s.back() == ' ' && s.size() >= 2 && s[s.size() - 2] == '\\') break;
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

void Gitignore::AddPatterns(std::string_view text, const std::string& base,
                            const std::string& source) {
  int line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    size_t before = patterns_.size();
    AddPattern(text.substr(start, end - start), base);
    if (patterns_.size() > before) {
      patterns_.back().source = source;
      patterns_.back().line = line_no;
    }
    if (end == text.size()) break;
    start = end + 1;
  }
}

void Gitignore::AddPattern(std::string_view line, const std::string& base) {
  line = TrimTrailingSpaces(line);
  if (line.empty() || line[0] == '#') return;
  GitignorePattern p;
  p.base = base;
  if (line[0] == '!') {
    p.negated = true;
    line.remove_prefix(1);
  } else if (line.size() >= 2 && line[0] == '\\' && (line[1] == '!' || line[1] == '#')) {
    line.remove_prefix(1);  // "\!" and "\#" are literal first characters
  }
  if (!line.empty() && line.back() == '/') {
    p.dir_only = true;
    line.remove_suffix(1);
  }
  if (line.empty()) return;
  // A slash at the beginning or in the middle anchors the pattern to `base`.
  p.anchored = line.find('/') != std::string_view::npos;
  if (line[0] == '/') line.remove_prefix(1);
  // "**/name" matches at any depth, like an unanchored "name".
  p.glob = std::string(line);
  patterns_.push_back(std::move(p));
}

bool Gitignore::PatternMatches(const GitignorePattern& p, std::string_view path, bool is_dir) {
  if (p.dir_only && !is_dir) return false;
  std::string_view rel = path;
  if (!p.base.empty()) {
    if (rel.size() <= p.base.size() || rel.substr(0, p.base.size()) != p.base ||
        rel[p.base.size()] != '/')
      return false;
    rel.remove_prefix(p.base.size() + 1);
  }
  if (p.anchored) return WildMatch(p.glob, rel);
  size_t slash = rel.rfind('/');
  std::string_view name = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  return WildMatch(p.glob, name);
}

int Gitignore::MatchExact(std::string_view path, bool is_dir) const {
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it)
    if (PatternMatches(*it, path, is_dir)) return it->negated ? -1 : 1;
  return 0;
}

bool Gitignore::IsIgnored(std::string_view path, bool is_dir) const {
  if (patterns_.empty()) return false;
  // Once a directory is excluded, nothing below it can be re-included.
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (MatchExact(path.substr(0, slash), true) > 0) return true;
  }
  return MatchExact(path, is_dir) > 0;
}

bool Gitignore::MatchesSpec(std::string_view path) const {
  // pathspec ranks a pattern matching the path itself above one matching only a parent directory:
  // the last pattern of the higher rank decides (`!/d/a.txt` then `d/` leaves d/a.txt out).
  const GitignorePattern* directory_match = nullptr;
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (PatternMatches(*it, path, false)) return !it->negated;
    if (directory_match) continue;
    for (size_t slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1))
      if (PatternMatches(*it, path.substr(0, slash), true)) {
        directory_match = &*it;
        break;
      }
  }
  return directory_match && !directory_match->negated;
}
