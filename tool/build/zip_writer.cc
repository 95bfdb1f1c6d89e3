#include "build/zip_writer.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string_view>
#include <thread>

#include "build/member_names.h"
#include "core/atomic_file.h"
#include "core/cpu_features.h"
#include "core/hash.h"
#include "core/raw_buffer.h"
#include "core/regular_file.h"

namespace {

constexpr uint32_t kAll32 = 0xFFFFFFFF;
constexpr uint16_t kMethodStored = 0;
constexpr uint16_t kMethodDeflate = 8;
constexpr uint16_t kFlagUtf8 = 1 << 11;
constexpr uint16_t kVersion20 = 20;  // deflate
constexpr uint16_t kVersion45 = 45;  // ZIP64
constexpr uint16_t kMadeByUnix = 3 << 8;
constexpr size_t kStreamChunk = 1 << 20;
constexpr size_t kScratchMax = 1 << 20;  // members up to this size deflate into a reused buffer
constexpr size_t kSparePayloadBytes = 1 << 20;            // written members' buffers kept for reuse
const size_t kInlineCapacity = std::string().capacity();  // (no heap buffer to reuse)
// The writing thread is woken when this many members after the one it waits for are compressed
// too (or the workers wait for it): one wake-up per run of members instead of one per member.
constexpr size_t kWriteRun = 16;

void Put16(std::string* b, uint16_t v) {
  b->push_back(char(v & 0xFF));
  b->push_back(char(v >> 8));
}
void Put32(std::string* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(char((v >> (8 * i)) & 0xFF));
}
void Put64(std::string* b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b->push_back(char((v >> (8 * i)) & 0xFF));
}

bool IsAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (unsigned char)c < 0x80; });
}

// Reads a whole (small) file with plain syscalls: no stream buffering on top of our own buffer.
bool ReadWholeFile(const std::string& path, uint64_t size_hint, std::string* out,
                   std::string* err) {
  int fd = OpenRegularFile(path, err);  // never blocks on a FIFO swapped in after the stat
  if (fd < 0) return false;
  out->resize(size_hint + 1);  // one spare byte detects growth without a second read
  size_t used = 0;
  for (;;) {
    if (used == out->size()) out->resize(out->size() * 2);
    ssize_t n = ::read(fd, &(*out)[used], out->size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = path + ": cannot read: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    used += size_t(n);
  }
  ::close(fd);
  out->resize(used);
  return true;
}

struct Job {
  const ZipSource* src = nullptr;
  const std::string* bytes = nullptr;  // src->bytes when they are used
  uint64_t size = 0;                   // from stat (or data.size())
  bool stream = false;                 // deflated in chunks on the writing thread
  bool fetch = false;                  // src->fetch gives the content (or says: read the path)
  std::unique_ptr<FeedStream> feed;    // a streamed member's bytes, from the build's reader
  uint64_t cost = 0;                   // bytes it holds while in flight
  // Results, filled by a worker.
  bool done = false;
  std::string err;
  std::string payload;  // the bytes that follow the local header
  // Instead of `payload`: a member compressed on the writing thread is written from its scratch
  // buffer before the buffer is used again (no copy of the compressed bytes: a large RECORD's
  // would be held twice at the end of the wheel).
  std::string_view payload_in_scratch;
  std::string_view Payload() const {
    return payload_in_scratch.data() ? payload_in_scratch : std::string_view(payload);
  }
  uint16_t method = kMethodStored;
  uint32_t crc = 0;
  bool crc_known = false;  // `crc` came with the fetched bytes
  char sha256[32] = {};    // raw digest
  uint64_t usize = 0;
};

// Sizes a member read from its path: a regular file, streamed past the threshold.
bool StatSourceWith(Job* job, uint64_t stream_threshold, std::string* err) {
  const std::string& path = job->src->path;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    *err = path + ": " + std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = path + ": not a regular file (" + FileTypeName(st.st_mode) + "); refusing to read it";
    return false;
  }
  job->size = uint64_t(st.st_size);
  job->stream = job->size > stream_threshold;
  return true;
}

