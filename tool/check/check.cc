#include "check/check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "check/gzip_trailer.h"
#include "check/markdown_check.h"
#include "check/rst_check.h"
#include "check/zip_member_inflater.h"
#include "core/hash.h"
#include "core/mapped_file.h"
#include "core/regular_file.h"
#include "core/sha256.h"
#include "core/string_util.h"
#include "spec/record.h"

namespace {

constexpr int64_t kMaxSmallFile = 16 << 20;  // METADATA, WHEEL, RECORD, entry_points.txt, PKG-INFO
// An archive that inflates past this many bytes per compressed byte (and past 64 MiB) is treated
// as a decompression bomb and no longer read (Warehouse applies 50, to the sizes a zip declares).
constexpr uint64_t kTarBombRatio = 200;
constexpr uint64_t kBombMinSize = 64ull << 20;
// A .tar.gz whose tar is larger than this is inflated as a stream (by libarchive, then again for
// the gzip trailer scan) rather than held whole in memory.
constexpr uint64_t kMaxInflatedTar = 64ull << 20;
// A .tar.gz larger than this is inflated as it is read, never held whole (memory stays flat).
constexpr uint64_t kMaxHeldSdist = 16ull << 20;
// A zip larger than this is mapped page by page, each member's pages given back once inflated: a
// wheel of several gigabytes then needs no free memory of its size, and is still read once.
constexpr uint64_t kMaxHeldZip = 64ull << 20;
// A zip larger than this is mapped (all its pages at once up to kMaxHeldZip) rather than read:
// its cached pages are then shared, not zero-filled and copied into fresh memory, which cost a
// 47 MB wheel's check about 8 % of its CPU.
constexpr uint64_t kMinMappedZip = 1ull << 20;

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
  std::array<unsigned char, 32> sha256{};
  std::vector<CredentialHit> credentials;
  bool scan_skipped = false;
  BinaryFormat binary = BinaryFormat::kNone;
};

// Moves what the reading pass found into the member's record.
void TakeDigest(MemberDigest* d, MemberInfo* info) {
  info->actual_size = d->size;
  info->sha256 = d->sha256;
  info->credentials = std::move(d->credentials);
  info->scan_skipped = d->scan_skipped;
  info->binary = d->binary;
}

// Whether `inflated` bytes so far make the dist a decompression bomb (sizes in headers can lie:
// this counts what actually inflated, for zips too).
bool PastBombLimit(uint64_t inflated, const DistContext& ctx) {
  return inflated > kBombMinSize && inflated > kTarBombRatio * ctx.file_size;
}

// The wheel files whose text the rules read: any .dist-info's METADATA (twine takes the shallowest)
// and the WHEEL, RECORD and entry_points.txt of the one the file name names.
bool IsSmallWheelFile(const std::vector<std::string>& parts, const std::string& dist_info) {
  if (parts.size() != 2 || !EndsWith(parts[0], ".dist-info")) return false;
  return parts[1] == "METADATA" ||
         (parts[0] == dist_info &&
          (parts[1] == "WHEEL" || parts[1] == "RECORD" || parts[1] == "entry_points.txt"));
}

// Where the walk keeps the small files' text (shared by the central-directory and libarchive
// walks, so both choose the same METADATA).
struct SmallFiles {
  std::string best_metadata_name;
  size_t best_metadata_depth = 1 << 30;

  void Keep(DistContext* ctx, const std::string& name, const std::vector<std::string>& parts,
            std::string data) {
    if (parts[1] == "METADATA" || parts[1] == "PKG-INFO") {
      // twine takes the shallowest candidate that declares a Metadata-Version; prefer the
      // dist-info the file name names (what PyPI reads).
      bool declares = data.find("Metadata-Version") != std::string::npos;
      size_t depth = parts[0] == ctx->dist_info ? 0 : parts.size();
      if (declares && depth < best_metadata_depth) {
        best_metadata_depth = depth;
        best_metadata_name = name;
        ctx->metadata_text = std::move(data);
      }
    } else if (parts[1] == "WHEEL") {
      ctx->has_wheel_file = true;
      ctx->wheel_text = std::move(data);
    } else if (parts[1] == "RECORD") {
      ctx->has_record = true;
      ctx->record_text = std::move(data);
    } else if (parts[1] == "entry_points.txt") {
      ctx->has_entry_points = true;
      ctx->entry_points_text = std::move(data);
    }
  }
};

