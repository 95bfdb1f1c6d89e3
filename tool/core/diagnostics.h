// Diagnostics: one error or warning about a file, a position in it, or a field.
// Core code returns them; only the CLI layer prints, once, with the `pyrelease:` prefix.
#pragma once

#include <ostream>
#include <string>
#include <vector>

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string path;   // file the problem is in ("" if none)
  int line = 0;       // 1-based; 0 = unknown
  int column = 0;     // 1-based; 0 = unknown
  std::string field;  // e.g. "project.version" or a member name inside an archive
  std::string message;
};

// Renders `path:line:col: error: [field] message`, then the offending source line and a caret
// under the column when `source_text` (the whole file) is given.
std::string FormatDiagnostic(const Diagnostic& d, const std::string& source_text = "");

// Prints to stderr with the `pyrelease: ` prefix when the diagnostic has no path.
void PrintDiagnostic(const Diagnostic& d, const std::string& source_text = "");

// Convenience for the common `pyrelease: error: <message>` case.
void PrintError(const std::string& message);
void PrintWarning(const std::string& message);

bool HasErrors(const std::vector<Diagnostic>& diags);
