// Shared by the backend_*_test.cc files: select the files of a small project written on the fly.
#pragma once

#include "selection_test_util.h"

struct SelectionResult {
  bool ok = false;
  std::vector<std::string> sdist, wheel;
  std::vector<Diagnostic> diags;
};

inline SelectionResult SelectIn(const TempProject& tmp) {
  SelectionResult r;
  Project p;
  std::string err;
  if (!ProjectFromDir(tmp.dir(), &p, &err)) {
    Diagnostic d;
    d.message = err;
    r.diags.push_back(d);
    return r;
  }
  FileSelection sel;
  r.ok = SelectFiles(p, &sel, &r.diags);
  r.sdist = Paths(sel.sdist);
  r.wheel = Paths(sel.wheel);
  return r;
}

inline std::string Pyproject(const std::string& backend, const std::string& name,
                             const std::string& extra) {
  std::string requires_backend;
  if (backend == "flit")
    requires_backend = "requires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n";
  if (backend == "hatch")
    requires_backend = "requires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";
  if (backend == "setuptools")
    requires_backend = "requires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n";
  if (backend == "uv")
    requires_backend = "requires = [\"uv_build\"]\nbuild-backend = \"uv_build\"\n";
  if (backend == "other")
    requires_backend =
        "requires = [\"scikit-build-core\"]\nbuild-backend = \"scikit_build_core.build\"\n";
  return "[build-system]\n" + requires_backend + "\n[project]\nname = \"" + name +
         "\"\nversion = \"1.0\"\nreadme = \"README.md\"\n" + extra;
}

using Files = std::vector<std::string>;
