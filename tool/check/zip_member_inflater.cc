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

// Compressed bytes are read in slabs of neighbouring members: one pread per MiB instead of one
// per member (a 10,000-member wheel: 10,000 calls, whose fixed cost was most of the read's).
constexpr uint64_t kSlab = 1ull << 20;

// Inflates one member from its compressed bytes and hands it over if its size and CRC-32 match.
bool Deliver(libdeflate_decompressor* d, const ZipMemberSpan& s, size_t i,
             const unsigned char* packed, std::vector<unsigned char>* plain,
             const InflatedMemberFn& fn) {
  const unsigned char* data = packed;
  size_t size = s.compressed_size;
  if (s.method == 8) {
    plain->resize(s.uncompressed_size);
    size_t actual = 0;
    // Exactly the declared size: more fails with INSUFFICIENT_SPACE, less shows in `actual`.
    if (libdeflate_deflate_decompress(d, packed, s.compressed_size, plain->data(), plain->size(),
                                      &actual) != LIBDEFLATE_SUCCESS ||
        actual != s.uncompressed_size)
      return false;
    data = plain->data();
    size = plain->size();
  } else if (s.method != 0 || s.compressed_size != s.uncompressed_size) {
    return false;
  }
  if (libdeflate_crc32(0, data, size) != s.crc) return false;
  fn(i, data, size);
  return true;
}

// One worker: its own descriptor, decompressor and buffers; `mine` in file order. `out[i]` is
// written for its own indexes only (std::vector<char> rather than vector<bool>, whose bits share
// words).
void InflateShare(int fd, const std::vector<ZipMemberSpan>& spans, const std::vector<size_t>& mine,
                  const InflatedMemberFn& fn, std::vector<char>* out) {
  std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(libdeflate_alloc_decompressor());
  if (!d) return;
  std::vector<unsigned char> slab, plain, own;
  for (size_t first = 0; first < mine.size();) {
    // The slab: from this member's data to the end of the last one that keeps it within kSlab
    // (at least this member, whatever its size).
    uint64_t start = spans[mine[first]].data_offset;
    size_t last = first + 1;
    while (last < mine.size()) {
      const ZipMemberSpan& s = spans[mine[last]];
      if (s.data_offset < start || s.data_offset + s.compressed_size - start > kSlab) break;
      ++last;
    }
    uint64_t end = start;
    for (size_t k = first; k < last; ++k) {
      const ZipMemberSpan& s = spans[mine[k]];
      end = std::max(end, s.data_offset + s.compressed_size);
    }
    slab.resize(end - start);
    // A short read (a file cut short): each member is read on its own, so those before the cut
    // are still delivered.
    bool whole = ReadAt(fd, start, slab.size(), slab.data());
    for (size_t k = first; k < last; ++k) {
      size_t i = mine[k];
      const ZipMemberSpan& s = spans[i];
      if (s.flags & 0x1) continue;  // encrypted: libarchive refuses it with its own message
      const unsigned char* packed = slab.data() + (s.data_offset - start);
      if (!whole) {
        own.resize(s.compressed_size);
        if (!ReadAt(fd, s.data_offset, own.size(), own.data())) continue;
        packed = own.data();
      }
      if (Deliver(d.get(), s, i, packed, &plain, fn)) (*out)[i] = 1;
    }
    first = last;
  }
}

}  // namespace

bool InflateZipMembers(const std::string& path, const std::vector<ZipMemberSpan>& spans,
                       const std::vector<bool>& wanted, uint64_t max_member_size,
                       const InflatedMemberFn& fn, std::vector<bool>* delivered, std::string* err) {
  delivered->assign(spans.size(), false);
  // Two shares of about equal work, each a run of neighbouring members (read in slabs).
  std::vector<size_t> order;
  for (size_t i = 0; i < spans.size() && i < wanted.size(); ++i) {
    if (wanted[i] && spans[i].uncompressed_size <= max_member_size &&
        spans[i].compressed_size <= max_member_size)
      order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return spans[a].data_offset < spans[b].data_offset; });
  auto work = [&](size_t i) { return spans[i].compressed_size + spans[i].uncompressed_size / 4; };
  uint64_t total = 0;
  for (size_t i : order) total += work(i);
  std::vector<size_t> shares[kThreads];
  uint64_t done = 0;
  for (size_t i : order) {
    int t = total < kOneThreadBelow || done < total / 2 ? 0 : 1;
    shares[t].push_back(i);
    done += work(i);
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
  std::vector<char> got(spans.size(), 0);
  if (shares[1].empty()) {
    InflateShare(fds[0], spans, shares[0], fn, &got);
  } else {
    std::thread second(InflateShare, fds[1], std::cref(spans), std::cref(shares[1]), std::cref(fn),
                       &got);
    InflateShare(fds[0], spans, shares[0], fn, &got);
    second.join();
  }
  for (int t = 0; t < kThreads; ++t) close(fds[t]);
  for (size_t i = 0; i < got.size(); ++i) (*delivered)[i] = got[i] != 0;
  return true;
}
