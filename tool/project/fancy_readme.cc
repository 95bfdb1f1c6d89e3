#include "project/fancy_readme.h"

#include <pthread.h>

#include <functional>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/utf8.h"

static_assert(sizeof(wchar_t) == 4, "the regex engine runs on UTF-32 code points");

namespace {

constexpr char kTable[] = "tool.hatch.metadata.hooks.fancy-pypi-readme";

// --- Text -------------------------------------------------------------------------------------

// Code points Python's IGNORECASE matches against an ASCII letter (U+0130 and U+212A lower to
// 'i' and 'k', U+0131 and U+017F upper to 'I' and 'S'); the ECMAScript engine does not.
bool HasAsciiCaseFolding(const std::wstring& s) {
  for (wchar_t c : s)
    if (c == 0x130 || c == 0x131 || c == 0x17F || c == 0x212A) return true;
  return false;
}

// Python's \d and \s on str patterns, as explicit sets: the Unicode decimal digits (category Nd,
// Unicode 14) and str.isspace(). Later Unicode versions add digits only outside the BMP, so a
// text with a character there (other than in the emoji and pictograph blocks) is refused for \d.
constexpr uint32_t kDigitRanges[][2] = {
    {0x30, 0x39},       {0x660, 0x669},     {0x6F0, 0x6F9},     {0x7C0, 0x7C9},
    {0x966, 0x96F},     {0x9E6, 0x9EF},     {0xA66, 0xA6F},     {0xAE6, 0xAEF},
    {0xB66, 0xB6F},     {0xBE6, 0xBEF},     {0xC66, 0xC6F},     {0xCE6, 0xCEF},
    {0xD66, 0xD6F},     {0xDE6, 0xDEF},     {0xE50, 0xE59},     {0xED0, 0xED9},
    {0xF20, 0xF29},     {0x1040, 0x1049},   {0x1090, 0x1099},   {0x17E0, 0x17E9},
    {0x1810, 0x1819},   {0x1946, 0x194F},   {0x19D0, 0x19D9},   {0x1A80, 0x1A89},
    {0x1A90, 0x1A99},   {0x1B50, 0x1B59},   {0x1BB0, 0x1BB9},   {0x1C40, 0x1C49},
    {0x1C50, 0x1C59},   {0xA620, 0xA629},   {0xA8D0, 0xA8D9},   {0xA900, 0xA909},
    {0xA9D0, 0xA9D9},   {0xA9F0, 0xA9F9},   {0xAA50, 0xAA59},   {0xABF0, 0xABF9},
    {0xFF10, 0xFF19},   {0x104A0, 0x104A9}, {0x10D30, 0x10D39}, {0x11066, 0x1106F},
    {0x110F0, 0x110F9}, {0x11136, 0x1113F}, {0x111D0, 0x111D9}, {0x112F0, 0x112F9},
    {0x11450, 0x11459}, {0x114D0, 0x114D9}, {0x11650, 0x11659}, {0x116C0, 0x116C9},
    {0x11730, 0x11739}, {0x118E0, 0x118E9}, {0x11950, 0x11959}, {0x11C50, 0x11C59},
    {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9},
    {0x16B50, 0x16B59}, {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9},
    {0x1E950, 0x1E959}, {0x1FBF0, 0x1FBF9}};
constexpr uint32_t kSpaceRanges[][2] = {
    {0x09, 0x0D},     {0x1C, 0x20},     {0x85, 0x85},     {0xA0, 0xA0},     {0x1680, 0x1680},
    {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}};

// Characters Python's \w never matches, in blocks Unicode reserves for punctuation and symbols
// (Latin-1 signs, general punctuation, currency, arrows, mathematical and technical signs, box
// drawing, dingbats, CJK punctuation, variation selectors, emoji): \w translated as ASCII stays
// exact on a text whose other characters are ASCII.
bool IsKnownNonWord(uint32_t c) {
  static const uint32_t kRanges[][2] = {
      {0x80, 0xA9},     {0xAB, 0xB1},     {0xB4, 0xB4},       {0xB6, 0xB8},      {0xBB, 0xBB},
      {0xBF, 0xBF},     {0xD7, 0xD7},     {0xF7, 0xF7},       {0x2000, 0x206F},  {0x20A0, 0x2101},
      {0x2190, 0x245F}, {0x2500, 0x2775}, {0x2794, 0x2BFF},   {0x2E00, 0x2E2E},  {0x3000, 0x3004},
      {0x3008, 0x3020}, {0xFE00, 0xFE0F}, {0x1F000, 0x1F0FF}, {0x1F10D, 0x1FAFF}};
  for (const auto& r : kRanges)
    if (c >= r[0] && c <= r[1]) return true;
  return false;
}

bool MayBeNewerDigit(uint32_t c) { return c >= 0x10000 && (c < 0x1F000 || c > 0x1FAFF); }

template <size_t N>
std::wstring RangesBody(const uint32_t (&ranges)[N][2]) {
  std::wstring body;
  for (const auto& r : ranges) {
    body.push_back(static_cast<wchar_t>(r[0]));
    if (r[1] != r[0]) {
      body.push_back(L'-');
      body.push_back(static_cast<wchar_t>(r[1]));
    }
  }
  return body;
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size()))
    s->replace(at, from.size(), to);
}

