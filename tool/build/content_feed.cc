#include "build/content_feed.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/directory_cursor.h"

struct FeedStream::State {
  size_t slot = 0;
  uint64_t size = 0;
  std::deque<std::string> pieces;  // read, and not yet consumed by every reader
  uint64_t first = 0;              // pieces dropped before pieces.front()
  uint64_t next[3] = {0, 0, 0};    // by Writer: pieces handed out
  uint64_t done[3] = {0, 0, 0};    // by Writer: pieces it is done with (all but the last handed)
  uint8_t readers = 0;             // writers the pieces are kept for
  uint8_t started = 0;             // of them, those that took a piece (never let go)
  bool end = false;                // no more pieces will come
  std::string err;
};

namespace {

const size_t kInlineCapacity = std::string().capacity();  // bytes held without a heap buffer

std::string CannotRead(const std::string& path) {
  return path + ": cannot read: " + std::strerror(errno);
}

// Reads up to `want` bytes of `fd` at `*out`'s end; fewer only at the end of the file. `ends_at`:
// the size of `*out` at which the file ends, as fstat gave it.
bool ReadUpTo(int fd, uint64_t want, uint64_t ends_at, const std::string& path, std::string* out,
              std::string* err) {
  size_t used = out->size();
  out->resize(used + want);
  size_t end = out->size();
  while (used < end) {
    ssize_t n = ::read(fd, &(*out)[used], end - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = CannotRead(path);
      return false;
    }
    if (n == 0) break;
    const size_t asked = end - used;
    used += size_t(n);
    // Exactly fstat's size, in a read that was asked for more: the end of the file, without one
    // more read to see it return 0 (a file that grew would have filled the spare byte).
    if (used == ends_at && size_t(n) < asked) break;
  }
  out->resize(used);
  return true;
}

}  // namespace

FeedStream::~FeedStream() {
  {
    std::lock_guard<std::mutex> lock(feed_->mu_);
    feed_->LetGo(state_.get(), writer_);
  }
  feed_->reader_cv_.notify_all();
}

uint64_t FeedStream::size() const { return state_->size; }

FeedStream::Status FeedStream::Next(std::string_view* piece, std::string* err) {
  State& s = *state_;
  std::unique_lock<std::mutex> lock(feed_->mu_);
  s.done[writer_] = s.next[writer_];  // the piece handed out last is done with
  feed_->DropConsumed(&s);
  feed_->reader_cv_.notify_all();
  feed_->taker_cv_.wait(lock, [&] {
    return feed_->stop_ || !(s.readers & writer_) || s.next[writer_] < s.first + s.pieces.size() ||
           s.end;
  });
  if (!(s.readers & writer_)) return kReadItYourself;  // (a started reader is never let go)
  if (s.next[writer_] < s.first + s.pieces.size()) {
    *piece = s.pieces[size_t(s.next[writer_]++ - s.first)];
    s.started |= writer_;
    return kPiece;
  }
  if (!s.end) {
    *err = "the build's file reader stopped";
    return kError;
  }
  if (!s.err.empty()) {
    *err = s.err;
    return kError;
  }
  return kEnd;
}

