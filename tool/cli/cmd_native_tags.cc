// `pyrelease native-tags [--python PY] [--stable-abi 3.X | --no-python] [--json] [ELF...]`: the
// wheel tags for compiled files, computed as installers and auditwheel read them: interpreter and
// ABI from the Python's sysconfig, the platform from the ELF files (oldest manylinux/musllinux
// policy they satisfy, and the libraries that would have to be vendored).
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/exit_status.h"
#include "core/string_util.h"
#include "native/platform_inspection.h"
#include "native/python_tags.h"

namespace {

nlohmann::json ElfJson(const ElfFile& f) {
  nlohmann::json j;
  j["path"] = f.path;
  j["arch"] = f.arch;
  j["soname"] = f.soname;
  j["needed"] = f.needed;
  j["rpath"] = f.rpath;
  j["runpath"] = f.runpath;
  j["version_needs"] = f.version_needs;
  return j;
}

}  // namespace

int RunNativeTags(int argc, char** argv) {
  CLI::App app{
      "Compute the wheel tags for compiled files: interpreter and ABI tags from a Python's "
      "sysconfig\n"
      "(cp311-cp311, cp313-cp313t, cp39-abi3, py3-none) and the platform tag from the ELF files "
      "(the oldest\n"
      "manylinux/musllinux policy they satisfy, from auditwheel's policy data; libraries outside "
      "it would be vendored).",
      "pyrelease native-tags"};
  std::vector<std::string> files;
  std::string python = "python3", stable_abi;
  bool no_python = false, json = false;
  app.add_option("files", files,
                 "the ELF files the wheel will hold (extension modules, libraries, programs)");
  app.add_option("--python", python,
                 "the interpreter the modules are built for (default: python3)");
  auto* abi3 = app.add_option("--stable-abi", stable_abi,
                              "the modules use the stable ABI of this Python (3.X): cp3X-abi3");
  app.add_flag("--no-python", no_python, "the files do not link Python: py3-none")->excludes(abi3);
  app.add_flag("--json", json, "print JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  PythonAbiUse use = no_python            ? PythonAbiUse::kNone
                     : stable_abi.empty() ? PythonAbiUse::kInterpreter
                                          : PythonAbiUse::kStableAbi;
  int stable_minor = 0;
  if (use == PythonAbiUse::kStableAbi) {
    std::vector<std::string> parts = Split(stable_abi, '.');
    if (parts.size() != 2 || parts[0] != "3" || parts[1].empty() ||
        parts[1].find_first_not_of("0123456789") != std::string::npos || parts[1].size() > 3) {
      std::cerr << "pyrelease: error: --stable-abi: expected a Python version 3.X, not '"
                << stable_abi << "'\n";
      return kExitUsage;
    }
    stable_minor = std::stoi(parts[1]);
  }
  std::string err;
  PythonConfig config;
  PythonTags tags;
  if (use == PythonAbiUse::kNone) {
    config.major = 3;
  } else if (!QueryPythonConfig(python, &config, &err)) {
    std::cerr << "pyrelease: error: " << err << '\n';
    return kExitFailure;
  }
  if (!ComputePythonTags(config, use, stable_minor, &tags, &err)) {
    std::cerr << "pyrelease: error: " << err << '\n';
    return kExitFailure;
  }
  PlatformInspection platform;
  if (!files.empty() && !InspectPlatform(files, &platform, &err)) {
    std::cerr << "pyrelease: error: " << err << '\n';
    return kExitFailure;
  }
  std::string platform_tag = files.empty() ? "" : platform.choice.WheelPlatformTag();
  if (json) {
    nlohmann::json j;
    j["python"] = {{"interpreter", tags.interpreter}, {"abi", tags.abi}};
    if (use != PythonAbiUse::kNone) {
      j["python"]["executable"] = config.executable;
      j["python"]["soabi"] = config.soabi;
      j["python"]["ext_suffix"] = config.ext_suffix;
    }
    if (!files.empty()) {
      nlohmann::json p;
      p["tag"] = platform_tag;
      p["policy"] = platform.choice.policy->name;
      p["libc"] = platform.choice.libc;
      p["arch"] = platform.choice.arch;
      p["to_vendor"] = platform.choice.to_vendor;
      p["highest_versions"] = platform.choice.highest_versions;
      p["policy_data"] = PlatformPolicySource();
      j["platform"] = p;
      j["files"] = nlohmann::json::array();
      for (const ElfFile& f : platform.files) j["files"].push_back(ElfJson(f));
      j["vendored"] = nlohmann::json::array();
      for (const ElfFile& f : platform.vendored) j["vendored"].push_back(ElfJson(f));
      j["wheel_tag"] = tags.Joined() + "-" + platform_tag;
    }
    std::cout << j.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << "python tags: " << tags.Joined();
  if (use != PythonAbiUse::kNone)
    std::cout << " (" << config.executable << ", SOABI " << config.soabi << ")";
  std::cout << '\n';
  if (!files.empty()) {
    std::cout << "platform tag: " << platform_tag << " (" << PlatformPolicySource()
              << " policy data)\n";
    for (const auto& [prefix, version] : platform.choice.highest_versions) {
      std::cout << "  needs " << prefix << "_" << version << '\n';
    }
    for (const ElfFile& f : platform.vendored) {
      std::cout << "  to vendor: " << (f.soname.empty() ? f.path : f.soname) << " (" << f.path
                << ")\n";
    }
    std::cout << "wheel tag: " << tags.Joined() << "-" << platform_tag << '\n';
  }
  return kExitOk;
}