// --- Python `re` -> ECMAScript ----------------------------------------------------------------

struct Translated {
  std::wstring ecma;
  int groups = 0;                    // capturing groups, numbered as Python numbers them
  std::map<std::string, int> names;  // (?P<name>...) -> its number
  // Classes Python reads with Unicode meaning (UnicodeClassInText judges them on the text).
  bool digit = false;  // \d \D
  bool word = false;   // \w \W \b \B: translated as ASCII
};

// Translates one Python pattern (a str pattern: Unicode semantics) into an ECMAScript pattern with
// the same matches, or says which construct has no provably identical translation.
class PatternTranslator {
 public:
  PatternTranslator(const std::wstring& py, bool dotall, bool icase)
      : p_(py), dotall_(dotall), icase_(icase) {}

  bool Run(Translated* out, std::string* why) {
    out_ = out;
    why_ = why;
    if (!Sequence(0)) return false;
    if (i_ < p_.size()) return Fail("an unbalanced ')'");
    return true;
  }

 private:
  enum class Last { kNone, kAtom, kQuantified, kAssertion };

  bool Fail(const std::string& what) {
    *why_ = what;
    return false;
  }
  bool More() const { return i_ < p_.size(); }
  wchar_t Peek(size_t ahead = 0) const { return i_ + ahead < p_.size() ? p_[i_ + ahead] : 0; }

