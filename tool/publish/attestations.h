// PEP 740 attestations on upload, as twine's --attestations sends them: every file named
// `<dist>.<kind>.attestation` next to a dist (e.g. `pkg-1.0.tar.gz.publish.attestation`) is read as
// JSON, and the dist's form gets one `attestations` field holding a JSON array of those objects
// (before `content`). pyrelease does not sign: a CI step makes the files (see templates/ci/).
#pragma once

#include <string>
#include <vector>

#include "publish/multipart.h"

// The attestation files that belong to `dist_path`, sorted by name.
std::vector<std::string> FindAttestations(const std::string& dist_path);

// Adds the `attestations` field to `form` (inserted before the `content` part). Fails, naming the
// file, when the dist has no attestation or one is not a JSON object.
bool AttachAttestations(const std::string& dist_path, MultipartForm* form, std::string* err);
