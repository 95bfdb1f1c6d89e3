// PEP 508 dependency specifiers (requirements) and environment markers, parsed with the grammar
// packaging (pypa/packaging) implements, and rendered in packaging's canonical form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/pep440.h"

struct Requirement {
  std::string name;                 // as written
  std::vector<std::string> extras;  // as written, in order
  SpecifierSet specifier;
  std::string url;     // after "@", "" when none
  std::string marker;  // canonical marker text (`python_version < "3.8"`), "" when none

  // packaging's str(Requirement): name, sorted extras, specifiers, " @ url", "; marker".
  std::string ToString() const;
};

// Parses "name[extra,...] (specifiers | @ url) ; marker". `err` says what was expected where,
// e.g. "Expected end or semicolon (after version specifier) at column 9".
bool ParseRequirement(std::string_view text, Requirement* out, std::string* err);
bool IsValidRequirement(std::string_view text);

// Parses a whole marker expression and gives its canonical text: double-quoted values, single
// spaces, redundant parentheses dropped, extra values normalized (PEP 685), and the aliases
// python_implementation / os.name / sys.platform / platform.* written in their PEP 508 form.
bool ParseMarker(std::string_view text, std::string* canonical, std::string* err);

// The Requires-Dist line value for a dependency of optional extra `extra` (already normalized):
// `req; extra == "x"`, or `req; (marker) and extra == "x"` when the requirement has its own
// marker (hatchling and setuptools write this form; the parentheses are kept only where they
// matter, as packaging prints it). Extras inside `req` are PEP 685-normalized.
std::string RequiresDistForExtra(const Requirement& req, const std::string& extra);
// The Requires-Dist value of a plain dependency: canonical form with PEP 685-normalized extras.
std::string RequiresDist(const Requirement& req);
