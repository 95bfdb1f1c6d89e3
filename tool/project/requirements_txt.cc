#include "project/requirements_txt.h"

#include "core/string_util.h"
#include "core/toml_util.h"

namespace {

// Python's str.isspace() for the ASCII characters `\s` matches in the plugin's regexes.
bool IsPySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         (c >= '\x1c' && c <= '\x1f');
}

// str.splitlines() for ASCII text: \n, \r\n, \r, \v, \f and \x1c-\x1e end a line.
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= '\x1c' && c <= '\x1e')) {
      lines.push_back(cur);
      cur.clear();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

// Where the first match of `\s+X` starts, X being what `at(i)` accepts at i (npos: none); with
// `or_start`, a match of X at 0 counts too (`(^|\s+)#`).
template <typename Accept>
size_t FirstAfterSpaces(const std::string& s, bool or_start, Accept at) {
  if (or_start && at(0)) return 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsPySpace(s[i])) continue;
    size_t j = i;
    while (j < s.size() && IsPySpace(s[j])) ++j;
    if (at(j)) return i;
    i = j - 1;
  }
  return std::string::npos;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool ReadFiles(const std::string& root, const std::vector<std::string>& files,
               std::vector<std::string>* out, std::string* err) {
  for (const std::string& f : files) {
    std::string text;
    if (!ReadFile(root + "/" + f, &text, err)) {
      *err = "[tool.hatch.metadata.hooks.requirements_txt] names '" + f + "': " + *err;
      return false;
    }
    for (std::string& r : ParseRequirementsTxt(text)) out->push_back(std::move(r));
  }
  return true;
}

bool StringList(const toml::node* n, std::vector<std::string>* out) {
  const toml::array* a = n ? n->as_array() : nullptr;
  if (!a) return false;
  for (const auto& e : *a) {
    if (!e.is_string()) return false;
    out->push_back(e.as_string()->get());
  }
  return true;
}

// The dependency files the hook reads: `files`, else `filename`, else requirements.txt.
std::vector<std::string> DependencyFiles(const toml::table& hook) {
  std::vector<std::string> files;
  if (StringList(hook.get("files"), &files)) return files;
  if (const auto* f = hook.get_as<std::string>("filename")) return {f->get()};
  return {"requirements.txt"};
}

}  // namespace

const toml::table* RequirementsTxtTable(const toml::table& doc) {
  return doc.at_path("tool.hatch.metadata.hooks.requirements_txt").as_table();
}

bool RequirementsTxtIsReproduced(const toml::table& doc, std::string* reason) {
  const toml::table* hook = RequirementsTxtTable(doc);
  if (!hook) return true;
  const std::string where = "[tool.hatch.metadata.hooks.requirements_txt]";
  std::vector<std::string> list;
  for (const auto& [k, v] : *hook) {
    std::string key(k.str());
    std::vector<std::string> files;
    if (key == "files" && !StringList(&v, &files)) {
      *reason = where + " files is not a list of strings";
    } else if (key == "filename" && !v.is_string()) {
      *reason = where + " filename is not a string";
    } else if (key == "optional-dependencies") {
      const toml::table* t = v.as_table();
      if (!t) {
        *reason = where + " optional-dependencies is not a table";
      } else {
        for (const auto& [extra, f] : *t)
          if (!StringList(&f, &files))
            *reason = where + " optional-dependencies." + std::string(extra.str()) +
                      " is not a list of strings";
      }
      if (reason->empty() && !ListsDynamic(doc, "optional-dependencies"))
        *reason = where +
                  " optional-dependencies without \"optional-dependencies\" in "
                  "project.dynamic (hatch-requirements-txt refuses it)";
    } else if (key != "files" && key != "filename") {
      *reason = where + " " + key + " is not reproduced natively";
    }
    if (!reason->empty()) return false;
  }
  bool given = hook->get("files") || hook->get("filename");
  if (hook->get("files") && hook->get("filename")) {
    *reason = where + " gives both files and filename (hatch-requirements-txt refuses it)";
    return false;
  }
  if (given && !ListsDynamic(doc, "dependencies")) {
    *reason = where +
              " names files without \"dependencies\" in project.dynamic "
              "(hatch-requirements-txt refuses it)";
    return false;
  }
  if (ListsDynamic(doc, "dependencies") && doc.at_path("project.dependencies")) {
    *reason = where + ": project.dependencies is dynamic and also given";
    return false;
  }
  return true;
}

std::vector<std::string> ParseRequirementsTxt(const std::string& text) {
  // Unfold lines ending with a backslash (`\\\s*\n` -> " ").
  std::string unfolded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      size_t j = i + 1;
      while (j < text.size() && IsPySpace(text[j])) ++j;
      // \s* is greedy and backtracks to the last newline it swallowed.
      size_t nl = std::string::npos;
      for (size_t k = i + 1; k < j; ++k)
        if (text[k] == '\n') nl = k;
      if (nl != std::string::npos) {
        unfolded += ' ';
        i = nl;
        continue;
      }
    }
    unfolded += text[i];
  }
  std::vector<std::string> out;
  for (std::string line : SplitLines(unfolded)) {
    size_t first = 0;
    while (first < line.size() && IsPySpace(line[first])) ++first;
    if (first < line.size() && (line[first] == '#' || line[first] == '-')) continue;
    if (line.empty()) continue;
    size_t hash =
        FirstAfterSpaces(line, true, [&](size_t i) { return i < line.size() && line[i] == '#'; });
    if (hash != std::string::npos) line.resize(hash);
    if (line.find('-') != std::string::npos) {
      size_t opt = FirstAfterSpaces(line, false, [&](size_t i) {
        if (i + 1 >= line.size() || line[i] != '-') return false;
        if (IsAsciiLetter(line[i + 1])) return true;
        return line[i + 1] == '-' && i + 2 < line.size() && IsAsciiLetter(line[i + 2]);
      });
      if (opt != std::string::npos) line.resize(opt);
    }
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> RequirementsTxtFiles(const toml::table& doc) {
  std::vector<std::string> files;
  const toml::table* hook = RequirementsTxtTable(doc);
  if (!hook) return files;
  if (ListsDynamic(doc, "dependencies")) files = DependencyFiles(*hook);
  if (const toml::table* opt = hook->get_as<toml::table>("optional-dependencies"))
    for (const auto& [extra, f] : *opt) StringList(&f, &files);
  return files;
}

bool ReadRequirementsTxtHook(const std::string& root, const toml::table& doc,
                             std::vector<std::string>* dependencies,
                             std::vector<std::pair<std::string, std::vector<std::string>>>* extras,
                             std::string* err) {
  const toml::table* hook = RequirementsTxtTable(doc);
  if (!hook) return true;
  if (ListsDynamic(doc, "dependencies") &&
      !ReadFiles(root, DependencyFiles(*hook), dependencies, err))
    return false;
  if (const toml::table* opt = hook->get_as<toml::table>("optional-dependencies")) {
    for (const auto& [extra, f] : *opt) {
      std::vector<std::string> files, reqs;
      StringList(&f, &files);
      if (!ReadFiles(root, files, &reqs, err)) return false;
      extras->emplace_back(std::string(extra.str()), std::move(reqs));
    }
  }
  return true;
}