ContentFeed::ContentFeed(const FileSelection& selection, bool sdist, bool wheel,
                         ShippedFileScan* scan, Options options)
    : selection_(selection), scan_(scan), options_(options) {
  // Entries: the sdist's files in order, then the wheel's; one slot per distinct source.
  std::vector<const SelectedFile*> entries;
  if (sdist)
    for (const SelectedFile& f : selection.sdist) entries.push_back(&f);
  size_t sdist_count = entries.size();
  if (wheel)
    for (const SelectedFile& f : selection.wheel) entries.push_back(&f);
  // The first entry with each source, through a sorted index (no copy of a path). A generated
  // file is its own (the version file differs between the archives).
  std::vector<uint32_t> order(entries.size()), first(entries.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return entries[a]->source_key() < entries[b]->source_key();
  });
  for (size_t k = 0; k < order.size(); ++k) {
    const SelectedFile* f = entries[order[k]];
    const SelectedFile* prev = k ? entries[order[k - 1]] : nullptr;
    bool same = prev && !f->generated && !prev->generated && prev->source_key() == f->source_key();
    first[order[k]] = same ? first[order[k - 1]] : order[k];  // stable: the earlier entry first
  }
  std::vector<uint32_t> slot_of(entries.size());
  // Reserved exactly: growing by doubling would leave up to half of it unused for the whole build.
  size_t distinct = 0;
  for (uint32_t e = 0; e < entries.size(); ++e) distinct += first[e] == e;
  slots_.reserve(distinct);
  for (uint32_t e = 0; e < entries.size(); ++e) {
    if (first[e] == e) {
      slot_of[e] = uint32_t(slots_.size());
      slots_.emplace_back();
      slots_.back().file = entries[e];
    } else {
      slot_of[e] = slot_of[first[e]];
    }
    Slot& slot = slots_[slot_of[e]];
    Writer w = e < sdist_count ? kSdist : kWheel;
    if (!(slot.pending & w)) slot.index[w - 1] = uint32_t(w == kSdist ? e : e - sdist_count);
    slot.pending |= w;
  }
  sdist_slot_.assign(slot_of.begin(), slot_of.begin() + sdist_count);
  wheel_slot_.assign(slot_of.begin() + sdist_count, slot_of.end());
  if (!sdist) done_ |= kSdist;
  if (!wheel) done_ |= kWheel;
}

ContentFeed::~ContentFeed() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  reader_cv_.notify_all();
  taker_cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  for (Slot& s : slots_) s.bytes.reset();  // their deleters lock mu_: not while holding it
}

void ContentFeed::Start() {
  reader_ = std::thread([this] { Run(); });
}

void ContentFeed::Release(std::string* buffer, uint64_t size) {
  std::unique_ptr<std::string> dropped(buffer);
  bool wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    live_ -= size;
    --live_files_;
    // (A tiny file's bytes live in the string itself: nothing worth keeping for reuse.)
    if (next_read_ < slots_.size() && !finishing_ && dropped->capacity() > kInlineCapacity &&
        live_ + spare_bytes_ + dropped->capacity() <= options_.budget &&
        spare_.size() < options_.max_files) {
      spare_bytes_ += dropped->capacity();
      spare_.push_back(std::move(dropped));
    }
    wake = reader_waits_ && ReaderMayGo();
  }
  if (wake) reader_cv_.notify_all();
  // A buffer not kept is freed here, outside the lock.
}

bool ContentFeed::Full() const {
  return live_ >= options_.budget || live_files_ >= options_.max_files;
}

bool ContentFeed::ReaderMayGo() const {
  const bool half_free = live_ <= options_.budget / 2 && live_files_ <= options_.max_files / 2;
  const bool awaited = waiting_[kSdist] + waiting_[kWheel] > 0 && !Full();  // read it at once
  return stop_ || next_read_ == slots_.size() || finishing_ || half_free || awaited || Stalled();
}

bool ContentFeed::Stalled() const {
  if (waiting_[kSdist] + waiting_[kWheel] == 0) return false;
  for (Writer w : {kSdist, kWheel}) {
    // A writer at work takes (and then drops) the files kept for it: wait for that.
    if (held_for_[w] > 0 && waiting_[w] == 0 && !(done_ & w)) return false;
  }
  return true;
}

