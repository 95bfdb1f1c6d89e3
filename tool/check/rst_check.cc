#include "check/rst_check.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/string_util.h"

namespace {

struct Line {
  std::string text;
  int no = 0;
};
using Block = std::vector<Line>;

int IndentOf(const std::string& s) {
  int n = 0;
  while (n < static_cast<int>(s.size()) && s[n] == ' ') ++n;
  return n;
}
bool IsBlank(const std::string& s) { return s.find_first_not_of(' ') == std::string::npos; }
bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Display width as docutils' column_width: East Asian wide characters count twice.
int ColumnWidth(const std::string& s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    uint32_t cp = c;
    if (len > 1 && i + len <= s.size()) {
      cp = len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
      for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    bool combining = cp >= 0x300 && cp <= 0x36f;
    bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
                (cp >= 0x20000 && cp <= 0x3fffd);
    width += combining ? 0 : wide ? 2 : 1;
    i += len;
  }
  return width;
}

bool IsAdornmentChar(char c) {
  return c > 0x20 && c < 0x7f && !std::isalnum(static_cast<unsigned char>(c));
}
// docutils' `line` pattern: one repeated 7-bit punctuation character.
bool IsAdornmentLine(const std::string& s) {
  if (s.empty() || !IsAdornmentChar(s[0])) return false;
  for (char c : s) {
    if (c != s[0]) return false;
  }
  return true;
}

// Reference names as docutils normalizes them: whitespace collapsed, lower case.
std::string NormalizeRefName(const std::string& s) { return ToLower(CollapseWhitespace(s)); }

// ---- character classes of docutils' inline markup recognition rules (ASCII + common Unicode) ----

// Decodes the code point ending just before `i` (for look-behind) or starting at `i`.
uint32_t CodePointAt(const std::string& s, size_t i, size_t* len) {
  unsigned char c = s[i];
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + n > s.size()) n = 1;
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  if (len) *len = n;
  return cp;
}
uint32_t CodePointBefore(const std::string& s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xc0) == 0x80) --j;
  return CodePointAt(s, j, nullptr);
}

bool IsUnicodeSpace(uint32_t cp) {
  return cp == 0xa0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f;
}
bool IsOpener(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == '(' || cp == '<' || cp == '[' || cp == '{' ||
         cp == 0x2018 || cp == 0x201c || cp == 0xab || cp == 0x2039 || cp == 0x201a ||
         cp == 0x201e || cp == 0x2019 || cp == 0x201d || cp == 0xbb || cp == 0x203a;
}
bool IsCloser(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == '>' || cp == ']' || cp == '}' ||
         cp == 0x2019 || cp == 0x201d || cp == 0xbb || cp == 0x203a || cp == 0x2018 ||
         cp == 0x201c || cp == 0xab || cp == 0x2039;
}
bool IsDelimiter(uint32_t cp) {
  return cp == '-' || cp == '/' || cp == ':' || cp == 0xa1 || cp == 0xb7 || cp == 0xbf ||
         (cp >= 0x2010 && cp <= 0x2017) || (cp >= 0x2020 && cp <= 0x2027) ||
         (cp >= 0x2030 && cp <= 0x2038) || cp == 0x3001 || cp == 0x3002;
}
bool IsClosingDelimiter(uint32_t cp) {
  return cp == '\\' || cp == '.' || cp == ',' || cp == ';' || cp == '!' || cp == '?';
}
bool IsSpaceCp(uint32_t cp) {
  return cp < 0x80 ? IsSpace(static_cast<char>(cp)) : IsUnicodeSpace(cp);
}

// start_string_prefix: start of text, whitespace, an opener or a delimiter before position i.
bool StartPrefixOk(const std::string& s, size_t i) {
  if (i == 0) return true;
  uint32_t cp = CodePointBefore(s, i);
  return IsSpaceCp(cp) || IsOpener(cp) || IsDelimiter(cp);
}
// end_string_suffix: end of text, whitespace, \x00, a closing delimiter, delimiter or closer at i.
bool EndSuffixOk(const std::string& s, size_t i) {
  if (i >= s.size()) return true;
  uint32_t cp = CodePointAt(s, i, nullptr);
  return cp == 0 || IsSpaceCp(cp) || IsClosingDelimiter(cp) || IsDelimiter(cp) || IsCloser(cp);
}
// punctuation_chars.match_chars: the start-string sits between a matching pair.
bool QuotedPair(uint32_t pre, uint32_t post) {
  static const std::pair<uint32_t, uint32_t> pairs[] = {
      {'"', '"'},       {'\'', '\''},     {'(', ')'},       {'<', '>'},       {'[', ']'},
      {'{', '}'},       {0x2018, 0x2019}, {0x201c, 0x201d}, {0xab, 0xbb},     {0x2039, 0x203a},
      {0x201a, 0x2019}, {0x201e, 0x201d}, {0xbb, 0xab},     {0x2019, 0x2019}, {0x201d, 0x201d},
      {0x201a, 0x2018}, {0x201e, 0x201c}};
  for (auto& p : pairs) {
    if (p.first == pre && p.second == post) return true;
  }
  return false;
}

bool IsWordByte(char c) {
  unsigned char u = c;
  return std::isalnum(u) ||
         u >= 0x80;  // \w without '_' (non-ASCII letters count as word characters)
}

// Matches docutils' simplename at i: word chars (no '_') joined by single [-._+:]. Returns every
// possible end position, longest first (the regex's backtracking order).
std::vector<size_t> SimpleNameEnds(const std::string& s, size_t i) {
  std::vector<size_t> ends;
  size_t j = i;
  if (j >= s.size() || !IsWordByte(s[j])) return ends;
  while (j < s.size() && IsWordByte(s[j])) ++j;
  ends.push_back(j);
  while (j + 1 < s.size() && std::strchr("-._+:", s[j]) && IsWordByte(s[j + 1])) {
    ++j;
    while (j < s.size() && IsWordByte(s[j])) ++j;
    ends.push_back(j);
  }
  std::reverse(ends.begin(), ends.end());
  return ends;
}
bool IsSimpleName(const std::string& s) {
  auto ends = SimpleNameEnds(s, 0);
  return !ends.empty() && ends.front() == s.size();
}

// ---- directives ----
enum class Content {
  kNone,
  kOptional,
  kBody,
  kBodyRequired,
  kLiteralRequired,
  kInlineRequired,
  kLiteral
};
struct DirectiveSpec {
  const char* name;
  int required_args;
  int optional_args;
  bool final_whitespace;
  Content content;
  const char* options;  // space-separated; nullptr: the directive takes no options
};

const char kImageOptions[] = "alt height width scale align target class name loading";
const DirectiveSpec kDirectives[] = {
    {"attention", 0, 0, true, Content::kBodyRequired, "class name"},
    {"caution", 0, 0, true, Content::kBodyRequired, "class name"},
    {"danger", 0, 0, true, Content::kBodyRequired, "class name"},
    {"error", 0, 0, true, Content::kBodyRequired, "class name"},
    {"hint", 0, 0, true, Content::kBodyRequired, "class name"},
    {"important", 0, 0, true, Content::kBodyRequired, "class name"},
    {"note", 0, 0, true, Content::kBodyRequired, "class name"},
    {"tip", 0, 0, true, Content::kBodyRequired, "class name"},
    {"warning", 0, 0, true, Content::kBodyRequired, "class name"},
    {"admonition", 1, 0, true, Content::kBodyRequired, "class name"},
    {"image", 1, 0, true, Content::kNone, kImageOptions},
    {"figure", 1, 0, true, Content::kBody,
     "alt height width scale align target class name loading figwidth figclass"},
    {"topic", 1, 0, true, Content::kBodyRequired, "class name"},
    {"sidebar", 0, 1, true, Content::kBodyRequired, "subtitle class name"},
    {"line-block", 0, 0, true, Content::kInlineRequired, "class name"},
    {"parsed-literal", 0, 0, true, Content::kInlineRequired, "class name"},
    {"code", 0, 1, false, Content::kLiteralRequired, "class name number-lines"},
    {"code-block", 0, 1, false, Content::kLiteralRequired, "class name number-lines"},
    {"sourcecode", 0, 1, false, Content::kLiteralRequired, "class name number-lines"},
    {"math", 0, 0, true, Content::kLiteral, "class name"},
    {"rubric", 1, 0, true, Content::kNone, "class name"},
    {"epigraph", 0, 0, true, Content::kBodyRequired, nullptr},
    {"highlights", 0, 0, true, Content::kBodyRequired, nullptr},
    {"pull-quote", 0, 0, true, Content::kBodyRequired, nullptr},
    {"compound", 0, 0, true, Content::kBodyRequired, "class name"},
    {"container", 0, 1, true, Content::kBodyRequired, "name"},
    {"table", 0, 1, true, Content::kBodyRequired, "align width widths class name"},
    {"csv-table", 0, 1, true, Content::kLiteral,
     "widths width header-rows stub-columns header file url encoding class name align delim quote "
     "keepspace escape"},
    {"list-table", 0, 1, true, Content::kBodyRequired,
     "widths width header-rows stub-columns class name align"},
    {"contents", 0, 1, true, Content::kNone, "depth local backlinks class"},
    {"sectnum", 0, 0, true, Content::kNone, "depth prefix suffix start"},
    {"section-numbering", 0, 0, true, Content::kNone, "depth prefix suffix start"},
    {"header", 0, 0, true, Content::kBodyRequired, nullptr},
    {"footer", 0, 0, true, Content::kBodyRequired, nullptr},
    {"target-notes", 0, 0, true, Content::kNone, "class name"},
    {"meta", 0, 0, true, Content::kBodyRequired, nullptr},
    {"replace", 0, 0, true, Content::kInlineRequired, nullptr},
    {"unicode", 1, 0, true, Content::kNone, "trim ltrim rtrim"},
    {"date", 0, 1, true, Content::kNone, nullptr},
    {"class", 1, 0, true, Content::kOptional, nullptr},
    {"role", 1, 0, true, Content::kOptional, "class format language"},
    {"default-role", 0, 1, false, Content::kNone, nullptr},
    {"title", 1, 0, true, Content::kNone, nullptr},
    {"raw", 1, 0, true, Content::kLiteral, "file url encoding class"},
    {"include", 1, 0, true, Content::kNone, nullptr},
};

const DirectiveSpec* FindDirective(const std::string& name) {
  std::string lower = ToLower(name);
  for (const auto& d : kDirectives) {
    if (lower == d.name) return &d;
  }
  return nullptr;
}

const std::set<std::string>& StandardRoles() {
  static const std::set<std::string> roles = {"abbreviation",  "ab",
                                              "acronym",       "ac",
                                              "code",          "emphasis",
                                              "literal",       "math",
                                              "pep-reference", "pep",
                                              "rfc-reference", "rfc",
                                              "strong",        "subscript",
                                              "sub",           "superscript",
                                              "sup",           "title-reference",
                                              "title",         "t"};
  return roles;
}

struct TargetName {
  bool explicit_ = false;
  bool ambiguous = false;
  bool has_uri = false;
  std::string uri;
};

struct NamedRef {
  std::string name;  // normalized
  int line;
};

class Checker {
 public:
  std::vector<RstMessage> parse_msgs;
  std::vector<RstMessage> resolve_msgs;

  void Report(int line, int level, std::string text) {
    parse_msgs.push_back({line, level, std::move(text)});
  }

