#include "project/dynamic_version.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/toml_util.h"
#include "project/readme.h"

namespace fs = std::filesystem;

namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Reads a Python string literal starting at s[i] (prefix letters included). Escapes are decoded
// for the common cases (\n \t \\ \' \" and line continuation) unless the literal is raw.
bool ReadStringLiteral(std::string_view s, size_t i, std::string* value, size_t* end,
                       bool* is_bytes, bool* is_fstring) {
  size_t p = i;
  bool raw = false, bytes = false, fstr = false;
  while (p < s.size() && p - i < 2 && std::isalpha(static_cast<unsigned char>(s[p]))) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[p])));
    if (c == 'r')
      raw = true;
    else if (c == 'b')
      bytes = true;
    else if (c == 'f' || c == 't')
      fstr = true;
    else if (c != 'u')
      return false;
    ++p;
  }
  if (p >= s.size() || (s[p] != '"' && s[p] != '\'')) return false;
  char q = s[p];
  bool triple = s.substr(p, 3) == std::string(3, q);
  size_t body = p + (triple ? 3 : 1);
  std::string out;
  size_t k = body;
  for (;;) {
    if (k >= s.size()) return false;
    char c = s[k];
    if (c == '\\' && k + 1 < s.size()) {
      char n = s[k + 1];
      if (raw) {
        out += c;
        out += n;
      } else if (n == 'n')
        out += '\n';
      else if (n == 't')
        out += '\t';
      else if (n == '\n') {
      } else if (n == '\\' || n == '\'' || n == '"')
        out += n;
      else {
        out += c;
        out += n;
      }
      k += 2;
      continue;
    }
    if (!triple && c == '\n') return false;
    if (c == q && (!triple || s.substr(k, 3) == std::string(3, q))) {
      k += triple ? 3 : 1;
      break;
    }
    out += c;
    ++k;
  }
  *value = out;
  *end = k;
  if (is_bytes) *is_bytes = bytes;
  if (is_fstring) *is_fstring = fstr;
  return true;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// Start offsets of every top-level logical line (not inside brackets, strings or continuations).
std::vector<size_t> TopLevelLineStarts(std::string_view s) {
  std::vector<size_t> starts;
  size_t i = 0;
  int depth = 0;
  bool at_start = true;
  while (i < s.size()) {
    if (at_start && depth == 0) starts.push_back(i);
    at_start = false;
    char c = s[i];
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      i += 2;
      continue;
    }
    if (c == '\n') {
      ++i;
      at_start = depth == 0;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    if (c == '"' || c == '\'' || (IsIdentStart(c) && (i == 0 || !IsIdentChar(s[i - 1])))) {
      std::string v;
      size_t end;
      if (ReadStringLiteral(s, i, &v, &end, nullptr, nullptr)) {
        i = end;
        continue;
      }
      if (IsIdentStart(c)) {
        while (i < s.size() && IsIdentChar(s[i])) ++i;
        continue;
      }
    }
    ++i;
  }
  return starts;
}

std::string CleanDoc(const std::string& doc) {
  std::vector<std::string> lines = Split(doc, '\n');
  size_t indent = std::string::npos;
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t nonsp = lines[i].find_first_not_of(" \t");
    if (nonsp != std::string::npos && nonsp < indent) indent = nonsp;
  }
  std::vector<std::string> out;
  out.push_back(Trim(lines[0]));
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string l = lines[i];
    if (indent != std::string::npos && l.size() >= indent)
      l = l.substr(indent);
    else if (indent != std::string::npos)
      l = Trim(l);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r')) l.pop_back();
    out.push_back(l);
  }
  while (!out.empty() && out.front().empty()) out.erase(out.begin());
  while (!out.empty() && out.back().empty()) out.pop_back();
  return Join(out, "\n");
}

// The files a flit-style module reads for __version__, later ones winning.
std::vector<std::string> VersionFiles(const std::string& root, const ModuleLocation& m) {
  if (!m.is_package) return {m.rel_path};
  std::vector<std::string> files;
  for (const char* f : {"__version__.py", "_version.py", "version.py"}) {
    if (IsRegularFile(root + "/" + m.rel_path + "/" + f)) files.push_back(m.rel_path + "/" + f);
  }
  files.push_back(m.rel_path + "/__init__.py");
  return files;
}

