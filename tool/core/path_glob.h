// Glob matching of '/'-separated relative paths with git's wildmatch rules (WM_PATHNAME): '*', '?'
// and '[...]' stay inside one path segment; '**' as a whole segment matches zero or more segments
// ("a/**/b", "**/x", "dir/**"); '\' escapes the next character. Used by gitignore patterns and by
// every backend's include/exclude globs.
#pragma once

#include <string_view>

bool WildMatch(std::string_view pattern, std::string_view path);

// True when the pattern has a wildcard or class ('*', '?', '['), i.e. it is not a literal path.
bool HasGlobMagic(std::string_view pattern);
