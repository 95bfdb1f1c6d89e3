#include "build/tar_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "build/content_feed.h"
#include "build/gzip_stream.h"
#include "build/member_names.h"
#include "build/tar_header.h"
#include "core/atomic_file.h"
#include "core/regular_file.h"
#include "core/string_util.h"

namespace {
constexpr size_t kReadBlock = 1 << 16;
const char kZeros[kTarRecord] = {};
}  // namespace

struct TarGzWriter::Impl {
  int64_t epoch;
  int level;
  std::unique_ptr<AtomicFile> file;
  std::unique_ptr<GzipStream> gzip;
  uint64_t written = 0;  // tar bytes so far
  MemberNames names;
  std::string headers, read_buffer;

  bool Write(const void* data, size_t size, std::string* err) {
    written += size;
    return gzip->Write(data, size, err);
  }
  bool WriteZeros(size_t size, std::string* err) {
    for (size_t n; size > 0; size -= n) {
      n = std::min(size, sizeof kZeros);
      if (!Write(kZeros, n, err)) return false;
    }
    return true;
  }
  // Streams an open file of `size` bytes (memory stays flat whatever its size).
  bool CopyFile(int fd, const std::string& path, uint64_t size, std::string* err) {
    read_buffer.resize(kReadBlock);
    uint64_t total = 0;
    for (;;) {
      ssize_t n = ::read(fd, &read_buffer[0], read_buffer.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        *err = path + ": cannot read: " + std::strerror(errno);
        return false;
      }
      if (n == 0) break;
      if (total + uint64_t(n) > size) {
        total = size + 1;  // it grew
        break;
      }
      if (!Write(read_buffer.data(), size_t(n), err)) return false;
      total += uint64_t(n);
    }
    if (total != size) {
      *err = path + ": changed while it was being archived";
      return false;
    }
    return true;
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
  Impl& w = *impl_;
  w.file = std::make_unique<AtomicFile>(dest, AtomicFile::Sync::kRenameOnly);
  if (!w.file->Open(err)) return false;
  w.gzip = std::make_unique<GzipStream>(w.file.get(), w.level, uint32_t(w.epoch));
  return true;
}

bool TarGzWriter::Add(const TarSource& src, std::string* err) {
  Impl& w = *impl_;
  if (!w.gzip) {
    *err = "tar writer: not open";
    return false;
  }
  if (src.name.empty() || src.name.front() == '/' || src.name.back() == '/' ||
      src.name.find('\0') != std::string::npos) {
    *err = "'" + src.name + "': not a valid archive member name";
    return false;
  }
  if (!IsValidUtf8(src.name) || !IsValidUtf8(src.link_text)) {
    *err = "'" + src.name + "': an archive member name or link text that is not valid UTF-8";
    return false;
  }
  if (!w.names.Insert(src.name)) {
    *err = "'" + src.name + "': duplicate archive member";
    return false;
  }
  const bool is_link = !src.link_text.empty();
  int fd = -1;
  const std::string& data = src.bytes ? *src.bytes : src.data;
  uint64_t size = is_link ? 0 : data.size();
  // A streamed file: its first piece (or word that it is to be read here) before the header.
  std::string_view piece;
  FeedStream::Status status = FeedStream::kReadItYourself;
  if (!is_link && src.stream && (status = src.stream->Next(&piece, err)) == FeedStream::kError)
    return false;
  const bool streamed = status != FeedStream::kReadItYourself;
  if (streamed) {
    size = src.stream->size();
  } else if (!is_link && !src.bytes && !src.path.empty()) {
    // A FIFO or device among the sources is refused, never read (it could block forever).
    fd = OpenRegularFile(src.path, err);
    struct stat st;
    if (fd < 0) return false;
    if (::fstat(fd, &st) != 0) {
      *err = src.path + ": cannot read: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    size = uint64_t(st.st_size);
  }
  struct FdCloser {
    int fd;
    ~FdCloser() {
      if (fd >= 0) ::close(fd);
    }
  } closer{fd};

  // The one place where an sdist entry's metadata is decided.
  TarEntry entry;
  entry.name = src.name;
  entry.link_text = src.link_text;
  entry.mode = is_link || src.executable ? 0755 : 0644;
  entry.size = size;
  entry.mtime = w.epoch;
  w.headers.clear();
  AppendTarHeaders(entry, &w.headers);
  if (!w.Write(w.headers.data(), w.headers.size(), err)) return false;
  if (is_link) return true;
  if (streamed) {
    for (; status == FeedStream::kPiece; status = src.stream->Next(&piece, err)) {
      if (!w.Write(piece.data(), piece.size(), err)) return false;
    }
    if (status != FeedStream::kEnd) {  // kError (a stream never lets a started writer go)
      if (err->empty()) *err = src.path + ": the build's reader stopped streaming it";
      return false;
    }
  } else if (fd >= 0) {
    if (!w.CopyFile(fd, src.path, size, err)) return false;
  } else if (src.bytes && src.bytes_crc) {
    w.written += data.size();
    if (!w.gzip->WriteWithCrc(data.data(), data.size(), *src.bytes_crc, err)) return false;
  } else if (!w.Write(data.data(), data.size(), err)) {
    return false;
  }
  return w.WriteZeros(TarPadding(size), err);
}

bool TarGzWriter::Finish(std::string* err) {
  Impl& w = *impl_;
  if (!w.gzip) {
    *err = "tar writer: not open";
    return false;
  }
  // The end-of-archive marker (two zero blocks), then zeros up to the end of the record.
  uint64_t end = w.written + 2 * kTarBlock;
  end += (kTarRecord - end % kTarRecord) % kTarRecord;
  if (!w.WriteZeros(size_t(end - w.written), err)) return false;
  if (!w.gzip->Finish(err)) return false;
  return w.file->Finish(err, 0644);
}

std::unique_ptr<AtomicFile> TarGzWriter::TakeFile() { return std::move(impl_->file); }

bool TarGzWriter::Commit(std::string* err) { return Finish(err) && impl_->file->Publish(err); }
