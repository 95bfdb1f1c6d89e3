// The outcome of one named `verify` check. Its own header so the index checks
// (verify_index.h) and the venv checks (verify.h) share it without including each other.
#pragma once

#include <string>

enum class CheckStatus { kPass, kFail };

struct CheckResult {
  std::string name;  // e.g. "import:pkg.mod@python3.12"
  CheckStatus status = CheckStatus::kPass;
  double seconds = 0;
  std::string detail;  // one line: what passed, or why it failed
  std::string output;  // captured output of the failing step (empty on success)
};
