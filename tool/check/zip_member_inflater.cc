#include "check/zip_member_inflater.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>

namespace {

constexpr int kThreads = 2;
constexpr uint64_t kOneThreadBelow = 4ull << 20;  // a small wheel is not worth a thread

bool ReadAt(int fd, uint64_t offset, size_t n, unsigned char* out) {
  while (n > 0) {
    ssize_t got = pread(fd, out, n, static_cast<off_t>(offset));
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      return false;
    }
    out += got;
    n -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return true;
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// One worker: its own descriptor, decompressor and buffers; `out[i]` is written for its own
// indexes only (std::vector<char> rather than vector<bool>, whose bits share words).
void InflateShare(int fd, const std::vector<ZipMemberSpan>& spans, const std::vector<size_t>& mine,
                  const InflatedMemberFn& fn, std::vector<char>* out) {
  std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(libdeflate_alloc_decompressor());
  if (!d) return;
  std::vector<unsigned char> packed, plain;
  for (size_t i : mine) {
    const ZipMemberSpan& s = spans[i];
    if (s.flags & 0x1) continue;  // encrypted: libarchive refuses it with its own message
    packed.resize(s.compressed_size);
    if (!ReadAt(fd, s.data_offset, packed.size(), packed.data())) continue;
    const unsigned char* data = packed.data();
    size_t size = packed.size();
    if (s.method == 8) {
      plain.resize(s.uncompressed_size);
      size_t actual = 0;
      // Exactly the declared size: more fails with INSUFFICIENT_SPACE, less shows in `actual`.
      if (libdeflate_deflate_decompress(d.get(), packed.data(), packed.size(), plain.data(),
                                        plain.size(), &actual) != LIBDEFLATE_SUCCESS ||
          actual != s.uncompressed_size)
        continue;
      data = plain.data();
      size = plain.size();
    } else if (s.method != 0 || s.compressed_size != s.uncompressed_size) {
      continue;
    }
    if (libdeflate_crc32(0, data, size) != s.crc) continue;
    fn(i, data, size);
    (*out)[i] = 1;
  }
}

}  // namespace

bool InflateZipMembers(const std::string& path, const std::vector<ZipMemberSpan>& spans,
                       const std::vector<bool>& wanted, uint64_t max_member_size,
                       const InflatedMemberFn& fn, std::vector<bool>* delivered, std::string* err) {
  delivered->assign(spans.size(), false);
  // Largest first onto the lighter share: two shares of about equal compressed bytes.
  std::vector<size_t> order;
  for (size_t i = 0; i < spans.size() && i < wanted.size(); ++i) {
    if (wanted[i] && spans[i].uncompressed_size <= max_member_size &&
        spans[i].compressed_size <= max_member_size)
      order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return spans[a].compressed_size > spans[b].compressed_size;
  });
  uint64_t total = 0;
  for (size_t i : order) total += spans[i].compressed_size + spans[i].uncompressed_size / 4;
  std::vector<size_t> shares[kThreads];
  uint64_t load[kThreads] = {0, 0};
  for (size_t i : order) {
    int t = total < kOneThreadBelow || load[0] <= load[1] ? 0 : 1;
    shares[t].push_back(i);
    load[t] += spans[i].compressed_size + spans[i].uncompressed_size / 4;
  }
  int fds[kThreads];
  for (int t = 0; t < kThreads; ++t) {
    fds[t] = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fds[t] < 0) {
      *err = path + ": " + std::strerror(errno);
      for (int u = 0; u < t; ++u) close(fds[u]);
      return false;
    }
  }
  std::vector<char> done(spans.size(), 0);
  if (shares[1].empty()) {
    InflateShare(fds[0], spans, shares[0], fn, &done);
  } else {
    std::thread second(InflateShare, fds[1], std::cref(spans), std::cref(shares[1]), std::cref(fn),
                       &done);
    InflateShare(fds[0], spans, shares[0], fn, &done);
    second.join();
  }
  for (int t = 0; t < kThreads; ++t) close(fds[t]);
  for (size_t i = 0; i < done.size(); ++i) (*delivered)[i] = done[i] != 0;
  return true;
}