  static bool Special(wchar_t c) {
    return std::wstring(L"^$\\.*+?()[]{}|").find(c) != std::wstring::npos;
  }
  static bool AsciiLetter(wchar_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static bool Digit(wchar_t c) { return c >= '0' && c <= '9'; }

  bool Literal(wchar_t c, std::wstring* to) {
    if (icase_ && static_cast<uint32_t>(c) > 0x7F)
      return Fail("a non-ASCII character under ignore-case (Python folds Unicode case)");
    if (Special(c)) to->push_back(L'\\');
    to->push_back(c);
    return true;
  }

  // \xhh, \uhhhh, \Uhhhhhhhh at i_ (after the letter): the code point.
  bool Hex(int digits, wchar_t* cp) {
    uint32_t v = 0;
    for (int k = 0; k < digits; ++k) {
      wchar_t c = Peek();
      int d = Digit(c)                 ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return Fail("an incomplete \\x, \\u or \\U escape");
      v = v * 16 + d;
      ++i_;
    }
    if (v > 0x10FFFF) return Fail("an escape above U+10FFFF");
    *cp = static_cast<wchar_t>(v);
    return true;
  }

  // An escape that stands for one character (outside or inside a class): false if it is not one.
  bool CharEscape(wchar_t c, wchar_t* cp, bool* is_char) {
    *is_char = true;
    switch (c) {
      case 'n':
        *cp = L'\n';
        return true;
      case 't':
        *cp = L'\t';
        return true;
      case 'r':
        *cp = L'\r';
        return true;
      case 'f':
        *cp = L'\f';
        return true;
      case 'v':
        *cp = L'\v';
        return true;
      case 'a':
        *cp = 0x07;
        return true;
      case 'x':
        return Hex(2, cp);
      case 'u':
        return Hex(4, cp);
      case 'U':
        return Hex(8, cp);
      default:
        break;
    }
    if (!AsciiLetter(c) && !Digit(c)) {
      *cp = c;  // an escaped punctuation or non-ASCII character is itself
      return true;
    }
    *is_char = false;
    return true;
  }

  // \d and \s as Python's Unicode sets; \w as its ASCII part (IsKnownNonWord says where exact).
  static std::wstring ClassBody(wchar_t c) {
    if (c == 'd' || c == 'D') return RangesBody(kDigitRanges);
    if (c == 'w' || c == 'W') return L"A-Za-z0-9_";
    return RangesBody(kSpaceRanges);
  }

  bool Class(std::wstring* to) {
    ++i_;  // '['
    std::wstring body;
    bool negated = false;
    if (Peek() == '^') {
      negated = true;
      ++i_;
    }
    bool first = true;
    while (true) {
      if (!More()) return Fail("an unterminated character class");
      wchar_t c = Peek();
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      if (c == '[')
        return Fail("a '[' inside a character class (a set operation in future Python)");
      if ((c == '-' || c == '&' || c == '~' || c == '|') && Peek(1) == c)
        return Fail("a doubled '" + std::string(1, static_cast<char>(c)) +
                    "' inside a character class");
      wchar_t lo;
      if (!ClassChar(&lo, &body)) return false;
      if (lo == kClassEscape) continue;  // already in body
      if (Peek() == '-' && Peek(1) != ']' && Peek(1) != 0) {
        ++i_;
        wchar_t hi;
        if (!ClassChar(&hi, &body)) return false;
        if (hi == kClassEscape) return Fail("a range ending in a class escape");
        if (hi < lo) return Fail("a reversed range in a character class");
        if (icase_ && !SameCaseRange(lo, hi))
          return Fail("a character range under ignore-case other than a-z, A-Z or 0-9 parts");
        EmitClassChar(lo, &body);
        body.push_back(L'-');
        EmitClassChar(hi, &body);
      } else {
        EmitClassChar(lo, &body);
      }
    }
    to->push_back(L'[');
    if (negated) to->push_back(L'^');
    *to += body;
    to->push_back(L']');
    return true;
  }

  void NoteClass(wchar_t c) {
    if (c == 'd' || c == 'D') out_->digit = true;
    if (c == 'w' || c == 'W') out_->word = true;
  }

  static bool SameCaseRange(wchar_t lo, wchar_t hi) {
    return (lo >= 'a' && hi <= 'z') || (lo >= 'A' && hi <= 'Z') || (lo >= '0' && hi <= '9');
  }

  void EmitClassChar(wchar_t c, std::wstring* body) {
    if (c == '\\' || c == ']' || c == '[' || c == '^' || c == '-') body->push_back(L'\\');
    body->push_back(c);
  }

  // One class member at i_: a character (in *cp) or a class escape (appended to body, *cp =
  // kClassEscape).
  static constexpr wchar_t kClassEscape = -1;
  bool ClassChar(wchar_t* cp, std::wstring* body) {
    wchar_t c = p_[i_++];
    if (c != '\\') {
      if (icase_ && static_cast<uint32_t>(c) > 0x7F)
        return Fail("a non-ASCII character under ignore-case (Python folds Unicode case)");
      *cp = c;
      return true;
    }
    if (!More()) return Fail("a trailing backslash");
    wchar_t e = p_[i_++];
    if (e == 'd' || e == 'w' || e == 's') {
      NoteClass(e);
      *body += ClassBody(e);
      *cp = kClassEscape;
      return true;
    }
    if (e == 'b') {  // backspace inside a class
      *cp = 0x08;
      return true;
    }
    bool is_char;
    if (!CharEscape(e, cp, &is_char)) return false;
    if (!is_char)
      return Fail("the escape \\" + WideToUtf8(std::wstring(1, e)) + " inside a character class");
    if (icase_ && static_cast<uint32_t>(*cp) > 0x7F)
      return Fail("a non-ASCII character under ignore-case (Python folds Unicode case)");
    return true;
  }

  // {m}, {m,}, {m,n}, {,n} at i_ ('{'): true with the ECMAScript form, or false (*is = false)
  // when Python reads the brace as a literal.
  bool Brace(std::wstring* quant, bool* is) {
    size_t j = i_ + 1;
    std::wstring lo, hi;
    while (j < p_.size() && Digit(p_[j])) lo += p_[j++];
    bool comma = j < p_.size() && p_[j] == ',';
    if (comma) {
      ++j;
      while (j < p_.size() && Digit(p_[j])) hi += p_[j++];
    }
    *is = j < p_.size() && p_[j] == '}' && (!lo.empty() || comma);
    if (!*is) return true;
    if (lo.size() > 6 || hi.size() > 6) return Fail("a repeat count above 999999");
    if (!lo.empty() && !hi.empty() && std::stol(hi) < std::stol(lo))
      return Fail("a repeat range whose minimum exceeds its maximum");
    *quant = L"{" + (lo.empty() ? std::wstring(L"0") : lo) + (comma ? L"," : L"") + hi + L"}";
    i_ = j + 1;
    return true;
  }

  bool Group(std::wstring* to, Last* last) {
    ++i_;  // '('
    if (Peek() != '?') {
      ++out_->groups;
      to->push_back(L'(');
      *last = Last::kAtom;
    } else if (Peek(1) == ':') {
      i_ += 2;
      *to += L"(?:";
      *last = Last::kAtom;
    } else if (Peek(1) == '=' || Peek(1) == '!') {
      *to += L"(?";
      to->push_back(Peek(1));
      i_ += 2;
      *last = Last::kAssertion;
    } else if (Peek(1) == 'P' && Peek(2) == '<') {
      size_t close = p_.find(L'>', i_ + 3);
      if (close == std::wstring::npos) return Fail("an unterminated group name");
      std::string name = WideToUtf8(p_.substr(i_ + 3, close - i_ - 3));
      if (name.empty() || out_->names.count(name)) return Fail("a bad or repeated group name");
      out_->names[name] = ++out_->groups;
      i_ = close + 1;
      to->push_back(L'(');
      *last = Last::kAtom;
    } else if (Peek(1) == '<' && (Peek(2) == '=' || Peek(2) == '!')) {
      return Fail("a lookbehind (?<" + std::string(1, static_cast<char>(Peek(2))) + "...)");
    } else {
      return Fail("the group syntax '(?" + WideToUtf8(std::wstring(1, Peek(1))) +
                  "' (inline flags, named backreferences, atomic groups, conditionals, comments)");
    }
    if (!Sequence(1)) return false;
    if (Peek() != ')') return Fail("an unterminated group");
    ++i_;
    to->push_back(L')');
    return true;
  }

  bool Quantifier(Last* last, std::wstring* to) {
    std::wstring quant;
    wchar_t c = Peek();
    if (c == '{') {
      bool is;
      if (!Brace(&quant, &is)) return false;
      if (!is) return true;  // a literal '{', handled by the caller
    } else {
      quant = std::wstring(1, c);
      ++i_;
    }
    if (*last == Last::kNone || *last == Last::kAssertion)
      return Fail("a repeat of nothing or of an assertion");
    if (*last == Last::kQuantified) return Fail("a repeated repeat");
    if (Peek() == '?') {
      quant.push_back(L'?');
      ++i_;
    } else if (Peek() == '+') {
      return Fail("a possessive quantifier");
    }
    *to += quant;
    *last = Last::kQuantified;
    return true;
  }

  // Alternatives until ')' (depth > 0) or the end.
  bool Sequence(int depth) {
    Last last = Last::kNone;
    std::wstring& to = out_->ecma;
    while (More()) {
      wchar_t c = Peek();
      if (c == ')') {
        if (depth == 0) return Fail("an unbalanced ')'");
        return true;
      }
      if (c == '|') {
        ++i_;
        to.push_back(L'|');
        last = Last::kNone;
        continue;
      }
      if (c == '*' || c == '+' || c == '?') {
        if (!Quantifier(&last, &to)) return false;
        continue;
      }
      if (c == '{') {
        size_t before = i_;
        if (!Quantifier(&last, &to)) return false;
        if (i_ != before) continue;
        ++i_;
        to += L"\\{";
        last = Last::kAtom;
        continue;
      }
      if (c == '(') {
        if (!Group(&to, &last)) return false;
        continue;
      }
      if (c == '[') {
        if (!Class(&to)) return false;
        last = Last::kAtom;
        continue;
      }
      if (c == '.') {
        ++i_;
        to += dotall_ ? L"[\\s\\S]" : L"[^\\n]";  // ECMAScript's '.' also stops at '\r'
        last = Last::kAtom;
        continue;
      }
      if (c == '^') {
        ++i_;
        to.push_back(L'^');  // no MULTILINE in either engine: the start of the text only
        last = Last::kAssertion;
        continue;
      }
      if (c == '$') {
        ++i_;
        to += L"(?=\\n?$)";  // Python's '$' also matches before a final newline
        last = Last::kAssertion;
        continue;
      }
      if (c == '\\') {
        if (!Escape(&to, &last)) return false;
        continue;
      }
      ++i_;
      if (!Literal(c, &to)) return false;
      last = Last::kAtom;
    }
    return true;
  }

  bool Escape(std::wstring* to, Last* last) {
    ++i_;
    if (!More()) return Fail("a trailing backslash");
    wchar_t e = p_[i_++];
    switch (e) {
      case 'A':
        *to += L"^";
        *last = Last::kAssertion;
        return true;
      case 'Z':
        *to += L"$";
        *last = Last::kAssertion;
        return true;
      case 'b':
      case 'B':
        NoteClass('w');
        *to += e == 'b' ? L"\\b" : L"\\B";
        *last = Last::kAssertion;
        return true;
      case 'd':
      case 'w':
      case 's':
      case 'D':
      case 'W':
      case 'S':
        NoteClass(e);
        *to += (e == 'd' || e == 'w' || e == 's') ? L"[" : L"[^";
        *to += ClassBody(e);
        *to += L"]";
        *last = Last::kAtom;
        return true;
      default:
        break;
    }
    if (Digit(e)) return Fail("a backreference or octal escape");
    wchar_t cp;
    bool is_char;
    if (!CharEscape(e, &cp, &is_char)) return false;
    if (!is_char) return Fail("the escape \\" + WideToUtf8(std::wstring(1, e)));
    *last = Last::kAtom;
    return Literal(cp, to);
  }

  const std::wstring& p_;
  bool dotall_, icase_;
  size_t i_ = 0;
  Translated* out_ = nullptr;
  std::string* why_ = nullptr;
};

// --- Python replacement templates --------------------------------------------------------------

struct TemplatePiece {
  std::wstring text;  // literal text, or
  int group = -1;     // a group's match ("" when it did not take part)
};

// Python's re template syntax: \1..\99, \g<n>, \g<name>, \n-style escapes; "\&"-style escapes of
// non-letters stay as they are.
bool ParseTemplate(const std::wstring& t, const Translated& re, std::vector<TemplatePiece>* out,
                   std::string* why) {
  std::wstring lit;
  auto flush = [&] {
    if (!lit.empty()) out->push_back({lit, -1});
    lit.clear();
  };
  auto group = [&](int n) {
    if (n > re.groups) {
      *why = "a reference to group " + std::to_string(n) + ", which the pattern does not have";
      return false;
    }
    flush();
    out->push_back({L"", n});
    return true;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\\') {
      lit.push_back(t[i]);
      continue;
    }
    if (i + 1 >= t.size()) {
      *why = "a trailing backslash";
      return false;
    }
    wchar_t e = t[++i];
    if (e >= '1' && e <= '9') {
      int n = e - '0';
      if (i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9') {
        if (e <= '7' && t[i + 1] <= '7' && i + 2 < t.size() && t[i + 2] >= '0' && t[i + 2] <= '7') {
          *why = "an octal escape";
          return false;
        }
        n = n * 10 + (t[++i] - '0');
      }
      if (!group(n)) return false;
      continue;
    }
    if (e == 'g') {
      size_t close = t.find(L'>', i);
      if (i + 1 >= t.size() || t[i + 1] != '<' || close == std::wstring::npos) {
        *why = "a malformed \\g<...>";
        return false;
      }
      std::wstring ref = t.substr(i + 2, close - i - 2);
      i = close;
      bool numeric = !ref.empty() && ref.size() < 4;
      for (wchar_t c : ref) numeric = numeric && c >= '0' && c <= '9';
      if (numeric) {
        if (!group(std::stoi(WideToUtf8(ref)))) return false;
        continue;
      }
      auto it = re.names.find(WideToUtf8(ref));
      if (it == re.names.end()) {
        *why = "a reference to the unknown group '" + WideToUtf8(ref) + "'";
        return false;
      }
      if (!group(it->second)) return false;
      continue;
    }
    static const std::map<wchar_t, wchar_t> kEscapes = {{'a', 7},     {'b', 8},     {'f', L'\f'},
                                                        {'n', L'\n'}, {'r', L'\r'}, {'t', L'\t'},
                                                        {'v', L'\v'}, {'\\', L'\\'}};
    if (auto it = kEscapes.find(e); it != kEscapes.end()) {
      lit.push_back(it->second);
      continue;
    }
    if (e == '0') {
      *why = "an octal escape";
      return false;
    }
    if (e < 0x80 && std::isalpha(static_cast<int>(e))) {
      *why = "the escape \\" + WideToUtf8(std::wstring(1, e)) + " (an error in Python)";
      return false;
    }
    lit.push_back(L'\\');  // Python keeps unknown escapes of other characters
    lit.push_back(e);
  }
  flush();
  return true;
}

