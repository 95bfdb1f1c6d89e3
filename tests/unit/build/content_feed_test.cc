#include "build/content_feed.h"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "project/selection_test_util.h"

namespace {

// `n` files pkg/fNNN.py of `size` bytes each (distinct contents), in both lists; the wheel's in
// `wheel_order` (indices into the sdist's).
struct Fixture {
  TempProject tmp;
  FileSelection sel;
  std::vector<std::string> content;

  Fixture(size_t n, size_t size) : Fixture(std::vector<size_t>(n, size)) {}
  explicit Fixture(const std::vector<size_t>& sizes) {
    for (size_t i = 0; i < sizes.size(); ++i) {
      const size_t size = sizes[i];
      char name[32];
      std::snprintf(name, sizeof name, "pkg/f%03zu.py", i);
      std::string text(size, char('a' + i % 26));
      text.replace(0, std::min(size, std::string(name).size()), name);
      tmp.Write(name, text);
      content.push_back(text);
      sel.sdist.push_back({tmp.dir() + "/" + name, name});
    }
  }
  void WheelInOrder(const std::vector<size_t>& order) {
    sel.wheel.clear();
    for (size_t i : order) sel.wheel.push_back(sel.sdist[i]);
  }
};

// Both writers on their own threads, each taking its files in its list's order; counts the files
// handed over and checks their bytes.
void RunWriters(ContentFeed* feed, const Fixture& fx, size_t* sdist_kept, size_t* wheel_kept) {
  *sdist_kept = *wheel_kept = 0;
  std::thread sdist([&] {
    for (size_t i = 0; i < fx.sel.sdist.size(); ++i) {
      FeedContent got = feed->TakeSdist(i);
      if (got.bytes) {
        ++*sdist_kept;
        EXPECT_EQ(*got.bytes, fx.content[i]) << i;
        EXPECT_EQ(got.crc, libdeflate_crc32(0, fx.content[i].data(), fx.content[i].size())) << i;
      }
      std::this_thread::yield();
    }
    feed->Done(ContentFeed::kSdist);
  });
  for (size_t j = 0; j < fx.sel.wheel.size(); ++j) {
    FeedContent got = feed->TakeWheel(j);
    const auto& bytes = got.bytes;
    if (bytes) {
      EXPECT_EQ(got.crc, libdeflate_crc32(0, bytes->data(), bytes->size())) << j;
      ++*wheel_kept;
      size_t i = std::find_if(fx.sel.sdist.begin(), fx.sel.sdist.end(),
                              [&](const SelectedFile& f) {
                                return fx.sel.Source(f) == fx.sel.Source(fx.sel.wheel[j]);
                              }) -
                 fx.sel.sdist.begin();
      EXPECT_EQ(*bytes, fx.content[i]) << j;
    }
  }
  feed->Done(ContentFeed::kWheel);
  sdist.join();
  feed->Finish();
}

}  // namespace

TEST(ContentFeed, ReadsEveryFileOnceForBothWritersWithinTheBudget) {
  Fixture fx(60, 1000);
  std::vector<size_t> order;
  for (size_t i = 0; i < 60; i += 2) order.push_back(i);  // the wheel: every other file, in order
  fx.WheelInOrder(order);
  ContentFeed::Options options;
  options.budget = 5000;  // five files
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  size_t sdist_kept, wheel_kept;
  RunWriters(&feed, fx, &sdist_kept, &wheel_kept);
  EXPECT_EQ(feed.files_read(), 60u) << "each source once, although 30 are in both archives";
  // Same order in both archives: nothing is left for a writer to read again.
  EXPECT_EQ(sdist_kept, 60u);
  EXPECT_EQ(wheel_kept, 30u);
  EXPECT_LE(feed.peak_bytes(), options.budget + 1000) << "the budget, plus one file at most";
}

