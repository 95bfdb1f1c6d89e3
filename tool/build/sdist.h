// Building an sdist: `{FilenameName(name)}-{version}.tar.gz` (PEP 625) holding one top directory
// `{FilenameName(name)}-{version}/` with the selected files (sorted bytewise) and a generated
// PKG-INFO last, as flit_core and hatchling lay it out.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/file_selection.h"
#include "project/pyproject.h"

class AtomicFile;
class ContentFeed;

// Writes the sdist into `outdir` atomically; `out_path` receives its path. On failure nothing is
// left in `outdir` and `diags` says why. With `unpublished`, the complete archive is left in its
// temporary file and handed over there: the caller renames it into place (AtomicFile::Publish)
// once every archive of the release is complete, or drops it to remove it.
// `feed` (optional) hands over the files' bytes (see build/content_feed.h): every file of
// files.sdist is taken from it, in order.
bool BuildSdist(const Project& project, const FileSelection& files, const std::string& outdir,
                std::string* out_path, std::vector<Diagnostic>* diags,
                std::unique_ptr<AtomicFile>* unpublished = nullptr, ContentFeed* feed = nullptr);