bool FlitModule(const std::string& root, const toml::table& doc, const std::string& project_name,
                ModuleLocation* loc, DynamicError* err) {
  std::string name = FlitModuleName(doc, project_name);
  std::string why;
  if (!FindModule(root, name, loc, &why)) {
    err->message = why;
    if (const toml::table* t = SubTable(doc, {"tool", "flit", "module"})) {
      err->key = "tool.flit.module.name";
      err->node = t->get("name");
    }
    return false;
  }
  return true;
}

// Version from `__version__` assignments in a module, flit's rules.
bool VersionFromModule(const std::string& root, const ModuleLocation& loc, std::string* version,
                       std::string* from, DynamicError* err) {
  std::string found, found_in, last_err;
  for (const std::string& rel : VersionFiles(root, loc)) {
    std::string text, why;
    if (!ReadProjectFile(root, rel, &text, &why)) {
      err->message = why;
      return false;
    }
    std::string v, e;
    std::string module, imported, in;
    if (FindStringAssignment(text, "__version__", &v, &e)) {
      found = v;
      found_in = rel;
    } else if (!e.empty()) {
      last_err = rel + ": " + e;
    } else if (FindImportOf(text, "__version__", &module, &imported)) {
      // `from ._version import __version__`: followed to the module that assigns it.
      if (FindModuleString(root, rel, "__version__", {"", "src"}, &v, &in, &e)) {
        found = v;
        found_in = in;
      } else {
        last_err = e;
      }
    }
  }
  if (found.empty()) {
    err->computed = !last_err.empty();
    err->message =
        !last_err.empty()
            ? last_err + " (pyrelease reads the version without importing the module)"
            : "no `__version__ = \"x.y.z\"` found in " + Join(VersionFiles(root, loc), ", ");
    return false;
  }
  *version = found;
  *from = found_in;
  return true;
}

// hatch's regex source: a Python pattern with a `version` group, searched line by line.
bool HatchRegexVersion(const std::string& root, const toml::table& vt, std::string* version,
                       std::string* from, DynamicError* err) {
  const toml::node* path_node = vt.get("path");
  if (!path_node) {
    err->message =
        "the hatch version source needs `path` (pyrelease supports the regex source only)";
    err->key = "tool.hatch.version";
    return false;
  }
  if (!path_node->is_string()) {
    err->message = "must be a string";
    err->key = "tool.hatch.version.path";
    err->node = path_node;
    return false;
  }
  std::string rel = path_node->as_string()->get();
  std::string pattern = "(?i)^(__version__|VERSION) *= *(['\"])v?(?P<version>.+?)\\2";
  const toml::node* pat_node = vt.get("pattern");
  if (pat_node && pat_node->is_string()) pattern = pat_node->as_string()->get();
  // Python -> ECMAScript: (?i) becomes a flag, (?P<version> a numbered group.
  bool icase = false;
  if (StartsWith(pattern, "(?i)")) {
    icase = true;
    pattern = pattern.substr(4);
  }
  size_t named = pattern.find("(?P<version>");
  if (named == std::string::npos) {
    err->message = "the pattern has no `(?P<version>...)` group";
    err->key = "tool.hatch.version.pattern";
    err->node = pat_node;
    return false;
  }
  int group = 1;
  for (size_t i = 0; i < named; ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] == '(' && (i + 1 >= pattern.size() || pattern[i + 1] != '?')) ++group;
  }
  pattern.replace(named, std::string("(?P<version>").size(), "(");
  std::regex re;
  try {  // std::regex reports bad patterns only by throwing
    re = std::regex(pattern,
                    icase ? std::regex::ECMAScript | std::regex::icase : std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    err->message = std::string("invalid pattern: ") + e.what();
    err->key = "tool.hatch.version.pattern";
    err->node = pat_node;
    return false;
  }
  std::string text, why;
  if (!ReadProjectFile(root, rel, &text, &why)) {
    err->message = why;
    err->key = "tool.hatch.version.path";
    err->node = path_node;
    return false;
  }
  for (const std::string& line : Split(text, '\n')) {
    std::smatch m;
    std::string l = line;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    // std::regex recurses per character; a version line is short, and a huge line (minified or
    // generated code) could overflow the stack.
    if (l.size() > 4096) continue;
    if (std::regex_search(l, m, re) && m[group].matched) {
      *version = m[group].str();
      *from = rel;
      return true;
    }
  }
  err->message = "unable to parse the version from " + rel + " with the pattern";
  err->key = "tool.hatch.version.path";
  err->node = path_node;
  return false;
}

