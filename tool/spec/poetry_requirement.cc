#include "spec/poetry_requirement.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "core/string_util.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "spec/pep508.h"

namespace {

bool IsLower(const std::string& op) { return op == ">=" || op == ">"; }
bool IsUpper(const std::string& op) { return op == "<=" || op == "<"; }

// A version poetry prints back as written: already in PEP 440's normal form, no epoch.
bool VersionPrintedAsWritten(std::string v, bool wildcard) {
  std::string norm;
  if (wildcard) v = v.substr(0, v.size() - 2);
  return v.find('!') == std::string::npos && NormalizeVersion(v, &norm, nullptr) && norm == v;
}

bool PrintedAsWritten(const VersionSpecifier& s) {
  if (s.op == "~=" || s.op == "===") return false;
  return VersionPrintedAsWritten(s.version, s.wildcard);
}

// poetry-core's `~=V` (parse_single_constraint): `>=V,<U`, where U is V's release without its
// last part, that part's predecessor incremented and zeros padded back to the release's length
// (~=1.2 -> <2.0, ~=1.2.3rc1 -> <1.3.0). Only a version in normal form without epoch or local part.
bool CompatibleText(const VersionSpecifier& s, std::string* out) {
  if (s.op != "~=" || s.wildcard || s.version.find('+') != std::string::npos ||
      !VersionPrintedAsWritten(s.version, false))
    return false;
  size_t end = s.version.find_first_not_of("0123456789.");
  std::string release = s.version.substr(0, end);
  while (!release.empty() && release.back() == '.') release.pop_back();
  std::vector<std::string> parts = Split(release, '.');
  if (parts.size() < 2) return false;
  const size_t n = parts.size();
  parts.pop_back();
  parts.back() = IncrementDecimal(parts.back());
  while (parts.size() < n) parts.push_back("0");
  *out = ">=" + s.version + ",<" + Join(parts, ".");
  return true;
}

// poetry's constraint text: one specifier, or a lower bound then an upper bound that leave room
// between them (poetry merges, drops or reorders anything else).
bool ConstraintText(const SpecifierSet& set, std::string* out, std::string* why) {
  const auto& specs = set.specs;
  if (specs.size() == 1 && CompatibleText(specs[0], out)) return true;
  for (const auto& s : specs) {
    if (!PrintedAsWritten(s)) {
      *why = "'" + s.ToString() + "' is rewritten by poetry-core (" +
             (s.op == "~=" || s.op == "===" ? "operator " + s.op : "a version not in normal form") +
             ")";
      return false;
    }
  }
  if (specs.size() <= 1) {
    *out = specs.empty() ? "" : specs[0].ToString();
    return true;
  }
  if (specs.size() == 2 && !specs[0].wildcard && !specs[1].wildcard) {
    const VersionSpecifier* lo = IsLower(specs[0].op) ? &specs[0] : &specs[1];
    const VersionSpecifier* hi = lo == &specs[0] ? &specs[1] : &specs[0];
    if (IsLower(lo->op) && IsUpper(hi->op) && CompareVersions(lo->parsed, hi->parsed) < 0) {
      *out = lo->ToString() + "," + hi->ToString();
      return true;
    }
  }
  *why = "the version constraint '" + set.ToString() +
         "' is merged or reordered by poetry-core (only one specifier, or a lower and an upper "
         "bound, are written as given)";
  return false;
}

bool AllDigitsAndDots(const std::string& v, size_t* parts) {
  std::vector<std::string> p = Split(v, '.');
  for (const auto& s : p)
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(c); }))
      return false;
  *parts = p.size();
  return true;
}

// The identifiers of the marker as written (outside quotes): only PEP 508's own names, so that no
// alias (os.name, python_implementation) is rewritten by one tool and not the other.
bool OnlyStandardNames(const std::string& text, std::string* why) {
  static const std::set<std::string> kNames = {"and",
                                               "or",
                                               "python_version",
                                               "python_full_version",
                                               "os_name",
                                               "sys_platform",
                                               "platform_machine",
                                               "platform_python_implementation",
                                               "platform_system",
                                               "implementation_name"};
  char quote = 0;
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
      word += c;
      continue;
    }
    if (!word.empty() && !kNames.count(word)) {
      *why = "marker name '" + word + "' is not one whose rendering by poetry-core is reproduced";
      return false;
    }
    word.clear();
    if (c == '\'' || c == '"') quote = c;
  }
  return true;
}

// A canonical marker (ParseMarker's text) poetry-core prints unchanged: comparisons `var op
// "value"` joined all by `and` or all by `or`, each variable once (python_version and
// python_full_version counting as one: poetry merges their ranges), no parentheses.
bool MarkerPrintedAsWritten(const std::string& marker, std::string* why) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < marker.size()) {
    if (marker[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = i;
    if (marker[i] == '"') {
      j = marker.find('"', i + 1);
      if (j == std::string::npos) break;
      ++j;
    } else {
      while (j < marker.size() && marker[j] != ' ') ++j;
    }
    tokens.push_back(marker.substr(i, j - i));
    i = j;
  }
  *why =
      "the marker '" + marker + "' is rewritten by poetry-core or not known to be kept as written";
  if (tokens.size() % 4 != 3) return false;
  std::set<std::string> vars;
  std::string connector;
  for (size_t k = 0; k < tokens.size(); k += 4) {
    const std::string& var = tokens[k];
    const std::string& op = tokens[k + 1];
    const std::string& quoted = tokens[k + 2];
    if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') return false;
    std::string value = quoted.substr(1, quoted.size() - 2);
    const bool python = var == "python_version" || var == "python_full_version";
    if (!vars.insert(python ? "python" : var).second) return false;
    size_t parts = 0;
    if (python) {
      if (op != "==" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=")
        return false;
      if (!AllDigitsAndDots(value, &parts)) return false;
      if (var == "python_full_version" && parts != 3) return false;  // poetry pads to x.y.z
    } else if (op != "==" && op != "!=") {
      return false;
    }
    if (k + 3 < tokens.size()) {
      const std::string& c = tokens[k + 3];
      if (c != "and" && c != "or") return false;
      if (!connector.empty() && c != connector) return false;
      connector = c;
    }
  }
  why->clear();
  return true;
}

}  // namespace

bool PoetryRequiresDist(const std::string& dep, const std::string& extra, std::string* out,
                        std::string* why) {
  Requirement r;
  std::string err;
  if (!ParseRequirement(dep, &r, &err)) {
    *why = err;
    return false;
  }
  if (!r.url.empty()) {
    *why = "a direct URL reference is rewritten by poetry-core";
    return false;
  }
  std::string text = r.name;
  if (!r.extras.empty()) {
    std::set<std::string> extras;
    for (const auto& e : r.extras) extras.insert(NormalizeExtra(e));
    text += "[" + Join(std::vector<std::string>(extras.begin(), extras.end()), ",") + "]";
  }
  std::string constraint;
  if (!ConstraintText(r.specifier, &constraint, why)) return false;
  if (!constraint.empty()) text += " (" + constraint + ")";
  std::string marker = r.marker;
  if (!marker.empty()) {
    size_t semi = dep.find(';');
    if (!OnlyStandardNames(semi == std::string::npos ? "" : dep.substr(semi + 1), why) ||
        !MarkerPrintedAsWritten(marker, why))
      return false;
  }
  if (!extra.empty()) {
    std::string e = "extra == \"" + extra + "\"";
    marker = marker.empty() ? e : "(" + marker + ") and (" + e + ")";
  }
  if (!marker.empty()) text += " ; " + marker;
  *out = text;
  return true;
}
