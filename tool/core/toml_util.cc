#include "core/toml_util.h"

#include <cstdio>
#include <cstring>

const toml::table* SubTable(const toml::table& doc, std::initializer_list<std::string_view> keys) {
  const toml::table* t = &doc;
  for (std::string_view k : keys) {
    const toml::node* n = t->get(k);
    if (!n || !n->is_table()) return nullptr;
    t = n->as_table();
  }
  return t;
}

namespace {

// The code point starting at text[i] (0 for a broken sequence: toml++ reports those itself).
char32_t CodePointAt(const std::string& text, size_t i) {
  unsigned char b = static_cast<unsigned char>(text[i]);
  size_t extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= text.size()) return 0;
  char32_t cp = b & (0x3F >> extra);
  for (size_t k = 1; k <= extra; ++k) {
    unsigned char c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  return cp;
}

// Where toml++ 3.3's is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE.
bool BreaksTomlWhitespaceTest(char32_t c) {
  return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) ||
         (c >= 0xFB26 && c <= 0xFEFE);
}

std::string CodePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// The first place toml++ 3.3 must not see (see ParseToml), or npos. `why` says what is there.
// Scanning stops where toml++ would report an error anyway (it parses nothing after one).
size_t FindUnsafeForToml(const std::string& text, std::string* why) {
  enum { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral } state = kNormal;
  auto starts = [&](size_t i, const char* s) { return text.compare(i, std::strlen(s), s) == 0; };
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    switch (state) {
      case kNormal:
        if (b >= 0x80) {
          *why = "the character " + CodePointName(CodePointAt(text, i)) +
                 " outside a string or comment (TOML allows only ASCII there)";
          return i;
        }
        if (b == '#') {
          state = kComment;
        } else if (starts(i, "\"\"\"")) {
          state = kMultiBasic;
          i += 2;
        } else if (b == '"') {
          state = kBasic;
        } else if (starts(i, "'''")) {
          state = kMultiLiteral;
          i += 2;
        } else if (b == '\'') {
          state = kLiteral;
        }
        ++i;
        break;
      case kComment:
        if (b == '\n') state = kNormal;
        ++i;
        break;
      case kBasic:
      case kLiteral:
        if (b == '\n') return std::string::npos;  // unterminated: toml++ stops here
        if (state == kBasic && b == '\\') {
          i += 2;  // an escape never ends the string
          break;
        }
        if (b == (state == kBasic ? '"' : '\'')) state = kNormal;
        ++i;
        break;
      case kMultiBasic:
      case kMultiLiteral: {
        const char quote = state == kMultiBasic ? '"' : '\'';
        if (b == static_cast<unsigned char>(quote)) {
          size_t run = 0;
          while (i + run < text.size() && text[i + run] == quote) ++run;
          if (run >= 3) state = kNormal;  // up to two quotes of content before the closing three
          i += run;
          break;
        }
        if (state == kMultiBasic && b == '\\' && i + 1 < text.size()) {
          size_t next = i + 1;
          if (std::strchr(" \t\r\n", text[next])) {
            // A line-ending backslash: toml++ tests the first character after the whitespace.
            while (next < text.size() && std::strchr(" \t\r\n", text[next])) ++next;
          }
          if (next < text.size() && static_cast<unsigned char>(text[next]) >= 0x80) {
            char32_t c = CodePointAt(text, next);
            if (next == i + 1) {
              *why = "the character " + CodePointName(c) +
                     " after a backslash (an escape is a backslash and ASCII)";
              return next;
            }
            if (BreaksTomlWhitespaceTest(c)) {
              *why = "the character " + CodePointName(c) +
                     " first on a line continued by a backslash, which the TOML parser pyrelease "
                     "uses (toml++ 3.3) cannot read safely; start that line with an ASCII "
                     "character or drop the backslash";
              return next;
            }
          }
          i = next == i + 1 ? i + 2 : next;
          break;
        }
        ++i;
        break;
      }
    }
  }
  return std::string::npos;
}

}  // namespace

bool ParseToml(const std::string& text, const std::string& path, toml::table* doc,
               TomlParseError* err) {
  std::string why;
  size_t at = FindUnsafeForToml(text, &why);
  if (at != std::string::npos) {
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
    err->message = why;
    return false;
  }
  toml::parse_result result = toml::parse(text, path);
  if (!result) {
    const toml::parse_error& e = result.error();
    err->line = static_cast<int>(e.source().begin.line);
    err->column = static_cast<int>(e.source().begin.column);
    err->message = std::string(e.description());
    return false;
  }
  *doc = std::move(result).table();
  return true;
}
