#include "core/depfile.h"

std::string EscapeDepfilePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == ' ' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

std::string RenderDepfile(const std::vector<std::string>& targets,
                          const std::vector<std::string>& prerequisites) {
  std::string out;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (i) out += ' ';
    out += EscapeDepfilePath(targets[i]);
  }
  out += ':';
  for (const auto& p : prerequisites) {
    out += " \\\n  ";
    out += EscapeDepfilePath(p);
  }
  out += '\n';
  return out;
}
