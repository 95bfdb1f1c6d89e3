// Building a pure-Python wheel: the selected files, then `<name>-<version>.dist-info/` with
// METADATA, WHEEL, entry_points.txt, licenses/<path> (PEP 639) and RECORD last, written by our own
// ZIP writer (no data descriptors) with every timestamp at SOURCE_DATE_EPOCH.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/file_selection.h"
#include "project/pyproject.h"
#include "spec/metadata.h"

class AtomicFile;
class ContentFeed;

// What differs for a wheel with compiled code (native/native_wheel.h computes it).
struct WheelOptions {
  std::string tag;  // "" : the pure tag (PureWheelTag); else "cp311-cp311-manylinux_2_17_x86_64"
  bool purelib = true;  // Root-Is-Purelib: false when the wheel holds platform code
};

// Writes `<outdir>/{FilenameName(name)}-{version}-{tag}.whl` atomically; `out_path` receives its
// path. On failure nothing is left in `outdir` and `diags` says why. `unpublished`: as for
// BuildSdist, the complete archive stays in its temporary file for the caller to publish.
// `feed` (optional) hands over the bytes of files.wheel (build/content_feed.h).
bool BuildWheel(const Project& project, const FileSelection& files, const std::string& outdir,
                const WheelOptions& options, std::string* out_path, std::vector<Diagnostic>* diags,
                std::unique_ptr<AtomicFile>* unpublished = nullptr, ContentFeed* feed = nullptr);
// The pure wheel.
bool BuildWheel(const Project& project, const FileSelection& files, const std::string& outdir,
                std::string* out_path, std::vector<Diagnostic>* diags,
                std::unique_ptr<AtomicFile>* unpublished = nullptr);

// The dist-info file contents, as the backends write them.
// WHEEL. A compressed tag set ("py2.py3-none-any") is one Tag line per combination, except with
// `compressed_tag` (pdm-backend writes the one line as it is).
std::string RenderWheelFile(const std::string& tag, bool purelib = true,
                            bool compressed_tag = false);
// entry_points.txt as the declared backend writes it (flit_core: sorted, `name=value`; pdm-backend:
// sorted, console_scripts and gui_scripts always).
std::string RenderEntryPoints(const std::vector<EntryPointGroup>& groups, Backend backend);

// setuptools' dist-info/top_level.txt (egg_info's write_toplevel_names, which bdist_wheel copies):
// the first component of every package, module and extension name, sorted, one per line. The
// names come from the wheel's files (`archive_paths`, no dist-info): a directory at the top is a
// package's, a `.py`/`.so` file there a module or an extension; `<dist>.data/` is no name.
std::string RenderTopLevelNames(const std::vector<std::string>& archive_paths);
