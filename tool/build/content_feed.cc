#include "build/content_feed.h"

#include <algorithm>

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
  for (uint32_t e = 0; e < entries.size(); ++e) {
    if (first[e] == e) {
      slot_of[e] = uint32_t(slots_.size());
      slots_.emplace_back();
      slots_.back().file = entries[e];
    } else {
      slot_of[e] = slot_of[first[e]];
    }
    slots_[slot_of[e]].pending |= e < sdist_count ? kSdist : kWheel;
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

void ContentFeed::Release(uint64_t size) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    live_ -= size;
  }
  reader_cv_.notify_all();
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
  for (;;) {
    size_t i;
    {
      std::unique_lock<std::mutex> lock(mu_);
      // Read ahead while the budget has room; past it only when every writer that could free
      // bytes waits for a file not read yet (the two archives take files in different orders).
      reader_cv_.wait(lock, [&] {
        return stop_ || next_read_ == slots_.size() || finishing_ || live_ < options_.budget ||
               Stalled();
      });
      if (stop_ || next_read_ == slots_.size()) return;
      i = next_read_;
    }
    Slot& slot = slots_[i];
    std::unique_ptr<std::string> data;
    if (!slot.file->generated) {
      data = std::make_unique<std::string>();
      std::string source = selection_.Source(*slot.file);
      if (!ReadFilePrefix(source, limit, data.get(), &err)) {
        if (scan_) scan_->AddReadError(source, err);
        data.reset();  // the writers read it and report the error themselves
      } else if (scan_) {
        scan_->Add(source, *data);
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (data) ++files_read_;
      uint64_t size = data ? data->size() : 0;
      uint8_t keep = 0;
      if (data && size <= options_.max_file && !finishing_) {
        // Within the budget: for every writer still to take it. Past it (read for a waiting
        // writer): for the writers waiting for exactly this file and those at work, which take
        // it next; a writer waiting for another file reads this one itself later.
        bool over = live_ + size > options_.budget && live_ > 0;
        for (Writer w : {kSdist, kWheel}) {
          if ((slot.pending & w) && !(done_ & w) &&
              (!over || (slot.waiters & w) || waiting_[w] == 0))
            keep |= w;
        }
      }
      if (keep) {
        live_ += size;
        peak_ = std::max(peak_, live_);
        slot.kept_for = keep;
        for (Writer w : {kSdist, kWheel})
          if (keep & w) ++held_for_[w];
        // Dropped by whoever holds it last (the feed or a writer): the budget counts the bytes
        // wherever they are.
        slot.bytes =
            std::shared_ptr<const std::string>(data.release(), [this, size](const std::string* s) {
              delete s;
              Release(size);
            });
      }
      // Its waiters wait no more (counted here: a woken taker may run only after the next read).
      for (Writer w : {kSdist, kWheel})
        if (slot.waiters & w) --waiting_[w];
      slot.waiters = 0;
      slot.read = true;
      ++next_read_;
    }
    taker_cv_.notify_all();
  }
}

std::shared_ptr<const std::string> ContentFeed::Take(uint32_t i, Writer writer) {
  std::shared_ptr<const std::string> out;
  {
    std::unique_lock<std::mutex> lock(mu_);
    Slot& slot = slots_[i];
    if (!slot.read && !stop_) {
      if (!(slot.waiters & writer)) ++waiting_[writer];  // (two takers: one file in two places)
      slot.waiters |= writer;
      reader_cv_.notify_all();
      taker_cv_.wait(lock, [&] { return slot.read || stop_; });
      if (slot.waiters & writer) {  // woken by stop_, not by the reader
        --waiting_[writer];
        slot.waiters &= uint8_t(~writer);
      }
    }
    slot.pending &= uint8_t(~writer);
    if (slot.kept_for & writer) {
      slot.kept_for &= uint8_t(~writer);
      --held_for_[writer];
      out = slot.kept_for ? slot.bytes : std::move(slot.bytes);  // the last taker takes it over
    }
  }
  reader_cv_.notify_all();
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
  }
  reader_cv_.notify_all();
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
