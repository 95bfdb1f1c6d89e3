#include "release/changelog.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace {

const char kKeepAChangelog[] = R"(# Changelog

All notable changes to this project will be documented in this file.

## [Unreleased]

### Added
- Something new.

## [1.2.0] - 2026-11-30

### Fixed
- The `1.1.0` crash.

```
## [9.9.9] inside a code block is not a heading
```

## [1.1.0] - 2026-10-01
- First.

[1.2.0]: https://example.invalid/compare/v1.1.0...v1.2.0
)";

TEST(Changelog, KeepAChangelogEntries) {
  Changelog log = ParseChangelog("/p/CHANGELOG.md", kKeepAChangelog);
  ASSERT_EQ(log.entries.size(), 3u);
  EXPECT_EQ(log.entries[0].version, "Unreleased");
  EXPECT_EQ(log.entries[1].version, "1.2.0");
  EXPECT_EQ(log.entries[1].line, 10u);
  const ChangelogEntry* e = FindEntry(log, "1.2");
  ASSERT_NE(e, nullptr) << "compared after normalization";
  EXPECT_EQ(e->heading, "## [1.2.0] - 2026-11-30");
  EXPECT_EQ(e->body.substr(0, 9), "### Fixed");
  EXPECT_NE(e->body.find("## [9.9.9] inside a code block"), std::string::npos);
  EXPECT_EQ(FindEntry(log, "1.1.0")->body,
            "- First.\n\n[1.2.0]: https://example.invalid/compare/v1.1.0...v1.2.0");
  EXPECT_EQ(FindEntry(log, "1.3.0"), nullptr);
}

TEST(Changelog, RestructuredTextAndPlainHeadings) {
  Changelog log =
      ParseChangelog("/p/CHANGES.rst",
                     "Changes\n=======\n\nv2.0.1 (2026-11-30)\n-------------------\n\n"
                     "* Fix.\n\n2.0.0\n-----\n\n* Big.\n\nOld notes\n~~~~~~~~~\n\ntext\n");
  ASSERT_EQ(log.entries.size(), 2u);
  EXPECT_EQ(log.entries[0].version, "v2.0.1");
  EXPECT_EQ(FindEntry(log, "2.0.1")->body, "* Fix.");
  EXPECT_EQ(FindEntry(log, "2.0.0")->body, "* Big.\n\nOld notes\n~~~~~~~~~\n\ntext");
  Changelog md =
      ParseChangelog("/p/HISTORY.md", "# History\n\n## 0.3 (2026-01-01)\n\nx\n\n## 0.2\ny\n");
  ASSERT_EQ(md.entries.size(), 2u);
  EXPECT_EQ(FindEntry(md, "0.2")->body, "y");
}

TEST(Changelog, FindsTheFileOrSaysWhichNamesItTried) {
  ScopedTempDir dir;
  Changelog log;
  std::string err;
  EXPECT_FALSE(ReadChangelog(dir.path, "", &log, &err));
  EXPECT_NE(err.find("looked for CHANGELOG, CHANGES, HISTORY or NEWS"), std::string::npos) << err;
  dir.Write("CHANGES.rst", "1.0\n===\n\nfirst\n");
  ASSERT_TRUE(ReadChangelog(dir.path, "", &log, &err)) << err;
  EXPECT_EQ(log.entries.size(), 1u);
  EXPECT_FALSE(ReadChangelog(dir.path, "docs/news.md", &log, &err));
  EXPECT_NE(err.find("docs/news.md: no such file"), std::string::npos) << err;
}

}  // namespace
