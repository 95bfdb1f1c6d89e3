// libarchive, loaded when the first archive is read rather than at process start.
//
// libarchive pulls in ten more shared libraries (libxml2 and ICU with its 30 MB data library,
// nettle, acl, lzma, zstd, lz4, bz2) that every run used to map and relocate, though only the
// archive reader (spec/dist_reader) uses it; a build does not (build/tar_writer writes the sdist's
// tar itself). As for libcurl (publish/curl_loader.cc), pyrelease does not link it: the functions
// it calls are defined here as forwarders to the library opened on first use.
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
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_open,
                          (Archive * a, void* client, archive_open_callback* open_cb,
                           archive_read_callback* read_cb, archive_close_callback* close_cb),
                          (a, client, open_cb, read_cb, close_cb))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_open_memory,
                          (Archive * a, const void* buff, size_t size), (a, buff, size))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_next_header, (Archive * a, Entry** entry), (a, entry))
PYRELEASE_ARCHIVE_FORWARD(int, archive_read_data_block,
                          (Archive * a, const void** buff, size_t* size, la_int64_t* offset),
                          (a, buff, size, offset))
// Entries.
PYRELEASE_ARCHIVE_FORWARD(__LA_MODE_T, archive_entry_filetype, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(__LA_MODE_T, archive_entry_perm, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(la_int64_t, archive_entry_size, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(int, archive_entry_sparse_count, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_pathname, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_pathname_utf8, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_hardlink, (Entry * e), (e))
PYRELEASE_ARCHIVE_FORWARD(const char*, archive_entry_symlink, (Entry * e), (e))
