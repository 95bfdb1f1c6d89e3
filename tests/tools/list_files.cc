// Test-only: prints SelectFiles' result for a project as JSON ({"sdist": [...], "wheel": [...],
// "inputs": [...]}), or the diagnostics on stderr with exit status 1. Used by
// tests/integration/compare_file_lists.py to compare with the real build backends.
#include <iostream>
#include <nlohmann/json.hpp>

#include "project/file_selection.h"
#include "project/pyproject.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: list_files <project-dir>\n";
    return 2;
  }
  Project project;
  std::vector<Diagnostic> diags;
  bool ok = LoadProject(argv[1], &project, &diags);
  FileSelection selection;
  if (ok) ok = SelectFiles(project, &selection, &diags);
  for (const Diagnostic& d : diags) PrintDiagnostic(d, project.pyproject_text);
  if (!ok) return 1;
  nlohmann::json out;
  out["sdist"] = nlohmann::json::array();
  out["wheel"] = nlohmann::json::array();
  for (const SelectedFile& f : selection.sdist)
    out["sdist"].push_back(
        {{"path", f.archive_path}, {"source", selection.Source(f)}, {"executable", f.executable}});
  for (const SelectedFile& f : selection.wheel)
    out["wheel"].push_back(
        {{"path", f.archive_path}, {"source", selection.Source(f)}, {"executable", f.executable}});
  out["inputs"] = selection.DepfileInputs();
  std::cout << out.dump(1) << "\n";
  return 0;
}
