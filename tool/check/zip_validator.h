// The ZIP framing rules PyPI enforces on wheels and .zip sdists (Warehouse's
// warehouse/utils/zipfiles.py validate_zipfile, plus the checks of legacy.py _is_valid_dist_file):
// the file is read sequentially from offset 0, and every record must be a local header, a
// central-directory header or an end record, agreeing with the central directory that an
// installer reads from the end. It works on the file's bytes in memory, which the inflater
// (check/zip_member_inflater) and the member list then reuse: check reads a wheel once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Where one member's data lies, from its local header (zip64 sizes resolved).
struct ZipMemberSpan {
  std::string name;
  uint64_t data_offset = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint16_t method = 0;  // 0 stored, 8 deflate
  uint16_t flags = 0;   // the local header's general-purpose flags (bit 0: encrypted)
  uint32_t crc = 0;
  // From the member's central-directory entry, for readers that trust it (libarchive):
  uint8_t made_by_system = 0;           // "version made by" >> 8 (0 MS-DOS, 3 Unix)
  uint32_t external_attributes = 0;     // Unix: st_mode << 16; MS-DOS: bit 4 directory
  bool central_offset_matches = false;  // its local header offset is this local header's
  bool has_xl_extra = false;            // a 0x6c78 extra field (libarchive may take a mode from it)
};

struct ZipStructure {
  // Empty when the framing is acceptable; otherwise PyPI's reason, e.g. "Trailing data" or
  // "ZIP contains a data descriptor" (shown as "ZIP archive not accepted: <reason>").
  std::string framing_problem;
  // Empty, or "File is not a zipfile" / "File does not use a supported compression type" /
  // "File exceeds compression ratio of 50" (legacy.py's messages, checked before the framing).
  std::string dist_problem;
  uint64_t file_size = 0;
  uint64_t total_uncompressed = 0;  // sum of the central directory's file sizes
  uint64_t entries = 0;
  // Members whose local header's CRC-32 differs from the central directory's (an installer
  // reading one and a scanner reading the other see different files). Not a PyPI rule.
  std::vector<std::string> crc_mismatches;
  // Every member's data span in file order; complete only when framing_problem is empty.
  std::vector<ZipMemberSpan> spans;
};

// Reads `path` and fills `out`. False only on I/O failure (`err` names the path and reason).
bool ValidateZipStructure(const std::string& path, ZipStructure* out, std::string* err);
// The same for a file's bytes already in memory (`file_size` is their length).
void ValidateZipBytes(std::string_view bytes, ZipStructure* out);

// Whether a reader that trusts the central directory (libarchive's seekable zip reader) plainly
// sees `span` as a file (`is_dir` false) or a directory with no data (`is_dir` true), as its name
// says by a trailing '/'. False for anything it might take otherwise: a symbolic link or device, a
// mode from a 0x6c78 extra field, a type that contradicts the name, an encrypted member, a macOS
// resource fork it would merge with its file, or an entry whose local header offset is not this
// member's.
bool PlainZipMember(const ZipMemberSpan& span, bool* is_dir);
