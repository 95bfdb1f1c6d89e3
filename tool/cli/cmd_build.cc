// `pyrelease build`: load the project, choose its files, write the sdist and/or the wheel (both at
// once, on separate threads), then the optional depfile and manifest for CMake.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "core/atomic_file.h"
#include "build/build_inputs.h"
#include "cli/commands.h"
#include "core/depfile.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "project/file_selection.h"
#include "spec/names.h"
#include "project/pyproject.h"
#include "build/sdist.h"
#include "core/string_util.h"
#include "build/wheel.h"
#include "native/native_wheel.h"

namespace fs = std::filesystem;

namespace {

std::string Absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal().string();
}

// The path as the user will want to read it: relative to the current directory when inside it.
std::string Display(const std::string& path) {
  std::error_code ec;
  fs::path rel = fs::relative(path, fs::current_path(ec), ec);
  if (ec || rel.empty() || *rel.begin() == "..") return path;
  return rel.string();
}

void PrintAll(const std::vector<Diagnostic>& diags, const Project& project) {
  for (const auto& d : diags) PrintDiagnostic(d, d.path == project.pyproject_path ? project.pyproject_text : "");
}

}  // namespace

int RunBuild(int argc, char** argv) {
  CLI::App app{"Build the sdist and wheel of a pyproject.toml project (both unless --sdist or --wheel is given)",
               "pyrelease build"};
  std::string project_dir = ".", outdir, depfile, manifest;
  bool want_sdist = false, want_wheel = false;
  app.add_option("--project", project_dir, "Project directory (containing pyproject.toml; default: .)")
      ->type_name("DIR");
  app.add_option("--outdir", outdir, "Where to write the archives (default: <project>/dist)")->type_name("DIR");
  app.add_flag("--sdist", want_sdist, "Build the sdist (.tar.gz)");
  app.add_flag("--wheel", want_wheel, "Build the wheel (.whl)");
  app.add_option("--depfile", depfile,
                 "Write a Makefile-syntax depfile for CMake's DEPFILE: the manifest (or else the archives) "
                 "depend on every input file")
      ->type_name("FILE");
  app.add_option("--manifest", manifest, "Write what was built as JSON: name, normalized_name, version, sdist, wheel")
      ->type_name("FILE");
  std::vector<std::string> native_modules;
  std::string python = "python3", stable_abi, platform_tag;
  bool no_python = false;
  app.add_option("--native-module", native_modules,
                 "A compiled file and its path in the wheel: FILE=pkg/_core[.suffix] (repeatable; the file's "
                 "suffix is kept when none is given). The wheel is then tagged for the Python and platform")
      ->type_name("FILE=PATH");
  app.add_option("--python", python, "The Python the native modules are built for (default: python3)")->type_name("PY");
  auto* abi3 = app.add_option("--stable-abi", stable_abi, "The native modules use the stable ABI of this Python (3.X): cp3X-abi3")
                   ->type_name("3.X");
  app.add_flag("--no-python", no_python, "The compiled files do not link Python: py3-none-<platform>")->excludes(abi3);
  app.add_option("--platform-tag", platform_tag,
                 "Use this platform tag instead of the computed manylinux/musllinux one (check still applies)")
      ->type_name("TAG");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;  // help prints and exits 0
  }
  if (!want_sdist && !want_wheel) want_sdist = want_wheel = true;
  NativeWheelRequest native;
  native.python = python;
  native.platform_tag = platform_tag;
  native.abi_use = no_python ? PythonAbiUse::kNone : stable_abi.empty() ? PythonAbiUse::kInterpreter
                                                                          : PythonAbiUse::kStableAbi;
  for (const std::string& arg : native_modules) {
    NativeModule m;
    std::string err;
    if (!ParseNativeModule(arg, &m, &err)) {
      PrintError("--native-module " + err);
      return kExitUsage;
    }
    native.modules.push_back(m);
  }
  if (native.abi_use == PythonAbiUse::kStableAbi) {
    std::vector<std::string> parts = Split(stable_abi, '.');
    if (parts.size() != 2 || parts[0] != "3" || parts[1].empty() || parts[1].size() > 3 ||
        parts[1].find_first_not_of("0123456789") != std::string::npos) {
      PrintError("--stable-abi: expected a Python version 3.X, not '" + stable_abi + "'");
      return kExitUsage;
    }
    native.stable_abi_minor = std::stoi(parts[1]);
  }
  if (native.modules.empty() && (!platform_tag.empty() || !stable_abi.empty() || no_python)) {
    PrintError("--platform-tag, --stable-abi and --no-python describe native modules: give them with --native-module");
    return kExitUsage;
  }
  if (!native.modules.empty() && !want_wheel) {
    PrintError("--native-module goes into the wheel: build it (--wheel, or neither --sdist nor --wheel)");
    return kExitUsage;
  }

  Project project;
  std::vector<Diagnostic> diags;
  bool ok = LoadProject(Absolute(project_dir), &project, &diags);
  FileSelection selection;
  if (ok) ok = SelectFiles(project, &selection, &diags);
  if (ok) RestrictWheelToSdist(project, &selection, &diags);
  if (ok && selection.wheel.empty()) {
    PrintAll(diags, project);
    PrintError(project.dir + ": no files left for the wheel once it is built from the sdist's files");
    return kExitFailure;
  }
  PrintAll(diags, project);  // warnings too
  diags.clear();
  if (!ok) return kExitFailure;
  WheelOptions wheel_options;
  if (!native.modules.empty()) {
    NativeWheelPlan plan;
    std::string err;
    if (!PlanNativeWheel(native, &selection, &plan, &err)) {
      PrintError(err);
      return kExitFailure;
    }
    wheel_options = plan.wheel;
  }

  outdir = outdir.empty() ? project.dir + "/dist" : Absolute(outdir);
  std::error_code ec;
  fs::create_directories(outdir, ec);
  if (ec) {
    PrintError(outdir + ": cannot create the output directory: " + ec.message());
    return kExitFailure;
  }

  // The sdist (one gzip stream) is built beside the wheel (parallel deflate) so both cores work.
  std::string sdist_path, wheel_path;
  std::vector<Diagnostic> sdist_diags, wheel_diags;
  bool sdist_ok = true, wheel_ok = true;
  std::thread sdist_thread;
  if (want_sdist) {
    sdist_thread = std::thread([&] { sdist_ok = BuildSdist(project, selection, outdir, &sdist_path, &sdist_diags); });
  }
  if (want_wheel) wheel_ok = BuildWheel(project, selection, outdir, wheel_options, &wheel_path, &wheel_diags);
  if (sdist_thread.joinable()) sdist_thread.join();
  PrintAll(sdist_diags, project);
  PrintAll(wheel_diags, project);
  if (!sdist_ok || !wheel_ok) {
    // All or nothing: a half release must not look like a finished one.
    if (!sdist_path.empty()) ::unlink(sdist_path.c_str());
    if (!wheel_path.empty()) ::unlink(wheel_path.c_str());
    return kExitFailure;
  }

  std::vector<std::string> built;
  if (want_sdist) built.push_back(sdist_path);
  if (want_wheel) built.push_back(wheel_path);
  std::string err;
  if (!manifest.empty()) {
    nlohmann::ordered_json j;
    j["name"] = project.meta.name;
    j["normalized_name"] = NormalizeName(project.meta.name);
    j["version"] = project.meta.version;
    if (want_sdist) j["sdist"] = sdist_path;
    if (want_wheel) j["wheel"] = wheel_path;
    if (!WriteFileAtomically(Absolute(manifest), j.dump(2) + "\n", &err)) {
      PrintError(err);
      return kExitFailure;
    }
  }
  if (!depfile.empty()) {
    std::vector<std::string> targets = manifest.empty() ? built : std::vector<std::string>{Absolute(manifest)};
    // A wheel alone does not depend on what only the sdist ships (tests/, docs/).
    const std::vector<std::string> inputs = want_sdist ? selection.inputs : WheelInputs(project, selection);
    if (!WriteFileAtomically(Absolute(depfile), RenderDepfile(targets, inputs), &err)) {
      PrintError(err);
      return kExitFailure;
    }
  }
  for (const auto& path : built) {
    struct stat st;
    unsigned long long size = ::stat(path.c_str(), &st) == 0 ? (unsigned long long)st.st_size : 0;
    std::cout << "built " << Display(path) << " (" << HumanSize(size) << ")\n";
  }
  return kExitOk;
}