// The class (for the message) whose translation could differ from Python on `text`, or null.
const char* UnicodeClassInText(const Translated& tr, const std::wstring& text) {
  for (wchar_t wc : text) {
    uint32_t c = static_cast<uint32_t>(wc);
    if (tr.word && c > 0x7F && !IsKnownNonWord(c)) return "\\w or \\b";
    if (tr.digit && MayBeNewerDigit(c)) return "\\d";
  }
  return nullptr;
}

// --- Running the engine --------------------------------------------------------------------------

// libstdc++'s regex executor recurses once or more per character matched: a long readme needs a
// stack far deeper than the main thread's. The work runs on a thread with a stack sized for it:
// 4 KiB a code point (measured: about 160 bytes optimized, 800 under ASan, for `(.*)`), reserved,
// not touched. Longer texts (and a failed thread start) are left to the backend.
constexpr size_t kMaxCodePoints = 1 << 20;
bool RunWithStack(size_t code_points, const std::function<void()>& work) {
  struct Call {
    const std::function<void()>* work;
    bool threw = false;
  } call{&work};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, (size_t{32} << 20) + code_points * 4096);
  pthread_t thread;
  auto entry = [](void* arg) -> void* {
    Call* c = static_cast<Call*>(arg);
    try {
      (*c->work)();
    } catch (const std::exception&) {  // std::regex_error: complexity or stack limits
      c->threw = true;
    }
    return nullptr;
  };
  int rc = pthread_create(&thread, &attr, entry, &call);
  pthread_attr_destroy(&attr);
  if (rc != 0) return false;
  pthread_join(thread, nullptr);
  return !call.threw;
}

