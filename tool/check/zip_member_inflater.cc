#include "check/zip_member_inflater.h"

#include <libdeflate.h>

#include <algorithm>
#include <memory>
#include <thread>

namespace {

constexpr int kThreads = 2;
constexpr uint64_t kOneThreadBelow = 4ull << 20;  // a small wheel is not worth a thread

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

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

// One worker: its own decompressor and buffer; `mine` in file order. `out[i]` is written for its
// own indexes only (std::vector<char> rather than vector<bool>, whose bits share words).
void InflateShare(std::string_view file, const std::vector<ZipMemberSpan>& spans,
                  const std::vector<size_t>& mine, const InflatedMemberFn& fn,
                  const DoneWithBytesFn* done_with, std::vector<char>* out) {
  std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(libdeflate_alloc_decompressor());
  if (!d) return;
  std::vector<unsigned char> plain;
  const unsigned char* base = reinterpret_cast<const unsigned char*>(file.data());
  for (size_t i : mine) {
    const ZipMemberSpan& s = spans[i];
    if (s.flags & 0x1) continue;  // encrypted: libarchive refuses it with its own message
    // A member cut short by the end of the file is not delivered (those before the cut are).
    if (s.data_offset > file.size() || s.compressed_size > file.size() - s.data_offset) continue;
    if (Deliver(d.get(), s, i, base + s.data_offset, &plain, fn)) (*out)[i] = 1;
    if (done_with) (*done_with)(s.data_offset, s.compressed_size);
  }
}

}  // namespace

void InflateZipMembers(std::string_view file, const std::vector<ZipMemberSpan>& spans,
                       const std::vector<bool>& wanted, uint64_t max_member_size,
                       const InflatedMemberFn& fn, std::vector<bool>* delivered,
                       const DoneWithBytesFn* done_with) {
  delivered->assign(spans.size(), false);
  // Two shares of about equal work, each a run of neighbouring members.
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
  std::vector<char> got(spans.size(), 0);
  if (shares[1].empty()) {
    InflateShare(file, spans, shares[0], fn, done_with, &got);
  } else {
    std::thread second(InflateShare, file, std::cref(spans), std::cref(shares[1]), std::cref(fn),
                       done_with, &got);
    InflateShare(file, spans, shares[0], fn, done_with, &got);
    second.join();
  }
  for (size_t i = 0; i < got.size(); ++i) (*delivered)[i] = got[i] != 0;
}
