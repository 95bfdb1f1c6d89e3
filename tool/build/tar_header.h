// The header blocks of one sdist member, laid out byte for byte as libarchive's "restricted pax"
// writer laid them out when it wrote our sdists (so that no sdist changed when we stopped loading
// libarchive, and its ten libraries, to write one): a plain ustar header, preceded by a pax
// extended header ('x') only when a field does not fit ustar — a name that is not ASCII or cannot
// be split at a '/' into a prefix of ≤ 155 bytes and a name of ≤ 100, a link text longer than 100
// bytes or not ASCII, a size of 8 GiB or more, an mtime outside 0 … 2^31 - 2. As libarchive did,
// the ustar fields still hold what fits (a shortened name, "././@LongSymLink", the size in 12 octal
// digits or base-256) for readers that ignore pax records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

constexpr size_t kTarBlock = 512;
// libarchive padded the whole tar (end marker included) to a multiple of its 10240-byte record.
constexpr size_t kTarRecord = 10240;

struct TarEntry {
  std::string name;       // '/'-separated, UTF-8 (any bytes are written as they are)
  std::string link_text;  // a symbolic link's target; empty for a regular file
  unsigned mode = 0644;   // permission bits
  uint64_t size = 0;      // the content's length; ignored (0) for a link
  int64_t mtime = 0;      // uid/gid are 0 and user/group names empty, always
};

// Appends the entry's header blocks (a multiple of 512 bytes) to `out`; its content follows them,
// padded with TarPadding(size) zero bytes.
void AppendTarHeaders(const TarEntry& entry, std::string* out);

inline size_t TarPadding(uint64_t size) { return size_t(-size & (kTarBlock - 1)); }

// One pax record, "<length> <key>=<value>\n", where <length> counts the whole record.
std::string PaxRecord(const std::string& key, const std::string& value);
