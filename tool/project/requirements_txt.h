// hatch-requirements-txt (0.4.1), the hatchling metadata hook
// [tool.hatch.metadata.hooks.requirements_txt] that fills dynamic dependencies and
// optional-dependencies from requirements files: read as the plugin reads them, so the native
// builder writes the same Requires-Dist.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <utility>
#include <vector>

// The hook's table, or nullptr when the project has none.
const toml::table* RequirementsTxtTable(const toml::table& doc);

// True when the native builder reproduces the hook's configuration: `files` (a list of strings)
// or `filename` (a string), not both, only with "dependencies" in project.dynamic, and
// `optional-dependencies` (extra = [files]) only with "optional-dependencies" in it. Otherwise
// false with `reason` naming the key.
bool RequirementsTxtIsReproduced(const toml::table& doc, std::string* reason);

// The requirement strings of one requirements file's text, as the plugin parses it: lines joined
// at a backslash before a newline, comment lines and lines starting with '-' (pip options) left
// out, a trailing ` #comment` and ` --option ...` cut off.
std::vector<std::string> ParseRequirementsTxt(const std::string& text);

// The files the hook reads (project-relative), for the depfile: editing one changes the metadata.
std::vector<std::string> RequirementsTxtFiles(const toml::table& doc);

// The dependencies (`dependencies`) and extras (`extras`) the hook gives for the project in
// `root`; files are relative to it. false with `err` naming a file that cannot be read.
bool ReadRequirementsTxtHook(const std::string& root, const toml::table& doc,
                             std::vector<std::string>* dependencies,
                             std::vector<std::pair<std::string, std::vector<std::string>>>* extras,
                             std::string* err);
