// One reader for both archives: every shipped file is opened and read once, on the feed's own
// thread, scanned for credentials there (ShippedFileScan), and its bytes are handed to the sdist
// writer and the wheel writer, which drop them once written. What is held at once is bounded by a
// budget, whatever the project's size: the reader waits while the live bytes (in the feed or still
// in a writer) fill it, and when a writer waits for a file not read yet, the reader reads on to it
// and keeps the files in between only while they fit (a file not kept is read by the writers
// themselves: only when the two archives take the files in very different orders).
//
// Files are read in the sdist's order, then the wheel's files the sdist does not ship; a file
// larger than `max_file` is scanned but not kept (the writers stream it from disk), and a generated
// file is not read at all (the writers write its `content`).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "project/file_selection.h"
#include "project/secret_files.h"

class ContentFeed {
 public:
  enum Writer : uint8_t { kSdist = 1, kWheel = 2 };
  struct Options {
    uint64_t budget = 16ull << 20;    // bytes of content alive at once (one file may exceed it)
    uint64_t max_file = 16ull << 20;  // larger files are not kept (the zip writer streams them)
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
  // The bytes of selection.sdist[i] / selection.wheel[i], once read; null when the writer is to
  // read the file itself (generated, too large, not kept, unreadable: the writer then reports the
  // error). Each index is taken at most once; any thread may take.
  std::shared_ptr<const std::string> TakeSdist(size_t i) { return Take(sdist_slot_[i], kSdist); }
  std::shared_ptr<const std::string> TakeWheel(size_t i) { return Take(wheel_slot_[i], kWheel); }
  // A writer is done (finished or failed): what it did not take is no longer kept for it.
  void Done(Writer writer);
  // Waits for the reader to read (and scan) every file, then stops it. After both Done calls.
  void Finish();

  // For tests: the most bytes alive at once, and how many files were read.
  uint64_t peak_bytes() const { return peak_; }
  uint64_t files_read() const { return files_read_; }

 private:
  struct Slot {
    const SelectedFile* file = nullptr;
    std::shared_ptr<const std::string> bytes;
    uint8_t pending = 0;   // writers that have yet to take it (Writer bits)
    uint8_t kept_for = 0;  // those of them that get `bytes` (the others read the file)
    uint8_t waiters = 0;   // writers blocked on it before it was read
    bool read = false;     // the reader is done with it (kept or not)
  };
  std::shared_ptr<const std::string> Take(uint32_t slot, Writer writer);
  void Run();
  bool Stalled() const;  // every writer that could free bytes waits for a file not read yet
  void Release(uint64_t size);

  const FileSelection& selection_;
  ShippedFileScan* scan_;
  Options options_;
  std::vector<Slot> slots_;  // in reading order
  std::vector<uint32_t> sdist_slot_, wheel_slot_;
  std::mutex mu_;
  std::condition_variable reader_cv_, taker_cv_;
  size_t next_read_ = 0;
  unsigned waiting_[3] = {0, 0, 0};  // by Writer: takers blocked on a file not read yet
  size_t held_for_[3] = {0, 0, 0};   // by Writer: kept slots it has yet to take
  uint8_t done_ = 0;                 // Writer bits
  bool finishing_ = false;           // Finish: read the rest for the scan, keep nothing
  uint64_t live_ = 0;                // bytes read and not yet dropped by everyone
  uint64_t peak_ = 0;
  uint64_t files_read_ = 0;
  bool stop_ = false;
  std::thread reader_;
};
