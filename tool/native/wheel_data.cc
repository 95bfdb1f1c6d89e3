#include "native/wheel_data.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace {

const std::vector<std::string>& Schemes() {
  static const std::vector<std::string> schemes = {"data", "headers", "scripts", "purelib",
                                                   "platlib"};
  return schemes;
}

bool IsExecutable(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR);
}

void AddFile(const std::string& source, const std::string& archive_path, FileSelection* selection,
             std::vector<std::string>* added) {
  SelectedFile f;
  f.path = source;
  f.archive_path = archive_path;
  f.executable = IsExecutable(source);
  PlaceInWheel(f, selection);
  selection->inputs.push_back(source);
  added->push_back(source);
}

}  // namespace

bool ParseWheelDataSource(const std::string& arg, WheelDataSource* out, std::string* err) {
  size_t colon = arg.find(':');
  std::string scheme = colon == std::string::npos ? "" : arg.substr(0, colon);
  if (std::find(Schemes().begin(), Schemes().end(), scheme) == Schemes().end() ||
      colon + 1 == arg.size()) {
    *err = "'" + arg +
           "': expected SCHEME:PATH with SCHEME one of data, headers, scripts, purelib, platlib";
    return false;
  }
  out->scheme = scheme;
  out->path = arg.substr(colon + 1);
  return true;
}

void PlaceInWheel(const SelectedFile& file, FileSelection* selection) {
  auto& wheel = selection->wheel;
  wheel.erase(
      std::remove_if(wheel.begin(), wheel.end(),
                     [&](const SelectedFile& f) { return f.archive_path == file.archive_path; }),
      wheel.end());
  auto at = std::lower_bound(
      wheel.begin(), wheel.end(), file,
      [](const SelectedFile& a, const SelectedFile& b) { return a.archive_path < b.archive_path; });
  wheel.insert(at, file);
}

bool AddWheelData(const std::vector<WheelDataSource>& sources, const std::string& data_dir,
                  FileSelection* selection, std::vector<std::string>* added, std::string* err) {
  for (const WheelDataSource& s : sources) {
    const std::string prefix = s.scheme == "platlib" ? "" : data_dir + s.scheme + "/";
    std::error_code ec;
    fs::path root = fs::absolute(s.path, ec).lexically_normal();
    if (fs::is_regular_file(root, ec)) {
      AddFile(root.string(), prefix + root.filename().string(), selection, added);
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      *err = s.path + ": no such file or directory (for the wheel's " + s.scheme + ")";
      return false;
    }
    selection->inputs.push_back(root.string());
    size_t before = added->size();
    // Sorted, so the wheel does not depend on the directory's order.
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec)) selection->inputs.push_back(it->path().string());
      if (it->is_regular_file(ec)) files.push_back(it->path());
    }
    if (ec) {
      *err = s.path + ": cannot be read: " + ec.message();
      return false;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files)
      AddFile(p.string(), prefix + p.lexically_relative(root).generic_string(), selection, added);
    if (added->size() == before) {
      *err = s.path + ": the directory holds no file (for the wheel's " + s.scheme + ")";
      return false;
    }
  }
  std::sort(selection->inputs.begin(), selection->inputs.end());
  selection->inputs.erase(std::unique(selection->inputs.begin(), selection->inputs.end()),
                          selection->inputs.end());
  return true;
}
