// The depfile inputs of one archive. FileSelection::DepfileInputs() serves both archives, but a
// wheel does not depend on what only the sdist ships (tests/, docs/, ...): touching such a file
// must rebuild the sdist and leave the wheel alone (CMake's "rebuild exactly the archives that
// contain it").
#pragma once

#include <string>
#include <vector>

#include "project/file_selection.h"
#include "project/pyproject.h"

// selection.DepfileInputs() minus everything inside a top-level directory of the project that holds
// no wheel file, except the files pyproject.toml names (readme, license files, a dynamic version or
// dependency file) and the directories leading to them. Files at the project root and the root
// itself always stay (a new top-level module must be noticed). Pure: no file-system access.
std::vector<std::string> WheelInputs(const Project& project, const FileSelection& selection);