// setuptools' package_dir: [tool.setuptools.package-dir] "" = "src", else the root, then src/.
std::vector<std::string> SetuptoolsSearchRoots(const std::string& root, const toml::table& doc) {
  std::vector<std::string> roots;
  if (const toml::table* pd = SubTable(doc, {"tool", "setuptools", "package-dir"})) {
    if (auto v = pd->get_as<std::string>("")) roots.push_back(v->get());
  }
  roots.push_back("");
  if (IsDirectory(root + "/src")) roots.push_back("src");
  return roots;
}

std::vector<std::string> FileList(const toml::node* n) {
  std::vector<std::string> files;
  if (!n) return files;
  if (n->is_string()) files.push_back(n->as_string()->get());
  if (const toml::array* a = n->as_array()) {
    for (const auto& e : *a) {
      if (e.is_string()) files.push_back(e.as_string()->get());
    }
  }
  return files;
}

bool ReadFiles(const std::string& root, const toml::table& spec, const std::string& key,
               std::string* out, DynamicError* err) {
  const toml::node* f = spec.get("file");
  std::vector<std::string> files = FileList(f);
  if (files.empty()) {
    err->message = "expected `file = \"...\"` or `file = [...]`";
    err->key = key;
    err->node = f;
    return false;
  }
  std::vector<std::string> parts;
  for (const std::string& rel : files) {
    std::string text, why;
    if (!ReadProjectFile(root, rel, &text, &why)) {
      err->message = why;
      err->key = key + ".file";
      err->node = f;
      return false;
    }
    parts.push_back(text);
  }
  *out = Join(parts, "\n");
  return true;
}

std::vector<std::string> RequirementLines(const std::string& text) {
  std::vector<std::string> out;
  for (std::string line : Split(text, '\n')) {
    size_t hash = line.find('#');
    if (hash != std::string::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// A top-level `name = name` (distro 1.9.0's `__version__ = __version__` after importing it): the
// static read fails on it and setuptools imports the module, whose value is then the imported
// one, which following the import statically gives too.
bool RebindsItself(const std::string& source, const std::string& name) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsIdentChar)) return false;
  const std::regex self(name + "[ \t]*=[ \t]*" + name + "[ \t]*(#.*)?");
  for (std::string line : Split(source, '\n')) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (std::regex_match(line, self)) return true;  // whole line, from column 0: top level
  }
  return false;
}

