#include "publish/multipart.h"

#include <curl/curl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

std::vector<std::pair<std::string, std::string>> MultipartForm::TextFields() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : parts) {
    if (!p.is_file()) out.emplace_back(p.name, p.value);
  }
  return out;
}

namespace {

// One file part's data source: libcurl pulls blocks through Read() as it sends.
struct FileSource {
  std::string path;
  std::FILE* file = nullptr;
  std::string* read_error = nullptr;

  ~FileSource() {
    if (file) std::fclose(file);
  }

  static size_t Read(char* buffer, size_t size, size_t nitems, void* arg) {
    auto* self = static_cast<FileSource*>(arg);
    size_t n = std::fread(buffer, 1, size * nitems, self->file);
    if (n == 0 && std::ferror(self->file)) {
      *self->read_error = self->path + ": read error: " + std::strerror(errno);
      return CURL_READFUNC_ABORT;
    }
    return n;
  }
  static int Seek(void* arg, curl_off_t offset, int origin) {
    auto* self = static_cast<FileSource*>(arg);
    return fseeko(self->file, static_cast<off_t>(offset), origin) == 0 ? CURL_SEEKFUNC_OK
                                                                       : CURL_SEEKFUNC_FAIL;
  }
};

}  // namespace

struct CurlMimeBody::Impl {
  curl_mime* mime = nullptr;
  std::vector<std::unique_ptr<FileSource>> sources;
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
    // The size is known up front, so libcurl sends a Content-Length, not a chunked body.
    curl_mime_data_cb(part, static_cast<curl_off_t>(st.st_size), &FileSource::Read,
                      &FileSource::Seek, nullptr, source.get());
    curl_mime_filename(part, p.filename.c_str());
    curl_mime_type(part, p.content_type.c_str());
    impl_->sources.push_back(std::move(source));
  }
  return true;
}
