#include "spec/pep508.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/string_util.h"
#include "spec/names.h"

namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsWordChar(char c) { return IsAlnum(c) || c == '_'; }

const char* const kMarkerVariables[] = {"python_version",
                                        "python_full_version",
                                        "os_name",
                                        "os.name",
                                        "sys_platform",
                                        "sys.platform",
                                        "platform_release",
                                        "platform_system",
                                        "platform_version",
                                        "platform.version",
                                        "platform_machine",
                                        "platform.machine",
                                        "platform_python_implementation",
                                        "platform.python_implementation",
                                        "python_implementation",
                                        "implementation_name",
                                        "implementation_version",
                                        "extras",
                                        "extra",
                                        "dependency_groups"};

// A marker expression as packaging keeps it: a flat list of atoms joined by "and"/"or", where an
// atom is a comparison or a parenthesized list.
struct MarkerNode {
  std::string item;                                // "lhs op rhs" when a leaf
  std::vector<std::unique_ptr<MarkerNode>> parts;  // a list: atoms at even indexes
  std::vector<std::string> ops;                    // "and"/"or" between parts
  bool IsLeaf() const { return parts.empty(); }
};

// packaging's _format_marker: a one-element list is unwrapped; inner lists get parentheses.
std::string Format(const MarkerNode& n, bool first) {
  if (n.IsLeaf()) return n.item;
  if (n.parts.size() == 1) return Format(*n.parts[0], true);
  std::string out;
  for (size_t i = 0; i < n.parts.size(); ++i) {
    if (i) out += " " + n.ops[i - 1] + " ";
    out += Format(*n.parts[i], false);
  }
  return first ? out : "(" + out + ")";
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  void SkipWs() {
    while (!AtEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // A keyword followed by a word boundary.
  bool ConsumeWord(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    size_t end = pos_ + w.size();
    if (end < s_.size() && IsWordChar(s_[end])) return false;
    pos_ = end;
    return true;
  }
  bool Fail(const std::string& what) {
    if (err_.empty()) {
      err_ = what + " at column " + std::to_string(pos_ + 1);
    }
    return false;
  }
  const std::string& error() const { return err_; }

  bool Identifier(std::string* out) {
    size_t start = pos_;
    if (!IsAlnum(Peek())) return false;
    while (!AtEnd() && IsIdentChar(s_[pos_])) ++pos_;
    while (pos_ > start + 1 && !IsAlnum(s_[pos_ - 1])) --pos_;  // must end alphanumeric
    *out = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  // marker = atom (("and"|"or") atom)*
  bool Marker(MarkerNode* node) {
    auto first = std::make_unique<MarkerNode>();
    if (!Atom(first.get())) return false;
    node->parts.push_back(std::move(first));
    for (;;) {
      size_t save = pos_;
      SkipWs();
      std::string op;
      if (ConsumeWord("and")) {
        op = "and";
      } else if (ConsumeWord("or")) {
        op = "or";
      } else {
        pos_ = save;
        return true;
      }
      auto next = std::make_unique<MarkerNode>();
      if (!Atom(next.get())) return false;
      node->ops.push_back(op);
      node->parts.push_back(std::move(next));
    }
  }

  bool Atom(MarkerNode* node) {
    SkipWs();
    if (Consume('(')) {
      // Bounded so that hostile input cannot exhaust the stack.
      if (++depth_ > kMaxDepth) return Fail("Parentheses nested too deeply");
      SkipWs();
      if (!Marker(node)) return false;
      --depth_;
      SkipWs();
      if (!Consume(')'))
        return Fail("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker");
      return true;
    }
    return Item(node);
  }

  bool Item(MarkerNode* node) {
    SkipWs();
    std::string lhs, op, rhs;
    bool lhs_var = false, rhs_var = false;
    if (!Var(&lhs, &lhs_var)) return false;
    SkipWs();
    if (!Op(&op)) return false;
    SkipWs();
    if (!Var(&rhs, &rhs_var)) return false;
    // PEP 685: extra names compare normalized.
    if (lhs_var && lhs == "extra" && !rhs_var) rhs = NormalizeExtra(rhs);
    if (rhs_var && rhs == "extra" && !lhs_var) lhs = NormalizeExtra(lhs);
    auto render = [](const std::string& v, bool is_var) { return is_var ? v : "\"" + v + "\""; };
    node->item = render(lhs, lhs_var) + " " + op + " " + render(rhs, rhs_var);
    return true;
  }

  bool Var(std::string* out, bool* is_var) {
    char q = Peek();
    if (q == '"' || q == '\'') {
      size_t end = s_.find(q, pos_ + 1);
      if (end == std::string_view::npos)
        return Fail("Expected a closing " + std::string(1, q) + " quote");
      *out = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
      *is_var = false;
      pos_ = end + 1;
      return true;
    }
    for (const char* v : kMarkerVariables) {
      if (ConsumeWord(v)) {
        *out = v;
        // packaging writes the legacy spellings in their PEP 508 form.
        if (*out == "python_implementation") *out = "platform_python_implementation";
        for (char& c : *out) {
          if (c == '.') c = '_';
        }
        *is_var = true;
        return true;
      }
    }
    return Fail("Expected a marker variable or quoted string");
  }

  bool Op(std::string* out) {
    for (const char* o : {"===", "==", "~=", "!=", "<=", ">=", "<", ">"}) {
      std::string_view ov(o);
      if (s_.substr(pos_, ov.size()) == ov) {
        pos_ += ov.size();
        *out = o;
        return true;
      }
    }
    if (ConsumeWord("in")) {
      *out = "in";
      return true;
    }
    size_t save = pos_;
    if (ConsumeWord("not")) {
      size_t ws = pos_;
      SkipWs();
      if (pos_ > ws && ConsumeWord("in")) {
        *out = "not in";
        return true;
      }
      pos_ = save;
    }
    return Fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
  }

  // Everything up to `stop` (or the end), for the specifier and URL parts.
  std::string_view Until(std::string_view stops) {
    size_t start = pos_;
    while (!AtEnd() && stops.find(s_[pos_]) == std::string_view::npos) ++pos_;
    return s_.substr(start, pos_ - start);
  }

 private:
  static constexpr int kMaxDepth = 64;
  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string err_;
};

bool FullMarker(Parser* p, std::string* canonical) {
  MarkerNode root;
  if (!p->Marker(&root)) return false;
  p->SkipWs();
  if (!p->AtEnd()) return p->Fail("Expected end or 'and'/'or' after marker");
  *canonical = Format(root, true);
  return true;
}

std::string WithNormalizedExtras(Requirement req) {
  for (auto& e : req.extras) e = NormalizeExtra(e);
  return req.ToString();
}

}  // namespace

std::string Requirement::ToString() const {
  std::string out = name;
  if (!extras.empty()) {
    std::vector<std::string> sorted = extras;
    std::sort(sorted.begin(), sorted.end());
    out += "[" + Join(sorted, ",") + "]";
  }
  out += specifier.CanonicalString();
  if (!url.empty()) {
    out += " @ " + url;
    if (!marker.empty()) out += " ";
  }
  if (!marker.empty()) out += "; " + marker;
  return out;
}

bool ParseMarker(std::string_view text, std::string* canonical, std::string* err) {
  Parser p(text);
  p.SkipWs();
  if (!FullMarker(&p, canonical)) {
    if (err) *err = p.error();
    return false;
  }
  return true;
}

bool ParseRequirement(std::string_view text, Requirement* out, std::string* err) {
  Parser p(text);
  Requirement req;
  auto fail = [&](const std::string& what) {
    p.Fail(what);
    if (err) *err = p.error();
    return false;
  };
  p.SkipWs();
  if (!p.Identifier(&req.name))
    return fail("Expected package name at the start of dependency specifier");
  p.SkipWs();
  if (p.Consume('[')) {
    p.SkipWs();
    if (!p.Consume(']')) {
      for (;;) {
        std::string extra;
        if (!p.Identifier(&extra)) return fail("Expected extra name");
        req.extras.push_back(extra);
        p.SkipWs();
        if (p.Consume(']')) break;
        if (!p.Consume(',')) return fail("Expected comma between extra names");
        p.SkipWs();
      }
    }
    p.SkipWs();
  }
  if (p.Consume('@')) {
    p.SkipWs();
    req.url = std::string(p.Until(" \t"));
    if (req.url.empty()) return fail("Expected URL after @");
    if (!p.AtEnd()) {
      p.SkipWs();
      if (!p.AtEnd()) {
        if (!p.Consume(';')) return fail("Expected semicolon (after URL and whitespace) or end");
        p.SkipWs();
        if (!FullMarker(&p, &req.marker)) {
          if (err) *err = p.error();
          return false;
        }
      }
    }
  } else {
    bool paren = p.Consume('(');
    size_t spec_start = p.pos();
    std::string spec = Trim(p.Until(paren ? ")" : ";"));
    if (!spec.empty()) {
      if (std::string("<>=!~").find(spec[0]) == std::string::npos) {
        return fail(req.extras.empty() && spec.find('[') == std::string::npos
                        ? "Expected semicolon (after name with no version specifier) or end"
                        : "Expected end or semicolon");
      }
      // packaging allows one trailing comma here, but no empty item in between.
      std::vector<std::string> items = Split(spec, ',');
      for (size_t i = 0; i + 1 < items.size(); ++i) {
        if (Trim(items[i]).empty()) return fail("Expected a version specifier after ','");
      }
      std::string why;
      if (!ParseSpecifierSet(spec, &req.specifier, &why)) {
        if (err) *err = why + " at column " + std::to_string(spec_start + 1);
        return false;
      }
    }
    if (paren && !p.Consume(')'))
      return fail(
          "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier");
    p.SkipWs();
    if (!p.AtEnd()) {
      if (!p.Consume(';')) return fail("Expected end or semicolon (after version specifier)");
      p.SkipWs();
      if (!FullMarker(&p, &req.marker)) {
        if (err) *err = p.error();
        return false;
      }
    }
  }
  *out = std::move(req);
  return true;
}

bool IsValidRequirement(std::string_view text) {
  Requirement r;
  return ParseRequirement(text, &r, nullptr);
}

std::string RequiresDist(const Requirement& req) { return WithNormalizedExtras(req); }

std::string RequiresDistForExtra(const Requirement& req, const std::string& extra) {
  Requirement r = req;
  std::string own = r.marker;
  std::string extra_marker = "extra == \"" + extra + "\"";
  if (own.empty()) {
    r.marker = extra_marker;
  } else {
    // Re-parsed so the result is packaging's canonical text: the parentheses stay only where
    // they matter ("(a or b) and extra == ...").
    std::string combined = "(" + own + ") and " + extra_marker;
    if (!ParseMarker(combined, &r.marker, nullptr)) r.marker = combined;
  }
  return WithNormalizedExtras(r);
}
