// A large file read through a read-only memory mapping instead of a copy in memory: its pages
// belong to the page cache, which the kernel may drop and read again under memory pressure, so a
// multi-gigabyte wheel does not need as much free memory to be checked. The caller must not let
// the file shrink while it is mapped (a page past the new end would fault).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps the first `size` bytes of `fd` (opened read-only); `path` names it in `err`. `populate`:
  // every page is mapped now, in one call, rather than on a fault per few pages (for a file read
  // whole at once; its cached pages are shared, never zeroed or copied as a read() into memory).
  bool Map(int fd, uint64_t size, const std::string& path, std::string* err, bool populate = false);
  std::string_view view() const { return {static_cast<const char*>(data_), size_}; }
  // Done with bytes [offset, offset + size) for now: the whole pages inside leave this process's
  // resident set (read again from the page cache if touched later), so a pass over a file larger
  // than memory keeps its footprint small.
  void Release(uint64_t offset, uint64_t size) const;

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};
