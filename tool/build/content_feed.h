// One reader for both archives: every shipped file is opened and read once, on the feed's own
// thread, scanned for credentials there (ShippedFileScan), and its bytes are handed to the sdist
// writer and the wheel writer, which drop them once written. What is held at once is bounded by a
// budget of bytes and one of files (Options), whatever the project's size: the reader waits while
// the live bytes (in the feed or still in a writer) fill it, and when a writer waits for a file not
// read yet, the reader reads on to it and keeps the files in between only while they fit (a file
// not kept is read by the writers themselves: only when the two archives take the files in very
// different orders).
//
// Files are read in the sdist's order, then the wheel's files the sdist does not ship; a generated
// file is not read at all (the writers write its `content`). A file larger than `max_file` is not
// held whole: it is read once, in pieces (FeedStream), which both writers consume as they come
// and which are dropped once both have; at most `stream_window` pieces are held. Should the two
// archives' orders stall that (a writer that has not begun the file waits for a file before it
// that is not read yet), that writer is let go and reads the file itself.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "project/file_selection.h"
#include "project/secret_files.h"

class ContentFeed;

// One writer's share of a file the feed streams in pieces (see above). Dropping it lets go of the
// pieces it has not taken.
class FeedStream {
 public:
  enum Status : uint8_t {
    kPiece,           // `*piece` holds the next bytes (valid until the next call)
    kEnd,             // every byte was handed out (as many as size())
    kReadItYourself,  // only before the first piece: the feed let this writer go
    kError,           // read error, or the file changed size: `err` names the file
  };
  ~FeedStream();
  FeedStream(const FeedStream&) = delete;
  FeedStream& operator=(const FeedStream&) = delete;
  uint64_t size() const;  // when opened (fstat)
  Status Next(std::string_view* piece, std::string* err);

 private:
  friend class ContentFeed;
  struct State;
  FeedStream(ContentFeed* feed, std::shared_ptr<State> state, uint8_t writer)
      : feed_(feed), state_(std::move(state)), writer_(writer) {}
  ContentFeed* feed_;
  std::shared_ptr<State> state_;
  uint8_t writer_;
};

// What a writer gets for one file: its bytes, or a stream of them, or neither (the writer reads
// the file itself: generated, not kept, unreadable — the writer then reports the error).
struct FeedContent {
  std::shared_ptr<const std::string> bytes;
  uint32_t crc = 0;  // CRC-32 of `bytes` (computed once, on the reader, for both archives)
  std::unique_ptr<FeedStream> stream;
  explicit operator bool() const { return bytes || stream; }
};

class ContentFeed {
 public:
  enum Writer : uint8_t { kSdist = 1, kWheel = 2 };
  struct Options {
    // Bytes of content alive at once (one file may exceed it). Small, so that the buffers of
    // files both writers dropped are read into again (mapped already) instead of the project
    // being read ahead into fresh pages: 2 MiB kept the writers supplied at every size measured
    // (docs/benchmarks.md), 16 MiB read a 10 MB project whole.
    uint64_t budget = 2ull << 20;
    // Files kept at once, whatever their size: each costs its records (~80 bytes) besides its
    // bytes, and a project of tiny files would otherwise be kept whole within the budget.
    size_t max_files = 4096;
    uint64_t max_file = 16ull << 20;  // larger files are streamed in pieces (FeedStream)
    size_t stream_piece = 1 << 20;    // the zip writer's zlib chunk: the same calls either way
    size_t stream_window = 4;         // pieces of one streamed file held at once
  };
  // `selection` must outlive the feed and not change while it runs. `scan` (optional) receives
  // every file read, on the reader thread.
  ContentFeed(const FileSelection& selection, bool sdist, bool wheel, ShippedFileScan* scan,
              Options options);
  ContentFeed(const FileSelection& selection, bool sdist, bool wheel, ShippedFileScan* scan)
      : ContentFeed(selection, sdist, wheel, scan, Options()) {}
  ~ContentFeed();  // stops the reader
  ContentFeed(const ContentFeed&) = delete;
  ContentFeed& operator=(const ContentFeed&) = delete;

  void Start();
  // The content of selection.sdist[i] / selection.wheel[i], once read (or, for a large file, once
  // opened). Each index is taken at most once; any thread may take.
  FeedContent TakeSdist(size_t i) { return Take(sdist_slot_[i], kSdist, uint32_t(i)); }
  FeedContent TakeWheel(size_t i) { return Take(wheel_slot_[i], kWheel, uint32_t(i)); }
  // A writer is done (finished or failed): what it did not take is no longer kept for it.
  void Done(Writer writer);
  // Waits for the reader to read (and scan) every file, then stops it. After both Done calls.
  void Finish();

