#include "spec/classifiers.h"

#include <algorithm>
#include <set>

#include "core/string_util.h"

std::string ClassifierProblem(std::string_view classifier) {
  for (size_t i = 0; i < kDeprecatedClassifierCount; ++i) {
    if (classifier == kDeprecatedClassifiers[i].name) {
      std::string repl = kDeprecatedClassifiers[i].replacements;
      std::string msg = "The classifier '" + std::string(classifier) + "' has been deprecated";
      if (repl.empty()) return msg + ".";
      std::vector<std::string> parts = Split(repl, '\n');
      for (auto& p : parts) p = "'" + p + "'";
      return msg + ", use one of [" + Join(parts, ", ") + "] instead.";
    }
  }
  // kClassifiers is sorted (the generator sorts it), so a binary search finds a match.
  const char* const* end = kClassifiers + kClassifierCount;
  const char* const* it =
      std::lower_bound(kClassifiers, end, classifier,
                       [](const char* a, std::string_view b) { return std::string_view(a) < b; });
  if (it != end && classifier == *it) return "";
  return "'" + std::string(classifier) + "' is not a valid classifier.";
}
