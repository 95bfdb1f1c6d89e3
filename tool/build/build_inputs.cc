#include "build/build_inputs.h"

#include <algorithm>
#include <set>

namespace {

// `path` relative to `root` ("" for the root itself); false when `path` is outside `root`.
bool Relative(const std::string& root, const std::string& path, std::string* rel) {
  if (path == root) {
    rel->clear();
    return true;
  }
  if (path.size() <= root.size() || path.compare(0, root.size(), root) != 0 ||
      path[root.size()] != '/')
    return false;
  *rel = path.substr(root.size() + 1);
  return true;
}

std::string TopComponent(const std::string& rel) { return rel.substr(0, rel.find('/')); }

}  // namespace

std::vector<std::string> WheelInputs(const Project& project, const FileSelection& selection) {
  std::string root = project.dir;
  while (root.size() > 1 && root.back() == '/') root.pop_back();

  // Top-level directories that hold wheel files.
  std::set<std::string> wheel_tops;
  for (const auto& file : selection.wheel) {
    std::string rel;
    if (Relative(root, selection.Source(file), &rel) && rel.find('/') != std::string::npos)
      wheel_tops.insert(TopComponent(rel));
  }
  const std::vector<std::string> inputs = selection.DepfileInputs();
  // Files whose content reaches the wheel's metadata although the wheel does not ship them.
  std::set<std::string> named(project.meta.license_files.begin(), project.meta.license_files.end());
  if (!project.meta.readme.path.empty()) named.insert(project.meta.readme.path);
  for (const auto& input : inputs) {
    std::string rel;
    if (Relative(root, input, &rel) && rel.find('/') != std::string::npos &&
        project.pyproject_text.find(rel) != std::string::npos)
      named.insert(rel);
  }
  // Directories leading to a named file.
  std::set<std::string> named_dirs;
  for (const auto& rel : named) {
    for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1))
      named_dirs.insert(rel.substr(0, slash));
  }

  std::vector<std::string> out;
  for (const auto& input : inputs) {
    std::string rel;
    if (!Relative(root, input, &rel) || rel.empty()) {
      out.push_back(input);
      continue;
    }
    bool in_top_dir = rel.find('/') != std::string::npos;
    if (!in_top_dir) {
      // A root-level entry: a file stays; a directory (it has inputs below it) is judged below.
      std::string prefix = input + "/";
      in_top_dir = std::any_of(inputs.begin(), inputs.end(), [&](const std::string& other) {
        return other.compare(0, prefix.size(), prefix) == 0;
      });
    }
    if (!in_top_dir || wheel_tops.count(TopComponent(rel)) || named.count(rel) ||
        named_dirs.count(rel)) {
      out.push_back(input);
    }
  }
  return out;
}
