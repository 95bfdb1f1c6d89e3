#include "project/sdist_links.h"

#include <sys/stat.h>
#include <unistd.h>

#include <set>

#include "core/string_util.h"

namespace {

// `text` resolved against the directory of `archive_path`, lexically ("a/b" + "../c" -> "a/c");
// false when it is absolute or climbs above the top directory.
bool ResolveLinkText(const std::string& archive_path, const std::string& text, std::string* out) {
  if (text.empty() || text.front() == '/') return false;
  std::vector<std::string> parts;
  size_t slash = archive_path.rfind('/');
  std::string joined = (slash == std::string::npos ? "" : archive_path.substr(0, slash + 1)) + text;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  out->clear();
  for (const std::string& p : parts) *out += (out->empty() ? "" : "/") + p;
  return !out->empty();
}

}  // namespace

SdistLinks FindSdistLinks(const std::vector<SelectedFile>& sdist) {
  SdistLinks links;
  std::set<std::string> regular;  // members stored as regular files: what a link may point to
  std::vector<const SelectedFile*> found;
  for (const SelectedFile& f : sdist) {
    struct stat st;
    if (f.generated || ::lstat(f.source.c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode))
      found.push_back(&f);
    else
      regular.insert(f.archive_path);
  }
  for (const SelectedFile* f : found) {
    std::string text(4096, '\0');
    ssize_t n = ::readlink(f->source.c_str(), &text[0], text.size());
    text.resize(n > 0 ? size_t(n) : 0);
    struct stat target;
    std::string resolved, why;
    if (n <= 0 || size_t(n) >= 4096) {
      why = "its text cannot be read";
    } else if (::stat(f->source.c_str(), &target) != 0 || !S_ISREG(target.st_mode)) {
      why = "it does not point to a regular file";
    } else if (!EndsWith(f->source, "/" + f->archive_path)) {
      why = "its place in the sdist differs from its place in the project";
    } else if (!ResolveLinkText(f->archive_path, text, &resolved)) {
      why = "its text '" + text + "' is absolute or leaves the sdist";
    } else if (!regular.count(resolved)) {
      why = "it points to '" + resolved + "', which the sdist does not store as a regular file";
    }
    if (why.empty())
      links.text[f->archive_path] = text;
    else
      links.unsupported.push_back({f->archive_path, why});
  }
  return links;
}