// The buffers of files both writers dropped are read into again (smaller and larger files than
// they held before): every file still reaches both writers with its own bytes, and only its own.
TEST(ContentFeed, ReusedBuffersHandOverEachFilesOwnBytes) {
  std::vector<size_t> sizes;
  for (size_t i = 0; i < 90; ++i)
    sizes.push_back(std::vector<size_t>{2500, 7, 900, 0, 4000}[i % 5]);
  Fixture fx(sizes);
  std::vector<size_t> order;
  for (size_t i = 0; i < sizes.size(); ++i) order.push_back(i);
  fx.WheelInOrder(order);
  ContentFeed::Options options;
  options.budget = 6000;  // a few files at once: most buffers are reused many times
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  size_t sdist_kept, wheel_kept;
  RunWriters(&feed, fx, &sdist_kept, &wheel_kept);
  EXPECT_EQ(feed.files_read(), 90u);
  EXPECT_EQ(sdist_kept, 90u);
  EXPECT_EQ(wheel_kept, 90u);
  EXPECT_LE(feed.peak_bytes(), options.budget + 4000);
}

TEST(ContentFeed, OppositeOrdersNeitherStallNorOutgrowTheBudget) {
  Fixture fx(80, 1000);
  std::vector<size_t> order;
  for (size_t i = 80; i-- > 0;) order.push_back(i);  // the wheel takes them last to first
  fx.WheelInOrder(order);
  ContentFeed::Options options;
  options.budget = 8000;
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  size_t sdist_kept, wheel_kept;
  RunWriters(&feed, fx, &sdist_kept, &wheel_kept);  // a deadlock would hang here
  EXPECT_EQ(feed.files_read(), 80u);
  // The wheel waits for the last file first: the reader reads on to it and keeps only what fits;
  // the rest the wheel reads itself (null).
  EXPECT_GT(sdist_kept, 0u);
  EXPECT_LT(wheel_kept, 80u);
  EXPECT_LE(feed.peak_bytes(), options.budget + 2 * 1000);
}

// A project of tiny files fits a byte budget whole; the file count bounds what is kept too (each
// kept file costs its records), and in one order nothing is left for a writer to read again.
TEST(ContentFeed, TinyFilesAreKeptUpToMaxFilesAndStillReadOnce) {
  Fixture fx(300, 10);
  std::vector<size_t> order;
  for (size_t i = 0; i < 300; ++i) order.push_back(i);
  fx.WheelInOrder(order);
  ContentFeed::Options options;
  options.max_files = 8;
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  size_t sdist_kept, wheel_kept;
  RunWriters(&feed, fx, &sdist_kept, &wheel_kept);
  EXPECT_EQ(feed.files_read(), 300u);
  EXPECT_EQ(sdist_kept, 300u);
  EXPECT_EQ(wheel_kept, 300u);
  EXPECT_LE(feed.peak_files(), options.max_files + 1) << "max_files, plus one file at most";
}

// Opposite orders with a file limit: no stall (a deadlock would hang), every file read once.
TEST(ContentFeed, OppositeOrdersNeitherStallNorOutgrowMaxFiles) {
  Fixture fx(200, 10);
  std::vector<size_t> order;
  for (size_t i = 200; i-- > 0;) order.push_back(i);
  fx.WheelInOrder(order);
  ContentFeed::Options options;
  options.max_files = 16;
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  size_t sdist_kept, wheel_kept;
  RunWriters(&feed, fx, &sdist_kept, &wheel_kept);
  EXPECT_EQ(feed.files_read(), 200u);
  EXPECT_GT(sdist_kept, 0u);
  EXPECT_LT(wheel_kept, 200u);
  EXPECT_LE(feed.peak_files(), options.max_files + 2);
}

TEST(ContentFeed, AWriterThatStopsEarlyDoesNotHoldTheOtherBack) {
  Fixture fx(50, 1000);
  std::vector<size_t> all;
  for (size_t i = 0; i < 50; ++i) all.push_back(i);
  fx.WheelInOrder(all);
  ContentFeed::Options options;
  options.budget = 3000;
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  std::thread sdist([&] {
    feed.TakeSdist(0);
    feed.Done(ContentFeed::kSdist);  // failed after one file (a full disk, say)
  });
  size_t kept = 0;
  for (size_t j = 0; j < 50; ++j) kept += feed.TakeWheel(j) ? 1 : 0;
  feed.Done(ContentFeed::kWheel);
  sdist.join();
  feed.Finish();
  EXPECT_EQ(kept, 50u);
  EXPECT_EQ(feed.files_read(), 50u);
}