bool SetuptoolsVersion(const std::string& root, const toml::table& doc, std::string* version,
                       std::string* from, DynamicError* err) {
  const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
  const toml::node* vn = dyn ? dyn->get("version") : nullptr;
  if (!vn || !vn->is_table()) {
    err->message =
        "[tool.setuptools.dynamic] has no version = {attr = \"pkg.__version__\"} or {file = "
        "\"VERSION\"}";
    err->key = "tool.setuptools.dynamic.version";
    err->node = vn;
    return false;
  }
  const toml::table& vt = *vn->as_table();
  if (const toml::node* attr_node = vt.get("attr")) {
    if (!attr_node->is_string()) {
      err->message = "must be a string";
      err->key = "tool.setuptools.dynamic.version.attr";
      err->node = attr_node;
      return false;
    }
    std::string attr = attr_node->as_string()->get();
    size_t dot = attr.rfind('.');
    if (dot == std::string::npos) {
      err->message = "expected \"module.attribute\", got '" + attr + "'";
      err->key = "tool.setuptools.dynamic.version.attr";
      err->node = attr_node;
      return false;
    }
    std::string module = attr.substr(0, dot), name = attr.substr(dot + 1);
    std::string mod_path = module;
    for (char& c : mod_path) {
      if (c == '.') c = '/';
    }
    for (const std::string& base : SetuptoolsSearchRoots(root, doc)) {
      std::string prefix = base.empty() ? "" : base + "/";
      for (const std::string& rel :
           {prefix + mod_path + "/__init__.py", prefix + mod_path + ".py"}) {
        if (!IsRegularFile(root + "/" + rel)) continue;
        std::string text, why, e;
        if (!ReadProjectFile(root, rel, &text, &why)) {
          err->message = why;
          return false;
        }
        std::string module, imported;
        if (FindStringAssignment(text, name, version, &e)) {
          *from = rel;
          return true;
        }
        if ((e.empty() || RebindsItself(text, name)) &&
            FindImportOf(text, name, &module, &imported)) {
          // Re-exported (`from .version import __version__`): setuptools' static read fails there
          // and it imports the module; following the import statically gives the same string.
          std::vector<std::string> roots = SetuptoolsSearchRoots(root, doc);
          if (FindModuleString(root, rel, name, roots, version, from, &e)) return true;
          err->message = e + " (pyrelease reads the attribute without importing the module)";
          err->key = "tool.setuptools.dynamic.version.attr";
          err->node = attr_node;
          return false;
        }
        err->message = rel + ": " + (e.empty() ? "no top-level `" + name + " = \"...\"`" : e) +
                       " (pyrelease reads the attribute without importing the module)";
        err->key = "tool.setuptools.dynamic.version.attr";
        err->node = attr_node;
        return false;
      }
    }
    err->message = "module '" + module + "' not found (looked for " + mod_path +
                   "/__init__.py and " + mod_path +
                   ".py at the root, under src/ and under package-dir)";
    err->key = "tool.setuptools.dynamic.version.attr";
    err->node = attr_node;
    return false;
  }
  std::string text;
  if (!ReadFiles(root, vt, "tool.setuptools.dynamic.version", &text, err)) return false;
  *version = Trim(text);
  *from = Join(FileList(vt.get("file")), ", ");
  return true;
}

}  // namespace

bool FindModule(const std::string& root, const std::string& import_name, ModuleLocation* out,
                std::string* err) {
  std::string as_path = import_name;
  for (char& c : as_path) {
    if (c == '.') c = '/';
  }
  std::vector<ModuleLocation> found;
  for (const std::string& prefix : {std::string(), std::string("src/")}) {
    if (IsDirectory(root + "/" + prefix + as_path))
      found.push_back({import_name, prefix + as_path, true});
    if (IsRegularFile(root + "/" + prefix + as_path + ".py"))
      found.push_back({import_name, prefix + as_path + ".py", false});
  }
  if (found.empty()) {
    *err = "no module '" + import_name + "' found (looked for " + as_path + "/, " + as_path +
           ".py, src/" + as_path + "/ and src/" + as_path + ".py)";
    return false;
  }
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (const auto& f : found) names.push_back(f.rel_path);
    *err = "multiple files or folders could be module " + import_name + ": " + Join(names, ", ");
    return false;
  }
  *out = found[0];
  return true;
}

std::string FlitModuleName(const toml::table& doc, const std::string& project_name) {
  if (const toml::table* t = SubTable(doc, {"tool", "flit", "module"})) {
    if (auto n = t->get_as<std::string>("name")) return n->get();
  }
  std::string name = project_name;
  bool stubs = EndsWith(name, "-stubs");
  if (stubs) name = name.substr(0, name.size() - 6);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return stubs ? name + "-stubs" : name;
}

