#include "spec/poetry_constraint.h"

#include <algorithm>
#include <set>

#include "core/string_util.h"
#include "spec/pep440.h"

namespace {

// The versions ProjectPackage.AVAILABLE_PYTHONS lists, in the order all_classifiers sorts them.
const std::vector<std::string>& AvailablePythons() {
  static const std::vector<std::string> v = {"2",    "2.7",  "3",    "3.4",  "3.5",
                                             "3.6",  "3.7",  "3.8",  "3.9",  "3.10",
                                             "3.11", "3.12", "3.13", "3.14", "3.15"};
  return v;
}

// Release numbers only: digits separated by dots, no leading zeros (poetry would print them
// normalized).
bool SplitRelease(const std::string& v, std::vector<std::string>* parts) {
  *parts = Split(v, '.');
  for (const std::string& p : *parts) {
    if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos ||
        (p.size() > 1 && p[0] == '0'))
      return false;
  }
  return !parts->empty();
}

// Release.next_major / next_minor / next_patch: part `at` incremented, the later ones zero, the
// precision kept (a missing minor of next_minor becomes 1).
std::string Bump(std::vector<std::string> parts, size_t at) {
  while (parts.size() <= at) parts.push_back("0");
  parts[at] = IncrementDecimal(parts[at]);
  for (size_t i = at + 1; i < parts.size(); ++i) parts[i] = "0";
  return Join(parts, ".");
}

int Compare(const std::string& a, const std::string& b) {
  Pep440Version x, y;
  ParseVersion(a, &x, nullptr);
  ParseVersion(b, &y, nullptr);
  return CompareVersions(x, y);
}

// Whether some version lies in both `r` and [lo, hi) (hi exclusive; lo == hi: the version lo).
bool Overlaps(const PoetryRange& r, const std::string& lo, const std::string& hi) {
  const bool point = lo == hi;
  if (!r.min.empty()) {
    int c = Compare(r.min, hi);
    if (point ? (c > 0 || (c == 0 && !r.include_min)) : c >= 0) return false;
  }
  if (!r.max.empty()) {
    int c = Compare(r.max, lo);
    if (c < 0 || (c == 0 && !r.include_max)) return false;
  }
  return true;
}

// One constraint of an and-group: `^V`, `~V`, `>=V`, `>V`, `<=V`, `<V` or `*`.
bool ParseSingle(const std::string& c, PoetryRange* out, std::string* why) {
  if (c == "*") return true;
  std::string op, v;
  for (const char* o : {">=", "<=", "^", "~=", "~", ">", "<", "==", "!="}) {
    if (StartsWith(c, o)) {
      op = o;
      break;
    }
  }
  v = Trim(c.substr(op.size()));
  std::vector<std::string> parts;
  if (op.empty() || op == "==" || op == "!=" || op == "~=" || !SplitRelease(v, &parts)) {
    *why = "'" + c + "' is not a caret, tilde or bound on a release number";
    return false;
  }
  if (op == "^" || op == "~") {
    out->min = v;
    out->include_min = true;
    size_t at = 0;  // Version.next_breaking (caret) or next_minor (tilde)
    if (op == "^")
      at = (parts[0] != "0" || parts.size() == 1)   ? 0
           : (parts[1] != "0" || parts.size() == 2) ? 1
                                                    : 2;
    else
      at = parts.size() == 1 ? 0 : 1;
    out->max = Bump(parts, at);
    out->include_max = false;
  } else if (op[0] == '>') {
    out->min = v;
    out->include_min = op == ">=";
  } else {
    out->max = v;
    out->include_max = op == "<=";
  }
  return true;
}

}  // namespace