TEST(ContentFeed, ScansEveryFileReadsNoGeneratedOneAndLeavesMissingOnesToTheWriters) {
  Fixture fx(3, 100);
  fx.tmp.Write("pkg/settings.py", "DEBUG = 1\nTOKEN = 'gh" + std::string("p_") +
                                      "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'\n");
  fx.sel.sdist.push_back({fx.tmp.dir() + "/pkg/settings.py", "pkg/settings.py"});
  fx.sel.sdist.push_back({fx.tmp.dir() + "/pkg/gone.py", "pkg/gone.py"});
  SelectedFile version{fx.tmp.dir() + "/pkg/_version.py", "pkg/_version.py"};
  version.generated = true;
  version.bytes = std::make_shared<const std::string>("v = '1'\n");
  fx.sel.sdist.push_back(version);
  fx.sel.wheel = fx.sel.sdist;
  ShippedFileScan scan(fx.tmp.dir());
  ContentFeed feed(fx.sel, true, true, &scan);
  feed.Start();
  std::thread sdist([&] {
    for (size_t i = 0; i < fx.sel.sdist.size(); ++i) feed.TakeSdist(i);
    feed.Done(ContentFeed::kSdist);
  });
  EXPECT_TRUE(feed.TakeWheel(0));
  EXPECT_TRUE(feed.TakeWheel(3));
  EXPECT_FALSE(feed.TakeWheel(4)) << "missing: the writer reads it and reports the error";
  EXPECT_FALSE(feed.TakeWheel(5)) << "generated: the writer writes its content";
  feed.Done(ContentFeed::kWheel);
  sdist.join();
  feed.Finish();
  EXPECT_EQ(feed.files_read(), 4u);  // three files and settings.py; not gone.py, not _version.py
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(scan.Finish(&diags));
  ASSERT_EQ(diags.size(), 2u);
  // In path order, as the scan pass reports them: gone.py (unreadable), then settings.py:2.
  EXPECT_EQ(diags[0].path, fx.tmp.dir() + "/pkg/gone.py");
  EXPECT_EQ(diags[1].path, fx.tmp.dir() + "/pkg/settings.py");
  EXPECT_EQ(diags[1].line, 2);
}

TEST(ContentFeed, FinishReadsWhatNoWriterTookForTheScan) {
  Fixture fx(20, 500);
  fx.WheelInOrder({0, 1});
  ContentFeed::Options options;
  options.budget = 1000;
  ShippedFileScan scan(fx.tmp.dir());
  ContentFeed feed(fx.sel, true, true, &scan, options);
  feed.Start();
  feed.Done(ContentFeed::kSdist);
  feed.Done(ContentFeed::kWheel);
  feed.Finish();
  EXPECT_EQ(feed.files_read(), 20u);
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(scan.Finish(&diags));
}

namespace {

// What a writer got: the bytes, or the stream's pieces joined; `how`: "bytes", "stream", "let go"
// (a stream that let this writer go before its first piece) or "none".
std::string Consume(FeedContent content, std::string* how, size_t* pieces = nullptr) {
  if (content.bytes) {
    *how = "bytes";
    return *content.bytes;
  }
  if (!content.stream) {
    *how = "none";
    return "";
  }
  std::string out, err;
  std::string_view piece;
  FeedStream::Status status;
  size_t count = 0;
  while ((status = content.stream->Next(&piece, &err)) == FeedStream::kPiece) {
    out.append(piece);
    ++count;
  }
  if (pieces) *pieces = count;
  *how = status == FeedStream::kEnd              ? "stream"
         : status == FeedStream::kReadItYourself ? "let go"
                                                 : "error: " + err;
  EXPECT_EQ(out.size(), status == FeedStream::kEnd ? content.stream->size() : out.size());
  return out;
}

std::string BigContent(size_t size) {
  std::string big;
  for (size_t k = 0; big.size() < size; ++k)
    big += "line " + std::to_string(k * 7919 % 100003) + "\n";
  big.resize(size);
  return big;
}

}  // namespace

