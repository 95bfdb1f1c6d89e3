// gitignore pattern semantics (git-scm.com/docs/gitignore): comments, trailing-space trimming, '!'
// negation, '\' escapes, dir-only patterns ("build/"), anchoring (a '/' at the start or in the
// middle anchors a pattern to its file's directory; otherwise it matches a name at any depth),
// '**' (via GlobMatch), nested .gitignore files (deeper files take precedence), and "a file cannot
// be re-included if a parent directory is excluded". The same patterns, read as one spec, are
// hatch's include/exclude syntax (pathspec's GitIgnoreSpec), which MatchesSpec() implements.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct GitignorePattern {
  std::string base;  // directory of the file the pattern came from, relative ("" = root)
  std::string glob;  // the pattern, without '!', the leading '/' and the trailing '/'
  bool negated = false;
  bool dir_only = false;
  bool anchored = false;  // matched against the whole path below `base`, not just the last name
  std::string source;     // file the pattern came from (for messages)
  int line = 0;
};

class Gitignore {
 public:
  // Adds the patterns of one ignore file whose directory is `base` (relative to the matcher's root,
  // '/'-separated, "" for the root). Add files parent-first: later patterns take precedence.
  void AddPatterns(std::string_view text, const std::string& base = "",
                   const std::string& source = "");
  void AddPattern(std::string_view line, const std::string& base = "");

  // git's rule: `path` (relative, '/'-separated) is ignored when the last pattern that matches it
  // is not a negation, or when any parent directory is ignored.
  bool IsIgnored(std::string_view path, bool is_dir) const;

  // pathspec's GitIgnoreSpec rule (hatch include/exclude): the last pattern matching `path` itself
  // decides; else the last matching one of its parent directories (which covers everything below
  // it).
  bool MatchesSpec(std::string_view path) const;

  bool empty() const { return patterns_.empty(); }
  const std::vector<GitignorePattern>& patterns() const { return patterns_; }

 private:
  // +1 ignored, -1 re-included (negation), 0 no pattern matches this exact path.
  int MatchExact(std::string_view path, bool is_dir) const;
  static bool PatternMatches(const GitignorePattern& p, std::string_view path, bool is_dir);

  std::vector<GitignorePattern> patterns_;
};
