// multipart/form-data bodies for the legacy upload API: a list of parts (text fields, repeated
// names allowed, in order) plus at most a few file parts that are streamed from disk while libcurl
// sends them (curl_mime_data_cb), so memory stays flat whatever the file's size.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"

// Which digest of a streamed file a digest field carries.
enum class StreamedDigest { kSha256, kBlake2b256, kMd5 };

struct MultipartPart {
  std::string name;
  std::string value;         // text fields
  std::string file_path;     // file parts: read from here while sending
  std::string filename;      // file parts: the filename= the server sees
  std::string content_type;  // file parts: e.g. "application/octet-stream"
  // File parts: hashed while sent. Digest fields: the digest they send once the file is read
  // (they come after the file part: hex digests have a fixed length, known before the send).
  std::shared_ptr<StreamDigests> stream;
  StreamedDigest digest = StreamedDigest::kSha256;
  bool is_file() const { return !file_path.empty(); }
  bool is_streamed_digest() const { return !is_file() && stream != nullptr; }
};

struct MultipartForm {
  std::vector<MultipartPart> parts;

  void AddField(std::string name, std::string value) {
    MultipartPart p;
    p.name = std::move(name);
    p.value = std::move(value);
    parts.push_back(std::move(p));
  }
  void AddFile(std::string name, std::string path, std::string filename,
               std::string content_type = "application/octet-stream") {
    MultipartPart p;
    p.name = std::move(name);
    p.file_path = std::move(path);
    p.filename = std::move(filename);
    p.content_type = std::move(content_type);
    parts.push_back(std::move(p));
  }
  // A file part whose bytes feed `stream` while they are sent.
  void AddHashedFile(std::string name, std::string path, std::string filename,
                     std::shared_ptr<StreamDigests> stream) {
    AddFile(std::move(name), std::move(path), std::move(filename));
    parts.back().stream = std::move(stream);
  }
  // A text field holding one digest of the hashed file before it in the form.
  void AddStreamedDigest(std::string name, std::shared_ptr<StreamDigests> stream,
                         StreamedDigest digest) {
    MultipartPart p;
    p.name = std::move(name);
    p.stream = std::move(stream);
    p.digest = digest;
    parts.push_back(std::move(p));
  }
  // The (name, value) pairs of the text fields, in order: what tests and --dry-run show (a
  // streamed digest shows its value once its file has been sent, "" before).
  std::vector<std::pair<std::string, std::string>> TextFields() const;
};

// The curl_mime built for one request. `curl` is the CURL* of the request (typed void* so this
// header needs no curl.h); the body reads the files when libcurl asks, and can be rewound (libcurl
// rewinds on a retry over the same handle). Move-only; frees the mime on destruction.
class CurlMimeBody {
 public:
  CurlMimeBody();
  ~CurlMimeBody();
  CurlMimeBody(const CurlMimeBody&) = delete;
  CurlMimeBody& operator=(const CurlMimeBody&) = delete;

  // Opens every file part (failing with `err` naming the file) and builds the mime.
  bool Build(void* curl, const MultipartForm& form, std::string* err);
  // The curl_mime*, for CURLOPT_MIMEPOST.
  void* mime() const;
  // A read error on a file while sending ("" when none): libcurl only reports "aborted".
  std::string read_error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
