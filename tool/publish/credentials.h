// Where an upload goes and with which credentials, resolved as twine does: command-line values,
// then TWINE_* environment variables, then the .pypirc file (configparser syntax: [distutils]
// index-servers, one section per repository with repository/username/password, [server-login] as
// obsolete defaults), then an interactive prompt on the terminal (/dev/tty, echo off) only.
// No public index URL is built in: `pypi` and `testpypi` are names like any other, and a missing
// URL is an error that says which section and key to add. Passwords are Secrets from the moment
// they are read.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/ini_file.h"
#include "core/secret.h"
#include "publish/http_client.h"

struct RepositorySettings {
  // From the command line ("" = not given).
  std::string repository_name;  // -r/--repository
  std::string repository_url;   // --repository-url (a URL, a file:// URL or a directory path)
  std::string config_file;      // --config-file ("" = ~/.pypirc, which may be absent)
  std::string username;         // --username (passwords are never taken from argv)
  std::string cert;             // --cert
  std::string client_cert;      // --client-cert
  std::string check_url;        // --check-url: the index's simple API (for the pre-check)
  bool non_interactive = false;
};

struct Repository {
  std::string name;             // the .pypirc section or "" when given as a URL
  std::string url;              // upload URL, userinfo removed ("" for a file index)
  std::string file_index_root;  // set when the target is a local file index
  std::string username;
  Secret password;
  std::string password_source;  // "TWINE_PASSWORD", "<file> [pypi] password", "prompt", "URL"
  TlsOptions tls;
  std::string check_url;    // the simple API base ("" = unknown; upload.cc may guess)
  std::string config_path;  // the .pypirc that was read ("" if none)
};

// The process environment, injectable for tests.
struct Environment {
  std::map<std::string, std::string> vars;
  std::string home;
  static Environment FromProcess();
  std::string Get(const std::string& name) const;
};

// Resolves the target and its credentials (except the prompt, see PromptForMissing). `warnings`
// gets e.g. a .pypirc holding a password that others can read.
bool ResolveRepository(const RepositorySettings& settings, const Environment& env, Repository* out,
                       std::vector<std::string>* warnings, std::string* err);

// For an http(s) target without a username or password: prompt on the terminal when there is one
// (and `non_interactive` is false), else fail naming the variables and keys that would provide
// them. A file index needs no credentials.
bool PromptForMissing(const RepositorySettings& settings, Repository* repo, std::string* err);

// Reads a line from /dev/tty with echo off (for passwords) or on. False when there is no terminal.
bool ReadFromTerminal(const std::string& prompt, bool echo, std::string* out);

// twine's TWINE_NON_INTERACTIVE reading: set and not "0"/"false"/"no" (any case).
bool IsTruthy(const std::string& value);
