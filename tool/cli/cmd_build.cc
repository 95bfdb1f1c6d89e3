// `pyrelease build`: load the project, choose its files, write the sdist and/or the wheel (both at
// once, on separate threads), then the optional depfile and manifest for CMake.
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "build/build_inputs.h"
#include "build/content_feed.h"
#include "build/pep517_build.h"
#include "build/sdist.h"
#include "build/wheel.h"
#include "cli/backend_options.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/depfile.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/interrupt.h"
#include "core/owned_dir.h"
#include "core/string_util.h"
#include "native/library_vendoring.h"
#include "native/native_wheel.h"
#include "project/backend_config.h"
#include "project/file_selection.h"
#include "project/pyproject.h"
#include "project/secret_files.h"
#include "project/source_tree.h"
#include "project/vcs_version.h"
#include "spec/dist_reader.h"
#include "spec/names.h"
#include "spec/pep508.h"

namespace fs = std::filesystem;

namespace {

// A scratch directory of the build (stripped copies, vendoring's staging) lives until the wheel is
// written, then goes through the owned-dir guard, whatever the outcome.
// From defer.Begin() (before the directory is made) a signal is recorded instead of ending
// pyrelease at once, so the directory is still removed (core/interrupt.h).
struct RemoveOwnedOnExit {
  const std::string& dir;
  DeferInterrupts defer{false};
  ~RemoveOwnedOnExit() {
    std::string err;
    if (!dir.empty() && !RemoveOwnedTree(dir, dir, &err)) PrintWarning(err);
  }
};

std::string Absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal().string();
}

// The path as the user will want to read it: relative to the current directory when inside it.
// That is fs::relative, which resolves both paths (a readlink per component of each); here the
// current directory is resolved once, and so is the directory of a file that is no link (the
// archives side by side), which then resolves as its directory does.
std::string Display(const std::string& path) {
  static std::error_code base_ec;
  static const fs::path base = fs::weakly_canonical(fs::current_path(base_ec), base_ec);
  if (base_ec) return path;
  static std::string dir_key;
  static fs::path dir_resolved;
  std::error_code ec;
  const fs::path p(path);
  const fs::path name = p.filename();
  struct stat st;
  fs::path resolved;
  if (p.has_parent_path() && !name.empty() && name != "." && name != ".." &&
      ::lstat(path.c_str(), &st) == 0 && !S_ISLNK(st.st_mode)) {
    const std::string parent = p.parent_path().string();
    if (parent != dir_key || dir_resolved.empty()) {
      dir_resolved = fs::weakly_canonical(parent, ec);
      if (ec) return path;
      dir_key = parent;
    }
    resolved = dir_resolved / name;
  } else {
    resolved = fs::weakly_canonical(p, ec);
    if (ec) return path;
  }
  fs::path rel = resolved.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.string();
}

void PrintAll(const std::vector<Diagnostic>& diags, const Project& project) {
  for (const auto& d : diags)
    PrintDiagnostic(d, d.path == project.pyproject_path ? project.pyproject_text : "");
}

// One header field of core metadata ("Name", "Version"), "" when absent.
std::string MetadataField(const std::string& text, const std::string& field) {
  for (const std::string& line : Split(text, '\n')) {
    if (line.empty() || line == "\r") break;  // the headers end at the first blank line
    if (StartsWith(line, field + ":")) return Trim(line.substr(field.size() + 1));
  }
  return "";
}

// Parses every value of a repeatable option; a bad one is printed with the option's name.
template <typename T>
bool ParseEach(const std::vector<std::string>& args, const char* option,
               bool (*parse)(const std::string&, T*, std::string*), std::vector<T>* out) {
  for (const std::string& arg : args) {
    T value;
    std::string err;
    if (!parse(arg, &value, &err)) {
      PrintError(std::string(option) + " " + err);
      return false;
    }
    out->push_back(value);
  }
  return true;
}

