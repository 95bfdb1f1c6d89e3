#include "project/readme.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_support.h"

TEST(Readme, ContentTypeFromExtension) {
  EXPECT_EQ(ReadmeContentTypeForPath("README.md"), "text/markdown");
  EXPECT_EQ(ReadmeContentTypeForPath("docs/README.RST"), "text/x-rst");
  EXPECT_EQ(ReadmeContentTypeForPath("README.txt"), "text/plain");
  EXPECT_EQ(ReadmeContentTypeForPath("README"), "");
  EXPECT_EQ(ReadmeContentTypeForPath("README.adoc"), "");
}

TEST(Readme, ContentTypeValidation) {
  std::string err;
  for (const char* ok :
       {"text/markdown", "text/x-rst", "text/plain", "text/markdown; charset=UTF-8",
        "text/markdown; variant=GFM", "text/markdown; charset=utf-8; variant=CommonMark",
        "text/plain; charset=\"UTF-8\""}) {
    EXPECT_TRUE(ValidateReadmeContentType(ok, &err)) << ok << ": " << err;
  }
  EXPECT_FALSE(ValidateReadmeContentType("text/html", &err));
  EXPECT_NE(err.find("'text/html'"), std::string::npos);
  EXPECT_FALSE(ValidateReadmeContentType("text/markdown; charset=latin-1", &err));
  EXPECT_NE(err.find("UTF-8"), std::string::npos);
  EXPECT_FALSE(ValidateReadmeContentType("text/markdown; variant=Original", &err));
  EXPECT_FALSE(ValidateReadmeContentType("text/x-rst; variant=GFM", &err));
  EXPECT_FALSE(ValidateReadmeContentType("text/markdown; charset", &err));
}

TEST(Readme, LoadFileErrors) {
  Readme r;
  std::string err;
  EXPECT_FALSE(LoadReadmeFile(PYRELEASE_TEST_PROJECTS_DIR, "../README.md", "", &r, &err));
  EXPECT_FALSE(LoadReadmeFile(PYRELEASE_TEST_PROJECTS_DIR, "/etc/passwd", "", &r, &err));
  EXPECT_FALSE(LoadReadmeFile(PYRELEASE_TEST_PROJECTS_DIR, "md_readme/missing.md", "", &r, &err));
  EXPECT_NE(err.find("missing.md"), std::string::npos);
  ASSERT_TRUE(LoadReadmeFile(PYRELEASE_TEST_PROJECTS_DIR, "md_readme/README.md", "", &r, &err))
      << err;
  EXPECT_EQ(r.content_type, "text/markdown");
  EXPECT_EQ(r.path, "md_readme/README.md");
  EXPECT_FALSE(r.text.empty());
}

TEST(Readme, FifoAndLinksOutsideTheProjectAreRefused) {
  ScopedTempDir outside, project;
  std::string secret = outside.Write("os-release", "NAME=secret\n");
  ASSERT_EQ(::symlink(secret.c_str(), (project.path + "/README.md").c_str()), 0);
  Readme readme;
  std::string err;
  EXPECT_FALSE(LoadReadmeFile(project.path, "README.md", "", &readme, &err));
  EXPECT_NE(err.find("README.md: a symbolic link to "), std::string::npos) << err;
  EXPECT_NE(err.find("outside the project"), std::string::npos) << err;
  EXPECT_TRUE(readme.text.empty());

  // A FIFO named README.rst once hung `build` forever.
  std::string fifo = MakeFifo(project.path, "README.rst");
  bool ok = true;
  EXPECT_TRUE(ReturnsWithin(
      5, fifo, [&] { ok = LoadReadmeFile(project.path, "README.rst", "", &readme, &err); }));
  EXPECT_FALSE(ok);
  EXPECT_NE(err.find("README.rst: not a regular file (a FIFO)"), std::string::npos) << err;
}
