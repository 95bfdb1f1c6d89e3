// Opening files we did not create without trusting them: a FIFO, device or socket where a file is
// expected is refused (never read: opening a FIFO for reading blocks until a writer comes, reading
// a device may never end), and a project file must not resolve, through symbolic links, to
// something outside the project (`README.md -> /etc/os-release` would ship that file).
#pragma once

#include <string>

// Opens `path` read-only and returns the descriptor, or -1 with `err` ("<path>: not a regular file
// (a FIFO)" or the errno text). The open is non-blocking so a FIFO cannot hang it; the descriptor
// is switched back to blocking once fstat has shown a regular file. `no_follow` refuses a symbolic
// link as the last component (ELOOP).
int OpenRegularFile(const std::string& path, std::string* err, bool no_follow = false);

// OpenRegularFile + read everything.
bool ReadRegularFile(const std::string& path, std::string* out, std::string* err);
// Reads everything from `fd`'s offset on (`path` names it in `err`); `fd` stays open.
bool ReadOpenFile(int fd, const std::string& path, std::string* out, std::string* err);

// Whether `path` (which must exist), with every symbolic link resolved, lies inside `root` (also
// resolved). `resolved` (optional) receives the resolved path, for error messages.
bool ResolvesInside(const std::string& root, const std::string& path,
                    std::string* resolved = nullptr);

// Reads `root`/`rel` as a project file: refuses a path whose links resolve outside `root` and
// anything but a regular file. Errors name `rel` ("README.md: a symbolic link to /etc/os-release,
// outside the project").
bool ReadProjectFile(const std::string& root, const std::string& rel, std::string* out,
                     std::string* err);

// "a FIFO", "a directory", "a character device", ... for an st_mode, for error messages.
std::string FileTypeName(unsigned mode);

// Whether `path`, symbolic links followed, is a regular file / a directory (false when it does not
// exist or cannot be looked at): for questions about a project's layout, not for opening it.
bool IsRegularFile(const std::string& path);
bool IsDirectory(const std::string& path);