  void Document(const Block& lines) {
    ParseBody(lines, 0, lines.size(), true);
    CheckTransitions();
    Resolve();
    if (!visible_ && parse_msgs.empty() && resolve_msgs.empty()) {
      resolve_msgs.push_back({0, 2, "No content rendered from RST source."});
    }
  }

 private:
  // Section bookkeeping (titles are only recognised at the document/section level).
  std::vector<std::string> title_styles_;
  int section_level_ = 0;
  // Transition checks: a flat event list of the top level ('S' section start, 'T' transition, 'B'
  // body).
  std::vector<std::pair<char, int>> events_;

  std::map<std::string, TargetName> names_;
  std::vector<NamedRef> refs_;
  std::vector<std::pair<std::string, std::pair<std::string, int>>>
      indirect_;  // target -> (refname, line)
  int anonymous_refs_ = 0, anonymous_targets_ = 0, first_anonymous_line_ = 0;
  std::set<std::string> subst_defs_, subst_defs_lower_;
  std::vector<NamedRef> subst_refs_;
  int auto_footnotes_ = 0, symbol_footnotes_ = 0;
  std::set<std::string> auto_footnote_labels_;
  std::vector<int> auto_refs_, symbol_refs_;
  std::vector<NamedRef> auto_label_refs_;
  std::set<std::string> custom_roles_;

  bool top_level_body_ = true;

  // Whether anything would be rendered: an empty fragment is refused too.
  bool visible_ = false;

  void NoteBody(bool top) {
    visible_ = true;
    if (top) events_.push_back({'B', 0});
  }

  void AddTarget(const std::string& raw_name, bool explicit_, int line, bool has_uri,
                 const std::string& uri, bool embedded = false) {
    std::string name = NormalizeRefName(raw_name);
    if (name.empty()) return;
    auto it = names_.find(name);
    if (it == names_.end()) {
      names_[name] = TargetName{explicit_, false, has_uri, uri};
      return;
    }
    TargetName& old = it->second;
    if (explicit_) {
      if (old.explicit_) {
        if (embedded) return;
        bool same_uri = has_uri && old.has_uri && old.uri == uri;
        if (!same_uri) {
          Report(line, 2, "Duplicate explicit target name: \"" + name + "\".");
          old.ambiguous = true;
        }
      } else {
        old = TargetName{true, false, has_uri, uri};
      }
    } else if (!old.explicit_) {
      old.ambiguous = true;  // two implicit targets (e.g. equal section titles): INFO, but unusable
    }
  }

  // ---------------- blocks ----------------

  struct Indented {
    Block lines;
    size_t end = 0;  // index of the first line after the block
    bool blank_finish = true;
  };

  // statemachine get_indented: `start` is included (with its first `first_indent` chars removed)
  // when first_indent >= 0; following lines are taken while blank or indented; the common
  // indentation of those following lines is removed. With `block_indent` >= 0 (get_known_indented),
  // lines indented less than it end the block and exactly that much is removed.
  Indented GetIndented(const Block& b, size_t start, size_t limit, int first_indent,
                       bool until_blank = false, int block_indent = -1) {
    Indented r;
    size_t end = start;
    if (block_indent >= 0 && first_indent < 0) first_indent = block_indent;
    if (first_indent >= 0) ++end;
    int indent = block_indent;
    r.blank_finish = true;
    bool broke = false;
    while (end < limit) {
      const std::string& t = b[end].text;
      if (!t.empty() &&
          (t[0] != ' ' || (block_indent >= 0 && !IsBlank(t.substr(0, block_indent))))) {
        r.blank_finish = end > start && IsBlank(b[end - 1].text);
        broke = true;
        break;
      }
      if (IsBlank(t)) {
        if (until_blank) {
          r.blank_finish = true;
          broke = true;
          break;
        }
      } else if (block_indent < 0) {
        int ind = IndentOf(t);
        indent = indent < 0 ? ind : std::min(indent, ind);
      }
      ++end;
    }
    (void)broke;
    r.end = end;
    for (size_t k = start; k < end; ++k) {
      Line l = b[k];
      if (k == start && first_indent >= 0) {
        l.text = static_cast<int>(l.text.size()) > first_indent ? l.text.substr(first_indent) : "";
      } else if (indent > 0) {
        l.text = static_cast<int>(l.text.size()) > indent ? l.text.substr(indent) : "";
      }
      r.lines.push_back(std::move(l));
    }
    while (!r.lines.empty() && IsBlank(r.lines.back().text)) r.lines.pop_back();
    return r;
  }

  void ParseNested(const Block& lines) {
    bool saved = top_level_body_;
    top_level_body_ = false;
    ParseBody(lines, 0, lines.size(), false);
    top_level_body_ = saved;
  }

  void UnindentWarning(const Block& b, size_t at, const char* what) {
    int line = at < b.size() ? b[at].no : (b.empty() ? 1 : b.back().no + 1);
    Report(line, 2, std::string(what) + " ends without a blank line; unexpected unindent.");
  }

  void ParseBody(const Block& b, size_t begin, size_t end, bool titles) {
    size_t i = begin;
    while (i < end) {
      const std::string& t = b[i].text;
      if (IsBlank(t)) {
        ++i;
        continue;
      }
      size_t next = i;
      if (IndentOf(t) > 0) {
        i = BlockQuote(b, i, end);
        continue;
      }
      if (TryBullet(b, i, end, &next) || TryEnumerated(b, i, end, &next) ||
          TryFieldList(b, i, end, &next) || TryOptionList(b, i, end, &next) ||
          TryDoctest(b, i, end, &next) || TryLineBlock(b, i, end, &next) ||
          TryGridTable(b, i, end, &next) || TrySimpleTable(b, i, end, &next) ||
          TryExplicit(b, i, end, &next) || TryAdornmentFirst(b, i, end, titles, &next)) {
        i = next;
        continue;
      }
      i = TextBlock(b, i, end, titles);
    }
  }

  size_t BlockQuote(const Block& b, size_t i, size_t end) {
    Indented ind = GetIndented(b, i, end, -1);
    NoteBody(top_level_body_);
    // An attribution ("-- author") may close the quote; it is inline text.
    ParseNested(ind.lines);
    if (!ind.blank_finish) UnindentWarning(b, ind.end, "Block quote");
    return ind.end;
  }

  // Bullet: [-+*•‣⁃] followed by spaces or end of line. Returns the marker length.
  static size_t BulletMarker(const std::string& t) {
    static const char* bullets[] = {"-", "+", "*", "\xe2\x80\xa2", "\xe2\x80\xa3", "\xe2\x81\x83"};
    for (const char* bl : bullets) {
      size_t n = std::strlen(bl);
      if (t.compare(0, n, bl) == 0 && (t.size() == n || t[n] == ' ')) return n;
    }
    return 0;
  }
  static size_t MarkerEnd(const std::string& t, size_t n) {
    while (n < t.size() && t[n] == ' ') ++n;
    return n;
  }

  // Body.list_item: with text after the marker the item's indentation is known (the marker's
  // width); otherwise it is that of the first indented line.
  Indented ListItem(const Block& b, size_t at, size_t end, size_t marker_end) {
    if (marker_end < b[at].text.size())
      return GetIndented(b, at, end, -1, false, static_cast<int>(marker_end));
    return GetIndented(b, at, end, static_cast<int>(marker_end));
  }

  bool TryBullet(const Block& b, size_t i, size_t end, size_t* next) {
    size_t n = BulletMarker(b[i].text);
    if (!n) return false;
    std::string bullet = b[i].text.substr(0, n);
    NoteBody(top_level_body_);
    bool blank_finish = true;
    size_t at = i;
    for (;;) {
      Indented item = ListItem(b, at, end, MarkerEnd(b[at].text, n));
      ParseNested(item.lines);
      blank_finish = item.blank_finish;
      at = item.end;
      while (at < end && IsBlank(b[at].text)) ++at;
      if (at < end && IndentOf(b[at].text) == 0 && BulletMarker(b[at].text) == n &&
          b[at].text.compare(0, n, bullet) == 0) {
        continue;
      }
      break;
    }
    if (!blank_finish) UnindentWarning(b, at, "Bullet list");
    *next = at;
    return true;
  }

  // ---- enumerated lists ----
  struct Enumerator {
    int format = 0;  // 0 "1.", 1 "(1)", 2 "1)"
    std::string sequence;
    std::string text;
    long ordinal = -1;  // -1: invalid roman numeral
    size_t end = 0;     // after the marker's trailing spaces
  };