bool ParsePoetryConstraint(const std::string& text, PoetryRange* out, std::string* why) {
  *out = PoetryRange();
  std::string t = Trim(text);
  if (t.find('|') != std::string::npos) {
    *why = "'" + text + "' is a union (||), which poetry-core formats its own way";
    return false;
  }
  while (!t.empty() && (t.back() == ',' || t.back() == ' ')) t.pop_back();
  // parse_constraint's and-split: at commas or spaces, an operator keeping the version after it.
  std::vector<std::string> singles;
  std::string cur;
  for (size_t i = 0; i <= t.size(); ++i) {
    char ch = i < t.size() ? t[i] : ',';
    if (ch == ',' || ch == ' ') {
      bool only_op = !cur.empty() && cur.find_first_not_of("<>=^~!") == std::string::npos;
      if (!cur.empty() && !only_op) {
        singles.push_back(cur);
        cur.clear();
      }
      if (ch == ',' && only_op) {
        *why = "'" + text + "' has an operator without a version";
        return false;
      }
      continue;
    }
    cur += ch;
  }
  if (singles.empty()) {
    *why = "an empty constraint";
    return false;
  }
  bool has_min = false, has_max = false;
  for (const std::string& s : singles) {
    PoetryRange r;
    if (!ParseSingle(s, &r, why)) return false;
    if (s == "*") continue;
    if ((has_min && !r.min.empty()) || (has_max && !r.max.empty())) {
      *why = "'" + text + "' has more than one lower or upper bound, which poetry-core merges";
      return false;
    }
    if (!r.min.empty()) {
      out->min = r.min, out->include_min = r.include_min, has_min = true;
    }
    if (!r.max.empty()) {
      out->max = r.max, out->include_max = r.include_max, has_max = true;
    }
  }
  if (!out->min.empty() && !out->max.empty()) {
    int c = Compare(out->min, out->max);
    if (c > 0 || (c == 0 && !(out->include_min && out->include_max))) {
      *why = "'" + text + "' admits no version";
      return false;
    }
    if (c == 0) {
      *why = "'" + text + "' admits one version, which poetry-core prints as ==";
      return false;
    }
  }
  return true;
}

std::string PoetryRangeText(const PoetryRange& r) {
  std::string text;
  if (!r.min.empty()) text += (r.include_min ? ">=" : ">") + r.min;
  if (!r.max.empty())
    text += (text.empty() ? "" : ",") + std::string(r.include_max ? "<=" : "<") + r.max;
  return text;
}

bool PoetryPythonMarker(const PoetryRange& r, std::string* marker, std::string* why) {
  marker->clear();
  if (r.min.empty() && r.max.empty()) return true;
  if (!r.min.empty() && !r.max.empty()) {
    *why = "'" + PoetryRangeText(r) +
           "' has two bounds, which poetry-core may fold into one marker comparison";
    return false;
  }
  const bool lower = !r.min.empty();
  const std::string& v = lower ? r.min : r.max;
  const bool inclusive = lower ? r.include_min : r.include_max;
  std::vector<std::string> parts = Split(v, '.');
  if (parts.size() > 3) {
    *why = "'" + PoetryRangeText(r) + "' has a version of more than three parts";
    return false;
  }
  std::string op = lower ? (inclusive ? ">=" : ">") : (inclusive ? "<=" : "<");
  // python_version compares major.minor only: `> 3.9` and `<= 3.9` would then mean other ranges.
  const bool pad = parts.size() < 3 && lower != inclusive;
  if (pad)
    while (parts.size() < 3) parts.push_back("0");
  const char* name = parts.size() == 3 ? "python_full_version" : "python_version";
  *marker = std::string(name) + " " + op + " \"" + Join(parts, ".") + "\"";
  return true;
}

std::vector<std::string> PoetryPythonClassifiers(const PoetryRange* python) {
  std::vector<std::string> out;
  for (const std::string& v : AvailablePythons()) {
    bool major = v.find('.') == std::string::npos;
    if (python && !Overlaps(*python, v, major ? IncrementDecimal(v) : v)) continue;
    out.push_back("Programming Language :: Python :: " + v);
  }
  return out;
}

std::vector<std::string> PoetryAllClassifiers(const std::vector<std::string>& declared,
                                              const std::string& license,
                                              const std::vector<std::string>& python) {
  static const std::string kPrefix = "Programming Language :: Python";
  std::set<std::string> rest(declared.begin(), declared.end());
  if (!license.empty()) rest.insert(license);
  for (const std::string& p : python) rest.erase(p);
  std::vector<std::string> out;
  bool inserted = false;
  for (const std::string& c : rest) {
    if (!inserted && c > kPrefix) {
      out.insert(out.end(), python.begin(), python.end());
      inserted = true;
    }
    out.push_back(c);
  }
  if (!inserted) out.insert(out.end(), python.begin(), python.end());
  return out;
}
