// Recognises compiled code by its first bytes: ELF (Linux, BSD), Mach-O (macOS, including fat
// binaries) and PE (Windows .pyd/.dll/.exe). `check` uses it to tell a wheel that really is pure
// from one that merely carries a pure tag.
#pragma once

#include <string_view>

enum class BinaryFormat { kNone, kElf, kMachO, kPe };

// The format the data starts with; `head` is the file's first bytes (at least 64 are needed for
// ELF/Mach-O, PE needs the bytes up to its "PE\0\0" header, usually within the first 512).
BinaryFormat DetectBinaryFormat(std::string_view head);

// "ELF", "Mach-O", "PE" or "" for kNone.
const char* BinaryFormatName(BinaryFormat format);
