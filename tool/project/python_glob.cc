#include "project/python_glob.h"

#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "core/path_glob.h"
#include "core/regular_file.h"
#include "core/string_util.h"

namespace {

bool Lexists(const std::string& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0;
}

std::string Join2(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

bool IsLink(const std::string& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// glob.glob by default; with `pathlib`, Path.glob: hidden names are matched like any other.
class Globber {
 public:
  Globber(const std::string& root, bool pathlib) : root_(root), pathlib_(pathlib) {}
  std::set<std::string> found;
  std::string linked;  // pathlib: the first symbolic link met (its treatment is not reproduced)

  std::string Abs(const std::string& rel) const { return rel.empty() ? root_ : root_ + "/" + rel; }

  // _rlistdir: every non-hidden entry below `dir`, recursively (directories only if dironly).
  void Descendants(const std::string& dir, bool dironly, std::vector<std::string>* out) {
    for (const std::string& name : DirectoryNames(Abs(dir))) {
      if (name[0] == '.' && !pathlib_) continue;
      std::string child = Join2(dir, name);
      Note(child);
      bool is_dir = IsDirectory(Abs(child));
      if (dironly && !is_dir) continue;
      out->push_back(child);
      if (is_dir) Descendants(child, dironly, out);
    }
  }

  void Expand(const std::string& dir, const std::vector<std::string>& parts, size_t i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    if (part.empty()) {  // a trailing '/': directories only
      if (IsDirectory(Abs(dir))) found.insert(dir);
      return;
    }
    if (part == "**") {
      std::vector<std::string> dirs = {dir};
      Descendants(dir, !last, &dirs);
      for (const std::string& d : dirs) {
        if (last)
          found.insert(d);
        else if (IsDirectory(Abs(d)))
          Expand(d, parts, i + 1);
      }
      return;
    }
    if (HasGlobMagic(part)) {
      for (const std::string& name : DirectoryNames(Abs(dir))) {
        if (name[0] == '.' && part[0] != '.' && !pathlib_) continue;
        if (!WildMatch(part, name)) continue;
        std::string child = Join2(dir, name);
        Note(child);
        if (last)
          found.insert(child);
        else if (IsDirectory(Abs(child)))
          Expand(child, parts, i + 1);
      }
      return;
    }
    std::string child = part == "." ? dir : Join2(dir, part);
    Note(child);
    if (last) {
      if (Lexists(Abs(child))) found.insert(child);
    } else if (IsDirectory(Abs(child))) {
      Expand(child, parts, i + 1);
    }
  }

 private:
  void Note(const std::string& rel) {
    if (pathlib_ && linked.empty() && IsLink(Abs(rel))) linked = rel;
  }

  std::string root_;
  bool pathlib_;
};

// The checks both globs share; the pattern's parts with empty and "." ones dropped (but a
// trailing empty one, "dir/": directories only).
bool CleanParts(const std::string& pattern, std::vector<std::string>* clean, std::string* err) {
  if (pattern.empty() || pattern[0] == '/' || pattern.find('\\') != std::string::npos) {
    *err = "'" + pattern + "' is absolute or holds a backslash";
    return false;
  }
  std::vector<std::string> parts = Split(pattern, '/');
  for (const std::string& p : parts) {
    if (p == "..") {
      *err = "'" + pattern + "' points outside the project ('..')";
      return false;
    }
  }
  if (NormalizeRelativePath(pattern) == ".") {
    *err = "'" + pattern + "' names the whole project directory";
    return false;
  }
  // "a//b" and "./a": empty and "." parts in the middle are the same directory.
  for (size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    if ((parts[i].empty() && !last) || parts[i] == ".") continue;
    clean->push_back(parts[i]);
  }
  return true;
}

void Found(const Globber& g, std::vector<std::string>* out) {
  for (const std::string& f : g.found) {
    std::string n = NormalizeRelativePath(f);
    if (n != ".") out->push_back(n);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace

std::string NormalizeRelativePath(const std::string& path) {
  std::vector<std::string> kept;
  for (const std::string& part : Split(path, '/'))
    if (!part.empty() && part != ".") kept.push_back(part);
  return kept.empty() ? "." : Join(kept, "/");
}

bool PythonGlob(const std::string& root, const std::string& pattern, std::vector<std::string>* out,
                std::string* err) {
  out->clear();
  std::vector<std::string> clean;
  if (!CleanParts(pattern, &clean, err)) return false;
  Globber g(root, false);
  if (!clean.empty()) g.Expand("", clean, 0);
  Found(g, out);
  return true;
}

bool PathlibGlob(const std::string& root, const std::string& pattern, std::vector<std::string>* out,
                 std::string* err) {
  out->clear();
  std::vector<std::string> clean;
  if (!CleanParts(pattern, &clean, err)) return false;
  if (clean.back().empty() || clean.back() == "**") {
    *err = "'" + pattern +
           "' ends in '/' or '**', which Path.glob reads differently across Python versions";
    return false;
  }
  for (const std::string& p : clean) {
    if (p.find("[^") != std::string::npos || p.find("[!") != std::string::npos) {
      *err = "'" + pattern + "' has a negated character class (fnmatch and wildmatch differ)";
      return false;
    }
  }
  Globber g(root, true);
  g.Expand("", clean, 0);
  if (!g.linked.empty()) {
    *err = "'" + pattern + "' meets the symbolic link '" + g.linked +
           "', which Path.glob treats in ways not reproduced";
    return false;
  }
  Found(g, out);
  return true;
}
