#include "build/deflate_block_walk.h"

#include <cstring>

namespace {

constexpr int kMaxBits = 15;
constexpr int kTableBits = 10;  // codes up to this long decode with one lookup

// What a primary-table entry means: the symbol class and the bits it takes, codeword plus extra
// bits (for a length, those of the length only: its distance follows).
enum Kind : uint8_t { kInvalid = 0, kLiteral, kLength, kEndOfBlock, kLong };
struct Entry {
  uint8_t bits;
  uint8_t kind;
  uint16_t symbol;
};

constexpr uint8_t kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr uint8_t kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

class Bits {
 public:
  Bits(const unsigned char* data, size_t size) : data_(data), limit_(uint64_t(size) * 8) {}
  // The next `n` (≤ 56) bits, LSB first; reading past the end reads the slack bytes.
  uint64_t Peek(unsigned n) const {
    uint64_t w;
    std::memcpy(&w, data_ + (pos_ >> 3), 8);
    return (w >> (pos_ & 7)) & ((uint64_t(1) << n) - 1);
  }
  uint64_t Take(unsigned n) {
    uint64_t v = Peek(n);
    pos_ += n;
    return v;
  }
  void Skip(unsigned n) { pos_ += n; }
  void Seek(uint64_t pos) { pos_ = pos; }
  void AlignToByte() { pos_ = (pos_ + 7) & ~uint64_t(7); }
  bool Overrun() const { return pos_ > limit_; }
  uint64_t pos() const { return pos_; }

