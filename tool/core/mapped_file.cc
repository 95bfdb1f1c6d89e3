#include "core/mapped_file.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

void MappedFile::Release(uint64_t offset, uint64_t size) const {
  if (!data_ || offset >= size_) return;
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  uint64_t begin = (offset + page - 1) / page * page;  // only pages wholly inside the range
  uint64_t end = std::min<uint64_t>(offset + size, size_) / page * page;
  if (end > begin) ::madvise(static_cast<char*>(data_) + begin, end - begin, MADV_DONTNEED);
}

bool MappedFile::Map(int fd, uint64_t size, const std::string& path, std::string* err,
                     bool populate) {
  if (size == 0) return true;  // nothing to map: an empty view
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
  if (data == MAP_FAILED) {
    if (err) *err = path + ": cannot map it: " + std::strerror(errno);
    return false;
  }
  data_ = data;
  size_ = size;
  return true;
}