  // For tests: the most bytes and files alive at once, and how many files were read.
  uint64_t peak_bytes() const { return peak_; }
  size_t peak_files() const { return peak_files_; }
  uint64_t files_read() const { return files_read_; }

 private:
  struct Slot {
    const SelectedFile* file = nullptr;
    std::shared_ptr<const std::string> bytes;
    uint32_t crc = 0;            // of `bytes`
    uint8_t pending = 0;         // writers that have yet to take it (Writer bits)
    uint8_t kept_for = 0;        // those of them that get `bytes` (the others read the file)
    uint8_t waiters = 0;         // writers blocked on it before it was read
    bool streamed = false;       // a large file, in pieces: streams_ holds its state
    uint32_t index[2] = {0, 0};  // by Writer - 1: its place in that writer's list
  };                             // one per distinct file of the project
  static_assert(sizeof(void*) != 8 || sizeof(Slot) == 40, "a slot per file: keep it small");
  struct WaitingAt {  // a taker blocked on a file not read yet
    uint8_t writer;
    uint32_t index;  // in that writer's list
    uint32_t slot;
  };
  friend class FeedStream;
  FeedContent Take(uint32_t slot, Writer writer, uint32_t index);
  void Run();
  // Slot `i` (a file of `size` bytes) becomes a stream for the writers still to take it; false when
  // none is (then it is read for the scan only).
  bool StartStream(size_t i, uint64_t size);
  // Reads slot `i`'s stream from `fd` (closed here) piece by piece; the scan gets the file's first
  // `scan_limit` + 1 bytes at most, as from a whole read.
  void Stream(size_t i, int fd, uint64_t scan_limit);
  // The writers that have not begun stream `s` and wait for a file before it not read yet.
  uint8_t StalledReaders(const FeedStream::State& s) const;
  void LetGo(FeedStream::State* s, uint8_t writers);  // under mu_
  void DropConsumed(FeedStream::State* s);            // under mu_
  bool Stalled() const;  // every writer that could free bytes waits for a file not read yet
  // Slot `i` is read: its waiters wait no more, from now on, though a woken taker may run only
  // later (under mu_).
  void EndWaitsFor(uint32_t i);
  // A kept file's bytes are dropped by everyone: its buffer goes back to spare_ (or is freed).
  void Release(std::string* buffer, uint64_t size);
  bool Full() const;  // the budget or max_files is reached (under mu_)
  // Once the reader found the budget full, it waits for half of it to be free (or for room and
  // a writer waiting for a file, or the other reasons to go on): it then reads files in batches
  // instead of being woken for every file a writer drops (under mu_).
  bool ReaderMayGo() const;

  const FileSelection& selection_;
  ShippedFileScan* scan_;
  Options options_;
  std::vector<Slot> slots_;  // in reading order
  // The streamed files' states by slot (files past max_file: few, so not a field of every slot).
  std::map<uint32_t, std::shared_ptr<FeedStream::State>> streams_;
  std::vector<uint32_t> sdist_slot_, wheel_slot_;
  std::mutex mu_;
  std::condition_variable reader_cv_, taker_cv_;
  size_t next_read_ = 0;             // the slots before it are read (kept or not, or streamed)
  unsigned waiting_[3] = {0, 0, 0};  // by Writer: takers blocked on a file not read yet
  // Each blocked taker (one per writer at most).
  std::vector<WaitingAt> waiting_at_;
  size_t held_for_[3] = {0, 0, 0};  // by Writer: kept slots it has yet to take
  uint8_t done_ = 0;                // Writer bits
  bool finishing_ = false;          // Finish: read the rest for the scan, keep nothing
  uint64_t live_ = 0;               // bytes read and not yet dropped by everyone
  uint64_t peak_ = 0;
  size_t live_files_ = 0;  // kept files not yet dropped by everyone
  // Buffers of dropped files, reused for the next files read: their pages are mapped already (a
  // fresh buffer per file faulted in every page of the project). Within the budget, with live_.
  std::vector<std::unique_ptr<std::string>> spare_;
  uint64_t spare_bytes_ = 0;   // their capacity
  bool reader_waits_ = false;  // for room in the budget (ReaderMayGo)
  size_t peak_files_ = 0;
  uint64_t files_read_ = 0;
  bool stop_ = false;
  std::thread reader_;
};