 private:
  const unsigned char* data_;
  uint64_t limit_;
  uint64_t pos_ = 0;
};

// A canonical Huffman code: a primary table for codes up to kTableBits long, and the counts and
// sorted symbols for the rare longer ones (decoded a bit at a time, as in zlib's contrib/puff).
class Code {
 public:
  // `extra(symbol)`: the extra bits that follow the symbol; `kind(symbol)`. False when the
  // lengths oversubscribe the code (an incomplete code is allowed: its unused codewords fail
  // when met).
  template <typename ExtraFn, typename KindFn>
  bool Build(const uint8_t* lengths, int n, ExtraFn extra, KindFn kind) {
    int count[kMaxBits + 1] = {0};
    for (int s = 0; s < n; ++s) ++count[lengths[s]];
    count[0] = 0;
    int left = 1;
    for (int len = 1; len <= kMaxBits; ++len) {
      left = left * 2 - count[len];
      if (left < 0) return false;
    }
    int offs[kMaxBits + 2];
    offs[1] = 0;
    for (int len = 1; len <= kMaxBits; ++len) offs[len + 1] = offs[len] + count[len];
    for (int s = 0; s < n; ++s)
      if (lengths[s]) symbol_[offs[lengths[s]]++] = uint16_t(s);
    std::memcpy(count_, count, sizeof count_);
    std::memset(table_, 0, sizeof table_);
    // Canonical codewords in order of (length, symbol); the stream holds them bit-reversed.
    unsigned code = 0;
    int index = 0;
    for (int len = 1; len <= kMaxBits; ++len) {
      for (int k = 0; k < count[len]; ++k, ++index, ++code) {
        unsigned rev = 0;
        for (int b = 0; b < len; ++b) rev |= ((code >> b) & 1u) << (len - 1 - b);
        int s = symbol_[index];
        if (len <= kTableBits) {
          Entry e{uint8_t(len + extra(s)), kind(s), uint16_t(s)};
          for (unsigned at = rev; at < (1u << kTableBits); at += 1u << len) table_[at] = e;
        } else {
          table_[rev & ((1u << kTableBits) - 1)] = Entry{0, kLong, 0};
        }
      }
      code <<= 1;
    }
    return true;
  }
  const Entry& Lookup(uint64_t bits) const { return table_[bits]; }
  // The symbol of a codeword longer than kTableBits, read a bit at a time; -1 when invalid.
  int DecodeLong(Bits* in) const {
    int code = 0, first = 0, index = 0;
    for (int len = 1; len <= kMaxBits; ++len) {
      code |= int(in->Take(1));
      int count = count_[len];
      if (code - count < first) return symbol_[index + (code - first)];
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    return -1;
  }

 private:
  Entry table_[1u << kTableBits];
  int count_[kMaxBits + 1];
  uint16_t symbol_[288];
};

int LitLenExtra(int s) { return s > 256 && s < 286 ? kLengthExtra[s - 257] : 0; }
uint8_t LitLenKind(int s) {
  return s < 256 ? kLiteral : s == 256 ? kEndOfBlock : s < 286 ? kLength : kInvalid;
}
int DistExtra(int s) { return s < 30 ? kDistExtra[s] : 0; }
uint8_t DistKind(int s) { return s < 30 ? kLiteral : kInvalid; }

bool BuildLitLen(Code* code, const uint8_t* lengths, int n) {
  return code->Build(lengths, n, LitLenExtra, LitLenKind);
}
bool BuildDist(Code* code, const uint8_t* lengths, int n) {
  return code->Build(lengths, n, DistExtra, DistKind);
}

// Reads one symbol of `code` (entry kind and all bits, extra included); false when invalid.
bool Symbol(const Code& code, Bits* in, uint8_t (*kind)(int), int (*extra)(int), uint8_t* out) {
  const Entry& e = code.Lookup(in->Peek(kTableBits));
  if (e.kind != kLong) {
    in->Skip(e.bits);
    *out = e.kind;
    return e.kind != kInvalid;
  }
  int s = code.DecodeLong(in);
  if (s < 0) return false;
  in->Skip(unsigned(extra(s)));
  *out = kind(s);
  return *out != kInvalid;
}

bool ReadDynamicCodes(Bits* in, Code* litlen, Code* dist) {
  static constexpr uint8_t kOrder[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                         11, 4,  12, 3, 13, 2, 14, 1, 15};
  int nlen = int(in->Take(5)) + 257, ndist = int(in->Take(5)) + 1, ncode = int(in->Take(4)) + 4;
  if (nlen > 286 || ndist > 30) return false;
  uint8_t lengths[320] = {0};
  for (int k = 0; k < ncode; ++k) lengths[kOrder[k]] = uint8_t(in->Take(3));
  if (in->Overrun()) return false;
  Code lencode;
  if (!lencode.Build(
          lengths, 19, [](int) { return 0; }, [](int) { return uint8_t(kLiteral); }))
    return false;
  // Code-length codewords are at most 7 bits long: one lookup each.
  int k = 0;
  while (k < nlen + ndist) {
    if (in->Overrun()) return false;
    const Entry& e = lencode.Lookup(in->Peek(kTableBits));
    if (e.kind == kInvalid) return false;
    in->Skip(e.bits);
    int s = e.symbol;
    if (s < 16) {
      lengths[k++] = uint8_t(s);
      continue;
    }
    int repeat;
    uint8_t value = 0;
    if (s == 16) {
      if (k == 0) return false;
      value = lengths[k - 1];
      repeat = 3 + int(in->Take(2));
    } else if (s == 17) {
      repeat = 3 + int(in->Take(3));
    } else {
      repeat = 11 + int(in->Take(7));
    }
    if (k + repeat > nlen + ndist) return false;
    while (repeat--) lengths[k++] = value;
  }
  if (lengths[256] == 0) return false;  // no end-of-block code
  return BuildLitLen(litlen, lengths, nlen) && BuildDist(dist, lengths + nlen, ndist);
}

bool BuildFixedCodes(Code* litlen, Code* dist) {
  uint8_t lengths[288];
  for (int s = 0; s < 144; ++s) lengths[s] = 8;
  for (int s = 144; s < 256; ++s) lengths[s] = 9;
  for (int s = 256; s < 280; ++s) lengths[s] = 7;
  for (int s = 280; s < 288; ++s) lengths[s] = 8;
  uint8_t dlengths[30];
  std::memset(dlengths, 5, sizeof dlengths);
  return BuildLitLen(litlen, lengths, 288) && BuildDist(dist, dlengths, 30);
}

// One symbol, litlen and (for a length) distance, read through `in` a bit at a time where needed:
// the slow path, for codewords longer than kTableBits. False when invalid.
bool SlowSymbol(Bits* in, const Code& litlen, const Code& dist, bool* end_of_block) {
  uint8_t kind;
  if (!Symbol(litlen, in, LitLenKind, LitLenExtra, &kind)) return false;
  *end_of_block = kind == kEndOfBlock;
  return kind != kLength || Symbol(dist, in, DistKind, DistExtra, &kind);
}

// The symbols of one block, up to its end-of-block code: the hot loop. Bits are taken from a
// 64-bit buffer refilled 8 bytes at a time (as libdeflate's decompressor does), so a symbol costs
// a table lookup and a shift; 56 bits after a refill cover a length and its distance (48 at most).
bool SkipSymbols(Bits* in, const unsigned char* data, size_t size, const Code& litlen,
                 const Code& dist) {
  // `p` runs up to 8 bytes ahead of the bit position: past this, the position is past the data.
  const unsigned char* const end = data + size + 8;
  const unsigned char* p;
  uint64_t buf;
  unsigned left;
  auto load = [&](uint64_t pos) {
    p = data + (pos >> 3);
    buf = 0;
    left = 0;
    uint64_t w;
    std::memcpy(&w, p, 8);
    buf = w >> (pos & 7);
    p += 7;
    left = 56 - unsigned(pos & 7);
  };
  auto pos = [&] { return uint64_t(p - data) * 8 - left; };
  constexpr uint64_t kMask = (1u << kTableBits) - 1;
  load(in->pos());
  for (;;) {
    if (p > end) return false;  // (the slack covers the reads so far)
    uint64_t w;
    std::memcpy(&w, p, 8);
    buf |= w << left;
    p += (63 - left) >> 3;
    left |= 56;
    Entry e = litlen.Lookup(buf & kMask);
    if (e.kind == kLiteral) {  // up to three per refill (15 bits each at most)
      buf >>= e.bits;
      left -= e.bits;
      e = litlen.Lookup(buf & kMask);
      if (e.kind != kLiteral) continue;
      buf >>= e.bits;
      left -= e.bits;
      e = litlen.Lookup(buf & kMask);
      if (e.kind != kLiteral) continue;
      buf >>= e.bits;
      left -= e.bits;
      continue;
    }
    if (e.kind == kLength) {
      buf >>= e.bits;
      left -= e.bits;
      Entry d = dist.Lookup(buf & kMask);
      if (d.kind == kLiteral) {
        buf >>= d.bits;
        left -= d.bits;
        continue;
      }
      if (d.kind != kLong) return false;
      in->Seek(pos());
      uint8_t kind;
      if (!Symbol(dist, in, DistKind, DistExtra, &kind)) return false;
      load(in->pos());
      continue;
    }
    if (e.kind == kEndOfBlock) {
      in->Seek(pos() + e.bits);
      return !in->Overrun();
    }
    if (e.kind != kLong) return false;
    in->Seek(pos());
    bool end_of_block = false;
    if (!SlowSymbol(in, litlen, dist, &end_of_block)) return false;
    if (end_of_block) return !in->Overrun();
    load(in->pos());
  }
}

}  // namespace

bool WalkDeflateBlocks(const unsigned char* data, size_t size, uint64_t* last_block,
                       uint64_t* end) {
  Bits in(data, size);
  static thread_local Code litlen, dist;  // large tables: not on the stack, built once per block
  for (;;) {
    uint64_t start = in.pos();
    bool final = in.Take(1) != 0;
    unsigned type = unsigned(in.Take(2));
    if (type == 0) {
      in.AlignToByte();
      if (in.pos() + 32 > uint64_t(size) * 8) return false;
      unsigned len = unsigned(in.Take(16)), nlen = unsigned(in.Take(16));
      if ((len ^ 0xFFFFu) != nlen) return false;
      in.Skip(len * 8);
    } else if (type == 1 || type == 2) {
      if (type == 1 ? !BuildFixedCodes(&litlen, &dist) : !ReadDynamicCodes(&in, &litlen, &dist))
        return false;
      if (in.Overrun() || !SkipSymbols(&in, data, size, litlen, dist)) return false;
    } else {
      return false;
    }
    if (in.Overrun()) return false;
    if (final) {
      *last_block = start;
      *end = in.pos();
      return true;
    }
  }
}
