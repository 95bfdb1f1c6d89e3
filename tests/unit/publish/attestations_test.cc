#include "publish/attestations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

TEST(Attestations, PairsFilesWithTheirDistAndInsertsTheFieldBeforeContent) {
  ScopedTempDir tmp;
  fs::path dist = fs::path(tmp.path) / "demo-1.0.tar.gz";
  std::ofstream(dist) << "x";
  std::ofstream(dist.string() + ".publish.attestation") << R"({"version": 1})";
  std::ofstream(dist.string() + ".other.attestation") << R"({"version": 2})";
  std::ofstream(fs::path(tmp.path) / "demo-1.0.tar.gz.x.y.attestation")
      << "{}";  // not <dist>.<kind>
  std::ofstream(fs::path(tmp.path) / "demo-1.0-py3-none-any.whl.publish.attestation")
      << "{}";  // another dist
  EXPECT_EQ(FindAttestations(dist.string()).size(), 2u);

  MultipartForm form;
  form.AddField("name", "demo");
  form.AddFile("content", dist.string(), "demo-1.0.tar.gz");
  std::string err;
  ASSERT_TRUE(AttachAttestations(dist.string(), &form, &err)) << err;
  ASSERT_EQ(form.parts.size(), 3u);
  EXPECT_EQ(form.parts[1].name, "attestations");
  EXPECT_EQ(form.parts[1].value, R"([{"version":2},{"version":1}])");
  EXPECT_EQ(form.parts[2].name, "content");
}

TEST(Attestations, RefusesMissingAndMalformedFiles) {
  ScopedTempDir tmp;
  fs::path dist = fs::path(tmp.path) / "demo-1.0.tar.gz";
  std::ofstream(dist) << "x";
  MultipartForm form;
  std::string err;
  EXPECT_FALSE(AttachAttestations(dist.string(), &form, &err));
  EXPECT_NE(err.find("has no attestation"), std::string::npos) << err;
  std::ofstream(dist.string() + ".publish.attestation") << "[1, 2]";
  EXPECT_FALSE(AttachAttestations(dist.string(), &form, &err));
  EXPECT_NE(err.find("expected an object, found array"), std::string::npos) << err;
  std::ofstream(dist.string() + ".publish.attestation") << "{oops";
  EXPECT_FALSE(AttachAttestations(dist.string(), &form, &err));
  EXPECT_NE(err.find(".publish.attestation: not a JSON attestation"), std::string::npos) << err;
  EXPECT_TRUE(form.parts.empty());
}

}  // namespace
