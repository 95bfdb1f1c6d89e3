// A project's changelog and the entry for one version: the text `pyrelease changelog` prints, the
// annotated tag's message and the forge release notes. Reads Keep a Changelog Markdown
// ("## [1.2.0] - 2026-11-30", "## 1.2.0", "## v1.2.0 (2026-11-30)") and reStructuredText
// ("1.2.0 (2026-11-30)" underlined with = - ~ ^ or *), from CHANGELOG/CHANGES/HISTORY/NEWS with
// .md, .rst, .txt or no extension.
#pragma once

#include <string>
#include <vector>

struct ChangelogEntry {
  std::string version;  // as written in the heading ("1.2.0"), "Unreleased" for that section
  std::string heading;  // the heading line as written
  std::string body;     // the lines under it up to the next heading of the same level, trimmed
  size_t line = 0;      // 1-based line of the heading
};

struct Changelog {
  std::string path;  // absolute
  std::vector<ChangelogEntry> entries;
};

// The first changelog file found in `project_dir` (or `file` when given, relative to it). False
// with `err` when there is none (naming the names looked for) or it cannot be read.
bool ReadChangelog(const std::string& project_dir, const std::string& file, Changelog* out,
                   std::string* err);

// Parses changelog text (Markdown when `path` ends in .md or the text has '#' headings, else rst).
Changelog ParseChangelog(const std::string& path, const std::string& text);

// The entry whose heading names `version` (compared after PEP 440 normalization, "v" prefix
// allowed), or nullptr.
const ChangelogEntry* FindEntry(const Changelog& changelog, const std::string& version);
