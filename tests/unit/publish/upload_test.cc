#include "publish/upload.h"

#include <gtest/gtest.h>

TEST(Upload, SafeNameIsTwines) {
  EXPECT_EQ(SafeName("my_pkg"), "my-pkg");
  EXPECT_EQ(SafeName("My.Pkg__x"), "My.Pkg-x");
  EXPECT_EQ(SafeName("a-b"), "a-b");
}

TEST(Upload, FieldListFollowsTwine) {
  CoreMetadata m = ParseCoreMetadata(
      "Metadata-Version: 2.1\nName: my_pkg\nVersion: 1.0\nSummary: s\nKeywords: a,b , c\n"
      "Classifier: X :: Y\nClassifier: Z :: W\nProject-URL: Home,https://h.invalid/\n"
      "Requires-Dist: foo>=1\nLicense-File: LICENSE\nDescription-Content-Type: text/markdown\n\n# "
      "Title\nbody\n");
  DistFilename f;
  std::string err;
  ASSERT_TRUE(ParseDistFilename("my_pkg-1.0-py3-none-any.whl", &f, &err));
  FileDigests d;
  d.sha256_hex = "aa";
  d.blake2b_256_hex = "bb";
  d.md5_hex = "cc";
  auto fields = UploadFields(m, f, d);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"metadata_version", "2.1"},
      {"name", "my-pkg"},
      {"version", "1.0"},
      {"summary", "s"},
      {"keywords", "a, b, c"},
      {"classifiers", "X :: Y"},
      {"classifiers", "Z :: W"},
      {"project_urls", "Home, https://h.invalid/"},
      {"requires_dist", "foo>=1"},
      // License-File is dropped below metadata 2.4, as twine does.
      {"description_content_type", "text/markdown"},
      {"description", "# Title\nbody\n"},
      {"pyversion", "py3"},
      {"filetype", "bdist_wheel"},
      {"md5_digest", "cc"},
      {"sha256_digest", "aa"},
      {"blake2_256_digest", "bb"},
      {":action", "file_upload"},
      {"protocol_version", "1"},
  };
  EXPECT_EQ(fields, expected);

  CoreMetadata m24 = ParseCoreMetadata(
      "Metadata-Version: 2.4\nName: x\nVersion: 2\nLicense-File: A\nLicense-File: B\n"
      "Platform: any\nUnknown-Field: dropped\n");
  ASSERT_TRUE(ParseDistFilename("x-2.tar.gz", &f, &err));
  fields = UploadFields(m24, f, d);
  EXPECT_EQ(fields[3], (std::pair<std::string, std::string>("license_file", "A")));
  EXPECT_EQ(fields[4], (std::pair<std::string, std::string>("license_file", "B")));
  EXPECT_EQ(fields[5], (std::pair<std::string, std::string>("platform", "any")));
  EXPECT_EQ(fields[6], (std::pair<std::string, std::string>("pyversion", "source")));
  EXPECT_EQ(fields[7], (std::pair<std::string, std::string>("filetype", "sdist")));
}

TEST(Upload, WheelsGoFirstOtherwiseOrderIsKept) {
  EXPECT_EQ(
      UploadOrder({"a-1.tar.gz", "b-1-py3-none-any.whl", "c-1.tar.gz", "a-1-py3-none-any.whl"}),
      (std::vector<std::string>{"b-1-py3-none-any.whl", "a-1-py3-none-any.whl", "a-1.tar.gz",
                                "c-1.tar.gz"}));
}

TEST(Upload, ServerMessagesFromJsonReasonOrBody) {
  HttpResult r;
  r.transport_ok = true;
  r.status = 400;
  r.reason = "File already exists ('x.whl')";
  r.body =
      R"J({"message": "The server could not comply", "code": "400 File already exists ('x.whl')", "title": "Bad Request"})J";
  EXPECT_EQ(ServerMessage(r), "File already exists ('x.whl')");
  r.body = "";
  EXPECT_EQ(ServerMessage(r), "File already exists ('x.whl')");
  r.status = 409;
  r.reason = "Conflict";
  r.body = "<html><body><h1>Conflict</h1><p>Package 'x.whl' already exists!</p></body></html>";
  EXPECT_EQ(ServerMessage(r), "Conflict Package 'x.whl' already exists!");
  r.body =
      "<html><head><title>Error: 409</title><style>body {}</style></head><body>Package "
      "&#039;x&#039; exists</body></html>";
  EXPECT_EQ(ServerMessage(r), "Package 'x' exists");
  r.status = 401;
  r.reason = "Unauthorized";
  r.body =
      R"({"message": "Wrong credentials\n\n", "code": "401 Unauthorized", "title": "Unauthorized"})";
  EXPECT_EQ(ServerMessage(r), "Wrong credentials");
  Secret token("pypi-planted-secret-token");
  r.body = R"({"detail": "bad token pypi-planted-secret-token"})";
  EXPECT_EQ(ServerMessage(r), "bad token <hidden>");
}

TEST(Upload, ServerMessagesAreMaskedBeforeTagsAreStripped) {
  // A '>' in a token ends a "tag" when the body is turned into text: the mask must see the body
  // first.
  Secret token("pypi-tag?>~planted0123456789");
  HttpResult r;
  r.transport_ok = true;
  r.status = 400;
  r.reason = "Bad Request";
  r.body = "<html><body><p>bad credentials: pypi-tag?>~planted0123456789</p></body></html>";
  EXPECT_EQ(ServerMessage(r), "bad credentials: <hidden>");
}
