#include "core/binary_format.h"

#include <cstdint>

namespace {

uint32_t BigEndian32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

uint32_t LittleEndian32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

}  // namespace

BinaryFormat DetectBinaryFormat(std::string_view head) {
  if (head.size() < 8) return BinaryFormat::kNone;
  if (head.substr(0, 4) == std::string_view("\x7f"
                                            "ELF",
                                            4))
    return BinaryFormat::kElf;
  uint32_t magic = BigEndian32(head, 0);
  // MH_MAGIC / MH_MAGIC_64 in either byte order.
  if (magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe) {
    return BinaryFormat::kMachO;
  }
  // FAT_MAGIC is also a Java class file's magic; a fat binary's architecture count is small where a
  // class file has its version (45 and up) in the same bytes (file(1) decides the same way).
  if (magic == 0xcafebabe && BigEndian32(head, 4) < 30) return BinaryFormat::kMachO;
  // "MZ", and at e_lfanew (offset 0x3c) the "PE\0\0" signature: a bare "MZ" is too common in text.
  if (head[0] == 'M' && head[1] == 'Z' && head.size() >= 0x40) {
    uint32_t pe = LittleEndian32(head, 0x3c);
    if (pe <= head.size() - 4 && head.substr(pe, 4) == std::string_view("PE\0\0", 4))
      return BinaryFormat::kPe;
  }
  return BinaryFormat::kNone;
}

const char* BinaryFormatName(BinaryFormat format) {
  switch (format) {
    case BinaryFormat::kElf:
      return "ELF";
    case BinaryFormat::kMachO:
      return "Mach-O";
    case BinaryFormat::kPe:
      return "PE";
    case BinaryFormat::kNone:
      break;
  }
  return "";
}
