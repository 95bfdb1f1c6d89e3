// A large file read through a read-only memory mapping instead of a copy in memory: its pages
// belong to the page cache, which the kernel may drop and read again under memory pressure, so a
// multi-gigabyte wheel does not need as much free memory to be checked.
//
// Another process may shrink the file while it is mapped; a page past the new end would then
// fault (SIGBUS) and end the process. Instead, a SIGBUS inside a live mapping replaces the rest
// of that mapping with zero pages and marks it `Cut()`: the reader goes on over zeros (which it
// must treat as untrusted input, as it does any file) and then reports that the file changed.
// The handler is process-wide and lock-free, so the reading may happen on any thread.
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
  // Whether a page of the mapping was found cut off from the file (it shrank while mapped) and
  // read as zeros from there on: what was read from view() is not the file's content.
  bool Cut() const;

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  int slot_ = -1;  // this mapping's entry in the SIGBUS handler's table
};