bool WriteOutputs(const std::string& manifest, const std::string& depfile, const std::string& name,
                  const std::string& version, const std::string& sdist_path,
                  const std::string& wheel_path, const std::vector<std::string>& built,
                  const std::vector<std::string>& inputs) {
  std::string err;
  if (!manifest.empty()) {
    nlohmann::ordered_json j;
    j["name"] = name;
    j["normalized_name"] = NormalizeName(name);
    j["version"] = version;
    if (!sdist_path.empty()) j["sdist"] = sdist_path;
    if (!wheel_path.empty()) j["wheel"] = wheel_path;
    if (!WriteFileAtomically(Absolute(manifest), j.dump(2) + "\n", &err)) {
      PrintError(err);
      return false;
    }
  }
  if (!depfile.empty()) {
    std::vector<std::string> targets =
        manifest.empty() ? built : std::vector<std::string>{Absolute(manifest)};
    if (!WriteFileAtomically(Absolute(depfile), RenderDepfile(targets, inputs), &err)) {
      PrintError(err);
      return false;
    }
  }
  for (const auto& path : built) {
    struct stat st;
    unsigned long long size = ::stat(path.c_str(), &st) == 0 ? (unsigned long long)st.st_size : 0;
    std::cout << "built " << Display(path) << " (" << HumanSize(size) << ")\n";
  }
  return true;
}

// Whether the backend's version may come from git: a VCS plugin among the build requirements, or
// pdm-backend (its scm version source needs no plugin). Then the depfile lists the git state too.
bool BackendMayReadGit(const BuildPathDecision& decision) {
  static const std::vector<std::string> kGitAware = {
      "hatch-vcs",   "setuptools-scm", "setuptools-git-versioning", "versioneer",
      "pdm-backend", "dunamai",        "poetry-dynamic-versioning", "versioningit"};
  for (const std::string& r : decision.build_requires) {
    Requirement req;
    std::string err;
    if (ParseRequirement(r, &req, &err) &&
        std::count(kGitAware.begin(), kGitAware.end(), NormalizeName(req.name)))
      return true;
  }
  return false;
}

// A native wheel (--native-module) is assembled by pyrelease from the given files. A PEP 517
// backend (scikit-build-core, setuptools) compiles the project its own way and never sees them, so
// building through it would silently ship a wheel without them (and tagged linux_*): refused,
// naming why the backend path was taken and how to get the native one.
void PrintNativeWheelNeedsNativePath(const std::string& project_dir,
                                     const BuildPathDecision& decision) {
  std::string why = decision.native() ? "--backend pep517" : decision.reasons.front().Text();
  PrintError(project_dir +
             "/pyproject.toml: --native-module needs pyrelease to write the wheel, "
             "but this project is built by its PEP 517 backend " +
             decision.backend_label + " (" + why +
             "), which compiles the modules its own way and would ignore the given files. "
             "Declare build-backend = \"pyrelease.backend\" with [tool.pyrelease] packages and "
             "sdist-include (docs/native.md, \"Adopting pyrelease in an existing CMake project\"), "
             "or build the wheel with the backend alone, without --native-module");
}

