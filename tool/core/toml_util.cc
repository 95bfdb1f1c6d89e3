#include "core/toml_util.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/utf8.h"

const toml::table* SubTable(const toml::table& doc, std::initializer_list<std::string_view> keys) {
  const toml::table* t = &doc;
  for (std::string_view k : keys) {
    const toml::node* n = t->get(k);
    if (!n || !n->is_table()) return nullptr;
    t = n->as_table();
  }
  return t;
}

std::vector<std::pair<const toml::key*, const toml::node*>> InFileOrder(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> out;
  for (const auto& [k, v] : t) out.emplace_back(&k, &v);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  return out;
}

bool ListsDynamic(const toml::table& doc, std::string_view field) {
  const toml::array* dynamic = doc.at_path("project.dynamic").as_array();
  if (!dynamic) return false;
  for (const auto& e : *dynamic)
    if (e.is_string() && e.as_string()->get() == field) return true;
  return false;
}

namespace {

// The code point of the UTF-8 sequence starting at text[i], and its length in *len (0 for a
// broken sequence: toml++ reports those itself).
char32_t CodePointAt(std::string_view text, size_t i, size_t* len) {
  static constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  unsigned char b = static_cast<unsigned char>(text[i]);
  size_t extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  *len = 0;
  if (extra == 0 || i + extra >= text.size()) return 0;
  char32_t cp = b & (0x3F >> extra);
  for (size_t k = 1; k <= extra; ++k) {
    unsigned char c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < kSmallest[extra]) return 0;  // an overlong form stays broken for toml++ to report
  *len = extra + 1;
  return cp;
}

// Where toml++ 3.3's is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE.
bool BreaksTomlWhitespaceTest(char32_t c) {
  return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) ||
         (c >= 0xFB26 && c <= 0xFEFE);
}

// toml++ reads a stand-in (U+F0000 + c, in Supplementary Private Use Area-A, which its whitespace
// test answers safely) exactly as a fixed toml++ reads c: neither is whitespace, a bare-key
// character or anything else TOML gives a meaning to.
constexpr char32_t kStandInOffset = 0xF0000;
bool IsStandIn(char32_t c) { return c >= kStandInOffset && c <= 0xFFFFF; }

std::string CodePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

void SetPosition(const std::string& text, size_t at, TomlParseError* err) {
  err->line = 1;
  err->column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++err->line;
      err->column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++err->column;
    }
  }
}

// `text` with every character toml++ 3.3 cannot test replaced by its stand-in. Returns false (and
// fills *err) when the text also holds characters that read like stand-ins — literally or as a
// \U000F.... escape — since they could not be told apart afterwards.
bool SubstituteStandIns(const std::string& text, std::string* out, bool* substituted,
                        TomlParseError* err) {
  *substituted = false;
  size_t first_substituted = std::string::npos;
  bool holds_stand_in_like = false;
  out->clear();
  out->reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      if (text[i] == '\\' && i + 5 < text.size() && text[i + 1] == 'U' &&
          text.compare(i + 2, 3, "000") == 0 && (text[i + 5] == 'F' || text[i + 5] == 'f')) {
        holds_stand_in_like = true;
      }
      *out += text[i++];
      continue;
    }
    size_t len = 0;
    char32_t c = CodePointAt(text, i, &len);
    if (len == 0) {  // broken UTF-8: toml++ reports it at this place
      *out += text[i++];
      continue;
    }
    if (BreaksTomlWhitespaceTest(c)) {
      if (first_substituted == std::string::npos) first_substituted = i;
      AppendUtf8(c + kStandInOffset, out);
    } else {
      holds_stand_in_like = holds_stand_in_like || IsStandIn(c);
      out->append(text, i, len);
    }
    i += len;
  }
  *substituted = first_substituted != std::string::npos;
  if (*substituted && holds_stand_in_like) {
    SetPosition(text, first_substituted, err);
    size_t len = 0;
    err->message = "the character " + CodePointName(CodePointAt(text, first_substituted, &len)) +
                   " in a file that also holds characters of U+F0000..U+FFFFF (or a \\U000F... "
                   "escape): the TOML parser pyrelease uses (toml++ 3.3) cannot read both safely";
    return false;
  }
  return true;
}

bool HoldsStandIn(std::string_view s) { return s.find('\xF3') != std::string_view::npos; }

std::string RestoreStandIns(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = static_cast<unsigned char>(s[i]) >= 0xC0 ? CodePointAt(s, i, &len) : 0;
    if (len != 0 && IsStandIn(c)) {
      AppendUtf8(c - kStandInOffset, &out);
      i += len;
    } else {
      out += s[i++];
    }
  }
  return out;
}

bool RestoreStandInsIn(toml::node& node, TomlParseError* err);

bool RestoreStandInsInTable(toml::table& table, TomlParseError* err) {
  std::vector<std::string> renamed;
  for (auto&& [key, value] : table) {
    if (!RestoreStandInsIn(value, err)) return false;
    if (HoldsStandIn(key.str())) renamed.emplace_back(key.str());
  }
  for (const std::string& old_name : renamed) {
    auto it = table.find(old_name);
    toml::key restored(RestoreStandIns(old_name), it->first.source());
    if (table.contains(restored.str())) {  // the same key spelled once with an escape
      err->line = static_cast<int>(it->first.source().begin.line);
      err->column = static_cast<int>(it->first.source().begin.column);
      err->message = "cannot redefine existing key '" + std::string(restored.str()) + "'";
      return false;
    }
    table.insert_or_assign(std::move(restored), std::move(it->second));
    table.erase(old_name);
  }
  return true;
}

bool RestoreStandInsIn(toml::node& node, TomlParseError* err) {
  if (toml::table* table = node.as_table()) return RestoreStandInsInTable(*table, err);
  if (toml::array* array = node.as_array()) {
    for (toml::node& element : *array) {
      if (!RestoreStandInsIn(element, err)) return false;
    }
  } else if (toml::value<std::string>* text = node.as_string()) {
    if (HoldsStandIn(text->get())) text->get() = RestoreStandIns(text->get());
  }
  return true;
}

}  // namespace

bool ParseToml(const std::string& text, const std::string& path, toml::table* doc,
               TomlParseError* err) {
  std::string readable;
  bool substituted = false;
  if (!SubstituteStandIns(text, &readable, &substituted, err)) return false;
  toml::parse_result result = toml::parse(substituted ? readable : text, path);
  if (!result) {
    const toml::parse_error& e = result.error();
    err->line = static_cast<int>(e.source().begin.line);
    err->column = static_cast<int>(e.source().begin.column);
    err->message = RestoreStandIns(e.description());
    return false;
  }
  *doc = std::move(result).table();
  return !substituted || RestoreStandInsInTable(*doc, err);
}
