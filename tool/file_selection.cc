#include "file_selection.h"

// Interim: the interface is landed first so the sdist/wheel writers can build against it; the
// selection itself follows in the next commits.
bool SelectFiles(const Project& project, FileSelection* out, std::vector<Diagnostic>* diags) {
  *out = FileSelection();
  Diagnostic d;
  d.path = project.pyproject_path;
  d.message = "file selection is not implemented yet";
  diags->push_back(d);
  return false;
}
