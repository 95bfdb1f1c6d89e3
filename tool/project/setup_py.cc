#include "project/setup_py.h"

#include <sys/stat.h>

#include "core/regular_file.h"
#include "core/string_util.h"

namespace {

// The call, if the import it needs came before it (else setuptools fails with a NameError).
bool IsSetupCall(const std::string& s, bool setup_imported, bool setuptools_imported) {
  return (s == "setup()" && setup_imported) || (s == "setuptools.setup()" && setuptools_imported);
}

// `if __name__ == "__main__":` with either quote, spaces as people write them.
bool IsMainGuard(const std::string& s) {
  std::string compact;
  for (char c : s)
    if (c != ' ' && c != '\t') compact += c;
  return compact == "if__name__==\"__main__\":" || compact == "if__name__=='__main__':";
}

}  // namespace

bool OnlyCallsSetupWithoutArguments(const std::string& text) {
  int calls = 0;
  bool in_guard = false;  // the line before opened `if __name__ == "__main__":`
  bool setup_imported = false, setuptools_imported = false;
  for (const std::string& raw : Split(UniversalNewlines(text), '\n')) {
    std::string line = raw;
    // A comment after code, only where no string could hold the '#'.
    if (line.find_first_of("'\"") == std::string::npos) line = line.substr(0, line.find('#'));
    const std::string code = Trim(line);
    if (code.empty() || code[0] == '#') continue;
    const bool indented = line[0] == ' ' || line[0] == '\t';
    if (in_guard) {
      in_guard = false;
      if (!indented || !IsSetupCall(code, setup_imported, setuptools_imported)) return false;
      ++calls;
      continue;
    }
    if (indented) return false;
    if (IsSetupCall(code, setup_imported, setuptools_imported)) {
      ++calls;
    } else if (IsMainGuard(code)) {
      in_guard = true;
    } else if (code == "from setuptools import setup") {
      setup_imported = true;
    } else if (code == "import setuptools") {
      setuptools_imported = true;
    } else if (!StartsWith(code, "from __future__ import ") ||
               code.find(';') != std::string::npos) {  // (a second statement after it)
      return false;
    }
  }
  return calls == 1 && !in_guard;
}

bool SetupPyMayChangeTheBuild(const std::string& dir) {
  struct stat st;
  if (::lstat((dir + "/setup.py").c_str(), &st) != 0) return false;
  std::string text, err;
  return !ReadProjectFile(dir, "setup.py", &text, &err) || !OnlyCallsSetupWithoutArguments(text);
}
