#include "check/check.h"

#include <sys/stat.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "check/gzip_trailer.h"
#include "check/markdown_check.h"
#include "check/rst_check.h"
#include "check/zip_member_inflater.h"
#include "core/hash.h"
#include "core/string_util.h"
#include "spec/record.h"

namespace {

constexpr int64_t kMaxSmallFile = 16 << 20;  // METADATA, WHEEL, RECORD, entry_points.txt, PKG-INFO
// An archive that inflates past this many bytes per compressed byte (and past 64 MiB) is treated
// as a decompression bomb and no longer read (Warehouse applies 50, to the sizes a zip declares).
constexpr uint64_t kTarBombRatio = 200;
constexpr uint64_t kBombMinSize = 64ull << 20;

std::string FirstComponent(const std::string& name) {
  size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(0, slash);
}

// The dist-info directory Warehouse derives from a wheel's raw file name: "<a>-<b>.dist-info".
std::string DistInfoFromFilename(const std::string& filename) {
  std::vector<std::string> parts = Split(filename, '-');
  if (parts.size() < 3) return "";
  return parts[0] + "-" + parts[1] + ".dist-info";
}

// What the reading pass records for a member's data, computed ahead by InflateZipMembers.
struct MemberDigest {
  int64_t size = 0;
  std::string sha256_record;
  std::vector<CredentialHit> credentials;
  bool scan_skipped = false;
  BinaryFormat binary = BinaryFormat::kNone;
};

// A wheel whose framing PyPI accepts: every member but the .dist-info's own files (read by the
// ordinary pass, which keeps their text) is inflated and digested on two cores beforehand.
// Returns name (held by ctx.zip.spans) -> digest for the members that inflated cleanly; the rest
// take the ordinary path.
std::unordered_map<std::string_view, MemberDigest> DigestWheelMembers(const DistContext& ctx) {
  std::unordered_map<std::string_view, MemberDigest> by_name(ctx.zip.spans.size());
  const std::vector<ZipMemberSpan>& spans = ctx.zip.spans;
  if (!ctx.zip.framing_problem.empty() || !ctx.zip.dist_problem.empty() ||
      !ctx.zip.crc_mismatches.empty() || spans.size() != ctx.zip.entries)
    return by_name;
  std::vector<bool> wanted(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    const std::string& name = spans[i].name;
    size_t slash = name.find('/');
    bool dist_info_file = slash != std::string::npos &&
                          name.find('/', slash + 1) == std::string::npos &&
                          EndsWith(name.substr(0, slash), ".dist-info");
    wanted[i] = !name.empty() && name.back() != '/' && !dist_info_file;
  }
  std::vector<MemberDigest> digests(spans.size());
  std::vector<bool> delivered;
  std::string err;
  bool ok = InflateZipMembers(
      ctx.path, spans, wanted, kBombMinSize,
      [&](size_t i, const unsigned char* data, size_t n) {
        MemberDigest& d = digests[i];
        const char* text = reinterpret_cast<const char*>(data);
        d.sha256_record = RecordHash(Sha256Raw(data, n));
        d.credentials = ScanWithinLimits(spans[i].name, text, n, &d.scan_skipped);
        d.binary = DetectBinaryFormat(std::string_view(text, std::min<size_t>(n, 1 << 16)));
        d.size = static_cast<int64_t>(n);
      },
      &delivered, &err);
  if (!ok) return by_name;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (delivered[i]) by_name.emplace(spans[i].name, std::move(digests[i]));
  }
  return by_name;
}

