// The promotion lock outside `pyrelease release`: once the test index holds a version's files (a
// release state file next to them records the upload, and its verification), an upload of that
// version anywhere else takes exactly those files, byte for byte, or nothing. This is what stops a
// rebuilt dist (an edited README between publish-test and publish) from reaching production
// untested.
#pragma once

#include <string>
#include <vector>

#include "release/release_state.h"

// Why `paths` are not exactly the files `state` records (the same file names, the same sha256),
// naming each file that differs and how to start over; "" when they are. `state_path` is named in
// the advice.
std::string PromotionMismatch(const ReleaseState& state, const std::vector<std::string>& paths,
                              const std::string& state_path);

// Records that `paths` (dists of one name and version) were uploaded to the test index `target`:
// the release state file next to them gets their sha256 and the step publish-test (an earlier
// verification is kept only when the files are the same).
bool RecordTestUpload(const std::vector<std::string>& paths, const std::string& target,
                      std::string* err);

// Records that the test index verified `paths` (their `hashes` check passed, so the index serves
// these bytes): the state file next to them gets verify-test, and publish-test when a plain upload
// put them there. False when the state records other files for the test upload.
bool RecordTestVerification(const std::vector<std::string>& paths, std::string* err);

// The lock for an upload of `paths` to `target` (the upload URL or file-index directory): looks for
// release state files of their name and version next to them and in `extra_dirs`. A state whose
// test upload went to `target` is not a promotion. False with the refusal in `err` when a state
// records a test upload and the files differ, or the test index has not verified them; `note` says
// which state file allowed the upload.
bool CheckPromotionLock(const std::vector<std::string>& paths, const std::string& target,
                        const std::vector<std::string>& extra_dirs, std::string* note,
                        std::string* err);
