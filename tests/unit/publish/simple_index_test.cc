#include "publish/simple_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "test_support.h"

TEST(SimpleIndex, ParsesPep503Html) {
  const std::string html =
      R"(<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"></head><body>
<a href="../../packages/my_pkg-1.0-py3-none-any.whl#sha256=ABCDEF" data-requires-python="&gt;=3.8"
   data-dist-info-metadata="sha256=1111" data-core-metadata="sha256=2222">my_pkg-1.0-py3-none-any.whl</a><br/>
<A HREF='/packages/my_pkg-1.0.tar.gz' data-yanked="broken">my_pkg-1.0.tar.gz</A>
<a href="my_pkg-0.9.tar.gz#md5=00" data-yanked data-core-metadata>my_pkg-0.9.tar.gz</a>
</body></html>)";
  std::vector<IndexFile> files;
  std::string err;
  ASSERT_TRUE(ParseSimpleHtml(html, "http://127.0.0.1:9/simple/my-pkg/", &files, &err)) << err;
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].filename, "my_pkg-1.0-py3-none-any.whl");
  EXPECT_EQ(files[0].url, "http://127.0.0.1:9/packages/my_pkg-1.0-py3-none-any.whl");
  EXPECT_EQ(files[0].sha256, "abcdef");
  EXPECT_EQ(files[0].requires_python, ">=3.8");
  EXPECT_EQ(files[0].core_metadata_sha256, "2222");
  EXPECT_FALSE(files[0].yanked);
  EXPECT_EQ(files[1].url, "http://127.0.0.1:9/packages/my_pkg-1.0.tar.gz");
  EXPECT_EQ(files[1].sha256, "");
  EXPECT_TRUE(files[1].yanked);
  EXPECT_EQ(files[1].yanked_reason, "broken");
  EXPECT_TRUE(files[2].yanked);
  EXPECT_EQ(files[2].core_metadata_sha256, "true");
  EXPECT_EQ(files[2].sha256, "");  // md5 fragments are not sha256
  EXPECT_EQ(FindIndexFile(files, "my_pkg-1.0.tar.gz"), &files[1]);
  EXPECT_EQ(FindIndexFile(files, "nope"), nullptr);
}

TEST(SimpleIndex, ParsesPep691Json) {
  const std::string json = R"({"meta": {"api-version": "1.1"}, "name": "my-pkg", "files": [
    {"filename": "my_pkg-1.0-py3-none-any.whl", "url": "../../+f/ab/my_pkg-1.0-py3-none-any.whl",
     "hashes": {"sha256": "ABC"}, "requires-python": ">=3.9", "size": 1234,
     "dist-info-metadata": {"sha256": "99"}, "yanked": false},
    {"filename": "my_pkg-1.0.tar.gz", "url": "https://h/x/my_pkg-1.0.tar.gz", "hashes": {},
     "core-metadata": true, "yanked": "bad release"}]})";
  std::vector<IndexFile> files;
  std::string err;
  ASSERT_TRUE(ParseSimpleJson(json, "http://h/u/i/+simple/my-pkg/", &files, &err)) << err;
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].url, "http://h/u/i/+f/ab/my_pkg-1.0-py3-none-any.whl");
  EXPECT_EQ(files[0].sha256, "abc");
  EXPECT_EQ(files[0].size, 1234);
  EXPECT_EQ(files[0].requires_python, ">=3.9");
  EXPECT_EQ(files[0].core_metadata_sha256, "99");
  EXPECT_EQ(files[1].size, -1);
  EXPECT_EQ(files[1].core_metadata_sha256, "true");
  EXPECT_TRUE(files[1].yanked);
  EXPECT_FALSE(ParseSimpleJson("{\"meta\": {}}", "http://h/", &files, &err));
  EXPECT_NE(err.find("files"), std::string::npos);
  EXPECT_FALSE(ParseSimpleJson("<html>", "http://h/", &files, &err));
}

