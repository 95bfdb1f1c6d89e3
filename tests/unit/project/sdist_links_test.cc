#include "project/sdist_links.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_support.h"

namespace {

std::string Link(const ScopedTempDir& dir, const std::string& text, const std::string& rel) {
  std::string path = dir.path + "/" + rel;
  EXPECT_EQ(::symlink(text.c_str(), path.c_str()), 0) << path;
  return path;
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

TEST(SdistLinks, WithTheWalksListOnlyItsLinksAreExaminedAndRelativeSourcesResolveAgainstRoot) {
  ScopedTempDir dir;
  dir.Write("CHANGELOG", "changes\n");
  Link(dir, "CHANGELOG", "NEWS.txt");
  Link(dir, "CHANGELOG", "HISTORY.txt");
  // Sources relative to the root, as SelectFiles stores them (empty: the archive path).
  std::vector<SelectedFile> sdist = {{"", "CHANGELOG"}, {"", "HISTORY.txt"}, {"", "NEWS.txt"}};
  std::vector<std::string> known = {"NEWS.txt"};  // what the walk saw
  SdistLinks links = FindSdistLinks(sdist, dir.path, &known);
  EXPECT_EQ(links.text, (std::map<std::string, std::string>{{"NEWS.txt", "CHANGELOG"}}));
  // Without the list every file is looked at.
  links = FindSdistLinks(sdist, dir.path);
  EXPECT_EQ(links.text, (std::map<std::string, std::string>{{"HISTORY.txt", "CHANGELOG"},
                                                            {"NEWS.txt", "CHANGELOG"}}));
  // A selection that SelectFiles filled answers from what it found.
  FileSelection selection;
  selection.root = dir.path;
  selection.sdist = sdist;
  EXPECT_EQ(SdistLinksOf(selection).text.size(), 2u);
  selection.sdist_links = SdistLinks();
  EXPECT_TRUE(SdistLinksOf(selection).text.empty());
}
