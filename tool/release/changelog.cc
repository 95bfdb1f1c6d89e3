#include "release/changelog.h"

#include <filesystem>

#include "core/string_util.h"
#include "spec/pep440.h"

namespace fs = std::filesystem;

namespace {

struct Heading {
  size_t line_index;  // 0-based index of the title line
  size_t end_index;   // index of the first body line (after an rst underline)
  int level;          // Markdown: number of '#'; rst: order of first appearance of the underline
  std::string title;
  std::string text;  // the heading as written (both lines for rst)
};

// The version a heading names: "[1.2.0] - 2026-11-30" -> "1.2.0", "Unreleased", or "".
std::string HeadingVersion(const std::string& title) {
  if (ToLower(Trim(title)).find("unreleased") != std::string::npos) return "Unreleased";
  std::string token;
  for (size_t i = 0; i <= title.size(); ++i) {
    char c = i < title.size() ? title[i] : ' ';
    bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '!' || c == '+' ||
                c == '-' || c == '_';
    if (word) {
      token += c;
      continue;
    }
    while (!token.empty() && (token.back() == '.' || token.back() == '-')) token.pop_back();
    if (!token.empty() &&
        std::isdigit(static_cast<unsigned char>(token[token[0] == 'v' ? 1 : 0])) &&
        IsValidVersion(token)) {
      return token;
    }
    token.clear();
  }
  return "";
}

bool IsRstUnderline(const std::string& line, size_t title_width) {
  std::string t = Trim(line);
  if (t.size() < 3 || t.size() < title_width) return false;
  if (std::string("=-~^*+#\"'`").find(t[0]) == std::string::npos) return false;
  return t.find_first_not_of(t[0]) == std::string::npos;
}

std::vector<Heading> MarkdownHeadings(const std::vector<std::string>& lines) {
  std::vector<Heading> out;
  bool in_fence = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string t = Trim(lines[i]);
    if (StartsWith(t, "```") || StartsWith(t, "~~~")) in_fence = !in_fence;
    if (in_fence || !StartsWith(lines[i], "#")) continue;
    size_t level = lines[i].find_first_not_of('#');
    if (level == std::string::npos || level > 6 || lines[i][level] != ' ') continue;
    out.push_back({i, i + 1, int(level), Trim(lines[i].substr(level)), lines[i]});
  }
  return out;
}

std::vector<Heading> RstHeadings(const std::vector<std::string>& lines) {
  std::vector<Heading> out;
  std::string order;  // underline characters in order of first appearance = levels
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string title = Trim(lines[i]);
    if (title.empty() || !IsRstUnderline(lines[i + 1], title.size()) ||
        IsRstUnderline(lines[i], 0)) {
      continue;
    }
    char c = Trim(lines[i + 1])[0];
    if (order.find(c) == std::string::npos) order += c;
    out.push_back({i, i + 2, int(order.find(c)) + 1, title, lines[i] + "\n" + lines[i + 1]});
    ++i;
  }
  return out;
}

}  // namespace

Changelog ParseChangelog(const std::string& path, const std::string& text) {
  Changelog log;
  log.path = path;
  std::vector<std::string> lines = Split(text, '\n');
  for (auto& l : lines) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
  }
  bool markdown = EndsWith(ToLower(path), ".md") || EndsWith(ToLower(path), ".markdown");
  std::vector<Heading> headings = markdown ? MarkdownHeadings(lines) : RstHeadings(lines);
  if (!markdown && headings.empty()) headings = MarkdownHeadings(lines);
  // Entries are the headings at the level of the first one that names a version.
  int level = 0;
  for (const auto& h : headings) {
    if (!HeadingVersion(h.title).empty()) {
      level = h.level;
      break;
    }
  }
  if (level == 0) return log;
  for (size_t k = 0; k < headings.size(); ++k) {
    const Heading& h = headings[k];
    if (h.level != level) continue;
    size_t end = lines.size();
    for (size_t n = k + 1; n < headings.size(); ++n) {
      if (headings[n].level <= level) {
        end = headings[n].line_index;
        break;
      }
    }
    std::vector<std::string> body(lines.begin() + std::min(h.end_index, end), lines.begin() + end);
    std::string version = HeadingVersion(h.title);
    if (version.empty()) continue;
    log.entries.push_back({version, h.text, Trim(Join(body, "\n")), h.line_index + 1});
  }
  return log;
}

bool ReadChangelog(const std::string& project_dir, const std::string& file, Changelog* out,
                   std::string* err) {
  std::vector<std::string> candidates;
  if (!file.empty()) {
    candidates.push_back(file);
  } else {
    for (const char* stem : {"CHANGELOG", "CHANGES", "HISTORY", "NEWS", "changelog", "Changelog"}) {
      for (const char* ext : {".md", ".rst", ".txt", ""})
        candidates.push_back(std::string(stem) + ext);
    }
  }
  for (const auto& rel : candidates) {
    fs::path path = fs::path(project_dir) / rel;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    std::string text;
    if (!ReadFile(path.string(), &text, err)) return false;
    *out = ParseChangelog(path.string(), text);
    return true;
  }
  *err = file.empty() ? "no changelog in " + project_dir +
                            " (looked for CHANGELOG, CHANGES, HISTORY or NEWS with .md, .rst, .txt)"
                      : (fs::path(project_dir) / file).string() + ": no such file";
  return false;
}

const ChangelogEntry* FindEntry(const Changelog& changelog, const std::string& version) {
  Pep440Version want;
  std::string ignored;
  bool parsed = ParseVersion(version, &want, &ignored);
  for (const auto& e : changelog.entries) {
    Pep440Version have;
    if (parsed ? ParseVersion(e.version, &have, &ignored) && CompareVersions(have, want) == 0
               : e.version == version) {
      return &e;  // 1.2 names the same release as 1.2.0 (PEP 440 pads with zeros)
    }
  }
  return nullptr;
}
