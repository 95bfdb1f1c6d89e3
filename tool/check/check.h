// `pyrelease check`: everything twine check and PyPI's upload endpoint would refuse, plus archive
// integrity, for any sdist or wheel. Every rule runs and every finding is collected before the
// verdict is made (bsdtar's delayed error exit), so one run shows all problems.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "check/zip_validator.h"
#include "core/binary_format.h"
#include "spec/core_metadata.h"
#include "spec/dist_reader.h"
#include "spec/secret_policy.h"

enum class FindingLevel { kError, kWarning };

struct Finding {
  std::string rule;  // rule id from the table in check_rules.cc
  FindingLevel level = FindingLevel::kError;
  std::string
      where;  // metadata field ("Classifier") or archive member ("pkg-1.0.dist-info/RECORD")
  std::string message;
  bool twine = false;  // twine check reports this too (used by the parity test and --json)
};

struct CheckOptions {
  uint64_t max_size = 100ull << 20;  // PyPI's default per-file limit (100 MiB)
  uint64_t warn_size = 0;            // size budget: a warning above it (0: none)
  bool strict = false;               // warnings fail too
};

// One archive member, as seen by the single reading pass.
struct MemberInfo {
  std::string name;
  int64_t declared_size = 0;
  int64_t actual_size = -1;  // bytes read when the data was streamed (-1: not read)
  // The raw sha256 of the data when read (wheels; an sdist's members are not hashed). Raw rather
  // than RECORD's text: no allocation per member (spec/record.h IsRecordHashOf compares them).
  std::array<unsigned char, 32> sha256{};
  bool is_regular = false, is_dir = false, is_symlink = false, is_hardlink = false,
       is_sparse = false;
  std::string special;      // "character device", "block device", "FIFO", "socket", or ""
  std::string link_target;  // symlink target / hardlink's archive path
  std::vector<CredentialHit> credentials;  // live credentials in the content (spec/secret_policy.h)
  bool scan_skipped = false;               // too large to scan for credentials
  BinaryFormat binary = BinaryFormat::kNone;  // compiled code (ELF, Mach-O, PE), by its first bytes
};

// Everything a rule may look at, gathered in one pass over the file.
struct DistContext {
  std::string path;
  std::string filename;  // base name
  DistKind kind = DistKind::kUnknown;
  bool is_zip = false;
  uint64_t file_size = 0;
  CheckOptions options;

  ZipStructure zip;           // zip files only
  std::string archive_error;  // libarchive's error when the archive could not be read to the end
  bool read_stopped = false;  // reading stopped early (decompression bomb)
  std::vector<MemberInfo> members;
  uint64_t gzip_trailing_bytes = 0;  // .tar.gz: non-zero bytes after the last gzip member
  std::string gzip_error;            // .tar.gz: the gzip stream itself is unreadable
  // sdist: every PKG-INFO at <top>/PKG-INFO or in a <top>/[src/]*.egg-info/ (member, its Name).
  std::vector<std::pair<std::string, std::string>> pkg_infos;
  std::string sdist_top;  // the sdist's common top-level directory ("" if not one)

  // The core metadata (twine's choice: the shallowest METADATA / <top>/PKG-INFO).
  bool has_metadata = false;
  std::string metadata_member;
  std::string metadata_text;
  CoreMetadata meta;
  std::vector<std::string> meta_defects;

  // Wheel: the .dist-info named by the raw file name (as Warehouse derives it) and its files.
  std::string dist_info;  // "name-ver.dist-info" from the file name, "" if unparseable
  bool has_wheel_file = false, has_record = false, has_entry_points = false;
  std::string wheel_text, record_text, entry_points_text;
};

struct FileReport {
  std::string path;
  std::vector<Finding> findings;
  bool HasErrors() const;
  bool HasWarnings() const;
  // twine's line: "PASSED", "PASSED with warnings", "FAILED", "FAILED due to warnings".
  std::string Status(bool strict) const;
  bool Failed(bool strict) const;
};

// Reads the file once (metadata, the small dist-info files, every member's sha256 and size) and
// runs every rule. Never throws; unreadable input becomes findings.
FileReport CheckDist(const std::string& path, const CheckOptions& options);

// Checks a long description as twine and PyPI render it (also `pyrelease check --readme FILE`).
// Rule ids: "description" (twine's verdicts) and "description-markdown" (PyPI's empty render).
std::vector<Finding> CheckDescription(const std::string& description,
                                      const std::string& content_type, bool content_type_given,
                                      bool description_given);

// "" when packaging accepts a Description-Content-Type value; otherwise its message.
std::string DescriptionContentTypeProblem(const std::string& value);

// The rule table (check_rules.cc).
struct CheckRule {
  const char* id;
  FindingLevel level;  // its usual level (a few rules can report either)
  bool twine;          // twine check has the same verdict for it
  const char* origin;  // "twine", "pypi" (Warehouse's upload checks) or "integrity" (ours)
  const char* summary;
  void (*run)(const DistContext& ctx, std::vector<Finding>* out);
};
const std::vector<CheckRule>& CheckRules();
