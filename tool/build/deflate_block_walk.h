// Where the blocks of a raw deflate stream lie, without inflating it: the symbols are decoded only
// far enough to know their bit lengths (no window, no output), which is what the chunked gzip join
// needs (the last block's header, to clear its final bit, and the stream's end). Several times
// faster than walking the blocks with zlib's inflate(Z_BLOCK), which writes every byte out.
#pragma once

#include <cstddef>
#include <cstdint>

// Walks the deflate stream at `data` (`size` bytes; kDeflateWalkSlack readable bytes must follow
// data[size - 1], whatever they hold: the walker reads 8 bytes at a time and checks the end after)
// up to the end of its final block. Sets `*last_block` to the bit offset of the final block's
// header and `*end` to the bit offset just past the block. False when the stream is malformed or
// runs past `size`.
constexpr size_t kDeflateWalkSlack = 32;

bool WalkDeflateBlocks(const unsigned char* data, size_t size, uint64_t* last_block, uint64_t* end);
