#include "build/tar_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstring>
#include <set>

#include "build/gzip_stream.h"
#include "core/atomic_file.h"
#include "core/regular_file.h"

namespace {
constexpr size_t kBlock = 1 << 16;

// libarchive converts names through the locale's charset; in the "C" locale a UTF-8 name has no
// conversion and libarchive 3.6 crashes on it. Use a UTF-8 LC_CTYPE on this thread while we write,
// whatever the process locale is.
class ScopedUtf8Locale {
 public:
  ScopedUtf8Locale() {
    loc_ = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
    if (loc_) old_ = uselocale(loc_);
  }
  ~ScopedUtf8Locale() {
    if (loc_) {
      uselocale(old_);
      freelocale(loc_);
    }
  }

 private:
  locale_t loc_ = locale_t(0), old_ = locale_t(0);
};
}  // namespace

struct TarGzWriter::Impl {
  int64_t epoch;
  int level;
  std::unique_ptr<AtomicFile> file;
  archive* a = nullptr;
  std::unique_ptr<GzipStream> gzip;
  std::string io_err;  // set by the write callback, which libarchive can only tell "failed"
  std::set<std::string> names;

  ~Impl() {
    ScopedUtf8Locale utf8;
    if (a) archive_write_free(a);
  }

  static la_ssize_t WriteCallback(archive*, void* self, const void* buffer, size_t length) {
    Impl* impl = static_cast<Impl*>(self);
    if (!impl->gzip->Write(buffer, length, &impl->io_err)) return -1;
    return la_ssize_t(length);
  }

  std::string ArchiveError(const std::string& what) {
    if (!io_err.empty()) return io_err;
    const char* e = archive_error_string(a);
    return what + ": " + (e ? e : "libarchive error");
  }
};

TarGzWriter::TarGzWriter(int64_t epoch, int level) : impl_(std::make_unique<Impl>()) {
  impl_->epoch = epoch;
  impl_->level = level;
}

TarGzWriter::~TarGzWriter() = default;

const std::string& TarGzWriter::temp_path() const {
  static const std::string empty;
  return impl_->file ? impl_->file->temp_path() : empty;
}

bool TarGzWriter::Open(const std::string& dest, std::string* err) {
  ScopedUtf8Locale utf8;
  Impl& w = *impl_;
  w.file = std::make_unique<AtomicFile>(dest);
  if (!w.file->Open(err)) return false;
  w.gzip = std::make_unique<GzipStream>(w.file.get(), w.level, uint32_t(w.epoch));
  w.a = archive_write_new();
  if (archive_write_set_format_pax_restricted(w.a) != ARCHIVE_OK ||
      archive_write_open(w.a, &w, nullptr, &Impl::WriteCallback, nullptr) != ARCHIVE_OK) {
    *err = w.ArchiveError(dest);
    return false;
  }
  return true;
}

bool TarGzWriter::Add(const TarSource& src, std::string* err) {
  ScopedUtf8Locale utf8;
  Impl& w = *impl_;
  if (src.name.empty() || src.name.front() == '/' || src.name.back() == '/') {
    *err = "'" + src.name + "': not a valid archive member name";
    return false;
  }
  if (!w.names.insert(src.name).second) {
    *err = "'" + src.name + "': duplicate archive member";
    return false;
  }
  const bool is_link = !src.link_text.empty();
  int fd = -1;
  const std::string& data = src.bytes ? *src.bytes : src.data;
  int64_t size = is_link ? 0 : int64_t(data.size());
  if (!is_link && !src.bytes && !src.path.empty()) {
    // A FIFO or device among the sources is refused, never read (it could block forever).
    fd = OpenRegularFile(src.path, err);
    struct stat st;
    if (fd < 0) return false;
    if (::fstat(fd, &st) != 0) {
      *err = src.path + ": cannot read: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    size = st.st_size;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() {
      if (fd >= 0) ::close(fd);
    }
  } closer{fd};

  // The one place where an sdist entry's metadata is decided.
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname_utf8(e, src.name.c_str());
  archive_entry_set_filetype(e, is_link ? AE_IFLNK : AE_IFREG);
  archive_entry_set_perm(e, is_link || src.executable ? 0755 : 0644);
  if (is_link) archive_entry_set_symlink_utf8(e, src.link_text.c_str());
  archive_entry_set_size(e, size);
  archive_entry_set_mtime(e, time_t(w.epoch), 0);
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  int r = archive_write_header(w.a, e);
  archive_entry_free(e);
  if (r < ARCHIVE_WARN) {
    *err = w.ArchiveError(src.name);
    return false;
  }
  if (is_link) return true;
  if (fd < 0) {
    if (!data.empty() && archive_write_data(w.a, data.data(), data.size()) < 0) {
      *err = w.ArchiveError(src.name);
      return false;
    }
    return true;
  }
  std::string buf(kBlock, '\0');
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, &buf[0], buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = src.path + ": cannot read: " + std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    if (total + n > size) {
      *err = src.path + ": changed while it was being archived";
      return false;
    }
    if (archive_write_data(w.a, buf.data(), size_t(n)) < 0) {
      *err = w.ArchiveError(src.name);
      return false;
    }
    total += n;
  }
  if (total != size) {
    *err = src.path + ": changed while it was being archived";
    return false;
  }
  return true;
}

bool TarGzWriter::Finish(std::string* err) {
  ScopedUtf8Locale utf8;
  Impl& w = *impl_;
  if (!w.a) {
    *err = "tar writer: not open";
    return false;
  }
  if (archive_write_close(w.a) != ARCHIVE_OK) {
    *err = w.ArchiveError(w.file->dest_path());
    return false;
  }
  if (!w.gzip->Finish(err)) return false;
  return w.file->Finish(err, 0644);
}

std::unique_ptr<AtomicFile> TarGzWriter::TakeFile() { return std::move(impl_->file); }

bool TarGzWriter::Commit(std::string* err) { return Finish(err) && impl_->file->Publish(err); }
