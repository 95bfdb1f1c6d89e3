#include "spec/record.h"

#include <algorithm>

#include "core/hash.h"

std::string RecordHash(std::string_view raw_sha256) {
  std::string out;
  out.reserve(7 + (raw_sha256.size() + 2) / 3 * 4);  // one allocation per member of a wheel
  out = "sha256=";
  AppendUrlsafeB64NoPad(raw_sha256, &out);
  return out;
}

bool IsRecordHashOf(std::string_view record_hash, std::string_view raw_sha256) {
  constexpr std::string_view kPrefix = "sha256=";
  if (record_hash.substr(0, kPrefix.size()) != kPrefix || raw_sha256.size() > 48) return false;
  char b64[64];
  size_t n = EncodeUrlsafeB64NoPad(raw_sha256, b64);
  return record_hash.substr(kPrefix.size()) == std::string_view(b64, n);
}

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string RenderRecord(const std::vector<RecordRow>& rows) {
  std::string out;
  for (const RecordRow& r : rows) {
    out += CsvField(r.path);
    out += ',';
    out += CsvField(r.hash);
    out += ',';
    out += CsvField(r.size);
    out += '\n';
  }
  return out;
}

bool ParseRecord(std::string_view text, std::vector<RecordRow>* rows, std::string* err) {
  size_t i = 0, line = 1;
  rows->reserve(rows->size() + static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  std::vector<std::string> fields;  // reused: a wheel's RECORD has a row per member
  while (i < text.size()) {
    size_t row_line = line;
    fields.clear();
    fields.emplace_back();
    bool quoted_any = false;
    // One row: fields separated by ',', ended by "\n", "\r\n" or "\r" outside quotes.
    for (;;) {
      if (i == text.size()) break;
      char c = text[i];
      if (c == '"' && fields.back().empty() && !quoted_any) {
        quoted_any = true;
        ++i;
        for (;;) {
          if (i == text.size()) {
            if (err)
              *err = "RECORD line " + std::to_string(row_line) +
                     ": unexpected end of data inside quotes";
            return false;
          }
          char q = text[i++];
          if (q == '"') {
            if (i < text.size() && text[i] == '"') {
              fields.back() += '"';
              ++i;
              continue;
            }
            break;
          }
          if (q == '\n') ++line;
          fields.back() += q;
        }
        continue;  // csv.reader keeps anything after the closing quote as literal text
      }
      if (c == ',') {
        fields.emplace_back();
        quoted_any = false;
        ++i;
        continue;
      }
      if (c == '\r' || c == '\n') {
        ++i;
        if (c == '\r' && i < text.size() && text[i] == '\n') ++i;
        ++line;
        break;
      }
      // Plain text up to the next separator, line end or quote, appended at once.
      size_t end = i + 1;
      while (end < text.size() && text[end] != ',' && text[end] != '\r' && text[end] != '\n' &&
             text[end] != '"')
        ++end;
      fields.back().append(text.data() + i, end - i);
      i = end;
    }
    if (fields.size() == 1 && fields[0].empty() && !quoted_any) continue;  // blank line
    if (fields.size() != 3) {
      if (err) {
        *err = "RECORD line " + std::to_string(row_line) +
               ": expected 3 fields (path,hash,size), found " + std::to_string(fields.size());
      }
      return false;
    }
    rows->push_back({std::move(fields[0]), std::move(fields[1]), std::move(fields[2])});
  }
  return true;
}