// re.sub(pattern, template, text): Python 3.7+'s rules for empty matches (an empty match right
// after the previous match is allowed; after an empty match the next one must advance).
std::wstring Substitute(const std::wregex& re, const std::vector<TemplatePiece>& tpl,
                        const std::wstring& text) {
  namespace rc = std::regex_constants;
  std::wstring out;
  size_t pos = 0, last = 0;
  bool must_advance = false;
  std::wsmatch m;
  while (pos <= text.size()) {
    rc::match_flag_type flags = pos > 0 ? rc::match_prev_avail : rc::match_default;
    bool found;
    if (must_advance) {
      found = std::regex_search(text.begin() + pos, text.end(), m, re,
                                flags | rc::match_not_null | rc::match_continuous);
      if (!found) {
        if (pos == text.size()) break;
        found = std::regex_search(text.begin() + pos + 1, text.end(), m, re, rc::match_prev_avail);
      }
    } else {
      found = std::regex_search(text.begin() + pos, text.end(), m, re, flags);
    }
    if (!found) break;
    size_t b = m[0].first - text.begin(), e = m[0].second - text.begin();
    out.append(text, last, b - last);
    for (const TemplatePiece& piece : tpl) {
      if (piece.group < 0)
        out += piece.text;
      else if (m[piece.group].matched)
        out.append(m[piece.group].first, m[piece.group].second);
    }
    last = e;
    must_advance = b == e;
    pos = e;
  }
  out.append(text, last, std::wstring::npos);
  return out;
}

