#include "core/tomli_w_writer.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

constexpr size_t kMaxLineLength = 100;  // tomli_w's MAX_LINE_LENGTH for inline tables
constexpr char kIndent[] = "    ";

using Pos = std::pair<long, long>;  // (line, column); unknown = (LONG_MAX, LONG_MAX)

Pos PosOf(const toml::node& n) {
  const auto& b = n.source().begin;
  if (b.line == 0) return {LONG_MAX, LONG_MAX};
  return {static_cast<long>(b.line), static_cast<long>(b.column)};
}

// tomllib inserts a key when it first meets the key or anything below it.
Pos FirstAppearance(const toml::node& n) {
  Pos best = PosOf(n);
  if (const toml::table* t = n.as_table()) {
    for (const auto& [k, v] : *t) best = std::min(best, FirstAppearance(v));
  } else if (const toml::array* a = n.as_array()) {
    for (const auto& v : *a) best = std::min(best, FirstAppearance(v));
  }
  return best;
}

// The keys of `t` in first-appearance order. Positions come from `layout`, the same table as
// parsed (a copied toml++ node loses its source position); keys it lacks come last.
struct Entry {
  std::string key;
  const toml::node* value;
  const toml::node* layout;  // the parsed counterpart, or null
};

std::vector<Entry> Ordered(const toml::table& t, const toml::node* layout) {
  const toml::table* lt = layout ? layout->as_table() : nullptr;
  std::vector<std::tuple<Pos, size_t, Entry>> items;
  size_t i = 0;
  for (const auto& [k, v] : t) {
    const toml::node* l = lt ? lt->get(k.str()) : nullptr;
    Pos pos = l ? FirstAppearance(*l) : Pos{LONG_MAX, LONG_MAX};
    items.emplace_back(pos, i++, Entry{std::string(k.str()), &v, l});
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  std::vector<Entry> out;
  for (auto& item : items) out.push_back(std::get<2>(item));
  return out;
}

// The parsed counterpart of array element `i`.
const toml::node* LayoutAt(const toml::node* layout, size_t i) {
  const toml::array* a = layout ? layout->as_array() : nullptr;
  return a && i < a->size() ? a->get(i) : nullptr;
}

// tomli_w's format_string (basic string, compact escapes, \uXXXX for other controls).
std::string FormatString(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\b':
        out += "\\b";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if ((c < 32 && c != '\t') || c == 127) {
          static const char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string FormatKey(const std::string& k) {
  bool bare = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
  return bare ? k : FormatString(k);
}

// Python's repr(float): the shortest round-trip digits, positional for exponents in [-4, 16),
// scientific ("1e-05", "1.5e+16") otherwise.
std::string FormatFloat(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  std::string sign;
  if (sci[0] == '-') sign = "-", sci = sci.substr(1);
  size_t e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  if (exp < -4 || exp >= 16) {
    std::string m = digits.substr(0, 1);
    if (digits.size() > 1) m += "." + digits.substr(1);
    std::string es = std::to_string(std::abs(exp));
    if (es.size() < 2) es = "0" + es;
    return sign + m + "e" + (exp < 0 ? "-" : "+") + es;
  }
  std::string out;
  if (exp < 0) {
    out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  } else if (static_cast<size_t>(exp) + 1 >= digits.size()) {
    out = digits + std::string(exp + 1 - digits.size(), '0') + ".0";
  } else {
    out = digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
  }
  return sign + out;
}

class Writer {
 public:
  std::string bad_key;

  bool Literal(const toml::node& v, const toml::node* layout, const std::string& key, size_t nest,
               std::string* out) {
    if (auto b = v.as_boolean()) {
      *out += b->get() ? "true" : "false";
    } else if (auto i = v.as_integer()) {
      *out += std::to_string(i->get());
    } else if (auto f = v.as_floating_point()) {
      *out += FormatFloat(f->get());
    } else if (auto s = v.as_string()) {
      *out += FormatString(s->get());
    } else if (auto a = v.as_array()) {
      return Array(*a, layout, key, nest, out);
    } else if (auto t = v.as_table()) {
      return InlineTable(*t, layout, key, out);
    } else {
      bad_key = key;  // date, time, date-time: Python's str() of them is not reproduced here
      return false;
    }
    return true;
  }

  bool Array(const toml::array& a, const toml::node* layout, const std::string& key, size_t nest,
             std::string* out) {
    if (a.empty()) {
      *out += "[]";
      return true;
    }
    std::string item_indent, closing;
    for (size_t i = 0; i < nest; ++i) closing += kIndent;
    item_indent = closing + kIndent;
    *out += "[\n";
    for (size_t i = 0; i < a.size(); ++i) {
      if (i) *out += ",\n";
      *out += item_indent;
      if (!Literal(*a.get(i), LayoutAt(layout, i), key, nest + 1, out)) return false;
    }
    *out += ",\n" + closing + "]";
    return true;
  }

  bool InlineTable(const toml::table& t, const toml::node* layout, const std::string& key,
                   std::string* out) {
    if (t.empty()) {
      *out += "{}";
      return true;
    }
    *out += "{ ";
    bool first = true;
    for (const Entry& e : Ordered(t, layout)) {
      if (!first) *out += ", ";
      first = false;
      *out += FormatKey(e.key) + " = ";
      if (!Literal(*e.value, e.layout, key + "." + e.key, 0, out)) return false;
    }
    *out += " }";
    return true;
  }

  bool SuitableInline(const toml::table& t, const toml::node* layout, const std::string& key) {
    std::string rendered = kIndent;
    if (!InlineTable(t, layout, key, &rendered)) return false;
    rendered += ",";
    return rendered.size() <= kMaxLineLength && rendered.find('\n') == std::string::npos;
  }

  static bool IsArrayOfTables(const toml::node& v) {
    const toml::array* a = v.as_array();
    if (!a || a->empty()) return false;
    return std::all_of(a->begin(), a->end(), [](const toml::node& e) { return e.is_table(); });
  }

  bool Table(const toml::table& t, const toml::node* layout, const std::string& name,
             const std::string& dotted, bool inside_aot, std::string* out) {
    std::vector<Entry> literals;
    struct Sub {
      std::string key;
      const toml::table* table;
      const toml::node* layout;
      bool in_aot;
    };
    std::vector<Sub> tables;
    for (const Entry& e : Ordered(t, layout)) {
      std::string child = dotted.empty() ? e.key : dotted + "." + e.key;
      if (const toml::table* sub = e.value->as_table()) {
        tables.push_back({e.key, sub, e.layout, false});
      } else if (IsArrayOfTables(*e.value)) {
        const toml::array& a = *e.value->as_array();
        bool all_inline = true;
        for (size_t i = 0; i < a.size(); ++i) {
          if (!SuitableInline(*a.get(i)->as_table(), LayoutAt(e.layout, i), child)) {
            if (!bad_key.empty()) return false;
            all_inline = false;
          }
        }
        if (all_inline) {
          literals.push_back(e);
        } else {
          for (size_t i = 0; i < a.size(); ++i)
            tables.push_back({e.key, a.get(i)->as_table(), LayoutAt(e.layout, i), true});
        }
      } else {
        literals.push_back(e);
      }
    }
    bool yielded = false;
    if (inside_aot || (!name.empty() && (!literals.empty() || tables.empty()))) {
      yielded = true;
      *out += inside_aot ? "[[" + name + "]]\n" : "[" + name + "]\n";
    }
    for (const Entry& e : literals) {
      yielded = true;
      *out += FormatKey(e.key) + " = ";
      if (!Literal(*e.value, e.layout, dotted.empty() ? e.key : dotted + "." + e.key, 0, out))
        return false;
      *out += "\n";
    }
    for (const Sub& s : tables) {
      if (yielded)
        *out += "\n";
      else
        yielded = true;
      std::string part = FormatKey(s.key);
      std::string display = name.empty() ? part : name + "." + part;
      if (!Table(*s.table, s.layout, display, dotted.empty() ? s.key : dotted + "." + s.key,
                 s.in_aot, out))
        return false;
    }
    return true;
  }
};

}  // namespace

bool WriteTomliW(const toml::table& doc, std::string* out, std::string* bad_key,
                 const toml::table* layout) {
  Writer w;
  out->clear();
  if (w.Table(doc, layout ? layout : &doc, "", "", false, out)) return true;
  *bad_key = w.bad_key;
  return false;
}
