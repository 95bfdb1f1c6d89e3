// project.readme: a file (content type from its extension) or a table (file/text + content-type),
// read as UTF-8 into a Readme.
#pragma once

#include <string>
#include <string_view>

#include "spec/metadata.h"

// ".md" -> "text/markdown", ".rst" -> "text/x-rst", ".txt" -> "text/plain" (case-insensitive);
// "" for anything else (the pyproject spec leaves those to the table form).
std::string ReadmeContentTypeForPath(std::string_view path);

// Accepts what Warehouse accepts: text/plain, text/x-rst or text/markdown, an optional
// charset=UTF-8 and, for Markdown, variant=GFM|CommonMark. `err` names the bad part.
bool ValidateReadmeContentType(std::string_view content_type, std::string* err);

// Reads `root`/`rel_path` (relative, '/'-separated, must stay inside the project) as UTF-8 text.
// `content_type` "" means: infer from the extension (an error if it cannot be inferred).
bool LoadReadmeFile(const std::string& root, const std::string& rel_path,
                    const std::string& content_type, Readme* out, std::string* err);