void ContentFeed::Run() {
  std::string err;
  const uint64_t limit = std::max(scan_ ? scan_->read_cap() : 0, options_.max_file);
  // Files come in the archives' order, a directory's files after each other: each is opened by
  // its name in the directory of the one before (the path of the next file tells whether a
  // directory holds a run of them).
  DirectoryCursor dir;
  std::string ahead;  // the path of slot ahead_slot, computed for the cursor
  size_t ahead_slot = SIZE_MAX;
  for (;;) {
    size_t i;
    std::unique_ptr<std::string> data;
    {
      std::unique_lock<std::mutex> lock(mu_);
      // Read ahead while the budget (bytes and files) has room; past it only when every writer that
      // could free bytes waits for a file not read yet (the two archives take files in different
      // orders).
      if (Full()) {
        reader_waits_ = true;
        reader_cv_.wait(lock, [&] { return ReaderMayGo(); });
        reader_waits_ = false;
      }
      if (stop_ || next_read_ == slots_.size()) return;
      i = next_read_;
      if (!spare_.empty() && !slots_[i].file->generated) {
        data = std::move(spare_.back());
        spare_.pop_back();
        spare_bytes_ -= data->capacity();
        data->clear();
      }
    }
    Slot& slot = slots_[i];
    if (!slot.file->generated) {
      const std::string path = i == ahead_slot ? std::move(ahead) : selection_.Source(*slot.file);
      ahead_slot = i + 1;
      ahead = ahead_slot < slots_.size() ? selection_.Source(*slots_[ahead_slot].file) : "";
      auto [dir_fd, name] = dir.Locate(path, ahead);
      int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
      struct stat st;
      uint64_t size = fd >= 0 && ::fstat(fd, &st) == 0 && st.st_size > 0 ? uint64_t(st.st_size) : 0;
      if (fd >= 0 && size > options_.max_file && StartStream(i, size)) {
        Stream(i, fd, limit);  // closes fd
        continue;
      }
      if (!data) data = std::make_unique<std::string>();
      // Whole up to `limit`, and one byte more to see growth (or the limit) at once.
      if (fd < 0 || !ReadUpTo(fd, std::min(size, limit) + 1, size, path, data.get(), &err) ||
          (data->size() > size && data->size() <= limit &&
           !ReadUpTo(fd, limit + 1 - data->size(), size, path, data.get(), &err))) {
        if (fd < 0) err = CannotRead(path);
        if (scan_) scan_->AddReadError(path, err);
        data.reset();  // the writers read it and report the error themselves
      } else if (scan_) {
        scan_->Add(path, *data);
      }
      if (fd >= 0) ::close(fd);
    }
    // The CRC-32 both archives need (the zip member's; the gzip stream's, combined from it), once,
    // while the bytes are warm from the read (outside the lock).
    const uint32_t crc = data && data->size() <= options_.max_file
                             ? libdeflate_crc32(0, data->data(), data->size())
                             : 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (data) ++files_read_;
      uint64_t size = data ? data->size() : 0;
      uint8_t keep = 0;
      if (data && size <= options_.max_file && !finishing_) {
        // Within the budget: for every writer still to take it. Past it (read for a waiting
        // writer): for the writers waiting for exactly this file and those at work, which take
        // it next; a writer waiting for another file reads this one itself later.
        bool over =
            (live_ + size > options_.budget && live_ > 0) || live_files_ >= options_.max_files;
        for (Writer w : {kSdist, kWheel}) {
          if ((slot.pending & w) && !(done_ & w) &&
              (!over || (slot.waiters & w) || waiting_[w] == 0))
            keep |= w;
        }
      }
      if (keep) {
        slot.crc = crc;
        live_ += size;
        peak_ = std::max(peak_, live_);
        peak_files_ = std::max(peak_files_, ++live_files_);
        slot.kept_for = keep;
        for (Writer w : {kSdist, kWheel})
          if (keep & w) ++held_for_[w];
        // Dropped by whoever holds it last (the feed or a writer): the budget counts the bytes
        // wherever they are. (The feed made the buffer, not const: Release may reuse it.)
        slot.bytes = std::shared_ptr<const std::string>(
            data.release(),
            [this, size](const std::string* s) { Release(const_cast<std::string*>(s), size); });
      }
      EndWaitsFor(uint32_t(i));
      ++next_read_;
    }
    taker_cv_.notify_all();
  }
}