// --- The configuration
// ----------------------------------------------------------------------------

class Renderer {
 public:
  Renderer(const std::string& dir, const toml::table& hook, FancyReadmeProblem* problem)
      : dir_(dir), hook_(hook), problem_(problem) {}

  FancyReadmeOutcome Run(const std::string& name, const std::string& version, Readme* out) {
    for (const auto& [k, v] : hook_) {
      if (k != "content-type" && k != "fragments" && k != "substitutions")
        return Unreproducible(&v, std::string(kTable) + "." + std::string(k.str()),
                              "is a key the native fancy-pypi-readme reader does not implement");
    }
    const toml::node* ct = hook_.get("content-type");
    auto type = ct ? ct->value<std::string>() : std::nullopt;
    if (!ct) return Error(nullptr, std::string(kTable) + ".content-type", "is missing");
    if (!type || (*type != "text/markdown" && *type != "text/x-rst"))
      return Error(ct, std::string(kTable) + ".content-type",
                   "must be 'text/markdown' or 'text/x-rst'");
    std::wstring text;
    FancyReadmeOutcome o = Fragments(&text);
    if (o != FancyReadmeOutcome::kRendered) return o;
    o = Substitutions(&text);
    if (o != FancyReadmeOutcome::kRendered) return o;
    std::string rendered = WideToUtf8(text);
    ReplaceAll(&rendered, "$HFPR_PACKAGE_NAME", name);
    ReplaceAll(&rendered, "$HFPR_VERSION", version);
    out->text = rendered;
    out->content_type = *type;
    out->path.clear();
    return FancyReadmeOutcome::kRendered;
  }

 private:
  FancyReadmeOutcome Problem(FancyReadmeOutcome o, const toml::node* n, std::string field,
                             std::string message) {
    *problem_ = {n, std::move(field), std::move(message)};
    return o;
  }
  FancyReadmeOutcome Unreproducible(const toml::node* n, std::string field, std::string message) {
    return Problem(FancyReadmeOutcome::kUnreproducible, n, std::move(field), std::move(message));
  }
  FancyReadmeOutcome Error(const toml::node* n, std::string field, std::string message) {
    return Problem(FancyReadmeOutcome::kError, n, std::move(field), std::move(message));
  }

