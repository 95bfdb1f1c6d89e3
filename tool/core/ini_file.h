// INI files as Python's configparser reads them with its defaults (strict, no inline comments,
// empty lines kept inside values): .pypirc (twine) and setup.cfg (setuptools). Keys are
// lower-cased, values trimmed; an indented line continues the value above it (a blank line inside
// a value is kept when more of the value follows); a line starting with '#' or ';' is a comment
// wherever it stands; [DEFAULT]'s keys apply to every section. No interpolation: a reader that
// meets '%' decides (setuptools' ConfigParser would interpolate it).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

struct IniFile {
  std::string path;
  // section -> key -> value ([DEFAULT] applied); section names keep their case (configparser does
  // too).
  std::map<std::string, std::map<std::string, std::string>> sections;
  std::map<std::string, int> key_lines;      // "section.key" -> 1-based line, for messages
  std::map<std::string, int> section_lines;  // section -> the 1-based line of its header
  // "section.key" -> the key as written, for readers that keep its case (setuptools does in
  // [options.entry_points], [options.extras_require] and [options.package_data]).
  std::map<std::string, std::string> key_spellings;
  // The file's order, which readers that keep it need (setuptools' extras and entry point
  // groups): each section as it first appears, with its own keys as they appear.
  std::vector<std::pair<std::string, std::vector<std::string>>> order;
  bool has_defaults = false;  // a [DEFAULT] section is present

  bool Has(const std::string& section, const std::string& key) const;
  std::string Get(const std::string& section, const std::string& key) const;
  // The keys of `section` in file order ([] when absent).
  const std::vector<std::string>& KeysOf(const std::string& section) const;
};

// Parses `text`. Errors name `path` and the line, never the line's content (it may hold a token).
bool ParseIni(const std::string& text, const std::string& path, IniFile* out, std::string* err);
