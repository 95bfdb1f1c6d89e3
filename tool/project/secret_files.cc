#include "project/secret_files.h"

#include "project/backend_config.h"
#include "core/path_glob.h"

namespace {

// Matched against the file name, case-sensitively as most of these names are conventional.
const char* const kSecretNames[] = {
    ".env", ".env.*", "*.env", "*.pem", "*.key", "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
    ".pypirc", ".netrc", "_netrc", "*.p12", "*.pfx", ".credentials", "credentials.json",
    ".git-credentials", ".htpasswd", "*.ppk", "*.jks", "*.keystore", "client_secret*.json",
    "secrets.toml", "secrets.yaml", "secrets.yml", "secrets.json", ".dockercfg",
};

}  // namespace

bool LooksLikeSecret(const std::string& rel_path, std::string* why) {
  size_t slash = rel_path.rfind('/');
  std::string name = slash == std::string::npos ? rel_path : rel_path.substr(slash + 1);
  for (const char* pattern : kSecretNames) {
    if (WildMatch(pattern, name)) {
      *why = pattern;
      return true;
    }
  }
  return false;
}

bool SecretIsAllowed(const std::string& rel_path, const std::vector<std::string>& allowed) {
  size_t slash = rel_path.rfind('/');
  std::string name = slash == std::string::npos ? rel_path : rel_path.substr(slash + 1);
  for (const std::string& a : allowed) {
    if (MatchesRule(PathRule{PatternSyntax::kGlob, a, ""}, rel_path)) return true;
    if (a.find('/') == std::string::npos && WildMatch(a, name)) return true;
  }
  return false;
}
