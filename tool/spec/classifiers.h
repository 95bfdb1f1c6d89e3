// Trove classifiers as PyPI validates them: the list is generated from the trove-classifiers
// package (scripts/gen-classifiers.py -> classifiers_data.cc), so it can be refreshed in one step.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

struct DeprecatedClassifier {
  const char* name;
  const char* replacements;  // '\n'-separated; empty when there is none
};

extern const char kClassifiersVersion[];
extern const char* const kClassifiers[];
extern const size_t kClassifierCount;
extern const DeprecatedClassifier kDeprecatedClassifiers[];
extern const size_t kDeprecatedClassifierCount;

// "" when PyPI accepts `classifier`; otherwise PyPI's message, e.g.
// "'Foo :: Bar' is not a valid classifier." or
// "The classifier 'X' has been deprecated, use one of ['Y'] instead."
std::string ClassifierProblem(std::string_view classifier);