// The backend path: the project's own PEP 517 backend builds; the archives are read back for the
// manifest, and the depfile names every file of the tree (any change may matter to a backend).
int BuildThroughBackend(const std::string& project_dir, const BuildPathDecision& decision,
                        const BackendOptions& options, bool want_sdist, bool want_wheel,
                        std::string outdir, const std::string& depfile,
                        const std::string& manifest) {
  // A FIFO, socket or device the backend might open would hang it, and git or a .gitignore may
  // hide one from pyrelease's file list but not from the backend: refused before it starts.
  std::map<std::string, std::string> special = FindSpecialFiles(project_dir);
  for (const auto& [rel, what] : special)
    PrintError(project_dir + "/" + rel + ": refusing to run the backend with " + what +
               " in the project (the backend may open it and hang); remove it or move it out");
  if (!special.empty()) return kExitFailure;
  outdir = outdir.empty() ? project_dir + "/dist" : Absolute(outdir);
  std::error_code ec;
  fs::create_directories(outdir, ec);
  if (ec) {
    PrintError(outdir + ": cannot create the output directory: " + ec.message());
    return kExitFailure;
  }
  // The depfile's inputs are the tree as it was before the backend ran: every file, and every
  // directory (so a new file is noticed) the backend itself does not write into while it builds.
  std::vector<std::string> inputs;
  std::map<std::string, struct timespec> dir_mtimes;
  if (!depfile.empty()) {
    SourceTree tree;
    std::string scan_err;
    if (!ScanSourceTree(project_dir, true, &tree, &scan_err)) {
      PrintError(scan_err);
      return kExitFailure;
    }
    // pdm-backend's .pdm-build/ and setuptools' .eggs/ are the backends' scratch, not inputs.
    auto scratch = [](const std::string& rel) {
      return rel == ".pdm-build" || rel == ".eggs" || StartsWith(rel, ".pdm-build/") ||
             StartsWith(rel, ".eggs/");
    };
    for (const auto& f : tree.files)
      if (!scratch(f)) inputs.push_back(project_dir + "/" + f);
    for (const auto& d : tree.dirs) {
      if (scratch(d)) continue;
      std::string path = d.empty() ? project_dir : project_dir + "/" + d;
      struct stat st;
      if (::stat(path.c_str(), &st) == 0) dir_mtimes[path] = st.st_mtim;
    }
    inputs.insert(inputs.end(), tree.ignore_files.begin(), tree.ignore_files.end());
    if (BackendMayReadGit(decision)) {
      std::vector<std::string> git = GitStateInputs(project_dir);
      inputs.insert(inputs.end(), git.begin(), git.end());
    }
  }
  Pep517Outputs out;
  std::string err;
  if (!BuildWithBackend(project_dir, decision, options.pep517, want_sdist, want_wheel, outdir, &out,
                        &err)) {
    std::cerr << out.log;
    PrintError(err);
    return kExitFailure;
  }
  if (options.pep517.verbose) std::cerr << out.log;
  std::string metadata, member;
  const std::string& read_back = want_wheel ? out.wheel : out.sdist;
  if (!ReadDistMetadata(read_back, &metadata, &member, &err)) {
    PrintError(read_back + ": " + err);
    ::unlink(out.sdist.c_str());
    ::unlink(out.wheel.c_str());
    return kExitFailure;
  }
  // A directory the build itself changed (pdm-backend recreates .pdm-build/ in the root) would
  // make every build dirty the next: it is left out, its files stay listed.
  for (const auto& [path, before] : dir_mtimes) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && st.st_mtim.tv_sec == before.tv_sec &&
        st.st_mtim.tv_nsec == before.tv_nsec)
      inputs.push_back(path);
  }
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  std::vector<std::string> built;
  if (want_sdist) built.push_back(out.sdist);
  if (want_wheel) built.push_back(out.wheel);
  return WriteOutputs(manifest, depfile, MetadataField(metadata, "Name"),
                      MetadataField(metadata, "Version"), out.sdist, out.wheel, built, inputs)
             ? kExitOk
             : kExitFailure;
}

// The build's large buffers (file contents, gzip chunks, compressed members) come and go on
// several threads. glibc raises its mmap threshold after the first large free, and from then on
// keeps such buffers in each thread's arena, where they stay as the heap's high-water mark: mapped
// and returned at once instead, they cost no peak memory once freed (measured on 40,000 files:
// peak RSS -14 %, same CPU; limiting the arenas as well saved more but cost 12 % CPU).
void TuneAllocator() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 10);
#endif
}

// Under 1 MiB of content read by the scan (a small project), both archives are written on this
// thread, one after the other (the zip writer compresses batches under 1 MiB itself, the gzip
// stream has one chunk). Then the wheel's buffers reuse the pages the sdist's gave back (its
// compressor, 656 KiB, and its 1 MiB gzip chunk) instead of mapping and faulting in new ones: a
// small build's page faults 432 -> 378 (docs/benchmarks.md, "small build ≤ 6 ms").
void KeepFreedBuffersIfSmall(const FileSelection& selection) {
#ifdef __GLIBC__
  constexpr uint64_t kSmall = 1 << 20;
  uint64_t total = 0;
  for (const auto* files : {&selection.sdist, &selection.wheel}) {
    for (const SelectedFile& f : *files) {
      if (!f.bytes) return;  // read by the writers: the size is not known here
      total += f.bytes->size();
    }
  }
  if (total >= kSmall) return;
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
#else
  (void)selection;
#endif
}

// Before a large build's writers start: the source tree's walk and the selection's steps were
// freed (thousands of small strings), and their pages stay mapped in the main heap's holes, which
// the writers' threads (each with its own arena) do not reuse. malloc_trim hands back every whole
// free page.
void ReturnFreedPages() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace

int RunBuild(int argc, char** argv) {
  TuneAllocator();
  CLI::App app{
      "Build the sdist and wheel of a pyproject.toml project (both unless --sdist or --wheel is "
      "given)",
      "pyrelease build"};
  std::string project_dir = ".", outdir, depfile, manifest;
  bool want_sdist = false, want_wheel = false;
  app.add_option("--project", project_dir,
                 "Project directory (containing pyproject.toml; default: .)")
      ->type_name("DIR");
  app.add_option("--outdir", outdir, "Where to write the archives (default: <project>/dist)")
      ->type_name("DIR");
  app.add_flag("--sdist", want_sdist, "Build the sdist (.tar.gz)");
  app.add_flag("--wheel", want_wheel, "Build the wheel (.whl)");
  app.add_option(
         "--depfile", depfile,
         "Write a Makefile-syntax depfile for CMake's DEPFILE: the manifest (or else the archives) "
         "depend on every input file")
      ->type_name("FILE");
  app.add_option("--manifest", manifest,
                 "Write what was built as JSON: name, normalized_name, version, sdist, wheel")
      ->type_name("FILE");
  BackendOptions backend;
  AddBackendOptions(&app, &backend);
  std::vector<std::string> native_modules;
  std::string stable_abi, platform_tag;
  bool no_python = false;
  app.add_option(
         "--native-module", native_modules,
         "A compiled file and its path in the wheel: FILE=pkg/_core[.suffix] (repeatable; the "
         "file's "
         "suffix is kept when none is given). The wheel is then tagged for the Python and platform")
      ->type_name("FILE=PATH");
  auto* abi3 =
      app.add_option("--stable-abi", stable_abi,
                     "The native modules use the stable ABI of this Python (3.X): cp3X-abi3")
          ->type_name("3.X");
  app.add_flag("--no-python", no_python,
               "The compiled files do not link Python: py3-none-<platform>")
      ->excludes(abi3);
  bool no_vendor = false;
  app.add_flag("--no-vendor", no_vendor,
               "Refuse, naming it, a library outside the manylinux/musllinux policy instead of "
               "vendoring it into <dist>.libs/ as auditwheel repair does");
  std::vector<std::string> wheel_data;
  app.add_option("--wheel-data", wheel_data,
                 "Files for the native wheel beside the modules: SCHEME:PATH with SCHEME data, "
                 "headers, scripts (into <dist>-<version>.data/SCHEME/), purelib or platlib (the "
                 "wheel's root); a directory's files keep their paths below it (repeatable)")
      ->type_name("SCHEME:PATH");
  bool strip = false;
  app.add_flag(
      "--strip", strip,
      "Put stripped copies (strip --strip-unneeded) of the built ELF files into the wheel; "
      "the built files stay as they are");
  std::string strip_program = "strip";
  app.add_option("--strip-program", strip_program, "The strip program for --strip (default: strip)")
      ->type_name("PROG");
  app.add_option("--platform-tag", platform_tag,
                 "Use this platform tag instead of the computed manylinux/musllinux one (check "
                 "still applies)")
      ->type_name("TAG");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;  // help prints and exits 0
  }
  if (!want_sdist && !want_wheel) want_sdist = want_wheel = true;
  NativeWheelRequest native;
  native.python = backend.pep517.python;  // one --python: the backend's and the modules'
  native.platform_tag = platform_tag;
  native.vendor = !no_vendor;
  native.abi_use = no_python            ? PythonAbiUse::kNone
                   : stable_abi.empty() ? PythonAbiUse::kInterpreter
                                        : PythonAbiUse::kStableAbi;
  if (!ParseEach(native_modules, "--native-module", ParseNativeModule, &native.modules) ||
      !ParseEach(wheel_data, "--wheel-data", ParseWheelDataSource, &native.data))
    return kExitUsage;
  if (strip) native.strip_program = strip_program;
  if (native.abi_use == PythonAbiUse::kStableAbi) {
    std::vector<std::string> parts = Split(stable_abi, '.');
    if (parts.size() != 2 || parts[0] != "3" || parts[1].empty() || parts[1].size() > 3 ||
        parts[1].find_first_not_of("0123456789") != std::string::npos) {
      PrintError("--stable-abi: expected a Python version 3.X, not '" + stable_abi + "'");
      return kExitUsage;
    }
    native.stable_abi_minor = std::stoi(parts[1]);
  }
  if (native.modules.empty() && (!platform_tag.empty() || !stable_abi.empty() || no_python ||
                                 no_vendor || !wheel_data.empty() || strip)) {
    PrintError(
        "--platform-tag, --stable-abi, --no-python, --no-vendor, --wheel-data and --strip describe "
        "native wheels: give them with --native-module");
    return kExitUsage;
  }
  if (!native.modules.empty() && !want_wheel) {
    PrintError(
        "--native-module goes into the wheel: build it (--wheel, or neither --sdist nor --wheel)");
    return kExitUsage;
  }

  std::string abs_dir = AbsoluteArgPath(project_dir);
  BuildPathDecision decision;
  bool use_backend = false;
  ParsedPyproject pyproject;  // read and parsed once, for both the decision and the load
  if (!ChooseBuildPath(abs_dir, &backend, &decision, &use_backend, &pyproject)) return kExitFailure;
  // On stderr, like progress: stdout stays the list of what was built, which scripts read.
  auto through_backend = [&]() -> int {
    std::cerr << BuildPathLine(decision, true) << std::endl;
    if (!native.modules.empty()) {
      PrintNativeWheelNeedsNativePath(abs_dir, decision);
      return kExitFailure;
    }
    return BuildThroughBackend(abs_dir, decision, backend, want_sdist, want_wheel, outdir, depfile,
                               manifest);
  };
  if (use_backend) return through_backend();

  Project project;
  std::vector<Diagnostic> diags;
  bool ok = LoadProject(abs_dir, &project, &diags, &pyproject);
  if (!ok && VersionNeedsBackend(backend, diags, &decision)) return through_backend();
  FileSelection selection;
  if (ok) ok = SelectFiles(project, &selection, &diags, SelectOptions{want_sdist, want_wheel});
  // The backends store a symbolic link as a link in the sdist (tarfile.add), and so does the native
  // writer for a link to a regular file the sdist stores (docutils' test data, beautifulsoup4's
  // NEWS.txt); any other link, and a link to a directory, is a reason of the path decision.
  if (ok) {
    if (!DecideAfterSelection(backend, selection, want_sdist, &decision, &use_backend))
      return kExitFailure;
    if (use_backend) return through_backend();
  }
  if (ok) std::cerr << BuildPathLine(decision, false) << std::endl;
  if (ok) RestrictWheelToSdist(project, &selection, &diags);
  if (ok && want_wheel && selection.wheel.empty()) {
    PrintAll(diags, project);
    PrintError(project.dir +
               ": no files left for the wheel once it is built from the sdist's files");
    return kExitFailure;
  }
  // Live credentials are refused wherever they are, in the archives being built. With both
  // archives built side by side (and the file lists final: no compiled modules to add), one reader
  // feeds both writers and scans each file as it goes (build/content_feed.h): every file is read
  // once and what is held stays bounded, at any size. Otherwise the scan reads every file first and
  // both archives take the bytes it read, within a budget.
  constexpr size_t kFewFiles = 64;
  const bool concurrent = want_sdist && want_wheel && selection.sdist.size() > kFewFiles;
  const bool use_feed = concurrent && native.modules.empty();
  ScannedContent scanned;
  if (ok && !use_feed)
    ok = ScanShippedFiles(project.dir, selection, want_sdist, want_wheel, &diags, ScanLimits(),
                          &scanned);
  if (ok && !use_feed) AttachScannedContent(&scanned, &selection);
  if (ok && !use_feed && native.modules.empty()) KeepFreedBuffersIfSmall(selection);
  if (ok && use_feed) ReturnFreedPages();
  PrintAll(diags, project);  // warnings too
  diags.clear();
  if (!ok) return kExitFailure;
  WheelOptions wheel_options;
  NativeWheelPlan plan;
  RemoveOwnedOnExit strip_scratch{plan.scratch_dir};
  if (!native.modules.empty()) {
    strip_scratch.defer.Begin();
    native.data_dir = WheelDataDir(project);
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
  // A build killed earlier (SIGKILL, power loss) left its temporary archives behind.
  std::vector<std::string> stale;
  std::string stale_err;
  if (!RemoveStaleTempFiles(outdir, &stale, &stale_err)) PrintWarning(stale_err);
  for (const std::string& name : stale) {
    PrintWarning(Display(outdir + "/" + name) +
                 ": removed a temporary file left by a build that was killed");
  }
  // Vendoring edits copies of the modules and libraries in a staging directory; the depfile still
  // names the originals (computed before the wheel's entries point at the copies).
  // Only a wheel built alone uses them (with the sdist, the depfile names the selection's
  // DepfileInputs(), computed before vendoring too: its copies are absolute paths, not in it).
  std::vector<std::string> wheel_inputs;
  if (want_wheel && !want_sdist) wheel_inputs = WheelInputs(project, selection);
  std::string vendor_staging;
  RemoveOwnedOnExit vendor_scratch{vendor_staging};
  if (!plan.platform.vendored.empty()) {
    vendor_scratch.defer.Begin();
    std::string err;
    std::vector<VendoredLibrary> vendored;
    std::error_code tmp_ec;
    std::string tmp = fs::temp_directory_path(tmp_ec).string();
    if (!CreateOwnedTempDir(tmp_ec ? "/tmp" : tmp, "pyrelease-vendor-", &vendor_staging, &err) ||
        !VendorLibraries(plan.platform, VendorLibsDir(project.meta.name), vendor_staging,
                         &selection, &vendored, &err)) {
      PrintError(err);
      return kExitFailure;
    }
    for (const VendoredLibrary& v : vendored) {
      std::cerr << "vendored " << v.needed_name << " (" << v.source << ") as " << v.archive_path
                << std::endl;
      wheel_inputs.push_back(v.source);
    }
  }
  // A signal during stripping or vendoring (deferred above) stops the build before any archive.
  if (PendingInterrupt()) {
    PrintError(InterruptMessage());
    return kExitFailure;
  }

  // The sdist (one gzip stream) is built beside the wheel (parallel deflate) so both cores work;
  // a small project's (a few files) one after the other on this thread, where starting a thread
  // costs more than it saves. Both stay in their temporary files until both are complete: a
  // failure (or a kill) in one can never leave the other in place, as a wheel without its sdist.
  std::string sdist_path, wheel_path;
  std::unique_ptr<AtomicFile> sdist_file, wheel_file;
  std::vector<Diagnostic> sdist_diags, wheel_diags;
  bool sdist_ok = true, wheel_ok = true;
  ShippedFileScan feed_scan(project.dir);
  std::unique_ptr<ContentFeed> feed;  // declared before the writers' files: it outlives their use
  if (use_feed) {
    feed = std::make_unique<ContentFeed>(selection, want_sdist, want_wheel, &feed_scan);
    feed->Start();
  }
  auto build_sdist = [&] {
    sdist_ok =
        BuildSdist(project, selection, outdir, &sdist_path, &sdist_diags, &sdist_file, feed.get());
    if (feed) feed->Done(ContentFeed::kSdist);
  };
  std::thread sdist_thread;
  if (concurrent) {
    sdist_thread = std::thread(build_sdist);
  } else if (want_sdist) {
    build_sdist();
  }
  if (want_wheel) {
    wheel_ok = BuildWheel(project, selection, outdir, wheel_options, &wheel_path, &wheel_diags,
                          &wheel_file, feed.get());
    if (feed) feed->Done(ContentFeed::kWheel);
  }
  if (sdist_thread.joinable()) sdist_thread.join();
  if (feed) {
    // The scan's verdict first, as when it ran before the writers: a refused file stops the
    // build and the archives are dropped with their temporary files.
    feed->Finish();
    std::vector<Diagnostic> scan_diags;
    bool scan_ok = feed_scan.Finish(&scan_diags);
    PrintAll(scan_diags, project);
    if (!scan_ok) return kExitFailure;
  }
  PrintAll(sdist_diags, project);
  PrintAll(wheel_diags, project);
  if (!sdist_ok || !wheel_ok) return kExitFailure;  // the temporary files go with their AtomicFile
  // The sdist first: a kill between the two renames leaves an sdist without its wheel (the source
  // is there), never a wheel without its sdist.
  std::string publish_err;
  if (sdist_file && !sdist_file->Publish(&publish_err)) {
    PrintError(publish_err);
    return kExitFailure;
  }
  if (wheel_file && !wheel_file->Publish(&publish_err)) {
    PrintError(publish_err);
    if (sdist_file) ::unlink(sdist_path.c_str());  // all or nothing
    return kExitFailure;
  }

  std::vector<std::string> built;
  if (want_sdist) built.push_back(sdist_path);
  if (want_wheel) built.push_back(wheel_path);
  // A wheel alone does not depend on what only the sdist ships (tests/, docs/).
  std::vector<std::string> inputs = want_sdist ? selection.DepfileInputs() : wheel_inputs;
  // A version from `git describe` changes with a commit, a new tag or a dirty tree.
  if (!project.vcs_node.empty()) {
    std::vector<std::string> git = GitStateInputs(project.dir);
    inputs.insert(inputs.end(), git.begin(), git.end());
  }
  return WriteOutputs(manifest, depfile, project.meta.name, project.meta.version,
                      want_sdist ? sdist_path : "", want_wheel ? wheel_path : "", built, inputs)
             ? kExitOk
             : kExitFailure;
}