FeedContent ContentFeed::Take(uint32_t i, Writer writer, uint32_t index) {
  FeedContent out;
  bool wake;
  {
    std::unique_lock<std::mutex> lock(mu_);
    Slot& slot = slots_[i];
    if (i >= next_read_ && !stop_) {
      if (!(slot.waiters & writer)) ++waiting_[writer];  // (two takers: one file in two places)
      slot.waiters |= writer;
      // Where this writer waits: a stream it has not begun is let go if it comes later.
      waiting_at_.push_back({uint8_t(writer), index, i});
      reader_cv_.notify_all();
      taker_cv_.wait(lock, [&] { return i < next_read_ || stop_; });
      if (slot.waiters & writer) {  // woken by stop_, not by the reader
        --waiting_[writer];
        slot.waiters &= uint8_t(~writer);
        waiting_at_.erase(std::find_if(waiting_at_.begin(), waiting_at_.end(),
                                       [&](const WaitingAt& w) { return w.writer == writer; }));
      }
    }
    slot.pending &= uint8_t(~writer);
    if (slot.kept_for & writer) {
      slot.kept_for &= uint8_t(~writer);
      --held_for_[writer];
      if (slot.streamed)
        out.stream.reset(new FeedStream(this, streams_.at(i), writer));
      else
        out.bytes = slot.kept_for ? slot.bytes : std::move(slot.bytes);  // the last taker owns it
      out.crc = slot.crc;
    }
    wake = reader_waits_ && ReaderMayGo();  // (a file taken may leave every writer stalled)
  }
  if (wake) reader_cv_.notify_all();
  return out;
}

void ContentFeed::Done(Writer writer) {
  std::vector<std::shared_ptr<const std::string>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ |= writer;
    held_for_[writer] = 0;
    for (Slot& s : slots_) {
      s.pending &= uint8_t(~writer);
      if (s.kept_for & writer) {
        s.kept_for &= uint8_t(~writer);
        if (!s.kept_for) dropped.push_back(std::move(s.bytes));
      }
    }
    for (auto& entry : streams_) LetGo(entry.second.get(), writer);  // (held_for_ reset above)
  }
  reader_cv_.notify_all();
  taker_cv_.notify_all();
  // `dropped` goes here, outside the lock its deleters take.
}

void ContentFeed::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = true;  // whatever is left is read for the scan, not kept
  }
  reader_cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  std::vector<std::shared_ptr<const std::string>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (Slot& s : slots_) dropped.push_back(std::move(s.bytes));
  }
}

bool ContentFeed::StartStream(size_t i, uint64_t size) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& slot = slots_[i];
    uint8_t keep = finishing_ ? 0 : uint8_t(slot.pending & ~done_);
    if (!keep) return false;
    auto stream = std::make_shared<FeedStream::State>();
    stream->slot = i;
    stream->size = size;
    stream->readers = keep;
    streams_.emplace(uint32_t(i), std::move(stream));
    slot.streamed = true;
    slot.kept_for = keep;
    for (Writer w : {kSdist, kWheel})
      if (keep & w) ++held_for_[w];
    EndWaitsFor(uint32_t(i));
    // (taken as a stream from now on)
    ++next_read_;
    ++files_read_;
  }
  taker_cv_.notify_all();
  return true;
}

