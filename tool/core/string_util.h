// The few string and file helpers the whole tool shares. Check here before writing another.
#pragma once

#include <string>
#include <string_view>
#include <vector>

std::string Trim(std::string_view s);
std::string ToLower(std::string_view s);
// Runs of whitespace become one space; leading and trailing whitespace go ("a \n b " -> "a b").
std::string CollapseWhitespace(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Well-formed UTF-8 as Python's strict decoder takes it: no truncated or overlong sequences,
// no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool IsValidUtf8(std::string_view s);
// Python's text mode (universal newlines): "\r\n" and a lone "\r" become "\n".
std::string UniversalNewlines(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// The last '/'-separated component of a path ("dist/a-1.0.tar.gz" -> "a-1.0.tar.gz").
std::string BaseName(const std::string& path);

// Reads a whole file; false (with `err` naming the path and the OS reason) on failure.
bool ReadFile(const std::string& path, std::string* out, std::string* err);

// The names in directory `dir`, sorted, without "." and ".." ([] when it cannot be read).
std::vector<std::string> DirectoryNames(const std::string& dir);

// Shell-safe single quoting, for messages that show a command the user can paste.
std::string ShellQuote(std::string_view s);

// A release number's decimal digits plus one ("199" -> "200"), with no integer overflow.
std::string IncrementDecimal(std::string digits);

// Human sizes: 1536 -> "1.5 KiB".
std::string HumanSize(unsigned long long bytes);

// Parses "100MB", "1.5GiB", "2048" into bytes (decimal MB/GB, binary MiB/GiB); false on junk.
bool ParseSize(std::string_view text, unsigned long long* bytes);
