#include "verify/verify_index.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace fs = std::filesystem;

TEST(VerifyIndex, MatchesReleaseFilesByNameAndVersion) {
  EXPECT_TRUE(DistFileMatchesRelease("my_pkg-1.0-py3-none-any.whl", "My-Pkg", "1.0"));
  EXPECT_TRUE(DistFileMatchesRelease("my_pkg-1.0.tar.gz", "my.pkg", "1.0"));
  EXPECT_TRUE(DistFileMatchesRelease("my-pkg-1.0.tar.gz", "my-pkg", "1.0"));  // legacy sdist name
  EXPECT_FALSE(DistFileMatchesRelease("my_pkg-1.0.1-py3-none-any.whl", "my-pkg", "1.0"));
  EXPECT_FALSE(DistFileMatchesRelease("my_pkg_extra-1.0.tar.gz", "my-pkg", "1.0"));
  EXPECT_FALSE(DistFileMatchesRelease("my_pkg-1.0.post1.tar.gz", "my-pkg", "1.0"));
}

TEST(VerifyIndex, BackoffDoublesUpToTenSecondsAndStopsAtTheDeadline) {
  EXPECT_DOUBLE_EQ(NextPollDelay(0, 100), 0.5);
  EXPECT_DOUBLE_EQ(NextPollDelay(0.5, 100), 1.0);
  EXPECT_DOUBLE_EQ(NextPollDelay(8, 100), 10.0);
  EXPECT_DOUBLE_EQ(NextPollDelay(10, 100), 10.0);
  EXPECT_DOUBLE_EQ(NextPollDelay(4, 2.5), 2.5);
}

class FileIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = temp_.path;
    fs::create_directories(root_ / "simple" / "my-pkg");
    fs::create_directories(root_ / "packages");
    fs::create_directories(root_ / "local");
    std::ofstream(root_ / "packages" / "my_pkg-1.0.tar.gz") << "sdist bytes";
    std::ofstream(root_ / "local" / "my_pkg-1.0.tar.gz") << "sdist bytes";
    std::ofstream(root_ / "local" / "other") << "x";
  }
  void WritePage(const std::string& anchors) {
    std::ofstream(root_ / "simple" / "my-pkg" / "index.html")
        << "<!DOCTYPE html><html><body>" << anchors << "</body></html>";
  }
  IndexCheckContext Context(const std::string& version) {
    return {"file://" + (root_ / "simple").string() + "/", "My_Pkg", version};
  }
  ScopedTempDir temp_;
  fs::path root_;
};

TEST_F(FileIndex, WaitReadsAFileIndexOnceAndNamesWhatItFound) {
  WritePage("<a href=\"../../packages/my_pkg-1.0.tar.gz\">my_pkg-1.0.tar.gz</a>");
  CheckResult ok = CheckReleaseOnIndex(Context("1.0"), 60);
  EXPECT_EQ(ok.status, CheckStatus::kPass) << ok.detail;
  CheckResult missing = CheckReleaseOnIndex(Context("2.0"), 60);
  EXPECT_EQ(missing.status, CheckStatus::kFail);
  EXPECT_LT(missing.seconds, 5);  // no waiting on a file index
  EXPECT_NE(missing.detail.find("none of version 2.0"), std::string::npos) << missing.detail;
}

TEST_F(FileIndex, HashesCompareTheServedFileWithTheLocalOne) {
  // No #sha256= fragment: the file itself is hashed.
  WritePage("<a href=\"../../packages/my_pkg-1.0.tar.gz\">my_pkg-1.0.tar.gz</a>");
  std::string local = (root_ / "local" / "my_pkg-1.0.tar.gz").string();
  CheckResult r = CheckIndexMatchesDists(Context("1.0"), {local});
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.detail;
  EXPECT_EQ(r.detail.find("not compared"), std::string::npos) << r.detail;
  // A wheel of the release that was built elsewhere is named, not failed.
  std::ofstream(root_ / "packages" / "my_pkg-1.0-cp311-cp311-win_amd64.whl") << "wheel";
  WritePage(
      "<a href=\"../../packages/my_pkg-1.0.tar.gz\">my_pkg-1.0.tar.gz</a>"
      "<a "
      "href=\"../../packages/"
      "my_pkg-1.0-cp311-cp311-win_amd64.whl\">my_pkg-1.0-cp311-cp311-win_amd64.whl</a>");
  r = CheckIndexMatchesDists(Context("1.0"), {local});
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.detail;
  EXPECT_NE(r.detail.find("not compared: my_pkg-1.0-cp311-cp311-win_amd64.whl"), std::string::npos)
      << r.detail;
  // A fragment that disagrees with the local bytes.
  WritePage("<a href=\"../../packages/my_pkg-1.0.tar.gz#sha256=" + std::string(64, '0') +
            "\">my_pkg-1.0.tar.gz</a>");
  r = CheckIndexMatchesDists(Context("1.0"), {local});
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_NE(r.detail.find("the index serves sha256 000000000000"), std::string::npos) << r.detail;
  // Not listed at all.
  WritePage("");
  r = CheckIndexMatchesDists(Context("1.0"), {local});
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_NE(r.detail.find("not listed by the index"), std::string::npos) << r.detail;
}
