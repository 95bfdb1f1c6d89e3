#include "spec/uv_requirement.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include "core/string_util.h"
#include "spec/names.h"
#include "spec/pep440.h"

namespace {

const std::regex& TwoPartVersion() {
  static const std::regex re("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
  return re;
}

// X.Y[.Z...] without leading zeros and not ending in a zero part (uv drops trailing zeros).
bool PlainFullVersion(const std::string& v) {
  static const std::regex re("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
  return std::regex_match(v, re) && !EndsWith(v, ".0") && v != "0";
}

// python_version OP 'X.Y' as python_full_version.
bool PythonVersionTerm(const std::string& op, const std::string& value, std::string* out) {
  std::smatch m;
  if (!std::regex_match(value, m, TwoPartVersion())) return false;
  const std::string major = m[1].str(), minor = m[2].str();
  const std::string next = major + "." + std::to_string(std::stoll(minor) + 1);
  const std::string bound = minor == "0" ? major : value;  // uv drops a trailing zero
  std::string text;
  if (op == "<" || op == ">=")
    text = op + " '" + bound + "'";
  else if (op == "<=")
    text = "< '" + next + "'";
  else if (op == ">")
    text = ">= '" + next + "'";
  else if (op == "==" || op == "!=")
    text = op + " '" + value + ".*'";
  else
    return false;
  *out = "python_full_version " + text;
  return true;
}

// uv writes `platform_system == V` as the sys_platform term it implies for these values and keeps
// the others as written (the same in uv_build 0.9.30, 0.10.12, 0.12.24 and 0.13.6). Values not
// seen kept (a lowercase 'windows') stay with the backend.
const char* UvSysPlatformOf(const std::string& platform_system) {
  static const std::map<std::string, const char*> kImplied = {
      {"Windows", "win32"},         {"Darwin", "darwin"},   {"Linux", "linux"},
      {"Emscripten", "emscripten"}, {"Android", "android"}, {"AIX", "aix"}};
  auto it = kImplied.find(platform_system);
  return it == kImplied.end() ? nullptr : it->second;
}

bool UvKeepsPlatformSystem(const std::string& value) {
  static const std::set<std::string> kKept = {"FreeBSD", "OpenBSD", "NetBSD", "DragonFly", "SunOS",
                                              "Java",    "iOS",     "iPadOS", "Haiku",     "OS400"};
  return kKept.count(value) > 0;
}

bool IsComparison(const std::string& op) {
  return op == "<" || op == "<=" || op == ">" || op == ">=" || op == "==" || op == "!=";
}

}  // namespace

bool UvMarkerText(const std::string& canonical_marker, std::string* out) {
  const std::string& m = canonical_marker;
  if (m.empty() || m.find('(') != std::string::npos || m.find(" or ") != std::string::npos)
    return false;
  std::string python_term, string_term;
  size_t start = 0;
  while (start <= m.size()) {
    size_t end = m.find(" and ", start);
    std::string term = m.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? m.size() + 1 : end + 5;
    std::vector<std::string> parts = Split(term, ' ');  // canonical: `var op "value"`
    if (parts.size() != 3 || parts[2].size() < 2 || parts[2].front() != '"' ||
        parts[2].back() != '"')
      return false;
    std::string var = parts[0];
    const std::string& op = parts[1];
    std::string value = parts[2].substr(1, parts[2].size() - 2);
    if (var == "platform_system") {
      if (const char* sys_platform = UvSysPlatformOf(value)) {
        var = "sys_platform";
        value = sys_platform;
      } else if (!UvKeepsPlatformSystem(value)) {
        return false;
      }
    }
    if (value.find_first_of("\"'\\") != std::string::npos) return false;
    if (var == "python_version" || var == "python_full_version") {
      if (!python_term.empty()) return false;
      if (var == "python_version") {
        if (!PythonVersionTerm(op, value, &python_term)) return false;
      } else {
        if (!IsComparison(op) || !PlainFullVersion(value)) return false;
        python_term = var + " " + op + " '" + value + "'";
      }
    } else if (var == "sys_platform" || var == "platform_system" || var == "os_name" ||
               var == "platform_machine" || var == "implementation_name" ||
               var == "platform_python_implementation") {
      static const std::regex plain("[A-Za-z0-9_.+-]+");
      if (!string_term.empty() || (op != "==" && op != "!=") || !std::regex_match(value, plain))
        return false;
      string_term = var + " " + op + " '" + value + "'";
    } else {
      return false;
    }
  }
  *out = python_term.empty()   ? string_term
         : string_term.empty() ? python_term
                               : python_term + " and " + string_term;
  return true;
}

bool UvSpecifiers(const SpecifierSet& set, const std::string& separator, std::string* out) {
  // uv keeps the specifiers sorted by version (a stable sort: VersionSpecifiers::from_unsorted).
  struct Spec {
    Pep440Version version;
    std::string text;
  };
  std::vector<Spec> sorted;
  for (const auto& s : set.specs) {
    if (s.op == "===") return false;  // an arbitrary string: not compared with uv
    std::string version = s.version, err;
    const bool star = EndsWith(version, ".*");
    if (star) version.resize(version.size() - 2);
    Spec spec;
    if (!ParseVersion(version, &spec.version, &err) || !NormalizeVersion(version, &version, &err))
      return false;
    spec.text = s.op + version + (star ? ".*" : "");
    sorted.push_back(std::move(spec));
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const Spec& a, const Spec& b) {
    return CompareVersions(a.version, b.version) < 0;
  });
  std::vector<std::string> specs;
  for (const Spec& s : sorted) specs.push_back(s.text);
  *out = Join(specs, separator);
  return true;
}

bool UvRequiresDist(const Requirement& req, const std::string& extra, std::string* out) {
  std::string text = NormalizeName(req.name);
  if (!req.extras.empty()) {
    std::vector<std::string> extras;
    for (const std::string& e : req.extras) extras.push_back(NormalizeExtra(e));
    text += "[" + Join(extras, ",") + "]";
  }
  std::string specs;
  if (!UvSpecifiers(req.specifier, ",", &specs)) return false;
  text += specs;
  if (!req.url.empty()) text += " @ " + req.url;
  std::string marker;
  if (!req.marker.empty() && !UvMarkerText(req.marker, &marker)) return false;
  if (!extra.empty()) marker += (marker.empty() ? "" : " and ") + ("extra == '" + extra + "'");
  if (!marker.empty()) text += " ; " + marker;
  *out = text;
  return true;
}
