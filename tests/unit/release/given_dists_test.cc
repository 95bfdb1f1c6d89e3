#include "release/given_dists.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace {

struct Built {
  ScopedTempDir dir;
  std::string sdist = dir.Write("dist/fastthing-1.0.tar.gz", "sdist");
  std::string cp311 = dir.Write("dist/fastthing-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "a");
  std::string cp312 = dir.Write("dist/fastthing-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", "b");
  // One manifest per wheel, each naming the sdist too (as the CMake targets keep them).
  std::string m311 = dir.Write("wheel-cp311.json", R"({"name": "fastthing", "version": "1.0",
      "sdist": ")" + sdist + R"(", "wheel": ")" + cp311 +
                                                       R"("})");
  std::string m312 = dir.Write("wheel-cp312.json", R"({"name": "fastthing", "version": "1.0",
      "wheel": ")" + cp312 + R"("})");
};

TEST(GivenDists, ManifestsListEveryArchiveOnce) {
  Built b;
  std::vector<std::string> paths;
  std::string err;
  ASSERT_TRUE(CollectGivenDists({b.m311, b.m312}, {b.sdist}, "FastThing", "1.0.0", &paths, &err))
      << err;
  EXPECT_EQ(paths, (std::vector<std::string>{b.sdist, b.cp311, b.cp312}));
}

TEST(GivenDists, AMissingFileIsNamedWithItsManifest) {
  Built b;
  std::string gone = b.dir.path + "/dist/fastthing-1.0-cp313-cp313-manylinux_2_17_x86_64.whl";
  std::string manifest = b.dir.Write(
      "wheel-cp313.json", R"({"name": "fastthing", "version": "1.0", "wheel": ")" + gone + R"("})");
  std::vector<std::string> paths;
  std::string err;
  EXPECT_FALSE(CollectGivenDists({b.m311, manifest}, {}, "fastthing", "1.0", &paths, &err));
  EXPECT_NE(err.find(gone + " (from " + manifest + ") does not exist"), std::string::npos) << err;
}

TEST(GivenDists, OneProjectOneVersion) {
  Built b;
  std::string other = b.dir.Write("dist/fastthing-1.1-py3-none-any.whl", "c");
  std::vector<std::string> paths;
  std::string err;
  EXPECT_FALSE(CollectGivenDists({}, {b.sdist, other}, "fastthing", "1.0", &paths, &err));
  EXPECT_NE(err.find(other + " (from --dist) is fastthing 1.1, but the project is fastthing 1.0"),
            std::string::npos)
      << err;
  std::string foreign = b.dir.Write("dist/slowthing-1.0.tar.gz", "d");
  EXPECT_FALSE(CollectGivenDists({}, {foreign}, "fastthing", "1.0", &paths, &err));
  EXPECT_NE(err.find("slowthing 1.0"), std::string::npos) << err;
}

TEST(GivenDists, NotAManifestOrNotADist) {
  Built b;
  std::string junk = b.dir.Write("junk.json", "[1, 2]");
  std::vector<std::string> paths;
  std::string err;
  EXPECT_FALSE(CollectGivenDists({junk}, {}, "fastthing", "1.0", &paths, &err));
  EXPECT_NE(err.find(junk + ": not a manifest"), std::string::npos) << err;
  std::string notes = b.dir.Write("dist/notes.txt", "x");
  EXPECT_FALSE(CollectGivenDists({}, {notes}, "fastthing", "1.0", &paths, &err));
  EXPECT_NE(err.find(notes + " (from --dist)"), std::string::npos) << err;
}

}  // namespace