// Every member of a wheel whose framing PyPI accepts, inflated and digested on two cores from the
// bytes already in memory, with the small files' text kept.
struct WheelDigests {
  std::vector<MemberDigest> digests;
  std::vector<std::string> texts;  // IsSmallWheelFile members up to kMaxSmallFile
  std::vector<bool> small, delivered;
  bool all_delivered = false;  // every member that is not a directory entry
};

bool FramingAccepted(const DistContext& ctx) {
  return ctx.zip.framing_problem.empty() && ctx.zip.dist_problem.empty() &&
         ctx.zip.crc_mismatches.empty() && ctx.zip.spans.size() == ctx.zip.entries;
}

// `mapped` (a wheel over kMaxHeldZip): each member's pages are given back once
// inflated, so a wheel larger than memory is checked in a small footprint.
WheelDigests DigestWheelMembers(const DistContext& ctx, std::string_view bytes,
                                const MappedFile* mapped) {
  WheelDigests w;
  const std::vector<ZipMemberSpan>& spans = ctx.zip.spans;
  std::vector<bool> wanted(spans.size());
  w.small.assign(spans.size(), false);
  for (size_t i = 0; i < spans.size(); ++i) {
    const std::string& name = spans[i].name;
    wanted[i] = !name.empty() && name.back() != '/';
    // Split only a name that can be one (10,000 members: no vector of parts each).
    w.small[i] = wanted[i] && name.find(".dist-info/") != std::string::npos &&
                 IsSmallWheelFile(Split(name, '/'), ctx.dist_info);
  }
  w.digests.resize(spans.size());
  w.texts.resize(spans.size());
  DoneWithBytesFn release = [mapped](uint64_t offset, uint64_t size) {
    mapped->Release(offset, size);
  };
  InflateZipMembers(
      bytes, spans, wanted, kBombMinSize,
      [&](size_t i, const unsigned char* data, size_t n) {
        MemberDigest& d = w.digests[i];
        const char* text = reinterpret_cast<const char*>(data);
        Sha256 sha;  // on the stack: no allocation per member
        sha.Update(data, n);
        sha.Final(d.sha256.data());
        d.credentials = ScanWithinLimits(spans[i].name, text, n, &d.scan_skipped);
        d.binary = DetectBinaryFormat(std::string_view(text, std::min<size_t>(n, 1 << 16)));
        d.size = static_cast<int64_t>(n);
        if (w.small[i] && static_cast<int64_t>(n) <= kMaxSmallFile) w.texts[i].assign(text, n);
      },
      &w.delivered, mapped ? &release : nullptr);
  w.all_delivered = true;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (wanted[i] && !w.delivered[i]) w.all_delivered = false;
  }
  return w;
}

