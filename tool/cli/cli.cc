#include "cli/cli.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/exit_status.h"
#include "core/version.h"

namespace fs = std::filesystem;

const std::vector<Subcommand>& Subcommands() {
  static const std::vector<Subcommand> table = {
      {"build", "build the sdist and wheel of a pyproject.toml project", RunBuild},
      {"metadata", "print a project's name, version and file names (JSON for CMake)", RunMetadata},
      {"check", "check dists for everything twine check and PyPI would reject", RunCheck},
      {"upload", "upload dists to an index (legacy upload API) or a local file index", RunUpload},
      {"verify", "install a release into fresh venvs and smoke-test it", RunVerify},
      {"version", "print the project's version, or bump it where it is declared", RunVersion},
      {"release", "the whole release, resumable: test index, verify, production, tag",
       RunReleaseCommand},
      {"preflight", "run the release checklist before anything is uploaded", RunPreflightCommand},
      {"changelog", "print one version's changelog entry (tag message, release notes)",
       RunChangelog},
      {"init-ci", "write a release workflow (Gitea, GitHub, GitLab) for a project", RunInitCi},
      {"native-tags", "compute the wheel tags (python, ABI, manylinux platform) for compiled files",
       RunNativeTags},
  };
  return table;
}

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    prev.swap(cur);
  }
  return prev[b.size()];
}

void PrintUsage(std::ostream& out) {
  out << "usage: pyrelease <command> [options]\n\n"
         "Build, check, publish and verify Python package releases.\n\ncommands:\n";
  size_t width = 0;  // the summaries line up after the longest name
  for (const auto& c : Subcommands()) width = std::max(width, std::string(c.name).size());
  for (const auto& c : Subcommands()) {
    out << "  " << c.name << std::string(width + 2 - std::string(c.name).size(), ' ') << c.summary
        << '\n';
  }
  out << "\noptions:\n"
         "  --version         print pyrelease's version\n"
         "  --cmake-dir       print the directory of the PyRelease CMake package\n"
         "  --templates-dir   print the directory of pyrelease's templates\n"
         "\nRun 'pyrelease <command> --help' for a command's options.\n";
}

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

std::string AbsoluteArgPath(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p.string();
}

std::string CMakeDir() {
  fs::path dir = ExecutableDir();
  for (fs::path candidate :
       {dir / ".." / "lib" / "cmake" / "PyRelease", dir / ".." / "cmake" / "Modules"}) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) return fs::weakly_canonical(candidate).string();
  }
  return (dir / ".." / "lib" / "cmake" / "PyRelease").lexically_normal().string();
}

std::string TemplatesDir() {
  fs::path dir = ExecutableDir();
  for (fs::path candidate :
       {dir / ".." / "share" / "pyrelease" / "templates", dir / ".." / "templates"}) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) return fs::weakly_canonical(candidate).string();
  }
  return (dir / ".." / "share" / "pyrelease" / "templates").lexically_normal().string();
}

int RunCli(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (cmd == "--version" || cmd == "-V") {
    std::cout << "pyrelease " << PYRELEASE_VERSION << '\n';
    return kExitOk;
  }
  if (cmd == "--cmake-dir") {
    std::cout << CMakeDir() << '\n';
    return kExitOk;
  }
  if (cmd == "--templates-dir") {
    std::cout << TemplatesDir() << '\n';
    return kExitOk;
  }
  for (const auto& c : Subcommands()) {
    if (cmd == c.name) return c.run(argc - 1, argv + 1);
  }
  std::cerr << "pyrelease: error: unknown command '" << cmd << "'";
  const Subcommand* best = nullptr;
  size_t best_distance = 3;
  for (const auto& c : Subcommands()) {
    size_t d = EditDistance(cmd, c.name);
    if (d < best_distance) {
      best_distance = d;
      best = &c;
    }
  }
  if (best) std::cerr << "; did you mean '" << best->name << "'?";
  std::cerr << "\nRun 'pyrelease --help' for the list of commands.\n";
  return kExitUsage;
}
