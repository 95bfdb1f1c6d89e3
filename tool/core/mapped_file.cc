#include "core/mapped_file.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

bool MappedFile::Map(int fd, uint64_t size, const std::string& path, std::string* err) {
  if (size == 0) return true;  // nothing to map: an empty view
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data == MAP_FAILED) {
    if (err) *err = path + ": cannot map it: " + std::strerror(errno);
    return false;
  }
  data_ = data;
  size_ = size;
  return true;
}
