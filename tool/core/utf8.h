// UTF-8 <-> code points, for the few places that work on characters rather than bytes.
#pragma once

#include <cstdint>
#include <string>

// Appends the UTF-8 encoding of code point `cp` (at most U+10FFFF) to `out`.
void AppendUtf8(uint32_t cp, std::string* out);

// The code points of `s`, which must be valid UTF-8 (IsValidUtf8), as a wide string (UTF-32 where
// wchar_t has 32 bits, as on Linux).
std::wstring Utf8ToWide(const std::string& s);
std::string WideToUtf8(const std::wstring& w);
