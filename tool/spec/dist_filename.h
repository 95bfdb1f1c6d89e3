// What a distribution's file name says: project name, version, kind and (for wheels) the tags.
// PEP 427 wheels: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl; sdists (PEP 625):
// {name}-{version}.tar.gz (legacy .zip accepted for reading).
#pragma once

#include <string>
#include <vector>

#include "spec/dist_reader.h"

struct DistFilename {
  DistKind kind = DistKind::kUnknown;
  std::string name;        // as written in the file name
  std::string version;     // as written
  std::string build_tag;   // wheels, "" when none
  std::string python_tag;  // wheels: "py3", "cp311", "py2.py3"
  std::string abi_tag;
  std::string platform_tag;
};

// `filename` is a base name. False with `err` when it is neither a wheel nor an sdist name.
bool ParseDistFilename(const std::string& filename, DistFilename* out, std::string* err);

// The structure of a wheel name only: ".whl" and five or six '-'-separated parts, stored in `out`
// as written and not judged (callers such as `check` apply their own rules to the parts).
bool SplitWheelFilename(const std::string& filename, DistFilename* out);

// The tag triples a wheel's name stands for, compressed tag sets expanded and lower-cased
// ("py2.py3-none-any" -> "py2-none-any", "py3-none-any"), as packaging.tags.parse_tag does.
std::vector<std::string> ExpandWheelTags(const DistFilename& wheel);