  // A regex over `text`, as the plugin runs it; false (with the problem set) when unprovable.
  FancyReadmeOutcome Compile(const toml::node* at, const std::string& field,
                             const std::string& pattern, bool dotall, bool icase,
                             const std::wstring& text, Translated* tr, std::wregex* re) {
    std::string why;
    if (!PatternTranslator(Utf8ToWide(pattern), dotall, icase).Run(tr, &why))
      return Unreproducible(at, field,
                            "uses " + why +
                                ", which the native regex engine does not "
                                "reproduce exactly");
    if (const char* cls = UnicodeClassInText(*tr, text))
      return Unreproducible(
          at, field,
          std::string("uses ") + cls +
              ", which Python also matches on non-ASCII characters the text holds");
    if (icase && HasAsciiCaseFolding(text))
      return Unreproducible(at, field,
                            "ignores case and the text holds a character Python folds to ASCII");
    if (text.size() > kMaxCodePoints)
      return Unreproducible(at, field, "runs on more text than the native regex engine takes");
    try {
      auto flags = std::regex_constants::ECMAScript;
      if (icase) flags |= std::regex_constants::icase;
      *re = std::wregex(tr->ecma, flags);
    } catch (const std::regex_error& e) {
      return Unreproducible(at, field,
                            std::string("is not accepted by the native regex engine: ") + e.what());
    }
    return FancyReadmeOutcome::kRendered;
  }

  bool StringKey(const toml::table& t, const char* key, std::optional<std::string>* out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    *out = n->value<std::string>();
    return out->has_value() && n->is_string();
  }

  FancyReadmeOutcome Fragments(std::wstring* text) {
    const std::string base = std::string(kTable) + ".fragments";
    const toml::node* n = hook_.get("fragments");
    if (!n) return Error(nullptr, base, "is missing");
    const toml::array* arr = n->as_array();
    if (!arr) return Unreproducible(n, base, "is not an array of tables");
    if (arr->empty()) return Error(n, base, "must not be empty");
    int index = 0;
    for (const toml::node& item : *arr) {
      std::string field = base + "[" + std::to_string(index++) + "]";
      const toml::table* t = item.as_table();
      if (!t) return Unreproducible(&item, field, "is not a table");
      std::string piece;
      FancyReadmeOutcome o =
          t->get("text") ? TextFragment(*t, field, &piece) : FileFragment(*t, field, &piece);
      if (o != FancyReadmeOutcome::kRendered) return o;
      *text += Utf8ToWide(piece);
    }
    return FancyReadmeOutcome::kRendered;
  }

  FancyReadmeOutcome TextFragment(const toml::table& t, const std::string& field,
                                  std::string* out) {
    for (const auto& [k, v] : t)
      if (k != "text")
        return Unreproducible(&v, field + "." + std::string(k.str()),
                              "is a key the plugin ignores in a text fragment");
    std::optional<std::string> text;
    if (!StringKey(t, "text", &text))
      return Unreproducible(t.get("text"), field, "text is not a string");
    if (text->empty()) return Error(t.get("text"), field + ".text", "must not be empty");
    *out = *text;
    return FancyReadmeOutcome::kRendered;
  }

  FancyReadmeOutcome FileFragment(const toml::table& t, const std::string& field,
                                  std::string* out) {
    static const std::set<std::string> kKeys = {"path", "start-after", "start-at", "end-before",
                                                "pattern"};
    for (const auto& [k, v] : t)
      if (!kKeys.count(std::string(k.str())))
        return Unreproducible(&v, field + "." + std::string(k.str()),
                              "is a key the native fancy-pypi-readme reader does not implement");
    if (!t.get("path")) return Error(&t, field, "is neither a text nor a path fragment");
    std::optional<std::string> path, start_after, start_at, end_before, pattern;
    for (auto [key, value] : {std::pair{"path", &path},
                              {"start-after", &start_after},
                              {"start-at", &start_at},
                              {"end-before", &end_before},
                              {"pattern", &pattern}}) {
      if (!StringKey(t, key, value) || (t.get(key) && value->value().empty()))
        return Unreproducible(t.get(key), field + "." + key, "is not a non-empty string");
    }
    const toml::node* at = t.get("path");
    if (StartsWith(*path, "/") || path->find("..") != std::string::npos)
      return Unreproducible(at, field + ".path", "points outside the project");
    std::string raw, why;
    if (!ReadProjectFile(dir_, *path, &raw, &why))
      return Error(at, field + ".path", "fragment file '" + *path + "' cannot be read: " + why);
    if (!IsValidUtf8(raw))
      return Error(at, field + ".path", "fragment file '" + *path + "' is not valid UTF-8");
    std::string contents = UniversalNewlines(raw);
    if (start_after && start_at)
      return Error(&t, field, "'start-after' and 'start-at' are mutually exclusive");
    if (start_after) {
      size_t p = contents.find(*start_after);
      if (p == std::string::npos)
        return Error(t.get("start-after"), field + ".start-after",
                     "'" + *start_after + "' not found in " + *path);
      contents = contents.substr(p + start_after->size());
    } else if (start_at) {
      size_t p = contents.find(*start_at);
      if (p == std::string::npos)
        return Error(t.get("start-at"), field + ".start-at",
                     "'" + *start_at + "' not found in " + *path);
      contents = contents.substr(p);
    }
    if (end_before) {
      size_t p = contents.find(*end_before);
      if (p == std::string::npos)
        return Error(t.get("end-before"), field + ".end-before",
                     "'" + *end_before + "' not found in " + *path);
      contents = contents.substr(0, p);
    }
    if (pattern) {
      std::wstring wide = Utf8ToWide(contents);
      Translated tr;
      std::wregex re;
      FancyReadmeOutcome o =
          Compile(t.get("pattern"), field + ".pattern", *pattern, true, false, wide, &tr, &re);
      if (o != FancyReadmeOutcome::kRendered) return o;
      if (tr.groups == 0)
        return Error(t.get("pattern"), field + ".pattern", "pattern matches, but no group defined");
      bool found = false, group_matched = false;
      std::wstring group;
      if (!RunWithStack(wide.size(), [&] {
            std::wsmatch m;
            found = std::regex_search(wide, m, re);
            if (found && m[1].matched) {
              group_matched = true;
              group = m[1].str();
            }
          }))
        return Unreproducible(t.get("pattern"), field + ".pattern",
                              "could not be run by the native regex engine");
      if (!found)
        return Error(t.get("pattern"), field + ".pattern",
                     "'" + *pattern + "' not found in " + *path);
      if (!group_matched)
        return Unreproducible(t.get("pattern"), field + ".pattern",
                              "matches without its first group (the plugin fails on that)");
      contents = WideToUtf8(group);
    }
    *out = contents;
    return FancyReadmeOutcome::kRendered;
  }

