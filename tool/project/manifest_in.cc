#include "project/manifest_in.h"

#include <sstream>

#include "core/string_util.h"

namespace {

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::string StripSlashes(std::string d) {
  while (StartsWith(d, "./")) d = d.substr(2);
  while (!d.empty() && d.back() == '/') d.pop_back();
  return d;
}

}  // namespace

bool ParseManifestIn(const std::string& text, const std::string& path,
                     std::vector<SelectionStep>* steps, std::vector<Diagnostic>* diags) {
  bool ok = true;
  std::vector<std::string> lines = Split(text, '\n');
  std::string pending;
  int line_no = 0, start_line = 0;
  for (const std::string& raw : lines) {
    ++line_no;
    std::string line = Trim(raw);
    // A trailing backslash continues the line (distutils TextFile join_lines).
    if (!pending.empty()) line = pending + " " + line;
    if (!line.empty() && line.back() == '\\') {
      if (pending.empty()) start_line = line_no;
      pending = line.substr(0, line.size() - 1);
      continue;
    }
    int at = pending.empty() ? line_no : start_line;
    pending.clear();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> w = Words(line);
    const std::string& cmd = w[0];
    std::string origin = path + ":" + std::to_string(at);
    auto error = [&](const std::string& message) {
      Diagnostic d;
      d.path = path;
      d.line = at;
      d.column = 1;
      d.message = message;
      diags->push_back(d);
      ok = false;
    };
    auto need = [&](size_t n, const char* what) {
      if (w.size() < n) {
        error("'" + cmd + "' expects " + what);
        return false;
      }
      return true;
    };
    if (cmd == "include" || cmd == "exclude") {
      if (!need(2, "at least one pattern")) continue;
      for (size_t i = 1; i < w.size(); ++i)
        steps->push_back(SelectionStep{cmd == "include",
                                       {PatternSyntax::kGlobFile, StripSlashes(w[i]), origin}});
    } else if (cmd == "recursive-include" || cmd == "recursive-exclude") {
      if (!need(3, "a directory and at least one pattern")) continue;
      std::string dir = StripSlashes(w[1]);
      for (size_t i = 2; i < w.size(); ++i) {
        std::string pattern = (dir.empty() || dir == "." ? "" : dir + "/") + "**/" + w[i];
        steps->push_back(
            SelectionStep{cmd == "recursive-include", {PatternSyntax::kGlobFile, pattern, origin}});
      }
    } else if (cmd == "global-include" || cmd == "global-exclude") {
      if (!need(2, "at least one pattern")) continue;
      for (size_t i = 1; i < w.size(); ++i)
        steps->push_back(SelectionStep{cmd == "global-include",
                                       {PatternSyntax::kGlobFile, "**/" + w[i], origin}});
    } else if (cmd == "graft" || cmd == "prune") {
      if (w.size() != 2) {
        error("'" + cmd + "' expects exactly one directory");
        continue;
      }
      std::string dir = StripSlashes(w[1]);
      steps->push_back(SelectionStep{
          cmd == "graft",
          {PatternSyntax::kGlobFile, dir.empty() || dir == "." ? "**" : dir + "/**", origin}});
    } else {
      error("unknown MANIFEST.in command '" + cmd +
            "' (expected include, exclude, recursive-include, recursive-exclude, "
            "global-include, global-exclude, graft or prune)");
    }
  }
  return ok;
}
