#include "project/secret_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>

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

// Reads at most `limit` + 1 bytes of `path` (so that "over the limit" is known without reading
// the rest), straight into `out`, sized from fstat (a file read whole is kept without slack).
bool ReadPrefix(const std::string& path, uint64_t limit, std::string* out, std::string* err) {
  out->clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
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
    used += size_t(n);
  }
  out->resize(used);
  ::close(fd);
  return true;
}

}  // namespace

bool ScanShippedFiles(const std::string& project_dir, const FileSelection& selection, bool sdist,
                      bool wheel, std::vector<Diagnostic>* diags, const ScanLimits& limits,
                      ScannedContent* keep) {
  // Each file once (a file in both archives is read once), in path order: pointers into the
  // selection, no copy of its paths.
  std::vector<const SelectedFile*> files;
  std::string prefix = project_dir + "/";
  auto add = [&](const std::vector<SelectedFile>& list) {
    for (const SelectedFile& f : list)
      if (!f.generated) files.push_back(&f);  // written by pyrelease (a version file), not read
  };
  if (sdist) add(selection.sdist);
  if (wheel) add(selection.wheel);
  auto by_source = [](const SelectedFile* a, const SelectedFile* b) { return a->source < b->source; };
  std::sort(files.begin(), files.end(), by_source);
  files.erase(std::unique(files.begin(), files.end(),
                          [](const SelectedFile* a, const SelectedFile* b) {
                            return a->source == b->source;
                          }),
              files.end());
  bool ok = true;
  std::vector<std::string> skipped;
  std::string data, err;
  uint64_t cap = std::max(limits.max_text_bytes, limits.max_binary_bytes);
  for (const SelectedFile* file : files) {
    const std::string& source = file->source;
    // The project-relative path, as the user knows it.
    std::string rel = source.compare(0, prefix.size(), prefix) == 0 ? source.substr(prefix.size())
                                                                    : source;
    if (!ReadPrefix(source, cap, &data, &err)) {
      Diagnostic d;
      d.path = source;
      d.message = err;
      diags->push_back(std::move(d));
      ok = false;
      continue;
    }
    // Read whole (ReadPrefix stops past `cap`): within the budget the writers take these bytes
    // instead of reading the file again.
    const std::string* bytes = &data;
    if (keep && data.size() <= cap && keep->kept + data.size() <= keep->budget) {
      keep->kept += data.size();
      auto whole = std::make_shared<const std::string>(std::move(data));
      keep->files.emplace(source, whole);
      bytes = whole.get();  // kept alive by keep->files
    }
    uint64_t limit =
        LooksBinary(bytes->data(), bytes->size()) ? limits.max_binary_bytes : limits.max_text_bytes;
    if (bytes->size() > limit) {
      skipped.push_back(rel);
      continue;
    }
    for (const CredentialHit& hit : ScanForCredentials(rel, bytes->data(), bytes->size())) {
      Diagnostic d;
      d.path = source;
      d.line = hit.line;
      if (hit.fatal) {
        d.message = "refusing to ship a live credential (" + hit.kind +
                    "); remove it from the file and revoke it";
        ok = false;
      } else {
        d.severity = Severity::kWarning;
        d.message = "shipping a " + hit.kind +
                    " as a test fixture (it is under a test, example or docs path)";
      }
      diags->push_back(std::move(d));
    }
  }
  if (!skipped.empty()) {
    Diagnostic d;
    d.severity = Severity::kNote;
    d.message = std::to_string(skipped.size()) +
                " file(s) not scanned for credentials (binary over " +
                std::to_string(limits.max_binary_bytes >> 20) + " MiB or text over " +
                std::to_string(limits.max_text_bytes >> 20) + " MiB): " + skipped.front() +
                (skipped.size() > 1 ? ", ..." : "");
    diags->push_back(std::move(d));
  }
  return ok;
}

void AttachScannedContent(ScannedContent* content, FileSelection* selection) {
  for (std::vector<SelectedFile>* list : {&selection->sdist, &selection->wheel}) {
    for (SelectedFile& f : *list) {
      if (f.generated) continue;
      auto it = content->files.find(f.source);
      if (it != content->files.end()) f.bytes = it->second;
    }
  }
  content->files.clear();  // the selection holds the bytes now; the index by path is not needed
}
