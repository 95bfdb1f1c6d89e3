// A native reStructuredText checker: reports what docutils would report when PyPI (through
// readme_renderer: halt_level 2, no raw/include, doctitle off) renders a long description.
// Any message of level WARNING (2) or above means PyPI refuses to render it.
//
// It follows docutils' block state machine (sections, transitions, paragraphs, literal
// blocks, block quotes, bullet/enumerated/definition/field/option lists, explicit markup,
// directives with their arguments/options/content, grid and simple tables) and its inline
// rules (start/end-string recognition, roles, references, substitutions, footnotes), then
// resolves references the way docutils' transforms do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct RstMessage {
  int line = 0;   // 1-based line in the description
  int level = 2;  // 2 WARNING, 3 ERROR, 4 SEVERE
  std::string text;
};

// Every problem found, in document order (parse-time ones first, then reference resolution).
std::vector<RstMessage> CheckRst(std::string_view text);

// "line 3: Warning: Title underline too short." (twine's rewrite of docutils' report).
std::string FormatRstMessage(const RstMessage& m);
