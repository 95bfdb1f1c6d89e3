#include "release/promotion_lock.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "release/release_state.h"
#include "test_support.h"

namespace {

struct Dists {
  ScopedTempDir dir;
  std::string sdist = dir.Write("dist/demo_pkg-1.0.tar.gz", "sdist bytes");
  std::string wheel = dir.Write("dist/demo_pkg-1.0-py3-none-any.whl", "wheel bytes");
  std::vector<std::string> both() const { return {sdist, wheel}; }
  std::string state() const { return ReleaseStatePath(dir.path + "/dist", "Demo.Pkg", "1.0"); }
};

bool Lock(const std::vector<std::string>& paths, const std::string& target, std::string* note,
          std::string* err) {
  return CheckPromotionLock(paths, target, {}, note, err);
}

TEST(PromotionLock, NoRecordNoLock) {
  Dists d;
  std::string note, err;
  EXPECT_TRUE(Lock(d.both(), "https://prod.invalid/legacy/", &note, &err)) << err;
  EXPECT_EQ(note, "");
}

TEST(PromotionLock, ATestUploadLocksProductionUntilVerified) {
  Dists d;
  std::string err, note;
  ASSERT_TRUE(RecordTestUpload(d.both(), "/srv/test-index", &err)) << err;
  ReleaseState state;
  ASSERT_TRUE(LoadReleaseState(d.state(), &state, &err)) << err;
  EXPECT_EQ(state.name, "demo-pkg");
  EXPECT_EQ(state.test_repository, "/srv/test-index");
  EXPECT_EQ(state.done, std::vector<std::string>{"publish-test"});
  // The test index again is not a promotion.
  EXPECT_TRUE(Lock(d.both(), "/srv/test-index", &note, &err)) << err;
  EXPECT_FALSE(Lock(d.both(), "https://prod.invalid/legacy/", &note, &err));
  EXPECT_NE(err.find("has not verified them"), std::string::npos) << err;

  ASSERT_TRUE(RecordTestVerification(d.both(), &err)) << err;
  err.clear();
  EXPECT_TRUE(Lock(d.both(), "https://prod.invalid/legacy/", &note, &err)) << err;
  EXPECT_NE(note.find(d.state()), std::string::npos) << note;
}

TEST(PromotionLock, RefusesAChangedOrMissingFileByName) {
  Dists d;
  std::string err, note;
  ASSERT_TRUE(RecordTestUpload(d.both(), "/srv/test-index", &err)) << err;
  ASSERT_TRUE(RecordTestVerification(d.both(), &err)) << err;
  d.dir.Write("dist/demo_pkg-1.0.tar.gz", "rebuilt after an edit");
  EXPECT_FALSE(Lock(d.both(), "https://prod.invalid/legacy/", &note, &err));
  EXPECT_NE(err.find("demo_pkg-1.0.tar.gz: sha256 "), std::string::npos) << err;
  EXPECT_NE(err.find("the file changed after publish-test"), std::string::npos) << err;
  EXPECT_NE(err.find("pyrelease version --bump patch"), std::string::npos) << err;
  EXPECT_EQ(err.find("demo_pkg-1.0-py3-none-any.whl: sha256"), std::string::npos) << err;

  d.dir.Write("dist/demo_pkg-1.0.tar.gz", "sdist bytes");
  EXPECT_FALSE(Lock({d.wheel}, "https://prod.invalid/legacy/", &note, &err));
  EXPECT_NE(err.find("demo_pkg-1.0.tar.gz: uploaded to the test index but missing"),
            std::string::npos)
      << err;
  // A verification is not recorded for other bytes than the test upload's.
  d.dir.Write("dist/demo_pkg-1.0-py3-none-any.whl", "other wheel");
  EXPECT_FALSE(RecordTestVerification(d.both(), &err));
}

TEST(PromotionLock, TheSameBytesUploadedAgainStayVerified) {
  Dists d;
  std::string err;
  ASSERT_TRUE(RecordTestUpload(d.both(), "/srv/test-index", &err)) << err;
  ASSERT_TRUE(RecordTestVerification(d.both(), &err)) << err;
  ASSERT_TRUE(RecordTestUpload(d.both(), "/srv/test-index", &err)) << err;
  ReleaseState state;
  ASSERT_TRUE(LoadReleaseState(d.state(), &state, &err)) << err;
  EXPECT_TRUE(state.Done("verify-test"));
  d.dir.Write("dist/demo_pkg-1.0.tar.gz", "rebuilt");
  ASSERT_TRUE(RecordTestUpload(d.both(), "/srv/test-index", &err)) << err;
  ASSERT_TRUE(LoadReleaseState(d.state(), &state, &err)) << err;
  EXPECT_FALSE(state.Done("verify-test"));
}

}  // namespace
