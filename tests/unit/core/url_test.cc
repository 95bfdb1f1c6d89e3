#include "core/url.h"

#include <gtest/gtest.h>

TEST(Url, ResolvesRelativeLinksLikeBrowsersAndPip) {
  const std::string page = "http://127.0.0.1:8080/simple/my-pkg/";
  EXPECT_EQ(ResolveUrl(page, "../../packages/my_pkg-1.0.tar.gz#sha256=ab"),
            "http://127.0.0.1:8080/packages/my_pkg-1.0.tar.gz#sha256=ab");
  EXPECT_EQ(ResolveUrl(page, "/root/dev/+f/abc/x.whl"),
            "http://127.0.0.1:8080/root/dev/+f/abc/x.whl");
  EXPECT_EQ(ResolveUrl(page, "x.whl"), "http://127.0.0.1:8080/simple/my-pkg/x.whl");
  EXPECT_EQ(ResolveUrl(page, "https://other.example/a"), "https://other.example/a");
  EXPECT_EQ(ResolveUrl("file:///idx/simple/p/index.html", "../../files/p-1.whl"),
            "file:///idx/files/p-1.whl");
  // RFC 3986 §5.4.1 examples.
  const std::string base = "http://a/b/c/d;p?q";
  EXPECT_EQ(ResolveUrl(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "../.."), "http://a/");
  EXPECT_EQ(ResolveUrl(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(ResolveUrl(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(ResolveUrl(base, "//g"), "http://g");
}

TEST(Url, FileUrlsAndDisplay) {
  EXPECT_EQ(FileUrlToPath("file:///tmp/my%20index/simple"), "/tmp/my index/simple");
  EXPECT_EQ(PathToFileUrl("/tmp/my index"), "file:///tmp/my%20index");
  EXPECT_TRUE(IsFileUrl("FILE:///x"));
  EXPECT_FALSE(IsFileUrl("/x"));
  EXPECT_EQ(UrlForDisplay("https://user:pw@host:1/legacy/?a=b#c"), "https://host:1/legacy/");
  EXPECT_EQ(WithTrailingSlash("http://h/simple"), "http://h/simple/");
  EXPECT_EQ(WithTrailingSlash("http://h/simple/"), "http://h/simple/");
}
