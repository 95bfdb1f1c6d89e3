// Files that look like credentials (.env, private keys, .pypirc, .netrc, keystores, ...). They are
// never shipped by accident: SelectFiles refuses them unless [tool.pyrelease] allow-secrets names
// them.
#pragma once

#include <string>
#include <vector>

// True when `rel_path`'s file name matches a secret pattern; `why` gets the pattern.
bool LooksLikeSecret(const std::string& rel_path, std::string* why);

// True when one of `allowed` (globs, matched against the project-relative path or one of its
// parent directories; a pattern without '/' also matches the file name) covers `rel_path`.
bool SecretIsAllowed(const std::string& rel_path, const std::vector<std::string>& allowed);