TEST(ContentFeed, AFileOverMaxFileIsReadOnceInPiecesThatBothWritersTake) {
  Fixture fx(10, 1000);
  std::string big = BigContent(3 << 20);
  fx.tmp.Write("pkg/zbig.py", big);
  fx.sel.sdist.push_back({fx.tmp.dir() + "/pkg/zbig.py", "pkg/zbig.py"});
  fx.content.push_back(big);
  fx.sel.wheel = fx.sel.sdist;
  ContentFeed::Options options;
  options.budget = 5000;
  options.max_file = 100000;
  options.stream_piece = 64 << 10;
  options.stream_window = 4;
  ShippedFileScan scan(fx.tmp.dir());
  ContentFeed feed(fx.sel, true, true, &scan, options);
  feed.Start();
  std::string sdist_how, wheel_how;
  size_t sdist_pieces = 0;
  std::thread sdist([&] {
    for (size_t i = 0; i < fx.sel.sdist.size(); ++i) {
      std::string how;
      std::string got = Consume(feed.TakeSdist(i), &how, &sdist_pieces);
      EXPECT_EQ(got, fx.content[i]) << i;
      if (i == 10) sdist_how = how;
    }
    feed.Done(ContentFeed::kSdist);
  });
  for (size_t j = 0; j < fx.sel.wheel.size(); ++j) {
    std::string how;
    EXPECT_EQ(Consume(feed.TakeWheel(j), &how), fx.content[j]) << j;
    if (j == 10) wheel_how = how;
  }
  feed.Done(ContentFeed::kWheel);
  sdist.join();
  feed.Finish();
  EXPECT_EQ(sdist_how, "stream");
  EXPECT_EQ(wheel_how, "stream");
  EXPECT_EQ(sdist_pieces, 48u) << "3 MiB in 64 KiB pieces";
  EXPECT_EQ(feed.files_read(), 11u);
  EXPECT_LE(feed.peak_bytes(), options.budget + 1000 + options.stream_window * options.stream_piece)
      << "the big file is never held whole";
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(scan.Finish(&diags)) << "scanned whole (text under the scan's cap)";
}

TEST(ContentFeed, AStreamLetsGoAWriterThatWaitsForAFileBeforeItNotReadYet) {
  // The sdist takes the big file first; the wheel takes it last, after files the reader reads only
  // after it: the wheel is let go (it reads the big file itself) instead of a deadlock.
  Fixture fx(0, 0);
  std::string big = BigContent(2 << 20);
  fx.tmp.Write("pkg/a_big.py", big);
  fx.sel.sdist.push_back({fx.tmp.dir() + "/pkg/a_big.py", "pkg/a_big.py"});
  fx.content.push_back(big);
  for (size_t i = 0; i < 8; ++i) {
    std::string name = "pkg/m" + std::to_string(i) + ".py", text(3000, char('a' + i));
    fx.tmp.Write(name, text);
    fx.sel.sdist.push_back({fx.tmp.dir() + "/" + name, name});
    fx.content.push_back(text);
  }
  fx.WheelInOrder({8, 7, 6, 5, 4, 3, 2, 1, 0});
  ContentFeed::Options options;
  options.budget = 100000;
  options.max_file = 100000;
  options.stream_piece = 64 << 10;
  options.stream_window = 2;
  ContentFeed feed(fx.sel, true, true, nullptr, options);
  feed.Start();
  std::string sdist_how;
  std::thread sdist([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the wheel waits first
    for (size_t i = 0; i < fx.sel.sdist.size(); ++i) {
      std::string how;
      EXPECT_EQ(Consume(feed.TakeSdist(i), &how), fx.content[i]) << i;
      if (i == 0) sdist_how = how;
    }
    feed.Done(ContentFeed::kSdist);
  });
  std::string wheel_how;
  for (size_t j = 0; j < 9; ++j) {
    std::string how;
    std::string got = Consume(feed.TakeWheel(j), &how);  // a deadlock would hang here
    if (j < 8) {
      EXPECT_EQ(got, fx.content[8 - j]) << j;
    } else {
      wheel_how = how;
    }
  }
  feed.Done(ContentFeed::kWheel);
  sdist.join();
  feed.Finish();
  EXPECT_EQ(sdist_how, "stream");
  EXPECT_EQ(wheel_how, "none") << "let go before it took the file: it reads the file itself";
  EXPECT_EQ(feed.files_read(), 9u);
}