  FancyReadmeOutcome Substitutions(std::wstring* text) {
    const std::string base = std::string(kTable) + ".substitutions";
    const toml::node* n = hook_.get("substitutions");
    if (!n) return FancyReadmeOutcome::kRendered;
    const toml::array* arr = n->as_array();
    if (!arr) return Error(n, base, "must be an array");
    int index = 0;
    for (const toml::node& item : *arr) {
      std::string field = base + "[" + std::to_string(index++) + "]";
      const toml::table* t = item.as_table();
      if (!t) return Unreproducible(&item, field, "is not a table");
      for (const auto& [k, v] : *t)
        if (k != "pattern" && k != "replacement" && k != "ignore-case")
          return Unreproducible(&v, field + "." + std::string(k.str()),
                                "is a key the native fancy-pypi-readme reader does not implement");
      std::optional<std::string> pattern, replacement;
      if (!t->get("pattern")) return Error(t, field, "is missing a 'pattern' key");
      if (!t->get("replacement")) return Error(t, field, "is missing a 'replacement' key");
      if (!StringKey(*t, "pattern", &pattern))
        return Unreproducible(t->get("pattern"), field + ".pattern", "is not a string");
      if (!StringKey(*t, "replacement", &replacement))
        return Error(t->get("replacement"), field + ".replacement", "is not a string");
      bool icase = false;
      if (const toml::node* ic = t->get("ignore-case")) {
        if (!ic->is_boolean()) return Error(ic, field + ".ignore-case", "is not a bool");
        icase = ic->as_boolean()->get();
      }
      Translated tr;
      std::wregex re;
      FancyReadmeOutcome o =
          Compile(t->get("pattern"), field + ".pattern", *pattern, false, icase, *text, &tr, &re);
      if (o != FancyReadmeOutcome::kRendered) return o;
      std::vector<TemplatePiece> tpl;
      std::string why;
      if (!ParseTemplate(Utf8ToWide(*replacement), tr, &tpl, &why))
        return Unreproducible(t->get("replacement"), field + ".replacement", "uses " + why);
      std::wstring result;
      if (!RunWithStack(text->size(), [&] { result = Substitute(re, tpl, *text); }))
        return Unreproducible(t->get("pattern"), field + ".pattern",
                              "could not be run by the native regex engine");
      *text = std::move(result);
    }
    return FancyReadmeOutcome::kRendered;
  }

  const std::string& dir_;
  const toml::table& hook_;
  FancyReadmeProblem* problem_;
};

}  // namespace

const toml::table* FancyReadmeTable(const toml::table& doc) {
  return doc.at_path(kTable).as_table();
}

FancyReadmeOutcome RenderFancyReadme(const std::string& dir, const toml::table& doc,
                                     const std::string& name, const std::string& version,
                                     Readme* out, FancyReadmeProblem* problem) {
  const toml::table* hook = FancyReadmeTable(doc);
  if (!hook) {
    *problem = {nullptr, kTable, "is not a table"};
    return FancyReadmeOutcome::kError;
  }
  return Renderer(dir, *hook, problem).Run(name, version, out);
}