bool FindStringAssignment(std::string_view s, std::string_view name, std::string* value,
                          std::string* err) {
  std::string first_err;
  for (size_t start : TopLevelLineStarts(s)) {
    // The targets `a = b = ` before the value: `name` may be any of them (ast.Assign's targets,
    // which flit_core and setuptools both read: tinycss2's `VERSION = __version__ = '1.5.1'`), or
    // the one annotated target.
    size_t i = start, value_at = 0;
    bool assigns_name = false;
    for (;;) {
      size_t end = i;
      while (end < s.size() && IsIdentChar(s[end])) ++end;
      if (end == i || (s[i] >= '0' && s[i] <= '9')) break;
      const bool is_name = s.substr(i, end - i) == name;
      size_t k = SkipSpaces(s, end);
      const bool annotated = is_name && i == start && k < s.size() && s[k] == ':';
      if (annotated) {  // skip the annotation to the '='
        while (k < s.size() && s[k] != '=' && s[k] != '\n') ++k;
      }
      if (k >= s.size() || s[k] != '=' || (k + 1 < s.size() && s[k + 1] == '=')) break;
      assigns_name = assigns_name || is_name;
      i = value_at = SkipSpaces(s, k + 1);
      if (annotated) break;
    }
    if (!assigns_name) continue;
    i = value_at;
    bool paren = i < s.size() && s[i] == '(';
    // Inside parentheses newlines are whitespace too.
    auto skip = [&](size_t k) {
      for (;;) {
        k = SkipSpaces(s, k);
        if (paren && k < s.size() && (s[k] == '\n' || s[k] == '\r')) {
          ++k;
          continue;
        }
        return k;
      }
    };
    if (paren) i = skip(i + 1);
    std::string out, piece;
    size_t end = i;
    bool is_bytes = false, is_f = false, any = false;
    while (ReadStringLiteral(s, end, &piece, &end, &is_bytes, &is_f)) {
      any = true;
      out += piece;
      end = skip(end);
    }
    if (paren) {
      if (end >= s.size() || s[end] != ')')
        any = false;
      else
        end = SkipSpaces(s, end + 1);
    }
    bool rest_ok =
        end >= s.size() || s[end] == '\n' || s[end] == '#' || s[end] == ';' || s[end] == '\r';
    if (any && !is_bytes && !is_f && rest_ok) {
      *value = out;
      return true;
    }
    if (first_err.empty()) {
      first_err = is_bytes ? std::string(name) + " must be a string, not bytes"
                           : "`" + std::string(name) + "` is not assigned a plain string literal";
    }
  }
  if (err) *err = first_err;
  return false;
}

bool FindImportOf(std::string_view s, std::string_view name, std::string* module,
                  std::string* imported) {
  static const std::regex from_re("^from[ \\t]+(\\.*[A-Za-z0-9_.]*)[ \\t]+import[ \\t]+");
  for (size_t start : TopLevelLineStarts(s)) {
    if (s.substr(start, 5) != "from ") continue;
    // The logical line: up to a newline outside parentheses.
    size_t end = start;
    int depth = 0;
    while (end < s.size() && (s[end] != '\n' || depth > 0)) {
      if (s[end] == '(') ++depth;
      if (s[end] == ')' && depth > 0) --depth;
      if (s[end] == '#') {
        while (end < s.size() && s[end] != '\n') ++end;
        continue;
      }
      ++end;
    }
    std::string line(s.substr(start, end - start));
    std::smatch m;
    if (!std::regex_search(line, m, from_re)) continue;
    static const std::regex comment_re("#[^\n]*");
    std::string names = std::regex_replace(line.substr(m.length(0)), comment_re, "");
    for (char& c : names) {
      if (c == '(' || c == ')' || c == '\n' || c == '\r' || c == '\\') c = ' ';
    }
    for (const std::string& item : Split(names, ',')) {
      std::vector<std::string> words;
      for (const std::string& w : Split(Trim(item), ' '))
        if (!w.empty()) words.push_back(w);
      std::string bound = words.size() == 3 && words[1] == "as" ? words[2]
                          : words.size() == 1                   ? words[0]
                                                                : "";
      if (!bound.empty() && bound == name) {
        *module = m[1].str();
        *imported = words[0];
        return true;
      }
    }
  }
  return false;
}

