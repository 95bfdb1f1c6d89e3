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

class Globber {
 public:
  explicit Globber(const std::string& root) : root_(root) {}
  std::set<std::string> found;

  std::string Abs(const std::string& rel) const { return rel.empty() ? root_ : root_ + "/" + rel; }

  // _rlistdir: every non-hidden entry below `dir`, recursively (directories only if dironly).
  void Descendants(const std::string& dir, bool dironly, std::vector<std::string>* out) {
    for (const std::string& name : DirectoryNames(Abs(dir))) {
      if (name[0] == '.') continue;
      std::string child = Join2(dir, name);
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
        if (name[0] == '.' && part[0] != '.') continue;
        if (!WildMatch(part, name)) continue;
        std::string child = Join2(dir, name);
        if (last)
          found.insert(child);
        else if (IsDirectory(Abs(child)))
          Expand(child, parts, i + 1);
      }
      return;
    }
    std::string child = part == "." ? dir : Join2(dir, part);
    if (last) {
      if (Lexists(Abs(child))) found.insert(child);
    } else if (IsDirectory(Abs(child))) {
      Expand(child, parts, i + 1);
    }
  }

 private:
  std::string root_;
};

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
  std::vector<std::string> clean;
  for (size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    if ((parts[i].empty() && !last) || parts[i] == ".") continue;
    clean.push_back(parts[i]);
  }
  Globber g(root);
  if (!clean.empty()) g.Expand("", clean, 0);
  for (const std::string& f : g.found) {
    std::string n = NormalizeRelativePath(f);
    if (n != ".") out->push_back(n);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return true;
}