// What a member holds while in flight: its content and compressed copy (a streamed one: nothing).
uint64_t Cost(const Job& job) { return job.stream ? 0 : job.size + job.size / 8 + 4096; }

struct CentralEntry {
  std::string_view name;  // the ZipSource's, alive while the member is written
  uint16_t flags = 0, method = 0;
  uint32_t crc = 0, external_attr = 0;
  uint64_t csize = 0, usize = 0, offset = 0;
};

}  // namespace

uint32_t DosDateTime(int64_t epoch) {
  time_t t = time_t(ClampToZipRange(epoch));
  struct tm tm;
  gmtime_r(&t, &tm);
  uint32_t date = uint32_t(((tm.tm_year + 1900 - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  uint32_t time = uint32_t((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  return (date << 16) | time;
}

struct ZipWriter::Impl {
  ZipOptions opt;
  std::unique_ptr<char[]> write_buffer;  // the file's stdio buffer: declared first, freed last
  std::unique_ptr<AtomicFile> file;
  uint64_t offset = 0;  // bytes written so far
  uint16_t dos_time = 0, dos_date = 0;
  // The central directory, built as the members are written: 1 MiB blocks, no entry per member
  // (and no doubling buffer).
  std::vector<std::string> central_dir;
  uint64_t central_count = 0;
  // The duplicate-member check: a 64-bit hash per member, not a copy of every name (the central
  // directory holds the names already).
  MemberNames names;
  // A compressor and its output buffer, one per thread at work. Kept from one Add to the next (a
  // wheel comes in batches, then its RECORD): no fresh pages to fault in for every batch, and the
  // RECORD reuses a worker's instead of a new one at the wheel's end.
  struct Deflater {
    libdeflate_compressor* compressor = nullptr;
    RawBuffer scratch;  // grown to the largest member up to kScratchMax, written only as needed
  };
  std::vector<Deflater> idle_deflaters;  // touched on the calling thread only
  // Buffers of members written, reused for the next members' compressed bytes (a fresh one per
  // member faulted in new pages all along the wheel). At most kSparePayloadBytes, under Add's lock.
  std::vector<std::string> spare_payloads;
  size_t spare_payload_bytes = 0;

  Deflater TakeDeflater() {
    if (idle_deflaters.empty()) {
      Deflater d;
      d.compressor = libdeflate_alloc_compressor(std::clamp(opt.level, 1, 12));
      return d;
    }
    Deflater d = std::move(idle_deflaters.back());
    idle_deflaters.pop_back();
    return d;
  }

  ~Impl() {
    for (Deflater& d : idle_deflaters)
      if (d.compressor) libdeflate_free_compressor(d.compressor);
  }

  bool WriteBytes(const void* data, size_t size, std::string* err) {
    if (!file->Write(data, size, err)) return false;
    offset += size;
    return true;
  }
  bool WriteBytes(const std::string& s, std::string* err) {
    return WriteBytes(s.data(), s.size(), err);
  }

  std::string LocalHeader(const CentralEntry& e, bool zip64) const {
    std::string h;
    Put32(&h, 0x04034b50);
    Put16(&h, zip64 ? kVersion45 : kVersion20);
    Put16(&h, e.flags);
    Put16(&h, e.method);
    Put16(&h, dos_time);
    Put16(&h, dos_date);
    Put32(&h, e.crc);
    Put32(&h, zip64 ? kAll32 : uint32_t(e.csize));
    Put32(&h, zip64 ? kAll32 : uint32_t(e.usize));
    Put16(&h, uint16_t(e.name.size()));
    Put16(&h, zip64 ? 20 : 0);
    h.append(e.name.data(), e.name.size());
    if (zip64) {  // the local ZIP64 extra carries both sizes (16 bytes), as APPNOTE 4.5.3 asks
      Put16(&h, 0x0001);
      Put16(&h, 16);
      Put64(&h, e.usize);
      Put64(&h, e.csize);
    }
    return h;
  }

  std::string CentralHeader(const CentralEntry& e) const {
    std::string extra;
    bool big_u = e.usize > opt.zip64_limit, big_c = e.csize > opt.zip64_limit,
         big_o = e.offset > opt.zip64_limit;
    if (big_u || big_c || big_o) {
      std::string fields;
      if (big_u) Put64(&fields, e.usize);
      if (big_c) Put64(&fields, e.csize);
      if (big_o) Put64(&fields, e.offset);
      Put16(&extra, 0x0001);
      Put16(&extra, uint16_t(fields.size()));
      extra += fields;
    }
    uint16_t version = extra.empty() ? kVersion20 : kVersion45;
    std::string h;
    Put32(&h, 0x02014b50);
    Put16(&h, kMadeByUnix | version);
    Put16(&h, version);
    Put16(&h, e.flags);
    Put16(&h, e.method);
    Put16(&h, dos_time);
    Put16(&h, dos_date);
    Put32(&h, e.crc);
    Put32(&h, big_c ? kAll32 : uint32_t(e.csize));
    Put32(&h, big_u ? kAll32 : uint32_t(e.usize));
    Put16(&h, uint16_t(e.name.size()));
    Put16(&h, uint16_t(extra.size()));
    Put16(&h, 0);  // comment length
    Put16(&h, 0);  // disk number
    Put16(&h, 0);  // internal attributes
    Put32(&h, e.external_attr);
    Put32(&h, big_o ? kAll32 : uint32_t(e.offset));
    h.append(e.name.data(), e.name.size());
    h += extra;
    return h;
  }

  void AddCentral(const CentralEntry& e) {
    constexpr size_t kBlock = 1 << 20;
    std::string header = CentralHeader(e);
    if (central_dir.empty() || central_dir.back().size() + header.size() > kBlock) {
      central_dir.emplace_back();
      central_dir.back().reserve(std::max(kBlock, header.size()));
    }
    central_dir.back() += header;
    ++central_count;
  }

  CentralEntry EntryFor(const ZipSource& src) const {
    CentralEntry e;
    e.name = src.name;
    e.flags = IsAscii(src.name) ? 0 : kFlagUtf8;
    unsigned mode = src.executable ? 0755 : 0644;
    // S_IFREG | perms, in the high half (Unix)
    e.external_attr = uint32_t(mode | (src.permissions_only ? 0 : 0x8000)) << 16;
    e.offset = offset;
    return e;
  }

  bool WriteCompleted(Job* job, std::string* err) {
    CentralEntry e = EntryFor(*job->src);
    e.method = job->method;
    e.crc = job->crc;
    std::string_view payload = job->Payload();
    e.csize = payload.size();
    e.usize = job->usize;
    bool zip64 = e.csize > opt.zip64_limit || e.usize > opt.zip64_limit;
    if (!WriteBytes(LocalHeader(e, zip64), err) || !WriteBytes(payload.data(), payload.size(), err))
      return false;
    AddCentral(e);
    return true;
  }

  // A big file: deflate it in chunks with zlib, then patch the CRC and sizes into its local header.
  bool WriteStreamed(Job* job, std::string* err) {
    const std::string& path = job->src->path;
    // The build's reader streams it (pieces of kStreamChunk, as read here), unless it let this
    // writer go before the first piece: then the file is read here.
    std::string_view piece;
    FeedStream::Status status = FeedStream::kReadItYourself;
    if (job->feed && (status = job->feed->Next(&piece, err)) == FeedStream::kError) return false;
    int fd = -1;
    if (status == FeedStream::kReadItYourself && (fd = OpenRegularFile(path, err)) < 0)
      return false;
    struct FdCloser {
      int fd;
      ~FdCloser() {
        if (fd >= 0) ::close(fd);
      }
    } closer{fd};
    z_stream zs;
    std::memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, std::clamp(opt.level, 1, 9), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      *err = path + ": cannot initialize zlib";
      return false;
    }
    struct ZCloser {
      z_stream* zs;
      ~ZCloser() { deflateEnd(zs); }
    } zcloser{&zs};
    CentralEntry e = EntryFor(*job->src);
    e.method = kMethodDeflate;
    bool zip64 = deflateBound(&zs, job->size) + (1 << 20) > opt.zip64_limit;
    uint64_t header_offset = offset;
    if (!WriteBytes(LocalHeader(e, zip64), err)) return false;
    Hasher sha(HashAlgorithm::kSha256);
    std::string in(fd >= 0 ? kStreamChunk : 0, '\0'), out(kStreamChunk, '\0');
    uint32_t crc = 0;
    uint64_t usize = 0, csize = 0;
    bool eof = false;
    bool first = true;
    while (!eof) {
      const char* data = in.data();
      ssize_t n;
      if (fd >= 0) {
        n = ::read(fd, &in[0], in.size());
        if (n < 0) {
          if (errno == EINTR) continue;
          *err = path + ": cannot read: " + std::strerror(errno);
          return false;
        }
      } else {
        if (!first) status = job->feed->Next(&piece, err);
        if (status == FeedStream::kError) return false;
        if (status == FeedStream::kReadItYourself) {  // (never after the first piece)
          *err = path + ": the build's reader stopped streaming it";
          return false;
        }
        data = piece.data();
        n = status == FeedStream::kPiece ? ssize_t(piece.size()) : 0;
      }
      first = false;
      eof = n == 0;
      crc = libdeflate_crc32(crc, data, size_t(n));
      sha.Update(data, size_t(n));
      usize += uint64_t(n);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
      zs.avail_in = uInt(n);
      int flush = eof ? Z_FINISH : Z_NO_FLUSH;
      int r;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
        zs.avail_out = uInt(out.size());
        r = deflate(&zs, flush);
        if (r == Z_STREAM_ERROR) {
          *err = path + ": zlib deflate failed";
          return false;
        }
        size_t produced = out.size() - zs.avail_out;
        if (!WriteBytes(out.data(), produced, err)) return false;
        csize += produced;
      } while (zs.avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
    }
    if (!zip64 && (usize > opt.zip64_limit || csize > opt.zip64_limit)) {
      *err = path + ": grew while it was being archived";
      return false;
    }
    e.crc = crc;
    e.csize = csize;
    e.usize = usize;
    e.offset = header_offset;
    std::string header = LocalHeader(e, zip64);
    std::FILE* f = file->stream();
    if (fseeko(f, off_t(header_offset), SEEK_SET) != 0 ||
        std::fwrite(header.data(), 1, header.size(), f) != header.size() ||
        fseeko(f, off_t(offset), SEEK_SET) != 0) {
      *err = file->temp_path() + ": cannot update a local header: " + std::strerror(errno);
      return false;
    }
    std::string digest = sha.FinalRaw();
    std::memcpy(job->sha256, digest.data(), sizeof job->sha256);
    job->usize = usize;
    AddCentral(e);
    return true;
  }
};

ZipWriter::ZipWriter(ZipOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = options;
  uint32_t dt = DosDateTime(options.epoch);
  impl_->dos_date = uint16_t(dt >> 16);
  impl_->dos_time = uint16_t(dt & 0xFFFF);
}

ZipWriter::~ZipWriter() = default;

const std::string& ZipWriter::temp_path() const {
  static const std::string empty;
  return impl_->file ? impl_->file->temp_path() : empty;
}

bool ZipWriter::Open(const std::string& dest, std::string* err) {
  impl_->file = std::make_unique<AtomicFile>(dest, AtomicFile::Sync::kRenameOnly);
  if (!impl_->file->Open(err)) return false;
  // (glibc ignores the size of a buffer it is to allocate itself: 4 KiB writes, one per member)
  impl_->write_buffer.reset(new char[impl_->opt.write_buffer]);
  std::setvbuf(impl_->file->stream(), impl_->write_buffer.get(), _IOFBF, impl_->opt.write_buffer);
  return true;
}

bool ZipWriter::Add(const std::vector<ZipSource>& members, std::vector<ZipMemberInfo>* infos,
                    std::string* err) {
  Impl& w = *impl_;
  if (!w.file) {
    *err = "zip writer: not open";
    return false;
  }
  // Validate names and stat every source first: errors come before any work.
  std::vector<Job> jobs(members.size());
  uint64_t in_flight = 0;  // bytes held by claimed members, under `mu`
  for (size_t i = 0; i < members.size(); ++i) {
    const ZipSource& src = members[i];
    if (src.name.empty() || src.name.front() == '/' || src.name.back() == '/' ||
        src.name.size() > 0xFFFF) {
      *err = "'" + src.name + "': not a valid archive member name";
      return false;
    }
    for (unsigned char c : src.name) {
      if (c < 0x20 || c == 0x7F || c == '\\') {
        *err = "'" + src.name + "': member names may not contain control characters or backslashes";
        return false;
      }
    }
    if (!w.names.Insert(src.name)) {
      *err = "'" + src.name + "': duplicate archive member";
      return false;
    }
    Job& job = jobs[i];
    job.src = &src;
    // A file past the stream threshold is streamed from disk even when read already: its member
    // is deflated with zlib in chunks, and must stay byte-identical whatever read it first.
    job.bytes = src.bytes && (src.path.empty() || src.bytes->size() <= w.opt.stream_threshold)
                    ? src.bytes.get()
                    : nullptr;
    if (job.bytes) {
      job.size = job.bytes->size();
    } else if (src.path.empty()) {
      job.size = src.data.size();
    } else if (src.fetch) {
      job.fetch = true;  // sized when fetched (no stat: the reader has the file's size)
    } else if (!StatSourceWith(&job, w.opt.stream_threshold, err)) {
      return false;
    }
    job.cost = Cost(job);
  }

  std::mutex mu;
  // Reads, hashes and compresses one member into memory (not the streamed ones).
  // `d`: the thread's compressor and output buffer (grown, never shrunk, not zero-filled), so that
  // a member costs no buffer of its bound: only its compressed bytes are copied, or none when
  // `written_next` (the calling thread writes the member before it uses the buffer again).
  auto process = [&](Job& job, Impl::Deflater* d, bool written_next) {
    std::shared_ptr<const std::string> fetched;
    if (job.fetch) {
      FeedContent got = job.src->fetch();
      fetched = std::move(got.bytes);
      if (fetched && fetched->size() <= w.opt.stream_threshold) {
        job.bytes = fetched.get();
        job.size = fetched->size();
        job.crc = got.crc;  // the reader's, computed once for both archives
        job.crc_known = true;
      } else if (got.stream && got.stream->size() > w.opt.stream_threshold) {
        job.size = got.stream->size();
        job.stream = true;
        job.feed = std::move(got.stream);  // consumed on the writing thread (WriteStreamed)
      } else if (!StatSourceWith(&job, w.opt.stream_threshold, &job.err)) {
        return;
      }
      std::lock_guard<std::mutex> lock(mu);
      job.cost = Cost(job);  // counted from here on, like a member sized up front
      in_flight += job.cost;
    }
    if (!job.stream) {
      std::string owned;
      const std::string* data = job.bytes ? job.bytes : &job.src->data;
      if (!job.bytes && !job.src->path.empty()) {
        if (!ReadWholeFile(job.src->path, job.size, &owned, &job.err))
          data = nullptr;
        else
          data = &owned;
      }
      if (data) {
        job.usize = data->size();
        if (!job.crc_known) job.crc = libdeflate_crc32(0, data->data(), data->size());
        Hasher sha(HashAlgorithm::kSha256);
        sha.Update(data->data(), data->size());
        std::string digest = sha.FinalRaw();
        std::memcpy(job.sha256, digest.data(), sizeof job.sha256);
        size_t produced = 0;
        // A big member's own buffer (the scratch stays small: it is kept from batch to batch).
        const bool in_scratch = data->size() <= kScratchMax;
        libdeflate_compressor* c = d->compressor;
        char* out = nullptr;
        if (!data->empty() && c) {
          size_t bound = libdeflate_deflate_compress_bound(c, data->size());
          if (in_scratch) {
            out = d->scratch.Room(bound);
          } else {
            job.payload.resize(bound);
            out = &job.payload[0];
          }
          produced = libdeflate_deflate_compress(c, data->data(), data->size(), out, bound);
        }
        if (produced > 0 && produced < data->size()) {
          if (in_scratch && written_next)
            job.payload_in_scratch = std::string_view(out, produced);
          else if (in_scratch)
            job.payload.assign(out, produced);
          else
            job.payload.resize(produced);
          job.method = kMethodDeflate;
        } else {  // incompressible or empty: store it
          job.method = kMethodStored;
          if (data == &owned)
            job.payload.swap(owned);
          else
            job.payload = *data;
        }
      }
    }
    if (fetched) job.bytes = nullptr;  // the fetched bytes are freed on return
  };

  std::condition_variable work_cv, done_cv;
  size_t next_claim = 0, next_write = 0;
  bool abort = false;
  bool writer_waits = false;   // for the member next_write (under `mu`)
  unsigned capped = 0;         // workers waiting for the in-flight bytes to go down
  unsigned streams_ready = 0;  // streamed members claimed and done, not yet written
  // Whether the writing thread, waiting for member next_write, is to be woken: it is compressed,
  // and so is the end of its run (kWriteRun), or the workers wait for written members to go, or a
  // streamed member is ready (the build's reader hands out its pieces only as this thread writes
  // them, and reads no further file meanwhile: a worker may wait for one).
  auto writer_may_go = [&] {
    size_t last = std::min(next_write + kWriteRun, jobs.size()) - 1;
    return jobs[next_write].done && (jobs[last].done || capped > 0 || streams_ready > 0 || abort);
  };

  auto worker = [&](Impl::Deflater* d) {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        // Claim in order; the next member to be written may always be claimed, so the cap can't
        // deadlock.
        auto may_claim = [&] {
          return abort || next_claim == jobs.size() || next_claim == next_write ||
                 in_flight + jobs[next_claim].cost <= w.opt.max_in_flight;
        };
        if (!may_claim()) {
          ++capped;
          if (writer_waits && writer_may_go()) done_cv.notify_all();
          work_cv.wait(lock, may_claim);
          --capped;
        }
        if (abort || next_claim == jobs.size()) break;
        i = next_claim++;
        in_flight += jobs[i].cost;
        if (!w.spare_payloads.empty()) {
          w.spare_payload_bytes -= w.spare_payloads.back().capacity();
          jobs[i].payload = std::move(w.spare_payloads.back());
          w.spare_payloads.pop_back();
        }
      }
      process(jobs[i], d, false);
      bool wake;
      {
        std::lock_guard<std::mutex> lock(mu);
        jobs[i].done = true;
        if (jobs[i].stream) ++streams_ready;
        wake = writer_waits && writer_may_go();
      }
      if (wake) done_cv.notify_all();
    }
  };

  unsigned threads = w.opt.threads ? w.opt.threads : CpuCount();
  threads = unsigned(std::min<size_t>(threads, jobs.size()));
  // Small batches are done on this thread: handing 20 tiny files to workers costs more (thread
  // start-up, one wake-up per member) than compressing them. The bytes are the same either way.
  // (Members fetched from a reader are sized only then: they go to the workers.)
  uint64_t batch_bytes = 0;
  for (const Job& job : jobs)
    batch_bytes += job.fetch ? w.opt.parallel_min_bytes : job.stream ? 0 : job.size;
  if (batch_bytes < w.opt.parallel_min_bytes) threads = 0;
  std::vector<Impl::Deflater> deflaters(std::max(threads, 1u));
  for (Impl::Deflater& d : deflaters) d = w.TakeDeflater();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, &deflaters[t]);

  bool ok = true;
  for (size_t i = 0; i < jobs.size() && ok; ++i) {
    Job& job = jobs[i];
    if (pool.empty()) {
      process(job, &deflaters[0], true);
    } else {
      std::unique_lock<std::mutex> lock(mu);
      if (!jobs[i].done) {  // (one done already is written at once)
        writer_waits = true;
        done_cv.wait(lock, writer_may_go);
        writer_waits = false;
      }
    }
    if (!job.err.empty()) {
      *err = job.err;
      ok = false;
    } else if (job.stream) {
      ok = w.WriteStreamed(&job, err);
      job.feed.reset();  // its last piece goes now
    } else {
      ok = w.WriteCompleted(&job, err);
    }
    if (ok && infos)
      infos->push_back({job.src->name, std::string(job.sha256, sizeof job.sha256), job.usize});
    std::string written = std::move(job.payload);  // (freed below unless kept for reuse)
    {
      std::lock_guard<std::mutex> lock(mu);
      if (written.capacity() > kInlineCapacity && written.capacity() <= kScratchMax &&
          w.spare_payload_bytes + written.capacity() <= kSparePayloadBytes) {
        written.clear();
        w.spare_payload_bytes += written.capacity();
        w.spare_payloads.push_back(std::move(written));
      }
      in_flight -= job.cost;
      if (job.stream && !pool.empty()) --streams_ready;
      next_write = i + 1;
      if (!ok) abort = true;
    }
    work_cv.notify_all();
  }
  for (auto& t : pool) t.join();
  for (Impl::Deflater& d : deflaters) w.idle_deflaters.push_back(std::move(d));
  return ok;
}

bool ZipWriter::Finish(std::string* err) {
  Impl& w = *impl_;
  if (!w.file) {
    *err = "zip writer: not open";
    return false;
  }
  uint64_t cd_offset = w.offset;
  for (std::string& block : w.central_dir) {
    if (!w.WriteBytes(block, err)) return false;
    std::string().swap(block);
  }
  uint64_t cd_size = w.offset - cd_offset;
  uint64_t count = w.central_count;
  bool zip64 = count > 0xFFFF || cd_size > w.opt.zip64_limit || cd_offset > w.opt.zip64_limit;
  std::string end;
  if (zip64) {
    uint64_t eocd64_offset = w.offset;
    Put32(&end, 0x06064b50);
    Put64(&end, 44);  // size of the rest of this record: no extensible data (PyPI refuses it)
    Put16(&end, kMadeByUnix | kVersion45);
    Put16(&end, kVersion45);
    Put32(&end, 0);  // this disk
    Put32(&end, 0);  // disk with the central directory
    Put64(&end, count);
    Put64(&end, count);
    Put64(&end, cd_size);
    Put64(&end, cd_offset);
    Put32(&end, 0x07064b50);  // locator
    Put32(&end, 0);
    Put64(&end, eocd64_offset);
    Put32(&end, 1);  // total disks
  }
  Put32(&end, 0x06054b50);
  Put16(&end, 0);
  Put16(&end, 0);
  Put16(&end, uint16_t(std::min<uint64_t>(count, 0xFFFF)));
  Put16(&end, uint16_t(std::min<uint64_t>(count, 0xFFFF)));
  Put32(&end, zip64 ? kAll32 : uint32_t(cd_size));
  Put32(&end, zip64 ? kAll32 : uint32_t(cd_offset));
  Put16(&end, 0);  // no archive comment
  if (!w.WriteBytes(end, err)) return false;
  return w.file->Finish(err, 0644);
}

std::unique_ptr<AtomicFile> ZipWriter::TakeFile() { return std::move(impl_->file); }

bool ZipWriter::Commit(std::string* err) { return Finish(err) && impl_->file->Publish(err); }
