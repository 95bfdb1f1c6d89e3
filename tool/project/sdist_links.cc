#include "project/sdist_links.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

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

SdistLinks FindSdistLinks(const std::vector<SelectedFile>& sdist, const std::string& root,
                          const std::vector<std::string>* known_links) {
  SdistLinks links;
  auto source = [&](const SelectedFile& f) {
    const std::string& key = f.source_key();
    return key.front() == '/' || root.empty() ? key : root + "/" + key;
  };
  std::vector<const SelectedFile*> found;
  std::vector<const std::string*> regular;  // archive paths stored as regular files: link targets
  for (const SelectedFile& f : sdist) {
    if (f.generated) continue;
    bool is_link;
    if (known_links) {
      is_link = std::binary_search(known_links->begin(), known_links->end(), f.source_key());
    } else {
      struct stat st;
      if (::lstat(source(f).c_str(), &st) != 0) continue;
      is_link = S_ISLNK(st.st_mode);
    }
    if (is_link)
      found.push_back(&f);
    else
      regular.push_back(&f.archive_path);
  }
  if (found.empty()) return links;
  auto less = [](const std::string* a, const std::string* b) { return *a < *b; };
  std::sort(regular.begin(), regular.end(), less);
  for (const SelectedFile* f : found) {
    std::string path = source(*f);
    std::string text(4096, '\0');
    ssize_t n = ::readlink(path.c_str(), &text[0], text.size());
    text.resize(n > 0 ? size_t(n) : 0);
    struct stat target;
    std::string resolved, why;
    if (n <= 0 || size_t(n) >= 4096) {
      why = "its text cannot be read";
    } else if (::stat(path.c_str(), &target) != 0 || !S_ISREG(target.st_mode)) {
      why = "it does not point to a regular file";
    } else if (!EndsWith(path, "/" + f->archive_path)) {
      why = "its place in the sdist differs from its place in the project";
    } else if (!ResolveLinkText(f->archive_path, text, &resolved)) {
      why = "its text '" + text + "' is absolute or leaves the sdist";
    } else if (!std::binary_search(regular.begin(), regular.end(), &resolved, less)) {
      why = "it points to '" + resolved + "', which the sdist does not store as a regular file";
    }
    if (why.empty())
      links.text[f->archive_path] = text;
    else
      links.unsupported.push_back({f->archive_path, why});
  }
  return links;
}

SdistLinks SdistLinksOf(const FileSelection& selection) {
  if (selection.sdist_links) return *selection.sdist_links;
  return FindSdistLinks(selection.sdist, selection.root);
}
