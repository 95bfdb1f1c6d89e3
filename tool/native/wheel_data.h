// Files a native wheel holds beside its modules: the DATA, HEADERS and SCRIPTS of a CMake package
// and what its install(... COMPONENT) rules staged. Each source is "SCHEME:PATH" with a wheel
// install scheme (data, headers, scripts, purelib, platlib): a file goes into the scheme under its
// own name, a directory's files keep their paths below it. platlib is the wheel's root (a native
// wheel is Root-Is-Purelib: false); the others go to <dist>-<version>.data/<scheme>/.
#pragma once

#include <string>
#include <vector>

#include "project/file_selection.h"

struct WheelDataSource {
  std::string scheme;  // data, headers, scripts, purelib or platlib
  std::string path;    // a file or a directory on disk
};

// Parses "SCHEME:PATH"; the message names the argument and the schemes.
bool ParseWheelDataSource(const std::string& arg, WheelDataSource* out, std::string* err);

// Puts `file` into `selection->wheel`, replacing a selected file at the same archive path (a stale
// build product in the source tree, or a file install() stages as well); keeps the list sorted.
void PlaceInWheel(const SelectedFile& file, FileSelection* selection);

// Adds every file of `sources` to the wheel (`data_dir`: "<dist>-<version>.data/") and to the
// inputs (the files, and the directories walked, so an added file is noticed). `added` receives
// the files' absolute paths. Fails naming the path when it does not exist or holds no file.
bool AddWheelData(const std::vector<WheelDataSource>& sources, const std::string& data_dir,
                  FileSelection* selection, std::vector<std::string>* added, std::string* err);
