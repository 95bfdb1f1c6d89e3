#include "publish/file_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "build/zip_writer.h"
#include "core/hash.h"
#include "core/string_util.h"
#include "publish/simple_index.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  ScopedTempDir dir;
  fs::path path{dir.path};
};

std::string MakeWheel(const fs::path& dir, const std::string& name, const std::string& version,
                      const std::string& extra = "") {
  std::string file = (dir / (name + "-" + version + "-py3-none-any.whl")).string();
  std::string metadata = "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version +
                         "\nRequires-Python: >=3.8\n" + extra;
  ZipWriter zip;
  std::string err;
  EXPECT_TRUE(zip.Open(file, &err)) << err;
  std::string di = name + "-" + version + ".dist-info/";
  EXPECT_TRUE(zip.Add({{name + "/__init__.py", "", "x = 1\n"},
                       {di + "METADATA", "", metadata},
                       {di + "WHEEL", "", "Wheel-Version: 1.0\n"},
                       {di + "RECORD", "", ""}},
                      nullptr, &err))
      << err;
  EXPECT_TRUE(zip.Commit(&err)) << err;
  return file;
}

}  // namespace

TEST(FileIndexPublish, PublishesFilesPagesHashesAndMetadata) {
  TempDir tmp;
  std::string wheel = MakeWheel(tmp.path, "my_pkg", "1.0");
  fs::path root = tmp.path / "index";
  std::vector<FileIndexEntry> entries;
  std::string err;
  ASSERT_TRUE(PublishToFileIndex("file://" + root.string(), {wheel}, &entries, &err)) << err;
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome, PublishOutcome::kAdded);
  EXPECT_TRUE(fs::exists(root / "files" / "my_pkg-1.0-py3-none-any.whl"));
  std::string metadata;
  ASSERT_TRUE(ReadFile((root / "files" / "my_pkg-1.0-py3-none-any.whl.metadata").string(),
                       &metadata, &err));
  EXPECT_NE(metadata.find("Name: my_pkg"), std::string::npos);

  FileDigests d;
  ASSERT_TRUE(DigestFile(wheel, &d, &err));
  // Both the JSON and the HTML page say the same thing, through the simple-index client.
  std::vector<IndexFile> files;
  ASSERT_TRUE(FetchProjectFiles((root / "simple").string(), "My.Pkg", &files, &err)) << err;
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].sha256, d.sha256_hex);
  EXPECT_EQ(files[0].size, static_cast<long long>(d.size));
  EXPECT_EQ(files[0].requires_python, ">=3.8");
  EXPECT_EQ(files[0].core_metadata_sha256, Sha256Hex(metadata));
  std::string html;
  ASSERT_TRUE(ReadFile((root / "simple" / "my-pkg" / "index.html").string(), &html, &err));
  std::vector<IndexFile> from_html;
  ASSERT_TRUE(ParseSimpleHtml(
      html, "file://" + (root / "simple" / "my-pkg" / "index.html").string(), &from_html, &err));
  ASSERT_EQ(from_html.size(), 1u);
  EXPECT_EQ(from_html[0].url, files[0].url);
  EXPECT_EQ(from_html[0].sha256, d.sha256_hex);
  EXPECT_EQ(from_html[0].requires_python, ">=3.8");  // escaped as &gt;= in the page
  EXPECT_NE(html.find("data-requires-python=\"&gt;=3.8\""), std::string::npos);
  std::string list;
  ASSERT_TRUE(ReadFile((root / "simple" / "index.html").string(), &list, &err));
  EXPECT_NE(list.find("<a href=\"my-pkg/\">my-pkg</a>"), std::string::npos);
}

TEST(FileIndexPublish, IdenticalRepublishIsANoOpAndADifferentFileIsRefused) {
  TempDir tmp;
  fs::create_directories(tmp.path / "a");
  fs::create_directories(tmp.path / "b");
  std::string wheel = MakeWheel(tmp.path / "a", "my_pkg", "1.0");
  std::string other = MakeWheel(tmp.path / "b", "my_pkg", "1.0", "Summary: changed\n");
  std::string second = MakeWheel(tmp.path / "a", "my_pkg", "2.0");
  std::string root = (tmp.path / "index").string();
  std::vector<FileIndexEntry> entries;
  std::string err;
  ASSERT_TRUE(PublishToFileIndex(root, {wheel}, &entries, &err)) << err;
  ASSERT_TRUE(PublishToFileIndex(root, {wheel}, &entries, &err)) << err;
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome, PublishOutcome::kAlreadyThere);

  // A batch with a new good file and a conflicting one publishes nothing.
  EXPECT_FALSE(PublishToFileIndex(root, {second, other}, &entries, &err));
  EXPECT_NE(err.find("File already exists ('my_pkg-1.0-py3-none-any.whl'"), std::string::npos)
      << err;
  EXPECT_NE(err.find(other), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(fs::path(root) / "files" / "my_pkg-2.0-py3-none-any.whl"));
  std::vector<IndexFile> files;
  ASSERT_TRUE(FetchProjectFiles(root, "my-pkg", &files, &err)) << err;
  EXPECT_EQ(files.size(), 1u);

  ASSERT_TRUE(PublishToFileIndex(root, {second}, &entries, &err)) << err;
  ASSERT_TRUE(FetchProjectFiles(root, "my-pkg", &files, &err)) << err;
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1].filename, "my_pkg-2.0-py3-none-any.whl");
}

TEST(FileIndexPublish, RejectsNonDistsAndMismatchedNames) {
  TempDir tmp;
  std::string junk = (tmp.path / "notes.txt").string();
  std::ofstream(junk) << "x";
  std::string root = (tmp.path / "index").string();
  std::vector<FileIndexEntry> entries;
  std::string err;
  EXPECT_FALSE(PublishToFileIndex(root, {junk}, &entries, &err));
  EXPECT_NE(err.find("notes.txt"), std::string::npos);
  std::string wheel = MakeWheel(tmp.path, "my_pkg", "1.0");
  fs::rename(wheel, tmp.path / "other-1.0-py3-none-any.whl");
  EXPECT_FALSE(PublishToFileIndex(root, {(tmp.path / "other-1.0-py3-none-any.whl").string()},
                                  &entries, &err));
  EXPECT_NE(err.find("does not match Name"), std::string::npos) << err;
  EXPECT_FALSE(PublishToFileIndex("https://host/legacy/", {junk}, &entries, &err));
}

TEST(FileIndexPublish, ASymlinkPlantedAtTheLockFileIsRefused) {
  TempDir tmp;
  std::string wheel = MakeWheel(tmp.path, "my_pkg", "1.0");
  fs::path root = tmp.path / "index";
  fs::create_directories(root);
  fs::path victim = tmp.path / "victim";
  fs::create_symlink(victim, root / ".pyrelease-index.lock");
  std::vector<FileIndexEntry> entries;
  std::string err;
  EXPECT_FALSE(PublishToFileIndex(root.string(), {wheel}, &entries, &err));
  EXPECT_NE(err.find(".pyrelease-index.lock: a symbolic link; refusing to lock through it"),
            std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(victim));
  EXPECT_FALSE(fs::exists(root / "files" / "my_pkg-1.0-py3-none-any.whl"));
}