void ContentFeed::Stream(size_t i, int fd, uint64_t scan_limit) {
  FeedStream::State* state;
  {
    std::lock_guard<std::mutex> lock(mu_);
    state = streams_.at(uint32_t(i)).get();
  }
  FeedStream::State& s = *state;
  const std::string path = selection_.Source(*slots_[i].file);
  std::string scanned, err;  // the scan's prefix
  uint64_t total = 0;
  for (bool end = false; !end;) {
    bool for_writers;
    {
      std::unique_lock<std::mutex> lock(mu_);
      reader_cv_.wait(lock, [&] {
        return stop_ || s.pieces.size() < options_.stream_window || StalledReaders(s);
      });
      if (stop_) break;
      // A writer that has not begun the file waits for an earlier one not read yet: it reads this
      // file itself, so that the reader can go on to that one.
      if (s.pieces.size() >= options_.stream_window) LetGo(&s, StalledReaders(s));
      for_writers = s.readers != 0;
    }
    taker_cv_.notify_all();
    if (!for_writers && (!scan_ || scanned.size() > scan_limit)) break;  // nobody needs the rest
    // One byte past the size at most: enough to see that the file grew.
    std::string piece;
    uint64_t want = std::min<uint64_t>(options_.stream_piece, s.size + 1 - total);
    bool ok = ReadUpTo(fd, want, s.size - total, path, &piece, &err);
    total += piece.size();
    end = !ok || piece.size() < want || total > s.size;
    if (scan_ && scanned.size() <= scan_limit)
      scanned.append(piece, 0,
                     size_t(std::min<uint64_t>(piece.size(), scan_limit + 1 - scanned.size())));
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (s.readers && !piece.empty() && total <= s.size) {
        live_ += piece.size();
        peak_ = std::max(peak_, live_);
        s.pieces.push_back(std::move(piece));
      }
      if (end) {
        s.end = true;
        if (!err.empty())
          s.err = err;
        else if (total != s.size)
          s.err = path + ": changed while it was being archived";
      }
    }
    taker_cv_.notify_all();
  }
  ::close(fd);
  {
    std::lock_guard<std::mutex> lock(mu_);
    s.end = true;  // (a stop, or no reader left)
  }
  taker_cv_.notify_all();
  if (!scan_) return;
  if (!err.empty())
    scan_->AddReadError(path, err);
  else
    scan_->Add(path, scanned);
}

uint8_t ContentFeed::StalledReaders(const FeedStream::State& s) const {
  uint8_t stalled = 0;
  for (const WaitingAt& at : waiting_at_)
    if ((s.readers & ~s.started & at.writer) && at.index < slots_[s.slot].index[at.writer - 1])
      stalled |= at.writer;
  return stalled;
}

void ContentFeed::EndWaitsFor(uint32_t i) {
  Slot& slot = slots_[i];
  for (Writer w : {kSdist, kWheel})
    if (slot.waiters & w) --waiting_[w];
  slot.waiters = 0;
  // A woken taker is no longer stalled, though it may run only after the next read or the next
  // pieces of a stream: were it still listed, a stream would let it go (and it would read the
  // file again itself) just because the scheduler had not run it yet.
  waiting_at_.erase(std::remove_if(waiting_at_.begin(), waiting_at_.end(),
                                   [i](const WaitingAt& at) { return at.slot == i; }),
                    waiting_at_.end());
}

void ContentFeed::LetGo(FeedStream::State* s, uint8_t writers) {
  writers &= s->readers;
  s->readers &= uint8_t(~writers);
  Slot& slot = slots_[s->slot];
  for (Writer w : {kSdist, kWheel}) {
    if ((writers & w) && (slot.kept_for & w)) {  // not taken yet: it gets nothing
      slot.kept_for &= uint8_t(~w);
      --held_for_[w];
    }
  }
  DropConsumed(s);
}

void ContentFeed::DropConsumed(FeedStream::State* s) {
  uint64_t keep_from = UINT64_MAX;
  for (Writer w : {kSdist, kWheel})
    if (s->readers & w) keep_from = std::min(keep_from, s->done[w]);
  while (!s->pieces.empty() && s->first < keep_from) {
    live_ -= s->pieces.front().size();
    s->pieces.pop_front();
    ++s->first;
  }
}
