// RECORD (PEP 376 / PEP 427): one CSV row per file in a wheel,
// `path,sha256=<urlsafe-b64-nopad>,size`, RECORD's own row `<dist-info>/RECORD,,`. Written with the
// quoting of Python's csv module (QUOTE_MINIMAL, '\n' line ends as wheel/flit/hatchling write them)
// and read back the way csv.reader does, so `check` and `verify` reuse the parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct RecordRow {
  std::string path;
  std::string hash;  // "sha256=<urlsafe-b64-nopad>", or "" (RECORD's own row)
  std::string size;  // decimal, or ""
};

// "sha256=" + the urlsafe, unpadded base64 of a raw SHA-256 digest.
std::string RecordHash(std::string_view raw_sha256);
// Whether `record_hash` is RecordHash(raw_sha256), without building it (a check compares one per
// member).
bool IsRecordHashOf(std::string_view record_hash, std::string_view raw_sha256);

// One field as csv.writer writes it: quoted (with '"' doubled) when it holds ',', '"', '\r' or
// '\n'.
std::string CsvField(std::string_view field);

// The whole file: one line per row, each ended by '\n'.
std::string RenderRecord(const std::vector<RecordRow>& rows);

// Parses like csv.reader: quoted fields may hold commas, doubled quotes and line breaks; blank
// lines are skipped. Each row must have exactly 3 fields; otherwise false with
// `err` = "RECORD line N: ...".
bool ParseRecord(std::string_view text, std::vector<RecordRow>* rows, std::string* err);
