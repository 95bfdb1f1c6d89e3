// poetry-core's Requires-Dist text (Dependency.to_pep_508 after create_from_pep_508), for the
// requirements whose rendering is known exactly: poetry re-parses every requirement into its own
// constraint model and prints it back (`name[extras] (>=1,<2) ; marker`), merging, reordering or
// expanding what it can (`~=`, redundant bounds, python_full_version padded to three parts). Only a
// subset is provably printed as written (or, a lone `~=`, expanded as poetry does) here; anything
// else is refused with the reason, and project/build_path.cc sends such a project to poetry-core.
#pragma once

#include <string>

// `dep` (a PEP 508 string from [project]) as poetry-core 2 writes it into METADATA; `extra` (""
// or the PEP 685-normalized extra name) appends poetry's `(marker) and (extra == "x")`. False with
// *why when poetry-core's rendering of `dep` is not reproduced.
bool PoetryRequiresDist(const std::string& dep, const std::string& extra, std::string* out,
                        std::string* why);
