#include "spec/dist_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include "core/regular_file.h"
#include "core/string_util.h"

struct DistReader::Impl {
  archive* a = nullptr;
  int fd = -1;
  std::string path;
  NextPiece next;  // OpenTarStream's source
  ~Impl() {
    if (a) archive_read_free(a);
    if (fd >= 0) ::close(fd);
  }
};

namespace {

// libarchive may fail without setting a message (a ZIP64 end record pointing before the
// file made archive_error_string() return NULL, and appending NULL to a string crashed `check`).
std::string ArchiveError(archive* a) {
  const char* message = archive_error_string(a);
  return message ? message : "unreadable archive (libarchive gave no reason)";
}

}  // namespace

DistKind DistKindOf(const std::string& path) {
  if (EndsWith(path, ".whl")) return DistKind::kWheel;
  if (EndsWith(path, ".tar.gz") || EndsWith(path, ".zip")) return DistKind::kSdist;
  return DistKind::kUnknown;
}

DistReader::DistReader() : impl_(std::make_unique<Impl>()) {}
DistReader::~DistReader() = default;

namespace {

void SupportFormat(archive* a, const std::string& path, bool inflated) {
  if (EndsWith(path, ".whl") || EndsWith(path, ".zip")) {
    // The seekable reader trusts the central directory, as zipfile does.
    archive_read_support_format_zip_seekable(a);
  } else {
    if (!inflated) archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
  }
}

}  // namespace

bool DistReader::Open(const std::string& path, std::string* err) {
  impl_->path = path;
  impl_->a = archive_read_new();
  SupportFormat(impl_->a, path, false);
  // Opened by us, so that a FIFO or device is refused instead of read (a FIFO would block).
  impl_->fd = OpenRegularFile(path, err);
  if (impl_->fd < 0) return false;
  if (archive_read_open_fd(impl_->a, impl_->fd, 1 << 16) != ARCHIVE_OK) {
    if (err) *err = path + ": " + ArchiveError(impl_->a);
    return false;
  }
  return true;
}

bool DistReader::OpenBytes(const std::string& path, std::string_view bytes, bool inflated,
                           std::string* err) {
  impl_->path = path;
  impl_->a = archive_read_new();
  SupportFormat(impl_->a, path, inflated);
  if (archive_read_open_memory(impl_->a, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    if (err) *err = path + ": " + ArchiveError(impl_->a);
    return false;
  }
  return true;
}

bool DistReader::OpenTarStream(const std::string& path, NextPiece next, std::string* err) {
  impl_->path = path;
  impl_->next = std::move(next);
  impl_->a = archive_read_new();
  SupportFormat(impl_->a, path, true);
  auto read = [](archive*, void* client, const void** buffer) -> la_ssize_t {
    size_t size = 0;
    if (!static_cast<Impl*>(client)->next(buffer, &size)) return -1;
    return static_cast<la_ssize_t>(size);
  };
  if (archive_read_open(impl_->a, impl_.get(), nullptr, read, nullptr) != ARCHIVE_OK) {
    if (err) *err = path + ": " + ArchiveError(impl_->a);
    return false;
  }
  return true;
}

bool DistReader::Next(DistMember* m, std::string* err) {
  archive_entry* e = nullptr;
  int r = archive_read_next_header(impl_->a, &e);
  if (r == ARCHIVE_EOF) {
    if (err) err->clear();
    return false;
  }
  if (r < ARCHIVE_WARN) {
    if (err) *err = impl_->path + ": " + ArchiveError(impl_->a);
    return false;
  }
  const char* name = archive_entry_pathname_utf8(e);
  if (!name) name = archive_entry_pathname(e);
  m->name = name ? name : "";
  m->size = archive_entry_size(e);
  m->mode = archive_entry_perm(e);
  auto type = archive_entry_filetype(e);
  m->is_regular = type == AE_IFREG;
  m->is_dir = type == AE_IFDIR;
  m->is_symlink = type == AE_IFLNK;
  m->is_hardlink = archive_entry_hardlink(e) != nullptr;
  m->is_sparse = archive_entry_sparse_count(e) > 0;
  m->special = type == AE_IFCHR    ? "character device"
               : type == AE_IFBLK  ? "block device"
               : type == AE_IFIFO  ? "FIFO"
               : type == AE_IFSOCK ? "socket"
                                   : "";
  const char* target = m->is_hardlink  ? archive_entry_hardlink(e)
                       : m->is_symlink ? archive_entry_symlink(e)
                                       : nullptr;
  m->link_target = target ? target : "";
  return true;
}

bool DistReader::ReadBlock(const void** data, size_t* size, bool* eof, std::string* err) {
  int64_t offset = 0;
  int r = archive_read_data_block(impl_->a, data, size, &offset);
  if (r == ARCHIVE_EOF) {
    *eof = true;
    return true;
  }
  if (r < ARCHIVE_WARN) {
    if (err) *err = impl_->path + ": " + ArchiveError(impl_->a);
    return false;
  }
  *eof = false;
  return true;
}

bool DistReader::ReadData(std::string* out, int64_t max_bytes, std::string* err) {
  out->clear();
  bool too_big = false;
  bool ok = StreamData(
      [&](const void* data, size_t size) {
        if (static_cast<int64_t>(out->size() + size) > max_bytes) {
          too_big = true;
          return false;
        }
        out->append(static_cast<const char*>(data), size);
        return true;
      },
      err);
  if (too_big) {
    if (err)
      *err = impl_->path + ": member is larger than " + HumanSize(max_bytes) + " when decompressed";
    return false;
  }
  return ok;
}

bool ReadDistMetadata(const std::string& path, std::string* text, std::string* member,
                      std::string* err) {
  DistKind kind = DistKindOf(path);
  if (kind == DistKind::kUnknown) {
    if (err) *err = path + ": unknown distribution format (expected .whl or .tar.gz)";
    return false;
  }
  DistReader reader;
  if (!reader.Open(path, err)) return false;
  DistMember m;
  std::string best_name;
  int best_depth = 1 << 30;
  constexpr int64_t kMaxMetadata = 64 << 20;
  while (reader.Next(&m, err)) {
    if (!m.is_regular) continue;
    std::vector<std::string> parts = Split(m.name, '/');
    int depth = static_cast<int>(parts.size());
    bool match = kind == DistKind::kWheel
                     ? depth == 2 && EndsWith(parts[0], ".dist-info") && parts[1] == "METADATA"
                     : depth == 2 && parts[1] == "PKG-INFO";
    if (match && depth < best_depth) {
      if (!reader.ReadData(text, kMaxMetadata, err)) return false;
      best_name = m.name;
      best_depth = depth;
    }
  }
  if (err && !err->empty()) return false;
  if (best_name.empty()) {
    if (err) {
      *err = path + (kind == DistKind::kWheel ? ": no *.dist-info/METADATA in the wheel"
                                              : ": no <name>-<version>/PKG-INFO in the sdist");
    }
    return false;
  }
  if (member) *member = best_name;
  return true;
}