// The member list from our own validated central directory instead of libarchive's walk over the
// same bytes: for a wheel whose framing is accepted, whose every member inflated with its CRC-32
// and size, and whose every entry is plainly a file or a directory. False (nothing changed) when
// libarchive might see the archive otherwise, so it reads it instead.
bool WalkCentralDirectory(DistContext* ctx, WheelDigests* w, SmallFiles* small_files) {
  if (!w->all_delivered) return false;
  const std::vector<ZipMemberSpan>& spans = ctx->zip.spans;
  std::vector<bool> dirs(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    bool is_dir = false;
    if (!PlainZipMember(spans[i], &is_dir)) return false;
    dirs[i] = is_dir;
  }
  uint64_t inflated = 0;
  ctx->members.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    MemberInfo info;
    info.name = spans[i].name;
    info.declared_size = static_cast<int64_t>(spans[i].uncompressed_size);
    info.is_regular = !dirs[i];
    info.is_dir = dirs[i];
    if (!dirs[i]) {
      MemberDigest& d = w->digests[i];
      inflated += static_cast<uint64_t>(d.size);
      if (PastBombLimit(inflated, *ctx)) {
        ctx->read_stopped = true;
      } else {
        TakeDigest(&d, &info);
        if (w->small[i] && w->delivered[i] && static_cast<int64_t>(d.size) <= kMaxSmallFile) {
          small_files->Keep(ctx, info.name, Split(info.name, '/'), std::move(w->texts[i]));
        }
      }
    }
    ctx->members.push_back(std::move(info));
    if (ctx->read_stopped) break;
  }
  return true;
}