bool FindModuleString(const std::string& root, const std::string& rel, const std::string& name,
                      const std::vector<std::string>& import_roots, std::string* value,
                      std::string* found_in, std::string* err) {
  std::string current = rel, wanted = name;
  for (int hops = 0; hops < 8; ++hops) {
    std::string text, e;
    if (!ReadFile(root + "/" + current, &text, err)) return false;
    if (FindStringAssignment(text, wanted, value, &e)) {
      *found_in = current;
      return true;
    }
    std::string module, imported;
    if ((!e.empty() && !RebindsItself(text, wanted)) ||
        !FindImportOf(text, wanted, &module, &imported)) {
      *err = current + ": " + (e.empty() ? "no top-level `" + wanted + " = \"...\"`" : e);
      return false;
    }
    // Where the imported module's file is: relative to this file's package, or under an import
    // root.
    size_t dots = module.find_first_not_of('.');
    if (dots == std::string::npos) dots = module.size();
    std::string dotted = module.substr(dots), as_path = dotted;
    for (char& c : as_path) {
      if (c == '.') c = '/';
    }
    std::vector<std::string> bases;
    if (dots > 0) {
      std::string dir =
          current.substr(0, current.rfind('/') == std::string::npos ? 0 : current.rfind('/'));
      for (size_t up = 1; up < dots; ++up)
        dir = dir.substr(0, dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/'));
      bases.push_back(dir);
    } else {
      bases = import_roots;
    }
    std::string next;
    for (const std::string& base : bases) {
      std::string prefix = base.empty() ? "" : base + "/";
      for (const std::string& cand :
           {prefix + as_path + ".py", prefix + as_path + "/__init__.py"}) {
        if (next.empty() && !as_path.empty() && IsRegularFile(root + "/" + cand)) next = cand;
      }
      if (next.empty() && as_path.empty() && IsRegularFile(root + "/" + prefix + "__init__.py"))
        next = prefix + "__init__.py";
    }
    if (next.empty()) {
      *err =
          current + ": `" + wanted + "` is imported from " + module + ", whose file was not found";
      return false;
    }
    current = next;
    wanted = imported;
  }
  *err = rel + ": `" + name + "` is re-exported through too many modules";
  return false;
}

bool ModuleDocstring(std::string_view s, std::string* doc) {
  std::vector<size_t> starts = TopLevelLineStarts(s);
  for (size_t start : starts) {
    size_t i = SkipSpaces(s, start);
    if (i >= s.size()) return false;
    if (s[i] == '#' || s[i] == '\n' || s[i] == '\r') continue;
    std::string value;
    size_t end;
    bool is_bytes = false, is_f = false;
    if (!ReadStringLiteral(s, i, &value, &end, &is_bytes, &is_f) || is_bytes || is_f) return false;
    *doc = CleanDoc(value);
    return true;
  }
  return false;
}

namespace {

// pdm-backend's `source = "file"` (project/build_path.cc sends every other source and a custom
// `pattern` to the backend): the first line matching its default pattern, read line by line.
bool PdmFileVersion(const std::string& root, const toml::table& doc, std::string* version,
                    std::string* from, DynamicError* err) {
  const toml::table* vt = SubTable(doc, {"tool", "pdm", "version"});
  const toml::node* path_node = vt ? vt->get("path") : nullptr;
  if (!path_node || !path_node->is_string()) {
    err->message = "[tool.pdm.version] needs path = \"pkg/__init__.py\" (a string)";
    err->key = "tool.pdm.version.path";
    err->node = path_node;
    return false;
  }
  const std::string rel = path_node->as_string()->get();
  static const std::regex re(
      "^(?:__version__|VERSION)[ \\t\\f\\v]*=[ \\t\\f\\v]*[\"'](.+?)[\"'][ \\t\\f\\v]*(?:#.*)?$");
  std::string text, why;
  if (!ReadProjectFile(root, rel, &text, &why)) {
    err->message = why;
    err->key = "tool.pdm.version.path";
    err->node = path_node;
    return false;
  }
  for (const std::string& line : Split(text, '\n')) {
    std::string l = line;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (l.size() > 4096) continue;  // std::regex recurses per character
    std::smatch m;
    if (std::regex_search(l, m, re)) {
      *version = m[1].str();
      *from = rel;
      return true;
    }
  }
  err->message = "no line `__version__ = 'a.b.c'` or `VERSION = 'a.b.c'` in " + rel;
  err->key = "tool.pdm.version.path";
  err->node = path_node;
  return false;
}

}  // namespace

bool ResolveDynamicVersion(const std::string& root, const toml::table& doc, Backend backend,
                           const std::string& project_name, std::string* version, std::string* from,
                           DynamicError* err) {
  switch (backend) {
    case Backend::kHatch: {
      const toml::table* vt = SubTable(doc, {"tool", "hatch", "version"});
      if (!vt) {
        err->message = "[tool.hatch.version] is missing (expected path = \"src/pkg/__init__.py\")";
        err->key = "tool.hatch.version";
        return false;
      }
      if (auto src = vt->get_as<std::string>("source"); src && src->get() != "regex") {
        err->message = "version source '" + src->get() +
                       "' is not supported (pyrelease supports the regex source)";
        err->key = "tool.hatch.version.source";
        err->node = vt->get("source");
        return false;
      }
      return HatchRegexVersion(root, *vt, version, from, err);
    }
    case Backend::kUnknown:
      // An unknown backend is read with setuptools' rules only when the project has them; else
      // the backend computes the version itself (scikit-build-core's regex provider, maturin's
      // Cargo.toml), and naming [tool.setuptools.dynamic] would send the user the wrong way.
      if (!SubTable(doc, {"tool", "setuptools", "dynamic"})) {
        const toml::node* named = doc.at_path("build-system.build-backend").node();
        std::string backend_name = named && named->is_string()
                                       ? "'" + named->as_string()->get() + "'"
                                       : "the project's build backend";
        err->message = backend_name +
                       " computes it, which pyrelease does not reproduce natively (it reads a "
                       "dynamic version by setuptools', hatchling's, flit_core's and "
                       "pdm-backend's rules): give [project] a static version, or build with the "
                       "backend (pyrelease build --backend pep517)";
        err->key = "project.dynamic";
        return false;
      }
      [[fallthrough]];
    case Backend::kSetuptools:
      return SetuptoolsVersion(root, doc, version, from, err);
    case Backend::kPdm:
      return PdmFileVersion(root, doc, version, from, err);
    case Backend::kPoetry:
      err->message =
          "poetry-core takes a dynamic version from [tool.poetry] or a plugin, which "
          "the native builder does not reproduce";
      err->key = "project.dynamic";
      return false;
    case Backend::kUv:
      err->message = "uv_build does not support a dynamic version";
      err->key = "project.dynamic";
      return false;
    case Backend::kFlit:
    case Backend::kPyrelease: {
      ModuleLocation loc;
      if (!FlitModule(root, doc, project_name, &loc, err)) return false;
      return VersionFromModule(root, loc, version, from, err);
    }
  }
  return false;
}

bool FlitReadsModuleByImport(const std::string& root, const toml::table& doc,
                             const std::string& project_name, bool want_version,
                             bool want_description, std::string* why) {
  ModuleLocation loc;
  DynamicError err;
  if (!FlitModule(root, doc, project_name, &loc, &err)) return false;
  if (want_description) {
    // Without a literal docstring the import helps only when the module binds __doc__ itself
    // (cloudpickle: `__doc__ = cloudpickle.__doc__`); otherwise flit_core fails as the loader does.
    const std::string rel = loc.is_package ? loc.rel_path + "/__init__.py" : loc.rel_path;
    std::string text, docstring, value, computed;
    if (ReadProjectFile(root, rel, &text, &computed) &&
        (!ModuleDocstring(text, &docstring) || Trim(docstring).empty()) &&
        (FindStringAssignment(text, "__doc__", &value, &computed) || !computed.empty())) {
      *why = rel +
             " sets __doc__ without a docstring literal: flit_core imports the module to "
             "read it";
      return true;
    }
  }
  std::string version, from;
  if (want_version && !VersionFromModule(root, loc, &version, &from, &err) && err.computed) {
    *why = err.message + ": flit_core imports the module to read it";
    return true;
  }
  return false;
}

bool ResolveDynamicDescription(const std::string& root, const toml::table& doc, Backend backend,
                               const std::string& project_name, std::string* summary,
                               DynamicError* err) {
  if (backend == Backend::kSetuptools || backend == Backend::kUnknown) {
    const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
    const toml::node* dn = dyn ? dyn->get("description") : nullptr;
    if (!dn || !dn->is_table()) {
      err->message = "[tool.setuptools.dynamic] has no description = {file = \"...\"}";
      err->key = "tool.setuptools.dynamic.description";
      err->node = dn;
      return false;
    }
    std::string text;
    if (!ReadFiles(root, *dn->as_table(), "tool.setuptools.dynamic.description", &text, err))
      return false;
    text = Trim(text);
    if (text.find('\n') != std::string::npos) {
      err->message = "the description file must hold a single line";
      err->key = "tool.setuptools.dynamic.description.file";
      err->node = dn->as_table()->get("file");
      return false;
    }
    *summary = text;
    return true;
  }
  if (backend != Backend::kFlit && backend != Backend::kPyrelease) {
    err->message =
        "a dynamic description is supported with flit (the module docstring) and setuptools (a "
        "file)";
    err->key = "project.dynamic";
    return false;
  }
  ModuleLocation loc;
  if (!FlitModule(root, doc, project_name, &loc, err)) return false;
  std::string rel = loc.is_package ? loc.rel_path + "/__init__.py" : loc.rel_path;
  std::string text, why, docstring;
  if (!ReadProjectFile(root, rel, &text, &why)) {
    err->message = why;
    return false;
  }
  if (!ModuleDocstring(text, &docstring) || Trim(docstring).empty()) {
    err->message =
        "cannot package module without docstring, or empty docstring: add a docstring to " + rel;
    return false;
  }
  *summary = Split(Trim(docstring), '\n')[0];
  return true;
}

bool ResolveDynamicReadme(const std::string& root, const toml::table& doc, Readme* out,
                          DynamicError* err) {
  const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
  const toml::node* rn = dyn ? dyn->get("readme") : nullptr;
  if (!rn || !rn->is_table()) {
    err->message = "[tool.setuptools.dynamic] has no readme = {file = [...]}";
    err->key = "tool.setuptools.dynamic.readme";
    err->node = rn;
    return false;
  }
  const toml::table& rt = *rn->as_table();
  std::string text;
  if (!ReadFiles(root, rt, "tool.setuptools.dynamic.readme", &text, err)) return false;
  std::string type;
  if (auto ct = rt.get_as<std::string>("content-type")) {
    type = ct->get();
  } else {
    std::vector<std::string> files = FileList(rt.get("file"));
    type = ReadmeContentTypeForPath(files[0]);
    if (type.empty()) type = "text/x-rst";  // setuptools' default
  }
  std::string why;
  if (!ValidateReadmeContentType(type, &why)) {
    err->message = why;
    err->key = "tool.setuptools.dynamic.readme.content-type";
    err->node = rt.get("content-type");
    return false;
  }
  out->text = text;
  out->content_type = type;
  out->path = FileList(rt.get("file"))[0];
  return true;
}

bool ResolveDynamicDependencies(const std::string& root, const toml::table& doc,
                                std::vector<std::string>* deps, DynamicError* err) {
  const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
  const toml::node* dn = dyn ? dyn->get("dependencies") : nullptr;
  if (!dn || !dn->is_table()) {
    err->message = "[tool.setuptools.dynamic] has no dependencies = {file = [...]}";
    err->key = "tool.setuptools.dynamic.dependencies";
    err->node = dn;
    return false;
  }
  std::string text;
  if (!ReadFiles(root, *dn->as_table(), "tool.setuptools.dynamic.dependencies", &text, err))
    return false;
  *deps = RequirementLines(text);
  return true;
}

bool ResolveDynamicClassifiers(const std::string& root, const toml::table& doc,
                               std::vector<std::string>* out, DynamicError* err) {
  const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
  const toml::node* cn = dyn ? dyn->get("classifiers") : nullptr;
  if (!cn || !cn->is_table()) {
    err->message = "[tool.setuptools.dynamic] has no classifiers = {file = [...]}";
    err->key = "tool.setuptools.dynamic.classifiers";
    err->node = cn;
    return false;
  }
  std::string text;
  if (!ReadFiles(root, *cn->as_table(), "tool.setuptools.dynamic.classifiers", &text, err))
    return false;
  for (std::string line : Split(text, '\n')) {
    line = Trim(line);
    if (!line.empty() && line[0] != '#') out->push_back(line);
  }
  return true;
}

bool ResolveDynamicOptionalDependencies(
    const std::string& root, const toml::table& doc,
    std::vector<std::pair<std::string, std::vector<std::string>>>* out, DynamicError* err) {
  const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
  const toml::node* on = dyn ? dyn->get("optional-dependencies") : nullptr;
  if (!on || !on->is_table()) {
    err->message = "[tool.setuptools.dynamic.optional-dependencies] is missing";
    err->key = "tool.setuptools.dynamic.optional-dependencies";
    err->node = on;
    return false;
  }
  for (const auto& [k, v] : *on->as_table()) {
    std::string key = "tool.setuptools.dynamic.optional-dependencies." + std::string(k.str());
    if (!v.is_table()) {
      err->message = "must be a table {file = [...]}";
      err->key = key;
      err->node = &v;
      return false;
    }
    std::string text;
    if (!ReadFiles(root, *v.as_table(), key, &text, err)) return false;
    out->emplace_back(std::string(k.str()), RequirementLines(text));
  }
  return true;
}
