#include "core/ini_file.h"

#include "core/string_util.h"

bool IniFile::Has(const std::string& section, const std::string& key) const {
  auto s = sections.find(section);
  return s != sections.end() && s->second.count(ToLower(key));
}

std::string IniFile::Get(const std::string& section, const std::string& key) const {
  auto s = sections.find(section);
  if (s == sections.end()) return "";
  auto k = s->second.find(ToLower(key));
  return k == s->second.end() ? "" : k->second;
}

const std::vector<std::string>& IniFile::KeysOf(const std::string& section) const {
  static const std::vector<std::string> kNone;
  for (const auto& [name, keys] : order)
    if (name == section) return keys;
  return kNone;
}

bool ParseIni(const std::string& text, const std::string& path, IniFile* out, std::string* err) {
  *out = IniFile();
  out->path = path;
  std::map<std::string, std::string> defaults;
  std::map<std::string, std::string>* current = nullptr;
  std::vector<std::string>* current_order = nullptr;
  std::string current_name, last_key;
  int last_key_indent = -1;
  // Blank lines seen inside the current value: kept only when more of the value follows
  // (configparser appends them and strips the joined value's end).
  int pending_blank = 0;
  std::vector<std::string> lines = Split(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line = lines[i];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (i == 0 && StartsWith(line, "\xEF\xBB\xBF")) line = line.substr(3);
    std::string where = path + ":" + std::to_string(i + 1);
    std::string stripped = Trim(line);
    size_t indent = line.find_first_not_of(" \t");
    if (stripped.empty()) {
      if (!last_key.empty()) ++pending_blank;
      continue;
    }
    if (stripped[0] == '#' || stripped[0] == ';') continue;  // a comment, even inside a value
    // An indented line continues the previous value.
    if (indent > 0 && current && !last_key.empty() && static_cast<int>(indent) > last_key_indent) {
      std::string& value = (*current)[last_key];
      value += std::string(static_cast<size_t>(pending_blank) + 1, '\n') + stripped;
      pending_blank = 0;
      continue;
    }
    pending_blank = 0;
    if (stripped[0] == '[') {
      size_t close = stripped.rfind(']');
      if (close == std::string::npos || close < 2) {
        *err = where + ": malformed section header (expected [name])";
        return false;
      }
      current_name = stripped.substr(1, close - 1);
      if (current_name == "DEFAULT") {
        current = &defaults;
        current_order = nullptr;
        out->has_defaults = true;
      } else {
        if (out->sections.count(current_name)) {
          *err = where + ": section [" + current_name + "] appears twice";
          return false;
        }
        current = &out->sections[current_name];
        out->section_lines[current_name] = static_cast<int>(i + 1);
        out->order.push_back({current_name, {}});
        current_order = &out->order.back().second;
      }
      last_key.clear();
      continue;
    }
    if (!current) {
      *err = where + ": a key outside any section (the file must start with a [section] header)";
      return false;
    }
    size_t sep = stripped.find_first_of("=:");
    if (sep == std::string::npos) {
      *err = where + ": expected 'key = value' in section [" + current_name + "]";
      return false;
    }
    std::string key = ToLower(Trim(stripped.substr(0, sep)));
    if (key.empty()) {
      *err = where + ": a value without a key in section [" + current_name + "]";
      return false;
    }
    if (current->count(key)) {
      *err = where + ": key '" + key + "' appears twice in section [" + current_name + "]";
      return false;
    }
    (*current)[key] = Trim(stripped.substr(sep + 1));
    if (current_order) current_order->push_back(key);
    out->key_lines[current_name + "." + key] = static_cast<int>(i + 1);
    out->key_spellings[current_name + "." + key] = Trim(stripped.substr(0, sep));
    last_key = key;
    last_key_indent = static_cast<int>(indent);
  }
  for (auto& [name, keys] : out->sections) {
    for (const auto& [k, v] : defaults) keys.emplace(k, v);
  }
  return true;
}