  static long RomanToInt(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const std::map<char, int> v = {{'I', 1},   {'V', 5},   {'X', 10},  {'L', 50},
                                          {'C', 100}, {'D', 500}, {'M', 1000}};
    long total = 0;
    for (size_t k = 0; k < s.size(); ++k) {
      int cur = v.at(s[k]);
      int nxt = k + 1 < s.size() ? v.at(s[k + 1]) : 0;
      total += cur < nxt ? -cur : cur;
    }
    // Reject non-canonical numerals (roman.fromRoman does), by round trip.
    if (total <= 0 || total >= 5000 || IntToRoman(total) != s) return -1;
    return total;
  }
  static std::string IntToRoman(long n) {
    static const std::pair<int, const char*> table[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
        {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    std::string out;
    for (auto& [val, sym] : table) {
      while (n >= val) {
        out += sym;
        n -= val;
      }
    }
    return out;
  }

  static bool MatchesSequence(const std::string& seq, const std::string& text) {
    auto all = [&](auto pred) {
      return !text.empty() && std::all_of(text.begin(), text.end(), pred);
    };
    if (seq == "arabic")
      return all([](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (seq == "loweralpha") return text.size() == 1 && text[0] >= 'a' && text[0] <= 'z';
    if (seq == "upperalpha") return text.size() == 1 && text[0] >= 'A' && text[0] <= 'Z';
    if (seq == "lowerroman")
      return all([](char c) { return std::strchr("ivxlcdm", c) != nullptr; });
    if (seq == "upperroman")
      return all([](char c) { return std::strchr("IVXLCDM", c) != nullptr; });
    return false;
  }

  static bool ParseEnumerator(const std::string& t, const std::string& expected, Enumerator* e) {
    size_t p = 0;
    bool paren_open = false;
    if (!t.empty() && t[0] == '(') {
      paren_open = true;
      p = 1;
    }
    size_t s = p;
    if (p < t.size() && t[p] == '#') {
      ++p;
    } else if (p < t.size() && std::isdigit(static_cast<unsigned char>(t[p]))) {
      while (p < t.size() && std::isdigit(static_cast<unsigned char>(t[p]))) ++p;
    } else if (p < t.size() && std::strchr("ivxlcdm", t[p]) && t[p]) {
      while (p < t.size() && t[p] && std::strchr("ivxlcdm", t[p])) ++p;
    } else if (p < t.size() && std::strchr("IVXLCDM", t[p]) && t[p]) {
      while (p < t.size() && t[p] && std::strchr("IVXLCDM", t[p])) ++p;
    } else if (p < t.size() && std::isalpha(static_cast<unsigned char>(t[p]))) {
      ++p;
    } else {
      return false;
    }
    std::string text = t.substr(s, p - s);
    if (p >= t.size()) return false;
    if (paren_open) {
      if (t[p] != ')') return false;
      e->format = 1;
    } else if (t[p] == ')') {
      e->format = 2;
    } else if (t[p] == '.') {
      e->format = 0;
    } else {
      return false;
    }
    ++p;
    if (p < t.size() && t[p] != ' ') return false;
    e->end = MarkerEnd(t, p);
    e->text = text;
    // parse_enumerator: which sequence, then the ordinal.
    std::string seq;
    if (text == "#") {
      seq = "#";
    } else if (!expected.empty() && expected != "#" && MatchesSequence(expected, text)) {
      seq = expected;
    } else if (text == "i") {
      seq = "lowerroman";
    } else if (text == "I") {
      seq = "upperroman";
    }
    if (seq.empty()) {
      for (const char* cand : {"arabic", "loweralpha", "upperalpha", "lowerroman", "upperroman"}) {
        if (MatchesSequence(cand, text)) {
          seq = cand;
          break;
        }
      }
    }
    if (seq.empty()) return false;
    e->sequence = seq;
    if (seq == "#") {
      e->ordinal = 1;
    } else if (seq == "arabic") {
      e->ordinal = text.size() > 9 ? -1 : std::stol(text);
    } else if (seq == "loweralpha") {
      e->ordinal = text[0] - 'a' + 1;
    } else if (seq == "upperalpha") {
      e->ordinal = text[0] - 'A' + 1;
    } else {
      e->ordinal = RomanToInt(text);
    }
    return true;
  }

  static std::string MakeEnumerator(long ordinal, const std::string& seq, int format,
                                    bool auto_form) {
    std::string body;
    if (auto_form || seq == "#") {
      body = "#";
    } else if (seq == "arabic") {
      body = std::to_string(ordinal);
    } else if (seq == "loweralpha" || seq == "upperalpha") {
      if (ordinal > 26) return "";
      body = std::string(1, static_cast<char>((seq == "loweralpha" ? 'a' : 'A') + ordinal - 1));
    } else {
      body = IntToRoman(ordinal);
      if (seq == "lowerroman") body = ToLower(body);
    }
    if (format == 0) return body + ". ";
    if (format == 1) return "(" + body + ") ";
    return body + ") ";
  }

  bool IsEnumeratedItem(const Block& b, size_t i, size_t end, const Enumerator& e) {
    if (e.ordinal < 0) return false;
    if (i + 1 >= end) return true;
    const std::string& nx = b[i + 1].text;
    if (nx.empty() || nx[0] == ' ') return true;
    std::string next_enum = MakeEnumerator(e.ordinal + 1, e.sequence, e.format, false);
    std::string auto_enum = MakeEnumerator(0, e.sequence, e.format, true);
    // The comparison is against "X. " (with the space), as docutils' startswith does.
    return (!next_enum.empty() && StartsWith(nx + " ", next_enum)) ||
           StartsWith(nx + " ", auto_enum);
  }

  bool TryEnumerated(const Block& b, size_t i, size_t end, size_t* next) {
    Enumerator e;
    if (!ParseEnumerator(b[i].text, "", &e)) return false;
    if (!IsEnumeratedItem(b, i, end, e)) return false;
    NoteBody(top_level_body_);
    std::string seq = e.sequence;
    bool auto_seq = seq == "#";
    long last = e.ordinal;
    int format = e.format;
    bool blank_finish = true;
    size_t at = i;
    Enumerator cur = e;
    for (;;) {
      Indented item = ListItem(b, at, end, cur.end);
      ParseNested(item.lines);
      blank_finish = item.blank_finish;
      at = item.end;
      while (at < end && IsBlank(b[at].text)) ++at;
      if (at >= end || IndentOf(b[at].text) > 0) break;
      Enumerator n;
      if (!ParseEnumerator(b[at].text, seq, &n)) break;
      if (n.format != format ||
          (n.sequence != "#" && (n.sequence != seq || auto_seq || n.ordinal != last + 1)) ||
          !IsEnumeratedItem(b, at, end, n)) {
        break;
      }
      if (n.sequence == "#") auto_seq = true;
      last = n.ordinal;
      cur = n;
    }
    if (!blank_finish) UnindentWarning(b, at, "Enumerated list");
    *next = at;
    return true;
  }

  // ---- field lists ----
  static size_t FieldMarkerEnd(const std::string& t) {
    if (t.size() < 3 || t[0] != ':' || t[1] == ':' || t[1] == ' ') return 0;
    for (size_t j = 1; j < t.size(); ++j) {
      if (t[j] == '\\') {
        ++j;
        continue;
      }
      if (t[j] != ':') continue;
      if (j + 1 < t.size() && t[j + 1] == '`') return 0;
      if (j + 1 == t.size() || t[j + 1] == ' ') {
        if (t[j - 1] == ' ') return 0;
        return MarkerEnd(t, j + 1);
      }
    }
    return 0;
  }

  bool TryFieldList(const Block& b, size_t i, size_t end, size_t* next) {
    size_t n = FieldMarkerEnd(b[i].text);
    if (!n) return false;
    NoteBody(top_level_body_);
    bool blank_finish = true;
    size_t at = i;
    for (;;) {
      size_t m = FieldMarkerEnd(b[at].text);
      std::string name = b[at].text.substr(1, b[at].text.rfind(':', m - 1) - 1);
      CheckInline(name, b[at].no);
      Indented item = GetIndented(b, at, end, static_cast<int>(m));
      ParseNested(item.lines);
      blank_finish = item.blank_finish;
      at = item.end;
      while (at < end && IsBlank(b[at].text)) ++at;
      if (at < end && IndentOf(b[at].text) == 0 && FieldMarkerEnd(b[at].text)) continue;
      break;
    }
    if (!blank_finish) UnindentWarning(b, at, "Field list");
    *next = at;
    return true;
  }

  // ---- option lists ----
  static size_t OptionMarkerEnd(const std::string& t) {
    static const std::regex re(
        "^((?:(?:-|\\+)[a-zA-Z0-9](?: "
        "?(?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>]+>))?|(?:--|/)[a-zA-Z0-9][a-zA-Z0-9_-]*(?:[ "
        "=](?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>]+>))?)(?:, (?:(?:-|\\+)[a-zA-Z0-9](?: "
        "?(?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>]+>))?"
        "|(?:--|/)[a-zA-Z0-9][a-zA-Z0-9_-]*(?:[ =](?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>]+>))?))*)(  +| "
        "?$)");
    if (t.empty() || (t[0] != '-' && t[0] != '+' && t[0] != '/')) return 0;
    std::smatch m;
    if (!std::regex_search(t, m, re)) return 0;
    return static_cast<size_t>(m.length(0));
  }

  bool TryOptionList(const Block& b, size_t i, size_t end, size_t* next) {
    size_t n = OptionMarkerEnd(b[i].text);
    if (!n) return false;
    NoteBody(top_level_body_);
    bool blank_finish = true;
    size_t at = i;
    for (;;) {
      size_t m = OptionMarkerEnd(b[at].text);
      Indented item = GetIndented(b, at, end, static_cast<int>(m));
      ParseNested(item.lines);
      blank_finish = item.blank_finish;
      at = item.end;
      while (at < end && IsBlank(b[at].text)) ++at;
      if (at < end && IndentOf(b[at].text) == 0 && OptionMarkerEnd(b[at].text)) continue;
      break;
    }
    if (!blank_finish) UnindentWarning(b, at, "Option list");
    *next = at;
    return true;
  }

  bool TryDoctest(const Block& b, size_t i, size_t end, size_t* next) {
    const std::string& t = b[i].text;
    if (!(t == ">>>" || StartsWith(t, ">>> "))) return false;
    NoteBody(top_level_body_);
    size_t at = i;
    while (at < end && !IsBlank(b[at].text)) ++at;
    *next = at;
    return true;
  }

  bool TryLineBlock(const Block& b, size_t i, size_t end, size_t* next) {
    const std::string& t = b[i].text;
    if (!(t == "|" || StartsWith(t, "| "))) return false;
    NoteBody(top_level_body_);
    size_t at = i;
    bool blank_finish = true;
    for (;;) {
      Indented l = GetIndented(b, at, end, static_cast<int>(MarkerEnd(b[at].text, 1)), true);
      std::string text;
      for (const auto& x : l.lines) text += x.text + "\n";
      CheckInline(text, b[at].no);
      blank_finish = l.blank_finish;
      at = l.end;
      if (at < end && (b[at].text == "|" || StartsWith(b[at].text, "| "))) continue;
      break;
    }
    if (!blank_finish)
      Report(at < end ? b[at].no : b.back().no + 1, 2, "Line block ends without a blank line.");
    *next = at;
    return true;
  }

  // ---- tables ----
  static bool IsGridTop(const std::string& t) {
    std::string s = t;
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s.size() < 5 || s[0] != '+' || s[1] != '-' || s.back() != '+' || s[s.size() - 2] != '-')
      return false;
    for (size_t k = 2; k + 2 < s.size(); ++k) {
      if (s[k] != '-' && s[k] != '+') return false;
    }
    return true;
  }

  void MalformedTable(int line, const std::string& detail) {
    Report(line, 3, "Malformed table." + (detail.empty() ? std::string() : "\n" + detail));
  }

  // get_text_block(flush_left=True): lines up to a blank; an indented line is an error.
  size_t TextBlockEnd(const Block& b, size_t i, size_t end, size_t* indented_at) {
    size_t at = i;
    *indented_at = std::string::npos;
    while (at < end && !IsBlank(b[at].text)) {
      if (IndentOf(b[at].text) > 0) {
        *indented_at = at;
        break;
      }
      ++at;
    }
    return at;
  }

  bool TryGridTable(const Block& b, size_t i, size_t end, size_t* next) {
    if (!IsGridTop(b[i].text)) return false;
    NoteBody(top_level_body_);
    size_t indented_at;
    size_t stop = TextBlockEnd(b, i, end, &indented_at);
    bool blank_finish = true;
    if (indented_at != std::string::npos) {
      Report(b[indented_at].no, 3, "Unexpected indentation.");
      blank_finish = false;
    }
    std::vector<std::string> rows;
    std::vector<int> line_nos;
    for (size_t k = i; k < stop; ++k) {
      std::string s = Trim(b[k].text);
      rows.push_back(s);
      line_nos.push_back(b[k].no);
    }
    size_t width = rows[0].size();
    for (size_t k = 0; k < rows.size(); ++k) {
      if (rows[k].empty() || (rows[k][0] != '+' && rows[k][0] != '|')) {
        blank_finish = false;
        stop = i + k;
        rows.resize(k);
        line_nos.resize(k);
        break;
      }
    }
    size_t consumed = stop;
    if (!IsGridTop(rows.back())) {
      blank_finish = false;
      bool found = false;
      for (size_t k = rows.size() >= 2 ? rows.size() - 2 : 0; k > 1; --k) {
        if (IsGridTop(rows[k])) {
          consumed = i + k + 1;
          rows.resize(k + 1);
          line_nos.resize(k + 1);
          found = true;
          break;
        }
      }
      if (!found) {
        MalformedTable(line_nos.back(), "");
        *next = stop;
        if (!blank_finish && stop < end) Report(b[stop].no, 2, "Blank line required after table.");
        return true;
      }
    }
    for (size_t k = 0; k < rows.size(); ++k) {
      if (rows[k].size() != width || (rows[k].back() != '+' && rows[k].back() != '|')) {
        MalformedTable(line_nos.back(), "");
        *next = consumed;
        return true;
      }
    }
    std::string problem = ParseGridTable(rows, line_nos);
    if (!problem.empty()) {
      MalformedTable(line_nos.front(), problem);
    }
    *next = consumed;
    if (!blank_finish && consumed < end && !IsBlank(b[consumed].text)) {
      Report(b[consumed].no, 2, "Blank line required after table.");
    }
    return true;
  }

  // docutils' GridTableParser: scan cells from their top-left corners; every column must be
  // covered from top to bottom. Cell contents are parsed as body elements.
  std::string ParseGridTable(const std::vector<std::string>& block,
                             const std::vector<int>& line_nos) {
    int bottom = static_cast<int>(block.size()) - 1;
    int right = static_cast<int>(block[0].size()) - 1;
    std::vector<int> done(right + 1, -1);
    std::vector<std::pair<int, int>> corners = {{0, 0}};
    auto at = [&](int r, int c) -> char {
      return c < static_cast<int>(block[r].size()) ? block[r][c] : ' ';
    };
    while (!corners.empty()) {
      auto [top, left] = corners.front();
      corners.erase(corners.begin());
      if (top == bottom || left == right || top <= done[left]) continue;
      // scan_cell: right along the top, down the right side, left along the bottom, up the left.
      int cell_bottom = -1, cell_right = -1;
      for (int c = left + 1; c <= right && cell_bottom < 0; ++c) {
        char ch = at(top, c);
        if (ch == '+') {
          for (int r = top + 1; r <= bottom; ++r) {
            char rc = at(r, c);
            if (rc == '+') {
              bool ok = true;
              for (int cc = c - 1; cc > left; --cc) {
                char bc = at(r, cc);
                if (bc != '+' && bc != '-' && bc != '=') {
                  ok = false;
                  break;
                }
              }
              if (ok && at(r, left) != '+') ok = false;
              if (ok) {
                for (int rr = r - 1; rr > top; --rr) {
                  char lc = at(rr, left);
                  if (lc != '+' && lc != '|') {
                    ok = false;
                    break;
                  }
                }
              }
              if (ok) {
                cell_bottom = r;
                cell_right = c;
                break;
              }
            } else if (rc != '|') {
              break;
            }
          }
        } else if (ch != '-' && ch != '=') {
          break;
        }
      }
      if (cell_bottom < 0) continue;
      for (int c = left; c < cell_right; ++c) {
        if (done[c] != top - 1 && !(top == 0 && done[c] == -1))
          return "Malformed table; parse incomplete.";
        done[c] = cell_bottom - 1;
      }
      // Cell content.
      Block cell;
      for (int r = top + 1; r < cell_bottom; ++r) {
        std::string row = block[r].substr(left + 1, cell_right - left - 1);
        while (!row.empty() && row.back() == ' ') row.pop_back();
        cell.push_back({row, line_nos[r]});
      }
      int common = 1 << 20;
      for (auto& l : cell) {
        if (!IsBlank(l.text)) common = std::min(common, IndentOf(l.text));
      }
      for (auto& l : cell) l.text = IsBlank(l.text) ? "" : l.text.substr(common);
      ParseNested(cell);
      corners.push_back({top, cell_right});
      corners.push_back({cell_bottom, left});
      std::sort(corners.begin(), corners.end());
    }
    for (int c = 0; c < right; ++c) {
      if (done[c] != bottom - 1) return "Malformed table; parse incomplete.";
    }
    return "";
  }

  static bool IsSimpleTableBorder(const std::string& t) {
    if (t.empty() || t[0] != '=') return false;
    for (char c : t) {
      if (c != '=' && c != ' ') return false;
    }
    return true;
  }
  static bool IsSimpleTableTop(const std::string& t) {
    return IsSimpleTableBorder(t) && t.find(' ') != std::string::npos && t.back() == '=' && [&] {
      size_t sp = t.find(' ');
      return t.find('=', sp) != std::string::npos;
    }();
  }

  bool TrySimpleTable(const Block& b, size_t i, size_t end, size_t* next) {
    if (!IsSimpleTableTop(b[i].text)) return false;
    NoteBody(top_level_body_);
    std::string top = Trim(b[i].text);
    size_t found = 0, found_at = 0, stop = end;
    bool complete = false;
    for (size_t k = i + 1; k < end; ++k) {
      if (IsSimpleTableBorder(b[k].text)) {
        if (Trim(b[k].text).size() != top.size()) {
          MalformedTable(b[k].no, "Bottom border or header rule does not match top border.");
          // docutils consumes up to this line.
          *next = k + 1;
          return true;
        }
        ++found;
        found_at = k;
        if (found == 2 || k + 1 >= end || IsBlank(b[k + 1].text)) {
          stop = k + 1;
          complete = true;
          break;
        }
      }
    }
    if (!complete) {
      std::string extra = found ? " or no blank line after table bottom" : "";
      size_t last = found ? found_at : end - 1;
      MalformedTable(b[last].no, "No bottom table border found" + extra + ".");
      *next = last + 1;
      return true;
    }
    // Columns from the top border.
    std::vector<std::pair<size_t, size_t>> cols;
    for (size_t c = 0; c < top.size();) {
      if (top[c] == '=') {
        size_t s = c;
        while (c < top.size() && top[c] == '=') ++c;
        cols.push_back({s, c});
      } else {
        ++c;
      }
    }
    for (size_t k = i + 1; k + 1 < stop; ++k) {
      const std::string& row = b[k].text;
      if (IsSimpleTableBorder(row) || IsBlank(row)) continue;
      // A column-span underline ("-----  ----") is allowed; text in a margin is not.
      bool span_line = row.find_first_not_of("- ") == std::string::npos;
      if (span_line) continue;
      for (size_t c = 0; c + 1 < cols.size(); ++c) {
        for (size_t p = cols[c].second; p < cols[c + 1].first && p < row.size(); ++p) {
          if (row[p] != ' ') {
            MalformedTable(
                b[k].no, "Text in column margin in table line " + std::to_string(k - i + 1) + ".");
            *next = stop;
            return true;
          }
        }
      }
      for (size_t c = 0; c < cols.size(); ++c) {
        size_t s = cols[c].first;
        size_t e = c + 1 < cols.size() ? cols[c].second : row.size();
        if (s < row.size()) CheckInline(Trim(row.substr(s, e - s)), b[k].no);
      }
    }
    *next = stop;
    return true;
  }

  // ---- explicit markup ----
  bool TryExplicit(const Block& b, size_t i, size_t end, size_t* next) {
    const std::string& t = b[i].text;
    bool anonymous_short = StartsWith(t, "__ ") || t == "__";
    if (!(StartsWith(t, ".. ") || t == ".." || anonymous_short)) return false;
    // Comments, targets and substitution definitions are invisible: they neither separate
    // transitions nor start a section's body (directives and footnotes note themselves).
    size_t at = i;
    bool blank_finish = true;
    for (;;) {
      const std::string& cur = b[at].text;
      bool anon = StartsWith(cur, "__ ") || cur == "__";
      int first = static_cast<int>(MarkerEnd(cur, 2));
      // Hyperlink targets end at a blank line (get_first_known_indented(until_blank=True)).
      bool target = anon || (static_cast<size_t>(first) < cur.size() && cur[first] == '_');
      Indented blk = GetIndented(b, at, end, first, target);
      if (anon) {
        ++anonymous_targets_;
      } else {
        ExplicitConstruct(blk, b[at].no);
      }
      blank_finish = blk.blank_finish;
      at = blk.end;
      if (at < end &&
          (StartsWith(b[at].text, ".. ") || b[at].text == ".." || StartsWith(b[at].text, "__ "))) {
        continue;
      }
      break;
    }
    if (!blank_finish) UnindentWarning(b, at, "Explicit markup");
    *next = at;
    return true;
  }

  void ExplicitConstruct(const Indented& blk, int line) {
    if (blk.lines.empty()) return;
    const std::string& first = blk.lines[0].text;
    // Footnotes and citations: ".. [label] text".
    if (!first.empty() && first[0] == '[') {
      size_t close = first.find(']');
      if (close != std::string::npos && (close + 1 == first.size() || first[close + 1] == ' ')) {
        std::string label = first.substr(1, close - 1);
        bool numbered = !label.empty() && std::all_of(label.begin(), label.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        });
        bool ok = numbered || label == "#" || label == "*" ||
                  (label.size() > 1 && label[0] == '#' && IsSimpleName(label.substr(1))) ||
                  IsSimpleName(label);
        if (ok) {
          if (label == "#") {
            ++auto_footnotes_;
          } else if (label == "*") {
            ++symbol_footnotes_;
          } else if (label[0] == '#') {
            auto_footnote_labels_.insert(NormalizeRefName(label.substr(1)));
            AddTarget(label.substr(1), true, line, false, "");
          } else {
            AddTarget(label, true, line, false, "");
          }
          NoteBody(top_level_body_);
          Block body = blk.lines;
          body[0].text = Trim(first.substr(close + 1));
          ParseNested(body);
          return;
        }
      }
    }
    // Hyperlink targets: ".. _name: uri", ".. __: uri".
    if (!first.empty() && first[0] == '_') {
      std::string all;
      for (const auto& l : blk.lines) all += l.text + "\n";
      if (StartsWith(all, "__:")) {
        ++anonymous_targets_;
        return;
      }
      size_t name_end = std::string::npos, uri_start = 0;
      std::string name;
      if (all.size() > 1 && all[1] == '`') {
        // "`name`:" or "`name` :", then whitespace.
        size_t close = all.find("`:", 2);
        size_t spaced = all.find("` :", 2);
        if (spaced != std::string::npos && (close == std::string::npos || spaced < close)) {
          close = spaced;
          all.erase(spaced + 1, 1);
        }
        if (close != std::string::npos && close + 2 < all.size() && !IsSpace(all[close + 2]))
          close = std::string::npos;
        if (close != std::string::npos) {
          name = all.substr(2, close - 2);
          name_end = close;
          uri_start = close + 2;
        }
      } else {
        for (size_t k = 1; k < all.size(); ++k) {
          if (all[k] == '\\') {
            ++k;
            continue;
          }
          // "name:" or "name :" (one optional space before the colon).
          bool spaced = k > 2 && all[k - 1] == ' ' && !IsSpace(all[k - 2]);
          if (all[k] == ':' && (k + 1 >= all.size() || IsSpace(all[k + 1])) && k > 1 &&
              (!IsSpace(all[k - 1]) || spaced)) {
            name = all.substr(1, spaced ? k - 2 : k - 1);
            // The name may not end with an unescaped colon (".. _code:: x" is no target).
            if (!name.empty() && name.back() == ':' &&
                (name.size() < 2 || name[name.size() - 2] != '\\')) {
              name.clear();
              break;
            }
            name_end = k;
            uri_start = k + 1;
            break;
          }
        }
      }
      if (name_end != std::string::npos && !name.empty() && name[0] != ' ') {
        std::string uri;
        for (size_t k = uri_start; k < all.size(); ++k) {
          if (!IsSpace(all[k])) uri += all[k];
        }
        std::string unescaped_name;
        for (size_t k = 0; k < name.size(); ++k) {
          if (name[k] == '\\' && k + 1 < name.size()) ++k;
          unescaped_name += name[k];
        }
        if (uri.size() > 1 && uri.back() == '_' && uri[uri.size() - 2] != '\\' &&
            uri.find("://") == std::string::npos) {
          std::string ref = uri.substr(0, uri.size() - 1);
          if (ref.size() > 1 && ref.front() == '`' && ref.back() == '`')
            ref = ref.substr(1, ref.size() - 2);
          AddTarget(unescaped_name, true, line, false, "");
          indirect_.push_back({NormalizeRefName(unescaped_name), {NormalizeRefName(ref), line}});
        } else {
          AddTarget(unescaped_name, true, line, !uri.empty(), uri);
        }
        return;
      }
    }
    if (!first.empty() && first[0] == '_' && (first.size() == 1 || first[1] != ' ')) {
      Report(line, 2, "malformed hyperlink target.");
      return;
    }
    // Substitution definitions: ".. |name| directive:: ...".
    if (!first.empty() && first[0] == '|' && first.size() > 1 && first[1] != ' ') {
      std::string all;
      for (const auto& l : blk.lines) all += l.text + "\n";
      size_t close = std::string::npos;
      for (size_t k = 1; k < all.size(); ++k) {
        if (all[k] == '|' && !IsSpace(all[k - 1]) && (k + 1 >= all.size() || IsSpace(all[k + 1]))) {
          close = k;
          break;
        }
      }
      if (close == std::string::npos) {
        Report(line, 2, "malformed substitution definition.");
        return;
      }
      if (close != std::string::npos) {
        std::string name = CollapseWhitespace(all.substr(1, close - 1));
        subst_defs_.insert(name);
        subst_defs_lower_.insert(ToLower(name));
        Block rest = blk.lines;
        // Drop "|name|" from the first line; the remainder is a directive.
        std::string remainder = Trim(all.substr(close + 1));
        if (remainder.empty()) {
          Report(line, 2, "Substitution definition \"" + name + "\" missing contents.");
          return;
        }
        size_t first_close = first.find('|', 1);
        if (first_close != std::string::npos && first_close < first.size()) {
          rest[0].text = Trim(first.substr(first_close + 1));
        }
        while (!rest.empty() && IsBlank(rest[0].text)) rest.erase(rest.begin());
        std::string dname;
        size_t after;
        if (!rest.empty() && ParseDirectiveStart(rest[0].text, &dname, &after, false)) {
          rest[0].text = rest[0].text.substr(after);
          RunDirective(dname, rest, line, true, name);
        } else {
          Report(line, 2, "Substitution definition \"" + name + "\" empty or invalid.");
        }
        return;
      }
    }
    // Directives: ".. name:: ...".
    std::string dname;
    size_t after;
    if (ParseDirectiveStart(first, &dname, &after)) {
      Block rest = blk.lines;
      rest[0].text = first.substr(after);
      RunDirective(dname, rest, line, false, "");
      return;
    }
    // Anything else is a comment.
  }

  // directives.length_or_unitless / length_or_percentage_or_unitless.
  static bool IsMeasure(const std::string& v, bool percent_ok) {
    static const std::regex unit("^\\s*[0-9]*\\.?[0-9]+\\s*(em|ex|px|in|cm|mm|pt|pc|%)?\\s*$");
    std::smatch m;
    if (!std::regex_match(v, m, unit)) return false;
    return percent_ok || m[1] != "%";
  }

  // "name::" ("name ::" too, except inside a substitution definition).
  static bool ParseDirectiveStart(const std::string& t, std::string* name, size_t* after,
                                  bool allow_space = true) {
    auto ends = SimpleNameEnds(t, 0);
    for (size_t e : ends) {
      size_t p = e;
      if (allow_space && p < t.size() && t[p] == ' ') ++p;
      if (t.compare(p, 2, "::") == 0 && (p + 2 == t.size() || t[p + 2] == ' ')) {
        *name = t.substr(0, e);
        *after = MarkerEnd(t, p + 2);
        return true;
      }
    }
    return false;
  }

  // A directive's parts as docutils' parse_directive_block separates them.
  struct DirectiveParts {
    std::vector<std::string> args;
    std::map<std::string, std::string> options;
    Block content;
  };

  // One directive: where it may stand, then its arguments, options and content, then what its
  // family does with them (tables, names it defines, nested or inline text).
  void RunDirective(const std::string& name, Block lines, int line, bool in_substitution,
                    const std::string& subst_name) {
    const DirectiveSpec* spec = FindDirective(name);
    if (!spec) {
      Report(line, 3, "Unknown directive type \"" + name + "\".");
      return;
    }
    if (!DirectiveAllowedHere(spec->name, line, in_substitution)) return;
    DirectiveParts parts;
    std::string detail;
    if (!ParseDirectiveBlock(*spec, std::move(lines), &parts, &detail)) {
      Report(line, 3, "Error in \"" + name + "\" directive:\n" + detail + ".");
      return;
    }
    if (!CheckDirectiveContent(*spec, name, parts.content, line)) return;
    std::string lname = spec->name;
    static const std::set<std::string> invisible = {
        "role",    "default-role",      "title",        "meta",  "header",  "footer",  "contents",
        "sectnum", "section-numbering", "target-notes", "class", "replace", "unicode", "date"};
    if (!invisible.count(lname) && !in_substitution) NoteBody(top_level_body_);
    if (!CheckTableDirective(lname, parts, line)) return;
    RecordDirectiveNames(lname, parts, line);
    ParseDirectiveText(*spec, parts, line);
    (void)subst_name;
  }

  // Directives disabled for PyPI (raw, include) and the ones only a substitution may hold.
  bool DirectiveAllowedHere(const std::string& lname, int line, bool in_substitution) {
    if (lname == "raw") {
      Report(line, 2, "\"raw\" directive disabled.");
      return false;
    }
    if (lname == "include") {
      Report(line, 2, "\"include\" directive disabled.");
      return false;
    }
    if ((lname == "replace" || lname == "unicode" || lname == "date") && !in_substitution) {
      Report(line, 3,
             "Invalid context: the \"" + lname +
                 "\" directive can only be used within a substitution definition.");
      return false;
    }
    return true;
  }

  // Splits the block after "::" into arguments, options and content. False with the detail of
  // docutils' "Error in ... directive" message.
  bool ParseDirectiveBlock(const DirectiveSpec& spec, Block lines, DirectiveParts* out,
                           std::string* detail) {
    // parse_directive_block drops one blank first line (nothing after "::").
    if (!lines.empty() && IsBlank(lines.front().text)) lines.erase(lines.begin());
    bool takes_args = spec.required_args || spec.optional_args;
    Block arg_block, content;
    size_t content_start = 0;
    if (!lines.empty() && (takes_args || spec.options)) {
      size_t k = 0;
      while (k < lines.size() && !IsBlank(lines[k].text)) ++k;
      arg_block.assign(lines.begin(), lines.begin() + k);
      content_start = k + 1;
      if (content_start < lines.size()) content.assign(lines.begin() + content_start, lines.end());
    } else {
      content = lines;
    }
    if (spec.options && !ParseDirectiveOptions(spec, &arg_block, &out->options, detail))
      return false;
    if (!arg_block.empty() && !takes_args) {
      // The text after "::" starts the content.
      Block merged = arg_block;
      if (content_start > 0 && content_start <= lines.size()) {
        merged.insert(merged.end(), lines.begin() + (content_start - 1), lines.end());
      }
      content = merged;
      arg_block.clear();
    }
    while (!content.empty() && IsBlank(content.front().text)) content.erase(content.begin());
    while (!content.empty() && IsBlank(content.back().text)) content.pop_back();
    out->content = std::move(content);
    if (takes_args && !ParseDirectiveArguments(spec, arg_block, &out->args, detail)) return false;
    if (!out->content.empty() && spec.content == Content::kNone) {
      *detail = "no content permitted";
      return false;
    }
    return true;
  }

  // Takes the option lines (from the first field marker on) off `arg_block` and checks each
  // option against the directive's list and the option's value type.
  bool ParseDirectiveOptions(const DirectiveSpec& spec, Block* arg_block,
                             std::map<std::string, std::string>* options, std::string* detail) {
    size_t k = 0;
    while (k < arg_block->size() && !FieldMarkerEnd((*arg_block)[k].text)) ++k;
    Block opt_block(arg_block->begin() + k, arg_block->end());
    arg_block->resize(k);
    std::set<std::string> known;
    for (const std::string& o : Split(spec.options, ' ')) known.insert(o);
    // Each option: ":name: value", the value continued on more-indented lines.
    std::vector<std::pair<std::string, std::string>> entries;
    for (size_t o = 0; o < opt_block.size(); ++o) {
      const std::string& ot = opt_block[o].text;
      size_t m = FieldMarkerEnd(ot);
      if (!m) {
        if (IndentOf(ot) > 0 && !entries.empty()) {
          entries.back().second += "\n" + Trim(ot);
          continue;
        }
        *detail = "invalid option block";
        return false;
      }
      // The option name is parsed as inline text: "alt_" (a reference) reads as "alt".
      std::string oname = ot.substr(1, ot.rfind(':', m - 1) - 1);
      for (const char* suffix : {"__", "_"}) {
        std::string sfx = suffix;
        if (oname.size() > sfx.size() && EndsWith(oname, sfx) &&
            IsSimpleName(oname.substr(0, oname.size() - sfx.size()))) {
          oname = oname.substr(0, oname.size() - sfx.size());
          break;
        }
      }
      entries.push_back({ToLower(oname), Trim(ot.substr(m))});
    }
    for (const auto& [oname, v] : entries) {
      if (!known.count(oname)) {
        *detail = "unknown option: \"" + oname + "\"";
        return false;
      }
      if (options->count(oname)) {
        *detail = "duplicate option \"" + oname + "\"";
        return false;
      }
      (*options)[oname] = v;
      *detail = OptionValueProblem(spec.name, oname, v);
      if (!detail->empty()) return false;
    }
    return true;
  }

  // docutils' option converters (length_or_percentage_or_unitless, choice, positive_int_list,
  // flag, nonnegative_int): the detail of the error for a bad value, "" for a good one.
  static std::string OptionValueProblem(const std::string& lname, const std::string& oname,
                                        const std::string& v) {
    static const std::set<std::string> integer_options = {"header-rows", "stub-columns", "depth",
                                                          "start", "scale"};
    std::string digits = v;
    if (oname == "scale" && !digits.empty() && digits.back() == '%') digits.pop_back();
    digits = Trim(digits);
    bool is_int = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c));
    });
    if ((oname == "width" || oname == "height") && !IsMeasure(v, oname == "width")) {
      return "invalid option value: (option: \"" + oname + "\"; value: '" + v + "')\n\"" + v +
             "\" is no valid measure.";
    }
    // Options with a fixed set of values (directives.choice) and flags.
    std::string choices;
    if (oname == "backlinks") choices = "top entry none";
    if (oname == "align") {
      choices = lname == "image" ? "top middle bottom left center right" : "left center right";
    }
    if (!choices.empty()) {
      std::vector<std::string> allowed = Split(choices, ' ');
      if (std::find(allowed.begin(), allowed.end(), ToLower(v)) == allowed.end()) {
        return "invalid option value: (option: \"" + oname + "\"; value: '" + v + "')\n\"" + v +
               "\" unknown";
      }
    }
    if (oname == "widths" && v != "auto" && v != "grid") {
      // directives.positive_int_list: integers separated by commas and/or whitespace.
      std::string list = v;
      std::replace(list.begin(), list.end(), ',', ' ');
      std::replace(list.begin(), list.end(), '\n', ' ');
      bool ok = !Trim(list).empty();
      for (const std::string& w : Split(list, ' ')) {
        if (w.empty()) continue;
        if (!std::all_of(w.begin(), w.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
            std::atoi(w.c_str()) <= 0) {
          ok = false;
        }
      }
      if (!ok)
        return "invalid option value: (option: \"widths\"; value: '" + v +
               "')\ninvalid literal for int()";
    }
    if (oname == "local" && !v.empty()) {
      return "invalid option value: (option: \"local\"; value: '" + v +
             "')\nno argument is permitted; \"" + v + "\" supplied";
    }
    if (integer_options.count(oname) && !is_int) {
      return "invalid option value: (option: \"" + oname + "\"; value: '" + v +
             "')\ninvalid literal for int() with base 10: '" + v + "'";
    }
    return "";
  }

  // The whitespace-separated arguments, counted against the directive's required and optional
  // numbers (the last one may hold spaces when final_whitespace is set).
  static bool ParseDirectiveArguments(const DirectiveSpec& spec, const Block& arg_block,
                                      std::vector<std::string>* args, std::string* detail) {
    std::string arg_text;
    for (const auto& l : arg_block) arg_text += l.text + "\n";
    for (const std::string& w : Split(CollapseWhitespace(arg_text), ' ')) {
      if (!w.empty()) args->push_back(w);
    }
    int maxargs = spec.required_args + spec.optional_args;
    if (static_cast<int>(args->size()) < spec.required_args) {
      *detail = std::to_string(spec.required_args) + " argument(s) required, " +
                std::to_string(args->size()) + " supplied";
      return false;
    }
    if (static_cast<int>(args->size()) > maxargs && !spec.final_whitespace) {
      *detail = "maximum " + std::to_string(maxargs) + " argument(s) allowed, " +
                std::to_string(args->size()) + " supplied";
      return false;
    }
    return true;
  }

  // A directive that needs content and has none.
  bool CheckDirectiveContent(const DirectiveSpec& spec, const std::string& name,
                             const Block& content, int line) {
    bool required = spec.content == Content::kBodyRequired ||
                    spec.content == Content::kLiteralRequired ||
                    spec.content == Content::kInlineRequired;
    if (!content.empty() || !required) return true;
    std::string lname = spec.name;
    if (lname == "list-table") {
      Report(line, 3, "The \"list-table\" directive is empty; content required.");
    } else if (lname == "replace") {
      Report(line, 3, "The \"replace\" directive is empty; content required.");
    } else {
      Report(line, 3, "Content block expected for the \"" + name + "\" directive; none found.");
    }
    return false;
  }

  // The table directives: a csv-table needs data, a list-table's list must be uniform.
  bool CheckTableDirective(const std::string& lname, const DirectiveParts& parts, int line) {
    if (lname == "csv-table" && parts.content.empty() && !parts.options.count("file") &&
        !parts.options.count("url")) {
      Report(line, 2, "The \"csv-table\" directive requires content; none supplied.");
      return false;
    }
    if (lname == "list-table" && !parts.content.empty()) {
      std::string problem = ListTableProblem(parts.content, parts.options);
      if (!problem.empty()) {
        Report(line, 3, problem);
        return false;
      }
    }
    return true;
  }

  // Names a directive defines or refers to: a custom role, an image's `:target: name_`.
  void RecordDirectiveNames(const std::string& lname, const DirectiveParts& parts, int line) {
    if (lname == "role" && !parts.args.empty()) {
      std::string role = parts.args[0];
      size_t paren = role.find('(');
      if (paren != std::string::npos) role = role.substr(0, paren);
      custom_roles_.insert(ToLower(role));
    }
    auto target = parts.options.find("target");
    if (target != parts.options.end()) {
      const std::string& v = target->second;
      bool phrase = v.size() > 3 && v.front() == '`' && EndsWith(v, "`_");
      if (v.size() > 1 && v.back() == '_' && v.find("://") == std::string::npos &&
          (phrase || v.find(' ') == std::string::npos)) {
        std::string ref = v.substr(0, v.size() - 1);
        if (ref.size() > 1 && ref.front() == '`' && ref.back() == '`')
          ref = ref.substr(1, ref.size() - 2);
        refs_.push_back({NormalizeRefName(ref), line});
      }
    }
  }

  // The text a directive holds: titles and inline content checked as inline markup, bodies
  // parsed as nested reStructuredText.
  void ParseDirectiveText(const DirectiveSpec& spec, const DirectiveParts& parts, int line) {
    std::string lname = spec.name;
    if (lname == "rubric" || lname == "topic" || lname == "admonition" || lname == "sidebar") {
      std::string title;
      for (const auto& a : parts.args) title += a + " ";
      CheckInline(title, line);
    }
    const Block& content = parts.content;
    switch (spec.content) {
      case Content::kBody:
      case Content::kBodyRequired:
      case Content::kOptional:
        if (lname == "figure" && !content.empty()) {
          ParseNested(content);
        } else if (lname != "meta") {
          ParseNested(content);
        }
        break;
      case Content::kInlineRequired: {
        std::string text;
        for (const auto& l : content) text += l.text + "\n";
        CheckInline(text, content.empty() ? line : content[0].no);
        break;
      }
      default:
        break;
    }
  }

  // The items of a bullet list that makes up all of `b` (blank lines aside): each item's body, or
  // false when `b` is not exactly one bullet list.
  bool SingleBulletList(const Block& b, std::vector<Block>* items) {
    size_t i = 0;
    while (i < b.size() && IsBlank(b[i].text)) ++i;
    if (i >= b.size()) return false;
    size_t n = BulletMarker(b[i].text);
    if (!n || IndentOf(b[i].text) != 0) return false;
    std::string bullet = b[i].text.substr(0, n);
    while (i < b.size()) {
      if (IsBlank(b[i].text)) {
        ++i;
        continue;
      }
      if (IndentOf(b[i].text) != 0 || BulletMarker(b[i].text) != n ||
          b[i].text.compare(0, n, bullet) != 0)
        return false;
      Indented item = ListItem(b, i, b.size(), MarkerEnd(b[i].text, n));
      items->push_back(item.lines);
      i = item.end;
    }
    return true;
  }

  // docutils' list-table checks: one bullet list of bullet lists, rows of equal length, and
  // enough rows for the header.
  std::string ListTableProblem(const Block& content,
                               const std::map<std::string, std::string>& options) {
    const std::string prefix = "Error parsing content block for the \"list-table\" directive: ";
    std::vector<Block> rows;
    if (!SingleBulletList(content, &rows)) return prefix + "exactly one bullet list expected.";
    size_t cols = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      std::vector<Block> cells;
      if (!SingleBulletList(rows[r], &cells)) {
        return prefix + "two-level bullet list expected, but row " + std::to_string(r + 1) +
               " does not contain a second-level bullet list.";
      }
      if (r == 0) {
        cols = cells.size();
      } else if (cells.size() != cols) {
        return prefix + "uniform two-level bullet list expected, but row " + std::to_string(r + 1) +
               " does not contain the same number of items as row 1 (" +
               std::to_string(cells.size()) + " vs " + std::to_string(cols) + ").";
      }
    }
    auto hr = options.find("header-rows");
    if (hr != options.end()) {
      size_t header = static_cast<size_t>(std::atoi(hr->second.c_str()));
      if (rows.size() < header) {
        return std::to_string(header) + " header row(s) specified but only " +
               std::to_string(rows.size()) + " row(s) of data supplied (\"list-table\" directive).";
      }
      if (header > 0 && rows.size() == header) {
        return "Insufficient data supplied (" + std::to_string(rows.size()) +
               " row(s)); no data remaining for table body, required by \"list-table\" directive.";
      }
    }
    return "";
  }

  // A line of adornment characters at the start of a body element: an overlined title or a
  // transition.
  bool TryAdornmentFirst(const Block& b, size_t i, size_t end, bool titles, size_t* next) {
    const std::string& over = b[i].text;
    if (!IsAdornmentLine(over)) return false;
    if (!titles) {
      if (over == "::" || over.size() < 4) return false;  // ordinary text
      Report(b[i].no, 4, "Unexpected section title or transition.");
      *next = i + 1;
      return true;
    }
    // Line state.
    if (i + 1 >= end || IsBlank(b[i + 1].text)) {
      if (over.size() < 4) return false;  // state_correction: text
      events_.push_back({'T', b[i].no});
      *next = i + 1;
      return true;
    }
    const std::string& title_line = b[i + 1].text;
    if (IsAdornmentLine(title_line) && IndentOf(title_line) == 0) {
      // Line.underline: two adornment lines in a row.
      if (over.size() < 4) return false;
      Report(b[i].no, 3, "Invalid section title or transition marker.");
      *next = i + 2;
      return true;
    }
    if (i + 2 >= end) {
      if (over.size() < 4) return false;
      Report(b[i].no, 4, "Incomplete section title.");
      *next = i + 2;
      return true;
    }
    const std::string& under = b[i + 2].text;
    if (!IsAdornmentLine(under)) {
      if (over.size() < 4) return false;
      Report(b[i].no, 4, "Missing matching underline for section title overline.");
      *next = i + 3;
      return true;
    }
    if (over != under) {
      if (over.size() < 4) return false;
      Report(b[i].no, 4, "Title overline & underline mismatch.");
      *next = i + 3;
      return true;
    }
    // The width counts the title's indentation (docutils only strips it on the right here).
    std::string title = title_line;
    while (!title.empty() && title.back() == ' ') title.pop_back();
    if (ColumnWidth(title) > static_cast<int>(over.size())) {
      if (over.size() < 4) return false;
      Report(b[i].no, 2, "Title overline too short.");
    }
    Section(Trim(title), std::string(1, over[0]) + over[0], b[i + 1].no, b[i + 1].no);
    *next = i + 3;
    return true;
  }

  void Section(const std::string& title, const std::string& style, int title_line,
               int report_line) {
    auto it = std::find(title_styles_.begin(), title_styles_.end(), style);
    int level;
    if (it == title_styles_.end()) {
      if (static_cast<int>(title_styles_.size()) == section_level_) {
        title_styles_.push_back(style);
        level = section_level_ + 1;
      } else {
        Report(report_line, 3,
               "Inconsistent title style: skip from level " + std::to_string(section_level_) +
                   " to " + std::to_string(title_styles_.size() + 1) + ".");
        return;
      }
    } else {
      level = static_cast<int>(it - title_styles_.begin()) + 1;
      if (level > section_level_ + 1) {
        Report(report_line, 3,
               "Inconsistent title style: skip from level " + std::to_string(section_level_) +
                   " to " + std::to_string(level) + ".");
        return;
      }
    }
    section_level_ = level;
    visible_ = true;
    events_.push_back({'S', title_line});
    // An embedded URI in the title ("`text <url>`_") leaves a target node right after the
    // title, so a transition that follows no longer starts the section.
    if (title.find(">`_") != std::string::npos && title.find(">`__") == std::string::npos) {
      events_.push_back({'B', title_line});
    }
    CheckInline(title, title_line);
    AddTarget(PlainText(title), false, title_line, false, "");
  }

  // The text of a title as docutils' astext() would give it (markup characters removed).
  static std::string PlainText(const std::string& s) {
    // Embedded targets ("`text <url>`_") render as their text.
    std::string t;
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '<' && k > 0 && s[k - 1] == ' ') {
        size_t close = s.find(">`", k);
        if (close != std::string::npos) {
          while (!t.empty() && t.back() == ' ') t.pop_back();
          k = close;
          continue;
        }
      }
      t += s[k];
    }
    std::string out;
    for (size_t k = 0; k < t.size(); ++k) {
      char c = t[k];
      if (c == '\\' && k + 1 < t.size()) {
        out += t[++k];
        continue;
      }
      if (c == '*' || c == '`' || c == '|') continue;
      // Reference suffixes ("name_", "`phrase`__") are markup, not text.
      if (c == '_' && (k + 1 == t.size() || t[k + 1] == ' ' || t[k + 1] == '_' ||
                       std::strchr(".,;:!?)", t[k + 1]))) {
        bool after_word =
            !out.empty() && (IsWordByte(out.back()) || t[k - 1] == '`' || t[k - 1] == '_');
        if (after_word) continue;
      }
      out += c;
    }
    return out;
  }

  // Text state: title underline, definition list item, or paragraph (with a possible literal
  // block).
  size_t TextBlock(const Block& b, size_t i, size_t end, bool titles) {
    const std::string& first = b[i].text;
    if (i + 1 < end && !IsBlank(b[i + 1].text)) {
      const std::string& second = b[i + 1].text;
      if (IndentOf(second) > 0) {
        return DefinitionList(b, i, end);
      }
      if (IsAdornmentLine(second)) {
        std::string title = first;
        while (!title.empty() && title.back() == ' ') title.pop_back();
        bool is_title = true;
        if (ColumnWidth(title) > static_cast<int>(second.size())) {
          if (second.size() < 4) {
            is_title = false;  // INFO only: ordinary text
          } else {
            Report(b[i + 1].no, 2, "Title underline too short.");
          }
        }
        if (is_title) {
          if (!titles) {
            Report(b[i + 1].no, 4, "Unexpected section title.");
            return i + 2;
          }
          Section(title, std::string(1, second[0]), b[i].no, b[i].no);
          return i + 2;
        }
      }
    }
    return Paragraph(b, i, end);
  }

  size_t Paragraph(const Block& b, size_t i, size_t end) {
    NoteBody(top_level_body_);
    size_t indented_at;
    size_t stop = TextBlockEnd(b, i, end, &indented_at);
    std::string text;
    for (size_t k = i; k < stop; ++k) text += b[k].text + (k + 1 < stop ? "\n" : "");
    bool literal_next = false;
    std::string trimmed = text;
    while (!trimmed.empty() && IsSpace(trimmed.back())) trimmed.pop_back();
    if (trimmed.size() >= 2 && trimmed.compare(trimmed.size() - 2, 2, "::") == 0) {
      // "\::" is an escaped colon, not a literal-block marker.
      size_t backslashes = 0;
      for (size_t k = trimmed.size() - 2; k > 0 && trimmed[k - 1] == '\\'; --k) ++backslashes;
      literal_next = backslashes % 2 == 0;
    }
    CheckInline(text, b[i].no);
    size_t at = stop;
    if (indented_at != std::string::npos) {
      Report(b[indented_at].no, 3, "Unexpected indentation.");
    }
    if (literal_next) {
      // literal_block(): get_indented() from the line after the paragraph (leading blanks skipped);
      // without indented text, a quoted literal block (lines starting with one punctuation char).
      Indented lit = GetIndented(b, at, end, -1);
      while (!lit.lines.empty() && IsBlank(lit.lines.front().text))
        lit.lines.erase(lit.lines.begin());
      if (!lit.lines.empty()) {
        if (!lit.blank_finish) UnindentWarning(b, lit.end, "Literal block");
        return lit.end;
      }
      size_t k = at;
      while (k < end && IsBlank(b[k].text)) ++k;
      if (k < end && IsAdornmentChar(b[k].text[0])) {
        char q = b[k].text[0];
        size_t m = k;
        while (m < end && !IsBlank(b[m].text) && b[m].text[0] == q) ++m;
        if (m < end && !IsBlank(b[m].text))
          Report(b[m].no, 3, "Inconsistent literal block quoting.");
        return m;
      }
      Report(k < end ? b[k].no : (end > 0 ? b[end - 1].no + 1 : 1), 2,
             "Literal block expected; none found.");
      return at;
    }
    return indented_at != std::string::npos ? indented_at : at;
  }

  // Whether a line starts one of Body's constructs other than plain text (a list, table, explicit
  // markup, adornment...): such a line ends a definition list instead of starting a new term.
  static bool StartsBodyConstruct(const std::string& t) {
    Enumerator e;
    return BulletMarker(t) || ParseEnumerator(t, "", &e) || FieldMarkerEnd(t) ||
           OptionMarkerEnd(t) || t == ">>>" || StartsWith(t, ">>> ") || t == "|" ||
           StartsWith(t, "| ") || IsGridTop(t) || IsSimpleTableTop(t) || StartsWith(t, ".. ") ||
           t == ".." || StartsWith(t, "__ ") || IsAdornmentLine(t);
  }

  size_t DefinitionList(const Block& b, size_t i, size_t end) {
    NoteBody(top_level_body_);
    size_t at = i;
    bool blank_finish = true;
    for (;;) {
      std::string term = b[at].text;
      // "term : classifier"
      CheckInline(term, b[at].no);
      Indented def = GetIndented(b, at + 1, end, -1);
      ParseNested(def.lines);
      blank_finish = def.blank_finish;
      at = def.end;
      while (at < end && IsBlank(b[at].text)) ++at;
      if (at + 1 < end && IndentOf(b[at].text) == 0 && !IsBlank(b[at + 1].text) &&
          IndentOf(b[at + 1].text) > 0 && !StartsBodyConstruct(b[at].text)) {
        continue;
      }
      break;
    }
    if (!blank_finish) UnindentWarning(b, at, "Definition list");
    return at;
  }

  // ---------------- inline markup ----------------

  void CheckInline(const std::string& raw, int line) {
    // escape2null: "\x" becomes "\0x" so the escaped character starts/ends nothing.
    std::string s;
    s.reserve(raw.size());
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size()) {
        s += '\0';
        s += raw[++k];
      } else {
        s += raw[k];
      }
    }
    size_t p = 0;
    size_t origin = 0;  // start of `remaining`: acts as '^' for the start-string prefix
    while (p < s.size()) {
      bool prefix = p == origin || StartPrefixOk(s, p);
      if (!prefix) {
        ++p;
        continue;
      }
      size_t consumed = 0;
      if (TryStartString(s, p, origin, line, &consumed) || TryWhole(s, p, line, &consumed) ||
          TryBackquote(s, p, origin, line, &consumed)) {
        p = consumed;
        origin = p;
        continue;
      }
      ++p;
    }
  }

  // True when the start-string at [p, q) is "quoted" (between a matching pair) or ends the text.
  static bool QuotedStart(const std::string& s, size_t p, size_t q, size_t origin) {
    if (p == origin) return false;
    if (q >= s.size()) return true;
    uint32_t pre = CodePointBefore(s, p);
    uint32_t post = CodePointAt(s, q, nullptr);
    return QuotedPair(pre, post);
  }

  // Finds `end` after `from` with a non-whitespace (and, unless `literal`, non-\0) character before
  // it and the end-string suffix after it. Returns npos when there is none.
  static size_t FindEnd(const std::string& s, size_t from, const std::string& end, bool literal,
                        size_t extra_suffix = 0) {
    for (size_t q = from; q + end.size() <= s.size(); ++q) {
      if (s.compare(q, end.size(), end) != 0) continue;
      if (q > from || true) {
        if (q == from) {
          // Look-behind at the start of the searched string sees nothing: allowed.
        } else {
          char prev = s[q - 1];
          if (IsSpace(prev) || (!literal && prev == '\0')) continue;
          if (static_cast<unsigned char>(prev) >= 0x80 && IsUnicodeSpace(CodePointBefore(s, q)))
            continue;
        }
      }
      if (!EndSuffixOk(s, q + end.size() + extra_suffix)) continue;
      return q;
    }
    return std::string::npos;
  }

  bool TryStartString(const std::string& s, size_t p, size_t origin, int line, size_t* consumed) {
    std::string start, kind;
    if (s.compare(p, 2, "**") == 0) {
      start = "**";
      kind = "strong";
    } else if (s[p] == '*') {
      start = "*";
      kind = "emphasis";
    } else if (s.compare(p, 2, "``") == 0) {
      start = "``";
      kind = "literal";
    } else if (s.compare(p, 2, "_`") == 0) {
      start = "_`";
      kind = "target";
    } else if (s[p] == '|' && (p + 1 >= s.size() || s[p + 1] != '|')) {
      start = "|";
      kind = "substitution_reference";
    } else {
      return false;
    }
    size_t q = p + start.size();
    if (q < s.size() && IsSpace(s[q])) return false;  // non_whitespace_after
    if (q < s.size() && static_cast<unsigned char>(s[q]) >= 0x80 &&
        IsUnicodeSpace(CodePointAt(s, q, nullptr)))
      return false;
    if (QuotedStart(s, p, q, origin)) {
      *consumed = q;
      return true;
    }
    size_t e;
    if (kind == "strong") {
      e = FindEnd(s, q, "**", false);
    } else if (kind == "emphasis") {
      e = FindEnd(s, q, "*", false);
    } else if (kind == "literal") {
      e = FindEnd(s, q, "``", true);
    } else if (kind == "target") {
      e = FindEnd(s, q, "`", false);
    } else {
      // "|" optionally followed by "_" or "__", then the suffix.
      e = std::string::npos;
      for (size_t k = q; k < s.size(); ++k) {
        if (s[k] != '|') continue;
        if (k > q && (IsSpace(s[k - 1]) || s[k - 1] == '\0')) continue;
        size_t u = k + 1;
        while (u < s.size() && u < k + 3 && s[u] == '_') ++u;
        // the regex tries the longest run of '_' first, then shorter ones
        bool ok = false;
        for (size_t uu = u; uu >= k + 1; --uu) {
          if (EndSuffixOk(s, uu)) {
            ok = true;
            u = uu;
            break;
          }
          if (uu == k + 1) break;
        }
        if (!ok) continue;
        e = k;
        if (e > q) {
          std::string name = CollapseWhitespace(s.substr(q, e - q));
          name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
          subst_refs_.push_back({name, line});
          size_t unders = u - (k + 1);
          if (unders == 2) {
            NoteAnonymousRef(line);
          } else if (unders == 1) {
            refs_.push_back({NormalizeRefName(name), line});
          }
          *consumed = u;
          return true;
        }
        break;
      }
    }
    if (e == std::string::npos || e == q) {
      Report(line, 2, "Inline " + kind + " start-string without end-string.");
      *consumed = q;
      return true;
    }
    size_t end_len = kind == "strong" || kind == "literal" ? 2 : 1;
    if (kind == "target") {
      std::string name = s.substr(q, e - q);
      name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
      AddTarget(name, true, line, false, "");
    }
    *consumed = e + end_len;
    return true;
  }

  void NoteAnonymousRef(int line) {
    if (anonymous_refs_ == 0) first_anonymous_line_ = line;
    ++anonymous_refs_;
  }

  // Whole constructs: "name_", "name__", footnote/citation references "[label]_".
  bool TryWhole(const std::string& s, size_t p, int line, size_t* consumed) {
    for (size_t e : SimpleNameEnds(s, p)) {
      if (e < s.size() && s[e] == '_') {
        if (e + 1 < s.size() && s[e + 1] == '_' && EndSuffixOk(s, e + 2)) {
          NoteAnonymousRef(line);
          *consumed = e + 2;
          return true;
        }
        if (EndSuffixOk(s, e + 1)) {
          refs_.push_back({NormalizeRefName(s.substr(p, e - p)), line});
          *consumed = e + 1;
          return true;
        }
      }
    }
    if (s[p] == '[') {
      size_t close = s.find("]_", p + 1);
      if (close != std::string::npos && EndSuffixOk(s, close + 2)) {
        std::string label = s.substr(p + 1, close - p - 1);
        bool numbered = !label.empty() && std::all_of(label.begin(), label.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        });
        if (numbered) {
          refs_.push_back({label, line});
        } else if (label == "#") {
          auto_refs_.push_back(line);
        } else if (label == "*") {
          symbol_refs_.push_back(line);
        } else if (label.size() > 1 && label[0] == '#' && IsSimpleName(label.substr(1))) {
          auto_label_refs_.push_back({NormalizeRefName(label.substr(1)), line});
        } else if (IsSimpleName(label)) {
          refs_.push_back({NormalizeRefName(label), line});
        } else {
          return false;
        }
        *consumed = close + 2;
        return true;
      }
    }
    return false;
  }

  bool TryBackquote(const std::string& s, size_t p, size_t origin, int line, size_t* consumed) {
    size_t q = p;
    std::string role;
    if (s[p] == ':') {
      auto ends = SimpleNameEnds(s, p + 1);
      bool found = false;
      for (size_t e : ends) {
        if (e < s.size() && s[e] == ':' && e + 1 < s.size() && s[e + 1] == '`') {
          role = s.substr(p + 1, e - p - 1);
          q = e + 1;
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    if (s[q] != '`' || (q + 1 < s.size() && s[q + 1] == '`')) return false;
    size_t body = q + 1;
    if (body < s.size() && IsSpace(s[body])) return false;
    if (role.empty() && QuotedStart(s, p, body, origin)) {
      *consumed = body;
      return true;
    }
    // End: "`" not preceded by unescaped whitespace, then optional ":role:" and/or "_"/"__", then
    // the suffix.
    for (size_t k = body; k < s.size(); ++k) {
      if (s[k] != '`') continue;
      if (k > body) {
        char prev = s[k - 1];
        bool escaped_prev = k >= body + 2 && s[k - 2] == '\0';
        if ((IsSpace(prev) || prev == '\0') && !escaped_prev) continue;
      }
      size_t m = k + 1;
      std::string suffix_role;
      auto ends = m < s.size() && s[m] == ':' ? SimpleNameEnds(s, m + 1) : std::vector<size_t>();
      std::vector<std::pair<size_t, std::string>> candidates;
      for (size_t e : ends) {
        if (e < s.size() && s[e] == ':') candidates.push_back({e + 1, s.substr(m + 1, e - m - 1)});
      }
      candidates.push_back({m, ""});
      bool matched = false;
      size_t stop = 0;
      std::string refend;
      for (auto& [after_role, r] : candidates) {
        for (const char* re : {"__", "_", ""}) {
          size_t len = std::strlen(re);
          if (s.compare(after_role, len, re) != 0) continue;
          if (!EndSuffixOk(s, after_role + len)) continue;
          matched = true;
          stop = after_role + len;
          suffix_role = r;
          refend = re;
          break;
        }
        if (matched) break;
      }
      if (!matched) continue;
      if (k == body) break;  // empty: "start-string without end-string"
      std::string text = s.substr(body, k - body);
      if (!suffix_role.empty()) {
        if (!role.empty()) {
          Report(line, 2,
                 "Multiple roles in interpreted text (both prefix and suffix present; only one "
                 "allowed).");
        }
        role = suffix_role;
      }
      if (!refend.empty()) {
        if (!role.empty()) {
          Report(line, 2,
                 std::string("Mismatch: both interpreted text role ") +
                     (suffix_role.empty() ? "prefix" : "suffix") + " and reference suffix.");
        } else {
          PhraseRef(text, refend == "__", line);
        }
      } else {
        Interpreted(role, text, line);
      }
      *consumed = stop;
      return true;
    }
    Report(line, 2, "Inline interpreted text or phrase reference start-string without end-string.");
    *consumed = body;
    return true;
  }

  void PhraseRef(const std::string& text, bool anonymous, int line) {
    // Embedded URI or alias: "text <uri>" at the end.
    std::string t = text;
    size_t lt = std::string::npos;
    if (!t.empty() && t.back() == '>') {
      size_t k = t.rfind('<');
      if (k != std::string::npos && (k == 0 || IsSpace(t[k - 1])) && k + 1 < t.size() - 1 &&
          !IsSpace(t[k + 1]) && t.find('>', k) == t.size() - 1) {
        lt = k;
      }
    }
    if (lt != std::string::npos) {
      std::string label = Trim(t.substr(0, lt));
      std::string alias = t.substr(lt + 1, t.size() - lt - 2);
      bool is_name = alias.size() > 1 && alias.back() == '_' && alias[alias.size() - 2] != '\0' &&
                     alias.find("://") == std::string::npos;
      std::string clean_alias;
      for (char c : alias) {
        if (c != '\0' && !IsSpace(c)) clean_alias += c;
      }
      if (label.empty())
        label = is_name ? clean_alias.substr(0, clean_alias.size() - 1) : clean_alias;
      if (is_name) {
        std::string ref = alias.substr(0, alias.size() - 1);
        ref.erase(std::remove(ref.begin(), ref.end(), '\0'), ref.end());
        refs_.push_back({NormalizeRefName(ref), line});
        if (!anonymous) AddTarget(label, true, line, false, "", true);
      } else if (!anonymous) {
        AddTarget(label, true, line, true, clean_alias, true);
      }
      return;
    }
    if (anonymous) {
      NoteAnonymousRef(line);
      return;
    }
    std::string name = t;
    name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
    refs_.push_back({NormalizeRefName(name), line});
  }

  void Interpreted(const std::string& role_in, const std::string& text, int line) {
    std::string role = ToLower(role_in);
    if (role.empty()) return;  // default role: title-reference
    if (!StandardRoles().count(role) && !custom_roles_.count(role)) {
      Report(line, 3, "Unknown interpreted text role \"" + role_in + "\".");
      return;
    }
    std::string plain = text;
    plain.erase(std::remove(plain.begin(), plain.end(), '\0'), plain.end());
    if (role == "pep" || role == "pep-reference") {
      std::string num = plain;
      size_t hash = num.find('#');
      if (hash != std::string::npos) num = num.substr(0, hash);
      bool ok = !num.empty() && num.size() <= 4 && std::all_of(num.begin(), num.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      if (!ok)
        Report(line, 3,
               "PEP number must be a number from 0 to 9999; \"" + plain + "\" is invalid.");
    } else if (role == "rfc" || role == "rfc-reference") {
      std::string num = plain;
      size_t hash = num.find('#');
      if (hash != std::string::npos) num = num.substr(0, hash);
      bool digits = !num.empty() && num.size() < 10 &&
                    std::all_of(num.begin(), num.end(),
                                [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (!digits || std::stol(num) < 1) {
        Report(line, 3,
               "RFC number must be a number greater than or equal to 1; \"" + plain +
                   "\" is invalid.");
      }
    }
  }

  // ---------------- after parsing ----------------

  void CheckTransitions() {
    // docutils' misc.Transitions: not first in the document or a section, not last, not adjacent.
    for (size_t k = 0; k < events_.size(); ++k) {
      if (events_[k].first != 'T') continue;
      int line = events_[k].second;
      if (k == 0 || events_[k - 1].first == 'S') {
        resolve_msgs.push_back({line, 2,
                                k == 0 ? "Document or section may not begin with a transition."
                                       : "Transition at the start of the section."});
        if (k == 0) resolve_msgs.back().text = "Transition at the start of the document.";
      } else if (events_[k - 1].first == 'T') {
        resolve_msgs.push_back({line, 2, "At least one body element should separate transitions."});
      } else if (k + 1 == events_.size()) {
        resolve_msgs.push_back({line, 2, "Transition at the end of the document."});
      }
    }
  }

  bool Resolvable(const std::string& name, int line, bool report) {
    auto it = names_.find(name);
    if (it == names_.end()) {
      if (report) resolve_msgs.push_back({line, 3, "Unknown target name: \"" + name + "\"."});
      return false;
    }
    if (it->second.ambiguous) {
      if (report) {
        resolve_msgs.push_back(
            {line, 3,
             "Duplicate target name, cannot be used as a unique reference: \"" + name + "\"."});
      }
      return false;
    }
    return true;
  }

  void Resolve() {
    for (const auto& r : subst_refs_) {
      if (!subst_defs_.count(r.name) && !subst_defs_lower_.count(ToLower(r.name))) {
        resolve_msgs.push_back(
            {r.line, 3, "Undefined substitution referenced: \"" + r.name + "\"."});
      }
    }
    if (anonymous_refs_ != anonymous_targets_) {
      resolve_msgs.push_back({first_anonymous_line_ ? first_anonymous_line_ : 1, 3,
                              "Anonymous hyperlink mismatch: " + std::to_string(anonymous_refs_) +
                                  " references but " + std::to_string(anonymous_targets_) +
                                  " targets.\nSee \"backrefs\" attribute for IDs."});
    }
    int auto_needed = static_cast<int>(auto_refs_.size());
    for (const auto& r : auto_label_refs_) {
      if (!auto_footnote_labels_.count(r.name)) {
        resolve_msgs.push_back({r.line, 3,
                                "Too many autonumbered footnote references: only " +
                                    std::to_string(auto_footnotes_) +
                                    " corresponding footnote available."});
      }
    }
    if (auto_needed > auto_footnotes_) {
      resolve_msgs.push_back({auto_refs_[auto_footnotes_], 3,
                              "Too many autonumbered footnote references: only " +
                                  std::to_string(auto_footnotes_) +
                                  " corresponding footnote available."});
    }
    if (static_cast<int>(symbol_refs_.size()) > symbol_footnotes_) {
      resolve_msgs.push_back({symbol_refs_[symbol_footnotes_], 3,
                              "Too many symbol footnote references: only " +
                                  std::to_string(symbol_footnotes_) +
                                  " corresponding footnotes available."});
    }
    for (const auto& [target, ref] : indirect_) {
      if (!names_.count(ref.first)) {
        resolve_msgs.push_back({ref.second, 3,
                                "Indirect hyperlink target \"" + target + "\" (id=\"user-content-" +
                                    target + "\") refers to target \"" + ref.first +
                                    "\", which does not exist."});
      }
    }
    for (const auto& r : refs_) Resolvable(r.name, r.line, true);
  }
};

}  // namespace

std::vector<RstMessage> CheckRst(std::string_view text) {
  // string2lines: tabs to 8 columns, other whitespace controls to spaces, trailing whitespace
  // removed.
  Block lines;
  int no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    ++no;
    std::string l;
    for (char c : raw) {
      if (c == '\t') {
        size_t spaces = 8 - (l.size() % 8);
        l.append(spaces, ' ');
      } else if (c == '\v' || c == '\f' || c == '\r') {
        l += ' ';
      } else {
        l += c;
      }
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    lines.push_back({l, no});
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  if (!lines.empty() && lines.back().text.empty() && !text.empty() && text.back() == '\n')
    lines.pop_back();
  Checker checker;
  checker.Document(lines);
  std::vector<RstMessage> out = checker.parse_msgs;
  out.insert(out.end(), checker.resolve_msgs.begin(), checker.resolve_msgs.end());
  return out;
}

std::string FormatRstMessage(const RstMessage& m) {
  const char* level = m.level >= 4 ? "Severe" : m.level == 3 ? "Error" : "Warning";
  if (m.line == 0) return m.text;
  return "line " + std::to_string(m.line) + ": " + level + ": " + m.text;
}
