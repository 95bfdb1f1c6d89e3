// What follows the last member of a gzip file. libarchive (and Python's gzip) read a .tar.gz up to
// the end of its gzip stream and ignore the rest, so bytes appended after it travel unseen with the
// archive: a second payload, or the sign of a truncated copy concatenated with another file.
// Concatenated gzip members (RFC 1952 §2.2) and zero padding (tape blocking) are legitimate.
#pragma once

#include <cstdint>
#include <string>

// Inflates `path` (output discarded, memory flat) and counts the bytes after the last gzip member
// that are neither another member nor zero padding. False, with `err`, when the file cannot be
// read or its gzip stream is corrupt (libarchive reports that one on its own).
bool GzipTrailingBytes(const std::string& path, uint64_t* trailing, std::string* err);
