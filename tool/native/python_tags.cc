#include "native/python_tags.h"

#include <nlohmann/json.hpp>

#include "core/string_util.h"
#include "core/subprocess.h"

const char* PythonConfigScript() {
  return "import json, sys, sysconfig\n"
         "v = sysconfig.get_config_var\n"
         "print(json.dumps({'executable': sys.executable, 'implementation': "
         "sys.implementation.name,\n"
         "  'major': sys.version_info[0], 'minor': sys.version_info[1],\n"
         "  'soabi': v('SOABI') or '', 'ext_suffix': v('EXT_SUFFIX') or '',\n"
         "  'gil_disabled': bool(v('Py_GIL_DISABLED')), 'debug': bool(v('Py_DEBUG'))}))\n";
}

bool ParsePythonConfig(const std::string& source, const std::string& json_text, PythonConfig* out,
                       std::string* err) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  auto fail = [&](const std::string& what) {
    *err = source + ": " + what;
    return false;
  };
  if (!doc.is_object())
    return fail("its sysconfig answer is not a JSON object: " + Trim(json_text).substr(0, 200));
  *out = PythonConfig();
  for (const char* key : {"executable", "implementation", "soabi", "ext_suffix"}) {
    if (!doc.contains(key) || !doc[key].is_string())
      return fail(std::string("sysconfig answer without '") + key + "'");
  }
  for (const char* key : {"major", "minor"}) {
    if (!doc.contains(key) || !doc[key].is_number_integer())
      return fail(std::string("sysconfig answer without '") + key + "'");
  }
  out->executable = doc["executable"].get<std::string>();
  out->implementation = doc["implementation"].get<std::string>();
  out->major = doc["major"].get<int>();
  out->minor = doc["minor"].get<int>();
  out->soabi = doc["soabi"].get<std::string>();
  out->ext_suffix = doc["ext_suffix"].get<std::string>();
  out->gil_disabled = doc.value("gil_disabled", false);
  out->debug = doc.value("debug", false);
  return true;
}

bool QueryPythonConfig(const std::string& python, PythonConfig* out, std::string* err) {
  SubprocessResult r;
  if (!RunSubprocess({python, "-c", PythonConfigScript()}, SubprocessOptions(), &r, err))
    return false;
  if (r.exit_code != 0) {
    *err = python + ": asking its sysconfig failed (exit " + std::to_string(r.exit_code) +
           "): " + Trim(r.err);
    return false;
  }
  return ParsePythonConfig(python, r.out, out, err);
}

bool ComputePythonTags(const PythonConfig& c, PythonAbiUse use, int stable_abi_minor,
                       PythonTags* out, std::string* err) {
  std::string version = std::to_string(c.major) + std::to_string(c.minor);
  if (use == PythonAbiUse::kNone) {
    *out = {"py" + std::to_string(c.major), "none"};
    return true;
  }
  if (c.implementation == "cpython") {
    // SOABI "cpython-313td-x86_64-linux-gnu": its second part is the ABI the interpreter loads.
    // Before 3.8 it may end in 'm' (pymalloc: "cp37m", "cp37dm"), which the flags do not show.
    std::string abi = "cp" + version + (c.gil_disabled ? "t" : "") + (c.debug ? "d" : "");
    std::vector<std::string> parts = Split(c.soabi, '-');
    std::string from_soabi = parts.size() >= 2 ? "cp" + parts[1] : "";
    if (c.major == 3 && c.minor < 8 && from_soabi == abi + "m") abi = from_soabi;
    if (!c.soabi.empty() && from_soabi != abi) {
      *err = c.executable + ": SOABI '" + c.soabi + "' does not match Python " +
             std::to_string(c.major) + "." + std::to_string(c.minor) +
             (c.gil_disabled ? " (free-threaded)" : "") + (c.debug ? " (debug)" : "");
      return false;
    }
    if (use == PythonAbiUse::kStableAbi) {
      if (c.gil_disabled) {
        *err = c.executable + ": the free-threaded build (" + abi +
               ") does not load stable-ABI (abi3) modules; build for its own ABI";
        return false;
      }
      if (c.major != 3 || stable_abi_minor < 2 || stable_abi_minor > c.minor) {
        *err = "the stable ABI 3." + std::to_string(stable_abi_minor) +
               " needs CPython 3.2 or later, not newer than "
               "the interpreter it is built with (" +
               std::to_string(c.major) + "." + std::to_string(c.minor) + ")";
        return false;
      }
      *out = {"cp3" + std::to_string(stable_abi_minor), "abi3"};
      return true;
    }
    *out = {"cp" + version, abi};
    return true;
  }
  if (use == PythonAbiUse::kStableAbi) {
    *err = c.executable + ": the stable ABI (abi3) is CPython's; " + c.implementation + " has none";
    return false;
  }
  // Other implementations (packaging's generic tags): the interpreter's short name and the SOABI's
  // first two parts ("pypy310-pp73-x86_64-linux-gnu" -> "pypy310_pp73").
  static const std::pair<const char*, const char*> kShort[] = {
      {"pypy", "pp"}, {"ironpython", "ip"}, {"jython", "jy"}, {"graalpy", "graalpy"}};
  std::string interpreter;
  for (const auto& [name, short_name] : kShort) {
    if (c.implementation == name) interpreter = short_name + version;
  }
  if (interpreter.empty()) interpreter = c.implementation + version;
  std::vector<std::string> parts = Split(c.soabi, '-');
  if (parts.size() < 2) {
    *err =
        c.executable + ": no SOABI to name the ABI of " + c.implementation + " extension modules";
    return false;
  }
  std::string abi = parts[0] + "_" + parts[1];
  for (char& ch : abi) {
    if (ch == '.' || ch == '-') ch = '_';
  }
  *out = {interpreter, abi};
  return true;
}
