// The local file index, `pyrelease upload`'s default target so a whole release can run offline:
//
//   <root>/files/<dist>            the distributions, copied in atomically
//   <root>/files/<wheel>.metadata  PEP 658/714 core metadata of each wheel (as PyPI serves it)
//   <root>/simple/index.html|json  the project list (PEP 503 HTML, PEP 691 JSON)
//   <root>/simple/<name>/index.html|json  one page per project: sha256 fragments/hashes, size,
//                                  data-requires-python, data-core-metadata / core-metadata
//
// so `pip install --index-url file://<root>/simple NAME` works. Re-publishing identical bytes is a
// no-op; different bytes under an existing file name are refused, as PyPI does. Writers hold an
// exclusive lock on <root>/.pyrelease-index.lock.
#pragma once

#include <string>
#include <vector>

enum class PublishOutcome { kAdded, kAlreadyThere };

struct FileIndexEntry {
  std::string path;      // the local dist
  std::string filename;  // its base name
  PublishOutcome outcome = PublishOutcome::kAdded;
  std::string url;  // file:// URL of the copy in the index
};

// `root` is a directory path or a file:// URL; it is created when missing. Every dist is read and
// checked (readable metadata, a valid file name, no conflicting file already in the index) before
// any is copied. On failure `err` names the file and the index pages are left as they were.
bool PublishToFileIndex(const std::string& root, const std::vector<std::string>& dists,
                        std::vector<FileIndexEntry>* entries, std::string* err);

// The root directory for a "file:///x" URL or a plain path ("" when `target` is an http(s) URL).
std::string FileIndexRoot(const std::string& target);
