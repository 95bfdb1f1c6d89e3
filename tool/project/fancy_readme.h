// hatch-fancy-pypi-readme's metadata hook ([tool.hatch.metadata.hooks.fancy-pypi-readme]),
// reproduced: the readme is the concatenation of its fragments (`text`, or a file `path` cut by
// `start-after`/`start-at`/`end-before` and a DOTALL `pattern`'s first group), then every
// `substitutions` entry applied in order as Python's re.sub, then $HFPR_PACKAGE_NAME and
// $HFPR_VERSION replaced.
//
// The plugin's regular expressions are Python `re`; the native builder runs them on std::wregex
// (ECMAScript) over UTF-32 text, after translating each construct whose meaning both engines
// provably share. Anything else (lookbehind, inline flags, backreferences, possessive quantifiers,
// a Unicode-dependent class such as \w on a readme with non-ASCII text, a key the plugin does not
// document) makes the configuration "unreproducible": the build-path decision sends the project to
// the backend, naming the key's position.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "spec/metadata.h"

// The hook's table, or null when the project does not configure it.
const toml::table* FancyReadmeTable(const toml::table& doc);

enum class FancyReadmeOutcome {
  kRendered,        // `out` holds the readme the plugin writes
  kUnreproducible,  // the plugin's output cannot be proven identical: the backend must build it
  kError,           // the plugin fails on this configuration too (missing file, bad key type, ...)
};

struct FancyReadmeProblem {
  const toml::node* node = nullptr;  // where in pyproject.toml (null: the hook's table as a whole)
  std::string field;                 // "tool.hatch.metadata.hooks.fancy-pypi-readme.fragments[1]"
  std::string message;
};

// Renders the readme for the project in `dir` whose [project] name and version (as hatchling
// hands them to the hook) are `name` and `version`. The content type goes into out->content_type,
// out->path stays empty (the text is assembled).
FancyReadmeOutcome RenderFancyReadme(const std::string& dir, const toml::table& doc,
                                     const std::string& name, const std::string& version,
                                     Readme* out, FancyReadmeProblem* problem);
