#include "build/sdist_links.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <clocale>
#include <fstream>
#include <sstream>

#include "build/sdist.h"
#include "spec/dist_reader.h"
#include "test_support.h"

namespace {

std::string Link(const ScopedTempDir& dir, const std::string& text, const std::string& rel) {
  std::string path = dir.path + "/" + rel;
  EXPECT_EQ(::symlink(text.c_str(), path.c_str()), 0) << path;
  return path;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(SdistLinks, ALinkToAStoredFileIsKeptWithItsText) {
  ScopedTempDir dir;
  FileSelection files;
  files.sdist = {{dir.Write("CHANGELOG", "changes\n"), "CHANGELOG", false},
                 {Link(dir, "CHANGELOG", "NEWS.txt"), "NEWS.txt", false},
                 {dir.Write("docs/a.css", "a{}\n"), "docs/a.css", false},
                 {dir.Write("test/data/x", ""), "test/data/x", false},
                 {Link(dir, "../../docs/a.css", "test/data/a.css"), "test/data/a.css", false}};
  SdistLinks links = FindSdistLinks(files.sdist);
  EXPECT_TRUE(links.unsupported.empty());
  EXPECT_EQ(links.text, (std::map<std::string, std::string>{
                            {"NEWS.txt", "CHANGELOG"}, {"test/data/a.css", "../../docs/a.css"}}));
}

TEST(SdistLinks, OtherLinksAreNamedWithTheReason) {
  ScopedTempDir dir;
  dir.Write("sub/inner.txt", "x\n");
  dir.Write("left-out.txt", "y\n");
  dir.Write("kept.txt", "z\n");
  std::vector<SelectedFile> sdist = {
      {dir.path + "/kept.txt", "kept.txt", false},
      {Link(dir, "sub", "to-dir"), "to-dir", false},
      {Link(dir, dir.path + "/kept.txt", "absolute"), "absolute", false},
      {Link(dir, "left-out.txt", "to-left-out"), "to-left-out", false},
      {Link(dir, "sub/../../" + dir.path.substr(dir.path.rfind('/') + 1) + "/kept.txt", "climbs"),
       "climbs", false}};
  SdistLinks links = FindSdistLinks(sdist);
  EXPECT_TRUE(links.text.empty());
  std::map<std::string, std::string> why(links.unsupported.begin(), links.unsupported.end());
  EXPECT_EQ(why.size(), 4u);
  EXPECT_NE(why["to-dir"].find("does not point to a regular file"), std::string::npos);
  EXPECT_NE(why["absolute"].find("is absolute or leaves the sdist"), std::string::npos);
  EXPECT_NE(why["to-left-out"].find("'left-out.txt', which the sdist does not store"),
            std::string::npos);
  EXPECT_NE(why["climbs"].find("is absolute or leaves the sdist"), std::string::npos);
}

TEST(SdistLinks, TheSdistStoresALinkMemberReproducibly) {
  ScopedTempDir dir;
  Project project;
  project.dir = dir.path;
  project.meta.name = "demo";
  project.meta.version = "1.0";
  FileSelection files;
  files.sdist = {{dir.Write("CHANGELOG", "changes\n"), "CHANGELOG", false},
                 {Link(dir, "CHANGELOG", "NEWS.txt"), "NEWS.txt", false}};
  std::string out;
  std::vector<Diagnostic> diags;
  dir.Write("out1/.keep", "");
  dir.Write("out2/.keep", "");
  ASSERT_TRUE(BuildSdist(project, files, dir.path + "/out1", &out, &diags));
  std::string first = Slurp(out);
  ASSERT_TRUE(BuildSdist(project, files, dir.path + "/out2", &out, &diags));
  EXPECT_EQ(first, Slurp(out));  // same bytes twice

  std::setlocale(LC_CTYPE, "C.UTF-8");
  DistReader r;
  std::string err;
  ASSERT_TRUE(r.Open(out, &err)) << err;
  DistMember m;
  bool saw_link = false;
  while (r.Next(&m, &err)) {
    if (m.name != "demo-1.0/NEWS.txt") continue;
    saw_link = true;
    EXPECT_TRUE(m.is_symlink);
    EXPECT_FALSE(m.is_regular);
    EXPECT_EQ(m.link_target, "CHANGELOG");
    EXPECT_EQ(m.mode, 0755u);
    EXPECT_EQ(m.size, 0);
  }
  EXPECT_TRUE(saw_link);
}
