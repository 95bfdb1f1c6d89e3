#include "core/diagnostics.h"

#include <iostream>
#include <sstream>

namespace {

const char* SeverityWord(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

// The 1-based `line` of `text`, without its newline ("" when out of range).
std::string LineOf(const std::string& text, int line) {
  std::istringstream in(text);
  std::string current;
  for (int n = 1; std::getline(in, current); ++n) {
    if (n == line) {
      if (!current.empty() && current.back() == '\r') current.pop_back();
      return current;
    }
  }
  return "";
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d, const std::string& source_text) {
  std::ostringstream out;
  if (!d.path.empty()) {
    out << d.path;
    if (d.line > 0) {
      out << ':' << d.line;
      if (d.column > 0) out << ':' << d.column;
    }
    out << ": ";
  } else {
    out << "pyrelease: ";
  }
  out << SeverityWord(d.severity) << ": ";
  if (!d.field.empty()) out << d.field << ": ";
  out << d.message;
  if (d.line > 0 && !source_text.empty()) {
    std::string src = LineOf(source_text, d.line);
    if (!src.empty()) {
      out << '\n' << src << '\n';
      int col = d.column > 0 ? d.column : 1;
      for (int i = 1; i < col && i <= static_cast<int>(src.size()); ++i) {
        out << (src[i - 1] == '\t' ? '\t' : ' ');
      }
      out << '^';
    }
  }
  return out.str();
}

void PrintDiagnostic(const Diagnostic& d, const std::string& source_text) {
  std::cerr << FormatDiagnostic(d, source_text) << '\n';
}

void PrintError(const std::string& message) {
  std::cerr << "pyrelease: error: " << message << '\n';
}

void PrintWarning(const std::string& message) {
  std::cerr << "pyrelease: warning: " << message << '\n';
}

bool HasErrors(const std::vector<Diagnostic>& diags) {
  for (const auto& d : diags) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}
