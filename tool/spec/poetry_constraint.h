// poetry's own version constraints ([tool.poetry] dependencies and `python`: `^1.2`, `~1.2`,
// `>=1.2,<2`, `*`), as poetry-core 2.5's parse_constraint reads them, for the forms that make one
// range between release numbers: a caret or tilde range, or at most one lower and one upper bound
// (`>=`, `>`, `<=`, `<`) joined by commas or spaces. Unions (`||`), exact versions, `!=`, `~=`,
// wildcards and versions with anything but digits and dots are refused with the reason.
#pragma once

#include <string>
#include <vector>

struct PoetryRange {
  std::string min, max;  // release numbers as poetry prints them ("" = unbounded)
  bool include_min = false, include_max = false;
};

// Parses `text` into *out; false with *why when the form is not reproduced.
bool ParsePoetryConstraint(const std::string& text, PoetryRange* out, std::string* why);

// The range as poetry-core prints a VersionRange and as a PEP 440 specifier set that poetry reads
// back into the same range: ">=1.2,<2.0" (lower bound first), "" for any version.
std::string PoetryRangeText(const PoetryRange& range);

// A dependency's `python` constraint as the PEP 508 marker poetry-core 2.5 writes for it
// (create_nested_marker("python_version", ...)): a lower or an upper bound, python_version for a
// version of one or two parts except an exclusive lower or inclusive upper bound
// (python_full_version padded to three parts, so that the marker admits the same versions),
// python_full_version for three parts; "" for any version. Both bounds are refused (poetry-core
// folds `>=3.8,<3.9` into `python_version == "3.8"`, and the metadata writer keeps one python
// comparison per marker), and so are versions of more than three parts.
bool PoetryPythonMarker(const PoetryRange& python, std::string* marker, std::string* why);

// ProjectPackage.all_classifiers' Python part: "Programming Language :: Python :: <v>" for every
// version poetry-core 2.5 knows (2, 2.7, 3, 3.4 ... 3.15, in that order) the python constraint
// admits: a major as the range `M.*`, a minor as the version `M.N` itself. `python` null means
// no python constraint (poetry takes "~2.7 || ^3.4").
std::vector<std::string> PoetryPythonClassifiers(const PoetryRange* python);

// ProjectPackage.all_classifiers: `declared` plus `license` (when not empty) deduplicated and
// sorted, the Python classifiers inserted before the first one sorting after
// "Programming Language :: Python".
std::vector<std::string> PoetryAllClassifiers(const std::vector<std::string>& declared,
                                              const std::string& license,
                                              const std::vector<std::string>& python);
