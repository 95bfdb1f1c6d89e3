// A byte buffer that grows without being zero-filled (std::string::resize writes every byte): one
// sized by a compressor's worst case and given only the bytes it produces holds only the pages
// written, and costs no pass over the rest.
#pragma once

#include <cstddef>
#include <memory>

struct RawBuffer {
  std::unique_ptr<char[]> data;
  size_t size = 0;

  // At least `n` bytes; never shrunk. What it held is not kept when it grows.
  char* Room(size_t n) {
    if (size < n) {
      data.reset(new char[n]);  // (default-initialized: not written)
      size = n;
    }
    return data.get();
  }
};