void Gather(DistContext* ctx) {
  struct stat st;
  if (stat(ctx->path.c_str(), &st) == 0) ctx->file_size = static_cast<uint64_t>(st.st_size);
  ctx->filename = BaseName(ctx->path);
  ctx->kind = DistKindOf(ctx->path);
  ctx->is_zip = EndsWith(ctx->path, ".whl") || EndsWith(ctx->path, ".zip");
  if (ctx->kind == DistKind::kUnknown) return;
  bool bomb = false;
  if (ctx->is_zip) {
    std::string err;
    if (!ValidateZipStructure(ctx->path, &ctx->zip, &err)) {
      ctx->archive_error = err;
      return;
    }
    if (ctx->zip.dist_problem == "File is not a zipfile" ||
        StartsWith(ctx->zip.dist_problem, "Bad") ||
        StartsWith(ctx->zip.dist_problem, "Truncated") ||
        StartsWith(ctx->zip.dist_problem, "Corrupt")) {
      ctx->archive_error = ctx->zip.dist_problem;
      return;
    }
    bomb = ctx->zip.dist_problem == "File exceeds compression ratio of 50";
  }
  bool wheel = ctx->kind == DistKind::kWheel;
  if (wheel) ctx->dist_info = DistInfoFromFilename(ctx->filename);
  DistReader reader;
  std::string err;
  if (!reader.Open(ctx->path, &err)) {
    ctx->archive_error = err;
    return;
  }
  std::string best_metadata_name;
  size_t best_metadata_depth = 1 << 30;
  uint64_t inflated = 0;
  std::unordered_map<std::string_view, MemberDigest> digested;  // names point into ctx->zip
  if (wheel && ctx->is_zip && !bomb) digested = DigestWheelMembers(*ctx);
  DistMember m;
  while (reader.Next(&m, &err)) {
    MemberInfo info;
    info.name = m.name;
    info.declared_size = m.size;
    info.is_regular = m.is_regular && !m.is_hardlink;
    info.is_dir = m.is_dir || (!m.name.empty() && m.name.back() == '/');
    info.is_symlink = m.is_symlink;
    info.is_hardlink = m.is_hardlink;
    info.is_sparse = m.is_sparse;
    info.special = m.special;
    info.link_target = m.link_target;
    std::vector<std::string> parts = Split(m.name, '/');
    bool small = false;
    // An sdist's PKG-INFO files that installers and indexes may read: <top>/PKG-INFO (a tar can
    // hold it twice) and <top>/[src/]<name>.egg-info/PKG-INFO.
    bool pkg_info = !wheel && info.is_regular && !parts.empty() && parts.back() == "PKG-INFO" &&
                    (parts.size() == 2 || (parts.size() == 3 && EndsWith(parts[1], ".egg-info")) ||
                     (parts.size() == 4 && parts[1] == "src" && EndsWith(parts[2], ".egg-info")));
    if (info.is_regular && !info.is_dir) {
      if (wheel && parts.size() == 2 && EndsWith(parts[0], ".dist-info")) {
        small = parts[1] == "METADATA" ||
                (parts[0] == ctx->dist_info &&
                 (parts[1] == "WHEEL" || parts[1] == "RECORD" || parts[1] == "entry_points.txt"));
      } else if (!wheel && parts.size() == 2 && parts[1] == "PKG-INFO") {
        small = true;
      }
    }
    auto pre = small ? digested.end() : digested.find(m.name);
    if (info.is_regular && !info.is_dir && !bomb && !ctx->read_stopped && pre != digested.end()) {
      MemberDigest& d = pre->second;
      inflated += static_cast<uint64_t>(d.size);
      if (inflated > kBombMinSize && inflated > kTarBombRatio * ctx->file_size) {
        ctx->read_stopped = true;
      } else {
        info.actual_size = d.size;
        info.sha256_record = std::move(d.sha256_record);
        info.credentials = std::move(d.credentials);
        info.scan_skipped = d.scan_skipped;
        info.binary = d.binary;
      }
    } else if (info.is_regular && !info.is_dir && !bomb && !ctx->read_stopped) {
      Hasher sha(HashAlgorithm::kSha256);
      std::string data;
      int64_t total = 0;
      bool too_big = false;
      bool head = true;  // the first block tells compiled code by its magic bytes
      // An sdist's paths are judged below its top directory ("pytest-8.0/" is not a test path).
      CredentialScanner scanner(!wheel && parts.size() > 1 ? m.name.substr(parts[0].size() + 1)
                                                           : m.name);
      bool ok = reader.StreamData(
          [&](const void* p, size_t n) {
            scanner.Feed(p, n);
            if (head) {
              std::string_view block(static_cast<const char*>(p), std::min<size_t>(n, 1 << 16));
              info.binary = DetectBinaryFormat(block);
              head = false;
            }
            if (wheel) sha.Update(p, n);
            if (small || pkg_info) {
              if (static_cast<int64_t>(data.size() + n) > kMaxSmallFile) {
                too_big = true;
              } else {
                data.append(static_cast<const char*>(p), n);
              }
            }
            total += static_cast<int64_t>(n);
            inflated += n;
            // Sizes in headers can lie: count what actually inflates, for zips too.
            if (inflated > kBombMinSize && inflated > kTarBombRatio * ctx->file_size) {
              ctx->read_stopped = true;
              return false;
            }
            return true;
          },
          &err);
      if (!ok) {
        ctx->archive_error = err;
        ctx->members.push_back(info);
        break;
      }
      if (!ctx->read_stopped) {
        info.credentials = scanner.Finish(&info.scan_skipped);
        info.actual_size = total;
        if (wheel) info.sha256_record = RecordHash(sha.FinalRaw());
      }
      if (pkg_info && !too_big && !ctx->read_stopped) {
        ctx->pkg_infos.emplace_back(m.name, ParseCoreMetadata(data).Get("Name"));
      }
      if (small && !too_big && !ctx->read_stopped) {
        if (parts[1] == "METADATA" || parts[1] == "PKG-INFO") {
          // twine takes the shallowest candidate that declares a Metadata-Version; prefer the
          // dist-info the file name names (what PyPI reads).
          bool declares = data.find("Metadata-Version") != std::string::npos;
          size_t depth = parts[0] == ctx->dist_info ? 0 : parts.size();
          if (declares && depth < best_metadata_depth) {
            best_metadata_depth = depth;
            best_metadata_name = m.name;
            ctx->metadata_text = data;
          }
        } else if (parts[1] == "WHEEL") {
          ctx->has_wheel_file = true;
          ctx->wheel_text = data;
        } else if (parts[1] == "RECORD") {
          ctx->has_record = true;
          ctx->record_text = data;
        } else if (parts[1] == "entry_points.txt") {
          ctx->has_entry_points = true;
          ctx->entry_points_text = data;
        }
      }
    } else if (info.is_regular && !info.is_dir && bomb) {
      // A zip bomb: read nothing but the metadata itself (bounded).
      if (small && parts[1] == "METADATA") {
        std::string data;
        if (reader.ReadData(&data, kMaxSmallFile, &err) &&
            data.find("Metadata-Version") != std::string::npos && best_metadata_name.empty()) {
          best_metadata_name = m.name;
          ctx->metadata_text = data;
        }
        err.clear();
      }
    }
    ctx->members.push_back(std::move(info));
    if (ctx->read_stopped) break;
  }
  if (!err.empty() && ctx->archive_error.empty()) ctx->archive_error = err;
  if (!ctx->is_zip && EndsWith(ctx->path, ".tar.gz") && !ctx->read_stopped) {
    std::string gerr;
    if (!GzipTrailingBytes(ctx->path, &ctx->gzip_trailing_bytes, &gerr)) ctx->gzip_error = gerr;
  }
  // The sdist's top-level directory: the common first component of every member.
  if (!wheel && !ctx->members.empty()) {
    std::string top = FirstComponent(ctx->members[0].name);
    for (const auto& mi : ctx->members) {
      if (FirstComponent(mi.name) != top) {
        top.clear();
        break;
      }
    }
    ctx->sdist_top = top;
    if (!top.empty() && !best_metadata_name.empty() && FirstComponent(best_metadata_name) != top) {
      best_metadata_name.clear();
      ctx->metadata_text.clear();
    }
  }
  if (!best_metadata_name.empty()) {
    ctx->has_metadata = true;
    ctx->metadata_member = best_metadata_name;
    ctx->meta = ParseCoreMetadata(ctx->metadata_text, &ctx->meta_defects);
  }
}

}  // namespace

bool FileReport::HasErrors() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.level == FindingLevel::kError; });
}
bool FileReport::HasWarnings() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.level == FindingLevel::kWarning; });
}
bool FileReport::Failed(bool strict) const { return HasErrors() || (strict && HasWarnings()); }
std::string FileReport::Status(bool strict) const {
  if (HasErrors()) return "FAILED";
  if (HasWarnings()) return strict ? "FAILED due to warnings" : "PASSED with warnings";
  return "PASSED";
}

FileReport CheckDist(const std::string& path, const CheckOptions& options) {
  DistContext ctx;
  ctx.path = path;
  ctx.options = options;
  Gather(&ctx);
  FileReport report;
  report.path = path;
  for (const CheckRule& rule : CheckRules()) {
    std::vector<Finding> found;
    rule.run(ctx, &found);
    for (Finding& f : found) {
      if (f.rule.empty()) f.rule = rule.id;
      report.findings.push_back(std::move(f));
    }
  }
  return report;
}
