// The CI workflow templates (templates/ci/) and their rendering for one project: placeholders
// @NAME@, @PYTHONS@, ... replaced by values, and blocks between `# @BEGIN_<FLAG>@` and
// `# @END_<FLAG>@` lines kept or dropped. A value with several lines is indented like the line its
// placeholder is on, so shell snippets land inside YAML block scalars. The templates are compiled
// in (ci_templates_data.cc, generated from templates/ at configure time), so `pyrelease init-ci`
// works the same from a build tree and an install.
#pragma once

#include <map>
#include <string>
#include <vector>

enum class Forge { kGitea, kGitHub, kGitLab };
bool ParseForge(const std::string& text, Forge* out);
const char* ForgeName(Forge forge);
// Where the workflow goes in the project: ".gitea/workflows/release.yml", ...
std::string WorkflowPath(Forge forge);

// A file of templates/, by its path under templates/ ("ci/.gitlab-ci.yml", "RELEASING.md.in");
// nullptr when there is no such template.
const char* EmbeddedTemplate(const std::string& path);

struct CiSettings {
  std::string name;                  // the project's name
  std::string version;               // its version now (for CHANGELOG.md)
  std::vector<std::string> pythons;  // versions to verify on; the last one runs the other jobs
  std::string pyrelease_install;     // PYRELEASE_INSTALL: a pip requirement or pyrelease's source
  std::vector<std::string> test_commands;  // the test job's commands
  bool trusted_publishing = false;
  // The native variant (templates/ci/native/): wheels built by the project's CMake `wheel` target
  // in a matrix over Python versions (and runners), gathered with the sdist, then published once.
  bool native = false;
};

// Replaces @KEY@ by values[KEY] and keeps (flags[F] true) or drops the `# @BEGIN_F@` blocks. An
// unknown placeholder or flag, or an unclosed block, fails with `template:line:col: ...`.
bool RenderTemplate(const std::string& name, const std::string& text,
                    const std::map<std::string, std::string>& values,
                    const std::map<std::string, bool>& flags, std::string* out, std::string* err);

struct RenderedFile {
  std::string path;  // relative to the project
  std::string text;
  bool only_if_absent = false;  // RELEASING.md, CHANGELOG.md: never replaced, even with --force
};

// The workflow for `forge` plus RELEASING.md and CHANGELOG.md. Fails when the forge cannot do what
// is asked (trusted publishing on Gitea/Forgejo) or a Python version is not like "3.12".
bool RenderCiFiles(Forge forge, const CiSettings& settings, std::vector<RenderedFile>* out,
                   std::string* err);