TEST(SimpleIndex, ReadsTheProjectsOfARootPage) {
  std::set<std::string> projects;
  // pypiserver's root page: the anchor text is the name; an empty text falls back to the href.
  ASSERT_TRUE(ParseSimpleRoot(R"(<html><body><h1>Simple Index</h1>
<a href="bench-upload/">bench-upload</a><br>
<a href="My_Pkg/">My_Pkg</a><br><a href="/simple/Other.Name/"></a></body></html>)",
                              "text/html; charset=UTF-8", &projects));
  EXPECT_EQ(projects, (std::set<std::string>{"bench-upload", "my-pkg", "other-name"}));
  // An empty index lists nothing: every project is new there.
  ASSERT_TRUE(ParseSimpleRoot("<html><body></body></html>", "text/html", &projects));
  EXPECT_TRUE(projects.empty());
  ASSERT_TRUE(ParseSimpleRoot(
      R"({"meta": {"api-version": "1.0"}, "projects": [{"name": "Foo_Bar"}, {"name": "baz"}, 7]})",
      "application/vnd.pypi.simple.v1+json", &projects));
  EXPECT_EQ(projects, (std::set<std::string>{"foo-bar", "baz"}));
  // A JSON page that is not a root listing is not read as an empty one.
  EXPECT_FALSE(ParseSimpleRoot(R"({"files": []})", "application/json", &projects));
  EXPECT_FALSE(ParseSimpleRoot("not json", "application/vnd.pypi.simple.v1+json", &projects));
}

TEST(SimpleIndex, ReadsTheFilesOfAJsonReleaseListing) {
  std::map<std::string, std::string> names;
  // pypiserver's /<project>/json: urls only (the name is the last component, unescaped).
  ASSERT_TRUE(ParseReleaseFiles(
      R"({"info": {"version": "1.0"}, "releases": {"1.0": [{"url": "http://h/packages/b_u-1.0-py3-none-any.whl"},
          {"url": "../packages/b_u-1.0%2Blocal.tar.gz"}], "0.9": []}})",
      &names));
  EXPECT_EQ(names, (std::map<std::string, std::string>{
                       {"b_u-1.0-py3-none-any.whl", "http://h/packages/b_u-1.0-py3-none-any.whl"},
                       {"b_u-1.0+local.tar.gz", "../packages/b_u-1.0%2Blocal.tar.gz"}}));
  // Warehouse's: a filename beside the url.
  ASSERT_TRUE(ParseReleaseFiles(
      R"({"releases": {"2.0": [{"filename": "x-2.0.tar.gz", "url": "https://h/p/x/other-name"}]}})",
      &names));
  EXPECT_EQ(names,
            (std::map<std::string, std::string>{{"x-2.0.tar.gz", "https://h/p/x/other-name"}}));
  ASSERT_TRUE(ParseReleaseFiles(R"({"releases": {}})", &names));
  EXPECT_TRUE(names.empty());
  // Anything else is no listing (the caller asks the project's page instead), never an empty one.
  EXPECT_FALSE(ParseReleaseFiles("<html></html>", &names));
  EXPECT_FALSE(ParseReleaseFiles(R"({"files": []})", &names));
  EXPECT_FALSE(ParseReleaseFiles(R"({"releases": {"1.0": [{"size": 3}]}})", &names));
  EXPECT_FALSE(ParseReleaseFiles(R"({"releases": {"1.0": [{"url": "http://h/dir/"}]}})", &names));
  EXPECT_FALSE(ParseReleaseFiles(R"({"releases": {"1.0": "x"}})", &names));
}

TEST(SimpleIndex, ReadsFileIndexesAndNormalizesTheName) {
  namespace fs = std::filesystem;
  ScopedTempDir temp;
  fs::path root = temp.path;
  fs::create_directories(root / "simple" / "my-pkg");
  std::ofstream(root / "simple" / "my-pkg" / "index.html")
      << "<a href=\"../../files/my_pkg-1.0.tar.gz#sha256=aa\">my_pkg-1.0.tar.gz</a>";
  std::vector<IndexFile> files;
  std::string err;
  // The root, the simple/ directory, as a path or a file: URL, and an unnormalized name.
  for (const std::string& base :
       {root.string(), (root / "simple").string(), "file://" + (root / "simple").string()}) {
    ASSERT_TRUE(FetchProjectFiles(base, "My_Pkg", &files, &err)) << err;
    ASSERT_EQ(files.size(), 1u) << base;
    EXPECT_EQ(files[0].url, "file://" + (root / "files" / "my_pkg-1.0.tar.gz").string());
    EXPECT_EQ(files[0].sha256, "aa");
  }
  // JSON wins when both exist.
  std::ofstream(root / "simple" / "my-pkg" / "index.json")
      << R"({"meta": {"api-version": "1.1"}, "name": "my-pkg", "files": [{"filename": "a.whl", "url": "a.whl", "hashes": {"sha256": "bb"}, "size": 3}]})";
  ASSERT_TRUE(FetchProjectFiles(root.string() + "/simple/", "my-pkg", &files, &err)) << err;
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].size, 3);
  // Unknown project: an empty list, not an error.
  ASSERT_TRUE(FetchProjectFiles(root.string(), "other", &files, &err)) << err;
  EXPECT_TRUE(files.empty());
  EXPECT_FALSE(FetchProjectFiles(root.string() + "/missing", "other", &files, &err));
}
