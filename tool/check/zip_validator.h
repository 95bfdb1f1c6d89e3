// The ZIP framing rules PyPI enforces on wheels and .zip sdists (Warehouse's
// warehouse/utils/zipfiles.py validate_zipfile, plus the checks of legacy.py _is_valid_dist_file):
// the file is read sequentially from offset 0, and every record must be a local header, a
// central-directory header or an end record, agreeing with the central directory that an
// installer reads from the end. Streaming: memory stays flat whatever the archive's size.
#pragma once

#include <cstdint>
#include <string>
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
