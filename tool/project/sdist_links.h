// Symbolic links among an sdist's files, stored as the backends store them: tarfile.add (flit_core,
// hatchling, setuptools) writes a link inside the project as a link member holding the link's own
// text, where a plain copy would store the target's bytes. The wheel stores the target's content.
#pragma once

#include <string>
#include <vector>

#include "project/file_selection.h"

// Finds the links among `sdist` (paths relative to the sdist's top directory; a relative source is
// relative to `root`). With `known_links` (project-relative, sorted: SourceTree::file_links), only
// those files are links and nothing else is stat'ed; without it, every file is (lstat).
SdistLinks FindSdistLinks(const std::vector<SelectedFile>& sdist, const std::string& root = "",
                          const std::vector<std::string>* known_links = nullptr);
// selection.sdist_links when SelectFiles found them, else FindSdistLinks over its sdist.
SdistLinks SdistLinksOf(const FileSelection& selection);
