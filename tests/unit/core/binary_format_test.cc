#include "core/binary_format.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string Padded(std::string head, size_t size = 64) {
  head.resize(size, '\0');
  return head;
}

TEST(BinaryFormat, RecognisesElfMachOAndPe) {
  EXPECT_EQ(DetectBinaryFormat(Padded(std::string("\x7f"
                                                  "ELF\x01\x01\x01",
                                                  7))),
            BinaryFormat::kElf);
  EXPECT_EQ(DetectBinaryFormat(Padded("\xcf\xfa\xed\xfe")),
            BinaryFormat::kMachO);  // 64-bit, little-endian
  EXPECT_EQ(DetectBinaryFormat(Padded("\xfe\xed\xfa\xce")),
            BinaryFormat::kMachO);  // 32-bit, big-endian
  EXPECT_EQ(DetectBinaryFormat(Padded(std::string("\xca\xfe\xba\xbe\0\0\0\x02", 8))),
            BinaryFormat::kMachO);  // fat
  std::string pe(0x100, '\0');
  pe.replace(0, 2, "MZ");
  pe.replace(0x3c, 1, 1, static_cast<char>(0x80));
  pe.replace(0x80, 4, std::string("PE\0\0", 4));
  EXPECT_EQ(DetectBinaryFormat(pe), BinaryFormat::kPe);
  EXPECT_STREQ(BinaryFormatName(BinaryFormat::kMachO), "Mach-O");
}

TEST(BinaryFormat, LookalikesAreNotCompiledCode) {
  // A Java class file shares the fat Mach-O magic; its version sits where the arch count would.
  EXPECT_EQ(DetectBinaryFormat(Padded(std::string("\xca\xfe\xba\xbe\0\0\0\x34", 8))),
            BinaryFormat::kNone);
  EXPECT_EQ(DetectBinaryFormat(Padded("MZ is how this text starts")), BinaryFormat::kNone);
  std::string pe_out_of_range(0x40, '\0');
  pe_out_of_range.replace(0, 2, "MZ");
  pe_out_of_range.replace(0x3c, 1, 1, static_cast<char>(0xff));
  EXPECT_EQ(DetectBinaryFormat(pe_out_of_range), BinaryFormat::kNone);
  EXPECT_EQ(DetectBinaryFormat("\x7f"
                               "EL"),
            BinaryFormat::kNone);
  EXPECT_EQ(DetectBinaryFormat(""), BinaryFormat::kNone);
  EXPECT_STREQ(BinaryFormatName(BinaryFormat::kNone), "");
}

}  // namespace
