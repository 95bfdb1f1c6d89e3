// libarchive, loaded when the first archive is read or written rather than at process start.
//
// libarchive pulls in ten more shared libraries (libxml2 and ICU with its 30 MB data library,
// nettle, acl, lzma, zstd, lz4, bz2) that every run used to map and relocate, though only the sdist
// writer (build/tar_writer) and the archive reader (spec/dist_reader) use it. As for libcurl
// (publish/curl_loader.cc), pyrelease does not link it: the functions it calls are defined here as
// forwarders to the library opened on first use.
#include <archive.h>
#include <archive_entry.h>

#include "core/lazy_library.h"

namespace {

void* Library() {
  static void* handle = nullptr;
  return LazyLibraryHandle(&handle, "libarchive", {"libarchive.so.13", "libarchive.so"});
}

}  // namespace

#define PYRELEASE_ARCHIVE_FORWARD(ret, name, params, args) \
  PYRELEASE_LAZY_FORWARD(Library, "libarchive", ret, name, params, args)

using Archive = struct archive;
using Entry = struct archive_entry;

PYRELEASE_ARCHIVE_FORWARD(const char*, archive_error_string, (Archive * a), (a))
// Reading (spec/dist_reader).
PYRELEASE_ARCHIVE_FORWARD(Archive*, archive_read_new, (void), ())
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_free, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_support_filter_gzip, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_support_format_tar, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_support_format_zip_seekable, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_open_fd, (Archive * a, int fd, size_t block_size),
                          (a, fd, block_size))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_next_header, (Archive * a, Entry** entry), (a, entry))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_data_block,
                          (Archive * a, const void** buff, size_t* size, la_int64_t* offset),
                          (a, buff, size, offset))
// Writing (build/tar_writer).
PYRELEASE_ARCHIVE_FORWARD(Archive*, archive_write_new, (void), ())
PYRELEASE_ARCHIVE_FORWARD(int, archive_write_free, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_write_close, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_write_set_format_pax_restricted, (Archive * a), (a))
PYRELEASE_ARCHIVE_FORWARD(int, archive_write_open,
                          (Archive * a, void* client, archive_open_callback* open,
                           archive_write_callback* write, archive_close_callback* close),
                          (a, client, open, write, close))
PYRELEASE_ARCHIVE_FORWARD(int, archive_write_header, (Archive * a, Entry* entry), (a, entry))
PYRELEASE_ARCHIVE_FORWARD(la_ssize_t, archive_write_data, (Archive * a, const void* p, size_t n),
                          (a, p, n))
// Entries.
PYRELEASE_ARCHIVE_FORWARD(Entry*, archive_entry_new, (void), ())
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_free, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(__LA_MODE_T, archive_entry_filetype, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(__LA_MODE_T, archive_entry_perm, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(la_int64_t, archive_entry_size, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(int, archive_entry_sparse_count, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_pathname, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_pathname_utf8, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_hardlink, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_symlink, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_filetype, (Entry * e, unsigned int type),
                          (e, type))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_perm, (Entry * e, __LA_MODE_T mode), (e, mode))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_size, (Entry * e, la_int64_t size), (e, size))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_uid, (Entry * e, la_int64_t uid), (e, uid))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_gid, (Entry * e, la_int64_t gid), (e, gid))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_mtime, (Entry * e, time_t t, long ns), (e, t, ns))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_pathname_utf8, (Entry * e, const char* p), (e, p))
PYRELEASE_ARCHIVE_FORWARD(void, archive_entry_set_symlink_utf8, (Entry * e, const char* p), (e, p))
