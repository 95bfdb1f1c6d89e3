#include "publish/multipart.h"

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

std::string StreamedValue(const MultipartPart& p) {
  if (!p.stream->complete()) return "";
  const FileDigests& d = p.stream->digests();
  switch (p.digest) {
    case StreamedDigest::kSha256:
      return d.sha256_hex;
    case StreamedDigest::kBlake2b256:
      return d.blake2b_256_hex;
    case StreamedDigest::kMd5:
      return d.md5_hex;
  }
  return "";
}

// The length of a digest's hex form: the part's size, declared before the file is read.
size_t StreamedLength(StreamedDigest digest) { return digest == StreamedDigest::kMd5 ? 32 : 64; }

}  // namespace

std::vector<std::pair<std::string, std::string>> MultipartForm::TextFields() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : parts) {
    if (p.is_streamed_digest()) {
      out.emplace_back(p.name, StreamedValue(p));
    } else if (!p.is_file()) {
      out.emplace_back(p.name, p.value);
    }
  }
  return out;
}

namespace {

// One file part's data source: libcurl pulls blocks through Read() as it sends.
// With a stream, every byte read is hashed once: a rewind starts the digests over.
struct FileSource {
  std::string path;
  std::FILE* file = nullptr;
  std::string* read_error = nullptr;
  StreamDigests* stream = nullptr;
  unsigned long long size = 0;

  ~FileSource() {
    if (file) std::fclose(file);
  }

  static size_t Read(char* buffer, size_t size, size_t nitems, void* arg) {
    auto* self = static_cast<FileSource*>(arg);
    size_t want = size * nitems;
    // Never past the declared size (a file that grew): the digests hash exactly what is sent.
    if (self->stream) want = std::min<unsigned long long>(want, self->size - self->stream->bytes());
    size_t n = want ? std::fread(buffer, 1, want, self->file) : 0;
    if (n == 0 && std::ferror(self->file)) {
      *self->read_error = self->path + ": read error: " + std::strerror(errno);
      return CURL_READFUNC_ABORT;
    }
    if (self->stream && !self->stream->complete()) {
      self->stream->Update(buffer, n);
      // libcurl stops asking once it has the declared size, so the end is found by counting.
      if (self->stream->bytes() >= self->size) self->stream->Finish();
    }
    return n;
  }
  static int Seek(void* arg, curl_off_t offset, int origin) {
    auto* self = static_cast<FileSource*>(arg);
    if (fseeko(self->file, static_cast<off_t>(offset), origin) != 0) return CURL_SEEKFUNC_FAIL;
    return self->Rehash() ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL;
  }
  // The digests of the bytes before the file position (libcurl rewinds to 0 on a re-send).
  bool Rehash() {
    if (!stream) return true;
    stream->Reset();
    off_t pos = ftello(file);
    char block[1 << 16];
    for (off_t at = 0; at < pos;) {
      ssize_t n = ::pread(fileno(file), block, std::min<off_t>(sizeof block, pos - at), at);
      if (n <= 0) return false;
      stream->Update(block, static_cast<size_t>(n));
      at += n;
    }
    if (size == 0 || static_cast<unsigned long long>(pos) >= size) stream->Finish();
    return true;
  }
};

// A digest field after its file part: the hex digest, available once the file has been read.
struct DigestSource {
  const MultipartPart* part = nullptr;
  size_t pos = 0;
  std::string* read_error = nullptr;

  static size_t Read(char* buffer, size_t size, size_t nitems, void* arg) {
    auto* self = static_cast<DigestSource*>(arg);
    std::string value = StreamedValue(*self->part);
    if (value.size() != StreamedLength(self->part->digest)) {
      *self->read_error = "the " + self->part->name + " field was due before its file was read";
      return CURL_READFUNC_ABORT;
    }
    size_t n = std::min(size * nitems, value.size() - std::min(self->pos, value.size()));
    std::memcpy(buffer, value.data() + self->pos, n);
    self->pos += n;
    return n;
  }
  static int Seek(void* arg, curl_off_t offset, int origin) {
    auto* self = static_cast<DigestSource*>(arg);
    if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
    self->pos = static_cast<size_t>(offset);
    return CURL_SEEKFUNC_OK;
  }
};

}  // namespace

struct CurlMimeBody::Impl {
  curl_mime* mime = nullptr;
  std::vector<std::unique_ptr<FileSource>> sources;
  std::vector<std::unique_ptr<DigestSource>> digest_sources;
  std::string read_error;
  ~Impl() {
    if (mime) curl_mime_free(mime);
  }
};

CurlMimeBody::CurlMimeBody() : impl_(new Impl) {}
CurlMimeBody::~CurlMimeBody() = default;
void* CurlMimeBody::mime() const { return impl_->mime; }
std::string CurlMimeBody::read_error() const { return impl_->read_error; }

bool CurlMimeBody::Build(void* curl, const MultipartForm& form, std::string* err) {
  impl_.reset(new Impl);
  impl_->mime = curl_mime_init(static_cast<CURL*>(curl));
  if (!impl_->mime) {
    *err = "cannot create a multipart body (out of memory)";
    return false;
  }
  for (const MultipartPart& p : form.parts) {
    curl_mimepart* part = curl_mime_addpart(impl_->mime);
    curl_mime_name(part, p.name.c_str());
    if (p.is_streamed_digest()) {
      auto source = std::make_unique<DigestSource>();
      source->part = &p;
      source->read_error = &impl_->read_error;
      curl_mime_data_cb(part, static_cast<curl_off_t>(StreamedLength(p.digest)),
                        &DigestSource::Read, &DigestSource::Seek, nullptr, source.get());
      impl_->digest_sources.push_back(std::move(source));
      continue;
    }
    if (!p.is_file()) {
      curl_mime_data(part, p.value.data(), p.value.size());
      continue;
    }
    auto source = std::make_unique<FileSource>();
    source->path = p.file_path;
    source->read_error = &impl_->read_error;
    source->file = std::fopen(p.file_path.c_str(), "rb");
    struct stat st;
    if (!source->file || ::fstat(fileno(source->file), &st) != 0) {
      *err = p.file_path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    source->stream = p.stream.get();
    source->size = static_cast<unsigned long long>(st.st_size);
    if (!source->Rehash()) {  // a new attempt: the digests start over
      *err = p.file_path + ": read error";
      return false;
    }
    // The size is known up front, so libcurl sends a Content-Length, not a chunked body.
    curl_mime_data_cb(part, static_cast<curl_off_t>(st.st_size), &FileSource::Read,
                      &FileSource::Seek, nullptr, source.get());
    curl_mime_filename(part, p.filename.c_str());
    curl_mime_type(part, p.content_type.c_str());
    impl_->sources.push_back(std::move(source));
  }
  return true;
}
