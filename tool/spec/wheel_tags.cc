#include "spec/wheel_tags.h"

#include "spec/names.h"
#include "spec/pep440.h"

std::string PureWheelTag(const Metadata& meta) {
  if (!meta.wheel_python_tag.empty()) return meta.wheel_python_tag + "-none-any";
  // flit and hatchling derive the python tag from requires-python (no requires-python means every
  // version, so py2.py3); setuptools and uv_build write py3 unless told otherwise.
  bool derive = meta.backend == Backend::kFlit || meta.backend == Backend::kHatch;
  if (derive && SpecifierAllowsMajor(meta.requires_python, 2)) return "py2.py3-none-any";
  // pdm-backend asks SpecifierSet(requires-python).contains("2.7").
  SpecifierSet spec;
  std::string err;
  if (meta.backend == Backend::kPdm && ParseSpecifierSet(meta.requires_python, &spec, &err) &&
      spec.Contains("2.7"))
    return "py2.py3-none-any";
  // poetry-core: py2.py3 when requires-python is absent or allows some 2.x (project/build_path.cc
  // sends the requires-python values where that is not decided exactly to the backend).
  if (meta.backend == Backend::kPoetry &&
      (meta.requires_python.empty() || SpecifierAllowsMajor(meta.requires_python, 2)))
    return "py2.py3-none-any";
  return "py3-none-any";
}

std::string WheelFileName(const Metadata& meta, const std::string& tag) {
  return FilenameName(meta.name) + "-" + meta.version + "-" + tag + ".whl";
}

std::string SdistFileName(const Metadata& meta) {
  return FilenameName(meta.name) + "-" + meta.version + ".tar.gz";
}
