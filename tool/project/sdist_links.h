// Symbolic links among an sdist's files, stored as the backends store them: tarfile.add (flit_core,
// hatchling, setuptools) writes a link inside the project as a link member holding the link's own
// text, where a plain copy would store the target's bytes. The wheel stores the target's content.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "project/file_selection.h"

struct SdistLinks {
  // Archive path -> the link's text: written as link members.
  std::map<std::string, std::string> text;
  // Links the native writer does not store as the backends do (archive path, why): a link to a
  // directory, to a file outside the sdist, an absolute or escaping text. Their target's bytes are
  // stored instead, so `--backend auto` takes the backend path for them.
  std::vector<std::pair<std::string, std::string>> unsupported;
};

// Finds the links among `sdist` (paths relative to the sdist's top directory).
SdistLinks FindSdistLinks(const std::vector<SelectedFile>& sdist);
