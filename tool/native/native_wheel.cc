#include "native/native_wheel.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "core/binary_format.h"
#include "core/owned_dir.h"
#include "core/string_util.h"
#include "native/strip_copy.h"

namespace fs = std::filesystem;

namespace {

bool StartsWithElf(const std::string& path) {
  FILE* f = fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[64];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return DetectBinaryFormat(std::string_view(buf, n)) == BinaryFormat::kElf;
}

// A module's file name suffix names the ABI it was built for; it must be one the tag promises.
bool SuffixProblem(const NativeModule& m, const PythonConfig& config, PythonAbiUse use,
                   std::string* err) {
  std::string name = BaseName(m.archive_path);
  bool cpython_suffix = name.find(".cpython-") != std::string::npos;
  bool abi3_suffix = EndsWith(name, ".abi3.so");
  if (use == PythonAbiUse::kStableAbi && cpython_suffix) {
    *err =
        m.file +
        ": the file name ends in a version-specific suffix, not .abi3.so, for a stable-ABI wheel";
    return true;
  }
  if (use == PythonAbiUse::kInterpreter && cpython_suffix && !config.ext_suffix.empty() &&
      !EndsWith(name, config.ext_suffix)) {
    *err = m.file + ": built for another Python (" + name.substr(name.find(".cpython-")) + "); " +
           config.executable + " loads " + config.ext_suffix;
    return true;
  }
  if (use == PythonAbiUse::kInterpreter && abi3_suffix) {
    *err =
        m.file + ": a stable-ABI module (.abi3.so); pass the stable ABI version (--stable-abi 3.X)";
    return true;
  }
  return false;
}

// Points the wheel's built ELF files at stripped copies in a new owned temporary directory.
bool StripBuiltFiles(const std::string& strip_program, const std::vector<std::string>& built,
                     FileSelection* selection, std::string* scratch_dir, std::string* err) {
  int n = 0;
  for (SelectedFile& f : selection->wheel) {
    if (f.generated) continue;
    std::string source = selection->Source(f);
    if (std::find(built.begin(), built.end(), source) == built.end() || !StartsWithElf(source))
      continue;
    std::error_code ec;
    if (scratch_dir->empty() && !CreateOwnedTempDir(fs::temp_directory_path(ec).string(),
                                                    "pyrelease-strip-", scratch_dir, err))
      return false;
    std::string copy;
    if (!StripCopy(strip_program, source, *scratch_dir, n++, &copy, err)) return false;
    if (source != f.source_key()) selection->inputs.push_back(source);  // a project file's copy
    f.path = copy;
    f.bytes.reset();  // the writers must read the stripped copy, not bytes kept from the original
  }
  return true;
}

}  // namespace

void SortWheelSelection(FileSelection* selection) {
  std::sort(
      selection->wheel.begin(), selection->wheel.end(),
      [](const SelectedFile& a, const SelectedFile& b) { return a.archive_path < b.archive_path; });
  std::sort(selection->inputs.begin(), selection->inputs.end());
  selection->inputs.erase(std::unique(selection->inputs.begin(), selection->inputs.end()),
                          selection->inputs.end());
}

bool ParseNativeModule(const std::string& arg, NativeModule* out, std::string* err) {
  size_t eq = arg.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
    *err = "'" + arg + "': expected FILE=import/path (e.g. build/_core.so=fastthing/_core)";
    return false;
  }
  out->file = arg.substr(0, eq);
  std::string path = arg.substr(eq + 1);
  if (path.find('\\') != std::string::npos || StartsWith(path, "/")) {
    *err = "'" + path + "': the import path must be relative and '/'-separated";
    return false;
  }
  for (const std::string& part : Split(path, '/')) {
    if (part.empty() || part == "." || part == "..") {
      *err = "'" + path + "': empty, '.' or '..' parts are not allowed in an import path";
      return false;
    }
    if (EndsWith(part, ".dist-info")) {
      *err = "'" + path + "': the .dist-info directory is the wheel writer's";
      return false;
    }
  }
  std::string last = BaseName(path);
  if (last.find('.') == std::string::npos) {
    std::string file_name = BaseName(out->file);
    size_t dot = file_name.find('.');
    if (dot != std::string::npos) path += file_name.substr(dot);
  }
  out->archive_path = path;
  return true;
}

bool PlanNativeWheel(const NativeWheelRequest& request, FileSelection* selection,
                     NativeWheelPlan* plan, std::string* err) {
  *plan = NativeWheelPlan();
  if (request.modules.empty()) {
    *err = "no compiled files for the wheel";
    return false;
  }
  PythonConfig config;
  if (request.abi_use == PythonAbiUse::kNone) {
    config.major = 3;
  } else if (!QueryPythonConfig(request.python, &config, err)) {
    return false;
  }
  if (!ComputePythonTags(config, request.abi_use, request.stable_abi_minor, &plan->python, err))
    return false;

  std::vector<std::string> elf_paths;
  for (const NativeModule& m : request.modules) {
    std::error_code ec;
    if (!fs::is_regular_file(m.file, ec)) {
      *err = m.file + ": no such file (build the target first)";
      return false;
    }
    if (!StartsWithElf(m.file)) {
      *err = m.file + ": not an ELF file (only Linux wheels are built from compiled files so far)";
      return false;
    }
    if (request.abi_use != PythonAbiUse::kNone && SuffixProblem(m, config, request.abi_use, err))
      return false;
    std::string source = fs::absolute(m.file).lexically_normal().string();
    SelectedFile f;
    f.path = source;
    f.archive_path = m.archive_path;
    f.executable = true;  // shared objects are 0755, as compilers and auditwheel leave them
    PlaceInWheel(f, selection);
    selection->inputs.push_back(source);
    elf_paths.push_back(source);
  }
  std::vector<std::string> built = elf_paths;  // what the build made: modules and data
  if (!AddWheelData(request.data, request.data_dir, selection, &built, err)) return false;
  SortWheelSelection(selection);
  // Compiled files the project itself ships (package data) count for the platform as well.
  for (const SelectedFile& f : selection->wheel) {
    if (f.generated) continue;
    std::string source = selection->Source(f);
    if (std::find(elf_paths.begin(), elf_paths.end(), source) == elf_paths.end() &&
        StartsWithElf(source)) {
      elf_paths.push_back(source);
    }
  }

  if (!request.platform_tag.empty()) {
    for (char c : request.platform_tag) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) {
        *err =
            "'" + request.platform_tag + "': a platform tag has letters, digits, '_' and '.' only";
        return false;
      }
    }
    plan->platform_tag = request.platform_tag;
  } else {
    if (!InspectPlatform(elf_paths, &plan->platform, err)) return false;
    const PolicyChoice& c = plan->platform.choice;
    if (!c.to_vendor.empty() && !request.vendor) {
      std::vector<std::string> where;
      for (const ElfFile& v : plan->platform.vendored)
        where.push_back(v.soname.empty() ? v.path : v.soname + " (" + v.path + ")");
      *err = "the compiled files link " + Join(where, ", ") + ", outside the " + c.policy->name +
             " policy, and vendoring is off (--no-vendor): link them statically, vendor them "
             "(drop --no-vendor), or pass --platform-tag to tag the wheel yourself (check still "
             "applies)";
      return false;
    }
    plan->platform_tag = c.WheelPlatformTag();
  }
  if (!request.strip_program.empty() &&
      !StripBuiltFiles(request.strip_program, built, selection, &plan->scratch_dir, err))
    return false;
  plan->wheel.tag = plan->python.Joined() + "-" + plan->platform_tag;
  plan->wheel.purelib = false;
  return true;
}
