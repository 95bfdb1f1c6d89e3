#include "project/secret_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/directory_cursor.h"
#include "core/path_glob.h"
#include "project/backend_config.h"

bool SecretIsAllowed(const std::string& rel_path, const std::vector<std::string>& allowed) {
  size_t slash = rel_path.rfind('/');
  std::string name = slash == std::string::npos ? rel_path : rel_path.substr(slash + 1);
  for (const std::string& a : allowed) {
    if (MatchesRule(PathRule{PatternSyntax::kGlob, a, ""}, rel_path)) return true;
    if (a.find('/') == std::string::npos && WildMatch(a, name)) return true;
  }
  return false;
}

namespace {

// `path` opened as `name` relative to `dir_fd` (AT_FDCWD and the path itself when there is no
// directory open): errors name `path`.
bool ReadFilePrefixAt(int dir_fd, const char* name, const std::string& path, uint64_t limit,
                      std::string* out, std::string* err) {
  out->clear();
  int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  struct stat st;
  uint64_t want = ::fstat(fd, &st) == 0 && st.st_size >= 0 ? uint64_t(st.st_size) : 0;
  out->resize(std::min(want, limit) + 1);  // the spare byte sees growth (or the limit) at once
  size_t used = 0;
  while (used <= limit) {
    if (used == out->size()) out->resize(std::min<uint64_t>(out->size() * 2, limit + 1));
    ssize_t n = ::read(fd, &(*out)[used], out->size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = path + ": cannot read: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    const size_t asked = out->size() - used;
    used += size_t(n);
    // Exactly the size fstat gave, in a read that was asked for more: the end of the file, without
    // one more read to see it return 0 (a file that grew would have filled the spare byte).
    if (used == want && size_t(n) < asked) break;
  }
  out->resize(used);
  ::close(fd);
  return true;
}

}  // namespace

bool ReadFilePrefix(const std::string& path, uint64_t limit, std::string* out, std::string* err) {
  return ReadFilePrefixAt(AT_FDCWD, path.c_str(), path, limit, out, err);
}

ShippedFileScan::ShippedFileScan(std::string project_dir, ScanLimits limits)
    : prefix_(std::move(project_dir) + "/"), limits_(limits) {}

uint64_t ShippedFileScan::read_cap() const {
  return std::max(limits_.max_text_bytes, limits_.max_binary_bytes);
}

void ShippedFileScan::Add(const std::string& source, const std::string& bytes) {
  // The project-relative path, as the user knows it.
  std::string rel =
      source.compare(0, prefix_.size(), prefix_) == 0 ? source.substr(prefix_.size()) : source;
  bool skipped = false;  // (binary or not is looked at only when the size needs it)
  std::vector<CredentialHit> hits =
      ScanWithinLimits(rel, bytes.data(), bytes.size(), &skipped, limits_);
  if (skipped) {
    skipped_.push_back(source);
    return;
  }
  for (const CredentialHit& hit : hits) {
    Diagnostic d;
    d.path = source;
    d.line = hit.line;
    if (hit.fatal) {
      d.message = "refusing to ship a live credential (" + hit.kind +
                  "); remove it from the file and revoke it";
      ok_ = false;
    } else {
      d.severity = Severity::kWarning;
      d.message = "shipping a " + hit.kind +
                  " as a test fixture (it is under a test, example or docs path)";
    }
    found_.push_back(std::move(d));
  }
}

void ShippedFileScan::AddReadError(const std::string& source, const std::string& err) {
  Diagnostic d;
  d.path = source;
  d.message = err;
  found_.push_back(std::move(d));
  ok_ = false;
}

bool ShippedFileScan::Finish(std::vector<Diagnostic>* diags) {
  std::stable_sort(found_.begin(), found_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.path < b.path; });
  for (Diagnostic& d : found_) diags->push_back(std::move(d));
  found_.clear();
  if (!skipped_.empty()) {
    std::sort(skipped_.begin(), skipped_.end());
    const std::string& first = skipped_.front();
    Diagnostic d;
    d.severity = Severity::kNote;
    d.message =
        std::to_string(skipped_.size()) + " file(s) not scanned for credentials (binary over " +
        std::to_string(limits_.max_binary_bytes >> 20) + " MiB or text over " +
        std::to_string(limits_.max_text_bytes >> 20) + " MiB): " +
        (first.compare(0, prefix_.size(), prefix_) == 0 ? first.substr(prefix_.size()) : first) +
        (skipped_.size() > 1 ? ", ..." : "");
    diags->push_back(std::move(d));
    skipped_.clear();
  }
  return ok_;
}

bool ScanShippedFiles(const std::string& project_dir, const FileSelection& selection, bool sdist,
                      bool wheel, std::vector<Diagnostic>* diags, const ScanLimits& limits,
                      ScannedContent* keep) {
  // Each file once (a file in both archives is read once), in path order: pointers into the
  // selection, no copy of its paths.
  std::vector<const SelectedFile*> files;
  auto add = [&](const std::vector<SelectedFile>& list) {
    for (const SelectedFile& f : list)
      if (!f.generated) files.push_back(&f);  // written by pyrelease (a version file), not read
  };
  if (sdist) add(selection.sdist);
  if (wheel) add(selection.wheel);
  auto by_source = [](const SelectedFile* a, const SelectedFile* b) {
    return a->source_key() < b->source_key();
  };
  std::sort(files.begin(), files.end(), by_source);
  files.erase(std::unique(files.begin(), files.end(),
                          [](const SelectedFile* a, const SelectedFile* b) {
                            return a->source_key() == b->source_key();
                          }),
              files.end());
  ShippedFileScan scan(project_dir, limits);
  std::string data, err;
  uint64_t cap = scan.read_cap();
  DirectoryCursor dir;
  std::string next = files.empty() ? std::string() : selection.Source(*files[0]);
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string source = std::move(next);
    next = i + 1 < files.size() ? selection.Source(*files[i + 1]) : std::string();
    auto [dir_fd, name] = dir.Locate(source, next);
    if (!ReadFilePrefixAt(dir_fd, name, source, cap, &data, &err)) {
      scan.AddReadError(source, err);
      continue;
    }
    // Read whole (ReadFilePrefix stops past `cap`): within the budget the writers take these
    // bytes instead of reading the file again.
    if (keep && data.size() <= cap && keep->kept + data.size() <= keep->budget) {
      keep->kept += data.size();
      auto whole = std::make_shared<const std::string>(std::move(data));
      keep->files.emplace(source, whole);
      scan.Add(source, *whole);
    } else {
      scan.Add(source, data);
    }
  }
  return scan.Finish(diags);
}

void AttachScannedContent(ScannedContent* content, FileSelection* selection) {
  for (std::vector<SelectedFile>* list : {&selection->sdist, &selection->wheel}) {
    for (SelectedFile& f : *list) {
      if (f.generated) continue;
      auto it = content->files.find(selection->Source(f));
      if (it != content->files.end()) f.bytes = it->second;
    }
  }
  content->files.clear();  // the selection holds the bytes now; the index by path is not needed
}