// The libarchive walk over the dist's bytes (an sdist, or a wheel WalkCentralDirectory declined).
// `digested` holds members InflateZipMembers already read (names point into ctx->zip).
void WalkWithLibarchive(DistContext* ctx, DistReader* reader, bool bomb,
                        std::unordered_map<std::string_view, MemberDigest>* digested,
                        SmallFiles* small_files) {
  bool wheel = ctx->kind == DistKind::kWheel;
  uint64_t inflated = 0;
  std::string err;
  DistMember m;
  while (reader->Next(&m, &err)) {
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
      if (wheel) {
        small = IsSmallWheelFile(parts, ctx->dist_info);
      } else if (parts.size() == 2 && parts[1] == "PKG-INFO") {
        small = true;
      }
    }
    auto pre = small ? digested->end() : digested->find(m.name);
    if (info.is_regular && !info.is_dir && !bomb && !ctx->read_stopped && pre != digested->end()) {
      MemberDigest& d = pre->second;
      inflated += static_cast<uint64_t>(d.size);
      if (PastBombLimit(inflated, *ctx)) {
        ctx->read_stopped = true;
      } else {
        TakeDigest(&d, &info);
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
      bool ok = reader->StreamData(
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
            if (PastBombLimit(inflated, *ctx)) {
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
        if (wheel) {
          std::string raw = sha.FinalRaw();
          std::copy_n(raw.begin(), std::min(raw.size(), info.sha256.size()), info.sha256.begin());
        }
      }
      if (pkg_info && !too_big && !ctx->read_stopped) {
        ctx->pkg_infos.emplace_back(m.name, ParseCoreMetadata(data).Get("Name"));
      }
      if (small && !too_big && !ctx->read_stopped) small_files->Keep(ctx, m.name, parts, data);
    } else if (info.is_regular && !info.is_dir && bomb) {
      // A zip bomb: read nothing but the metadata itself (bounded).
      if (small && parts[1] == "METADATA") {
        std::string data;
        if (reader->ReadData(&data, kMaxSmallFile, &err) &&
            data.find("Metadata-Version") != std::string::npos &&
            small_files->best_metadata_name.empty()) {
          small_files->best_metadata_name = m.name;
          ctx->metadata_text = data;
        }
        err.clear();
      }
    }
    ctx->members.push_back(std::move(info));
    if (ctx->read_stopped) break;
  }
  if (!err.empty() && ctx->archive_error.empty()) ctx->archive_error = err;
}

// The libarchive walk: an sdist (its .tar.gz inflated once, from `bytes` or, when
// `stream_from_disk`, from `fd`), or a wheel WalkCentralDirectory declined (from `bytes`; one over
// kMaxHeldZip, `zip_from_disk`, is read by libarchive from the file: a second pass, but only for
// such a wheel, and the footprint stays small).
void GatherWithLibarchive(DistContext* ctx, int fd, uint64_t file_bytes, bool stream_from_disk,
                          bool zip_from_disk, std::string_view bytes, bool bomb,
                          std::unordered_map<std::string_view, MemberDigest>* digested,
                          SmallFiles* small_files) {
  bool targz = !ctx->is_zip && EndsWith(ctx->path, ".tar.gz");
  std::string err;
  // A .tar.gz is inflated once: in one call when its tar is small enough to hold, else as a
  // stream that libarchive reads the tar from and the trailer scan then finishes.
  std::string tar;
  std::string again;  // the file read whole after all (a gzip stream libarchive may read otherwise)
  bool whole = targz && !stream_from_disk && InflateWholeGzipMember(bytes, kMaxInflatedTar, &tar);
  std::unique_ptr<GzipTarStream> stream;
  if (stream_from_disk) {
    stream = std::make_unique<GzipTarStream>(fd, file_bytes, ctx->path);
  } else if (targz && !whole) {
    stream = std::make_unique<GzipTarStream>(bytes, ctx->path);
  }
  bool opened;
  {
    DistReader reader;
    if (stream) {
      opened = reader.OpenTarStream(
          ctx->path, [&](const void** piece, size_t* n) { return stream->Next(piece, n); }, &err);
    } else if (zip_from_disk) {
      opened = reader.Open(ctx->path, &err);
    } else {
      opened = reader.OpenBytes(ctx->path, whole ? std::string_view(tar) : bytes, whole, &err);
    }
    if (opened) WalkWithLibarchive(ctx, &reader, bomb, digested, small_files);
  }
  if (stream && stream->failed()) {
    // A gzip stream libarchive's own filter may read otherwise (padding or junk between
    // members, corruption, a cut): read the old way, with its messages (still from memory).
    stream.reset();
    err.clear();
    // Read whole this time (only such a file is read from disk twice).
    if (stream_from_disk) {
      if (lseek(fd, 0, SEEK_SET) != 0 || !ReadOpenFile(fd, ctx->path, &again, &err)) {
        ctx->archive_error = err.empty() ? ctx->path + ": cannot read it again" : err;
        return;
      }
      bytes = again;
    }
    ctx->members.clear();
    ctx->pkg_infos.clear();
    ctx->archive_error.clear();
    ctx->metadata_text.clear();
    ctx->read_stopped = false;
    *small_files = SmallFiles();
    DistReader reader;
    opened = reader.OpenBytes(ctx->path, bytes, false, &err);
    if (opened) WalkWithLibarchive(ctx, &reader, bomb, digested, small_files);
  }
  if (!opened) {
    ctx->archive_error = err;
    return;
  }
  if (targz && !ctx->read_stopped && !whole) {
    std::string gerr;
    bool ok = stream ? stream->Finish(&ctx->gzip_trailing_bytes, &gerr)
                     : GzipTrailingBytes(bytes, ctx->path, &ctx->gzip_trailing_bytes, &gerr);
    if (!ok) ctx->gzip_error = gerr;
  }
}

// Reads the open dist `fd` of `file_bytes` bytes into `ctx`. `cut`: a page of its mapping was found
// cut off from the file (it shrank while being read), so what was read is not the file.
void ReadDist(DistContext* ctx, int fd, uint64_t file_bytes, bool* cut) {
  std::string bytes, err;
  bool targz = !ctx->is_zip && EndsWith(ctx->path, ".tar.gz");
  bool stream_from_disk = targz && file_bytes > kMaxHeldSdist;
  MappedFile mapped;
  struct CutReporter {  // on every return, before `mapped` is unmapped
    const MappedFile& mapped;
    bool* cut;
    ~CutReporter() { *cut = mapped.Cut(); }
  } cut_reporter{mapped, cut};
  std::string_view view;                                    // the whole file: `bytes` or `mapped`
  bool huge_zip = ctx->is_zip && file_bytes > kMaxHeldZip;  // its pages given back as it goes
  if (ctx->is_zip && file_bytes > kMinMappedZip &&
      mapped.Map(fd, file_bytes, ctx->path, &err, /*populate=*/!huge_zip)) {
    view = mapped.view();
  } else if (huge_zip) {
    ctx->archive_error = err;  // too large to hold: mapped or not read at all
    return;
  } else if (!stream_from_disk) {  // (a file system that cannot map files: read, as before)
    err.clear();
    if (!ReadOpenFile(fd, ctx->path, &bytes, &err)) {
      ctx->archive_error = err;
      return;
    }
    view = bytes;
  }
  bool bomb = false;
  if (ctx->is_zip) {
    ValidateZipBytes(view, &ctx->zip);
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
  SmallFiles small_files;
  WheelDigests w;
  bool digest = wheel && ctx->is_zip && !bomb && FramingAccepted(*ctx);
  if (digest) w = DigestWheelMembers(*ctx, view, huge_zip ? &mapped : nullptr);
  if (!digest || !WalkCentralDirectory(ctx, &w, &small_files)) {
    // Members InflateZipMembers read are not read again; a .dist-info's own files are, for
    // their text (and any one that did not inflate cleanly, for libarchive's error).
    std::unordered_map<std::string_view, MemberDigest> digested;  // names point into ctx->zip
    for (size_t i = 0; digest && i < ctx->zip.spans.size(); ++i) {
      const std::string& name = ctx->zip.spans[i].name;
      size_t slash = name.find('/');
      bool dist_info_file = slash != std::string::npos &&
                            name.find('/', slash + 1) == std::string::npos &&
                            EndsWith(name.substr(0, slash), ".dist-info");
      if (w.delivered[i] && !dist_info_file) digested.emplace(name, std::move(w.digests[i]));
    }
    GatherWithLibarchive(ctx, fd, file_bytes, stream_from_disk, huge_zip, view, bomb, &digested,
                         &small_files);
  }
  std::string& best_metadata_name = small_files.best_metadata_name;
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

// Whether the file changed between `before` and now as fstat sees it: another process wrote,
// truncated or replaced its content in place while it was read. The change time catches a write
// whose writer set the mtime back (`cp -p` over the file); no program can set it back.
bool ChangedSince(int fd, const struct stat& before) {
  struct stat now;
  if (fstat(fd, &now) != 0) return true;
  auto same = [](const struct timespec& a, const struct timespec& b) {
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
  };
  return now.st_size != before.st_size || !same(now.st_mtim, before.st_mtim) ||
         !same(now.st_ctim, before.st_ctim);
}

void Gather(DistContext* ctx) {
  struct stat st;
  if (stat(ctx->path.c_str(), &st) == 0) ctx->file_size = static_cast<uint64_t>(st.st_size);
  ctx->filename = BaseName(ctx->path);
  ctx->kind = DistKindOf(ctx->path);
  ctx->is_zip = EndsWith(ctx->path, ".whl") || EndsWith(ctx->path, ".zip");
  if (ctx->kind == DistKind::kUnknown) return;
  // The dist is read from disk once; the framing validator, the inflater, libarchive and the gzip
  // trailer scan all work from these bytes (a large .tar.gz: from one pass over `fd` instead).
  // A FIFO or device named x.whl is refused, never read.
  std::string err;
  int fd = OpenRegularFile(ctx->path, &err);
  if (fd < 0) {
    ctx->archive_error = err;
    return;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  bool known = fstat(fd, &st) == 0;
  bool cut = false;
  ReadDist(ctx, fd, known ? static_cast<uint64_t>(st.st_size) : 0, &cut);
  if (cut || !known || ChangedSince(fd, st)) {
    // Nothing read is reported: it may mix two versions of the file, or zeros.
    DistContext changed;
    changed.path = ctx->path;
    changed.filename = ctx->filename;
    changed.kind = ctx->kind;
    changed.is_zip = ctx->is_zip;
    changed.file_size = ctx->file_size;
    changed.archive_error = ctx->path +
                            ": changed while being read (another process wrote or "
                            "truncated it); check it again once nothing writes it";
    *ctx = std::move(changed);
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
