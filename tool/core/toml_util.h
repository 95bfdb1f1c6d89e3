// Small helpers over toml++ shared by the pyproject readers, and the one way they parse TOML.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The table at doc[k1][k2]..., or nullptr when a key is missing or not a table. Keys are given
// one by one, so a key holding a dot ("my.target") is looked up as it is.
const toml::table* SubTable(const toml::table& doc, std::initializer_list<std::string_view> keys);

// Whether pyproject.toml's project.dynamic lists `field` ("version", "dependencies", ...).
bool ListsDynamic(const toml::table& doc, std::string_view field);

// A table's entries in file order (toml++ keeps tables sorted by key; backends keep the order
// written, and so do Provides-Extra, Project-URL and entry points).
std::vector<std::pair<const toml::key*, const toml::node*>> InFileOrder(const toml::table& t);

struct TomlParseError {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters
  std::string message;
};

// toml::parse, guarded against a bug in the toml++ 3.3 that Debian ships (toml++ issues 190 and
// 295, fixed upstream later): wherever its parser asks whether a character is whitespace (and its
// error paths ask of arbitrary characters), a character in U+00A1..U+0499, U+2C5E..U+3057 or
// U+FB26..U+FEFE reaches __builtin_unreachable, which is undefined behaviour (found by
// fuzz_pyproject). So toml++ never sees one: each is replaced by a stand-in code point it reads
// safely and exactly alike (U+F0000 + c), and keys, strings and error messages get the original
// back. Positions are unchanged (toml++ counts columns in characters). A file that also holds
// U+F0000..U+FFFFF itself is refused with line:column, since the two could not be told apart.
bool ParseToml(const std::string& text, const std::string& path, toml::table* doc,
               TomlParseError* err);
