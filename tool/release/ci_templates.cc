#include "release/ci_templates.h"

#include <cctype>

#include "core/string_util.h"

bool ParseForge(const std::string& text, Forge* out) {
  std::string t = ToLower(text);
  if (t == "gitea" || t == "forgejo")
    *out = Forge::kGitea;
  else if (t == "github")
    *out = Forge::kGitHub;
  else if (t == "gitlab")
    *out = Forge::kGitLab;
  else
    return false;
  return true;
}

const char* ForgeName(Forge forge) {
  switch (forge) {
    case Forge::kGitea:
      return "Gitea/Forgejo Actions";
    case Forge::kGitHub:
      return "GitHub Actions";
    case Forge::kGitLab:
      return "GitLab CI";
  }
  return "";
}

std::string WorkflowPath(Forge forge) {
  switch (forge) {
    case Forge::kGitea:
      return ".gitea/workflows/release.yml";
    case Forge::kGitHub:
      return ".github/workflows/release.yml";
    case Forge::kGitLab:
      return ".gitlab-ci.yml";
  }
  return "";
}

namespace {

bool IsKeyChar(char c) { return std::isupper(static_cast<unsigned char>(c)) || c == '_'; }

std::string Where(const std::string& name, int line, size_t col) {
  return name + ":" + std::to_string(line) + ":" + std::to_string(col + 1) + ": ";
}

// Indents every line after the first of `value` by `indent`.
std::string IndentContinuation(const std::string& value, const std::string& indent) {
  std::string out;
  for (char c : value) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::string Chomp(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace

bool RenderTemplate(const std::string& name, const std::string& text,
                    const std::map<std::string, std::string>& values,
                    const std::map<std::string, bool>& flags, std::string* out, std::string* err) {
  out->clear();
  std::vector<std::string> open;  // flags of the enclosing blocks
  bool keep = true;
  int line_no = 0;
  size_t pos = 0;
  auto recompute = [&] {
    keep = true;
    for (const auto& f : open) keep = keep && flags.at(f);
  };
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string line = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? text.size() : eol + 1;
    ++line_no;
    std::string trimmed = Trim(line);
    if (StartsWith(trimmed, "# @BEGIN_") || StartsWith(trimmed, "# @END_")) {
      bool begin = StartsWith(trimmed, "# @BEGIN_");
      std::string flag = trimmed.substr(begin ? 9 : 7);
      if (!EndsWith(flag, "@")) {
        *err = Where(name, line_no, line.find('@')) +
               "a block marker must be '# @BEGIN_<FLAG>@' or '# @END_<FLAG>@'";
        return false;
      }
      flag.pop_back();
      if (!flags.count(flag)) {
        *err = Where(name, line_no, line.find('@')) + "unknown block '" + flag + "'";
        return false;
      }
      if (begin) {
        open.push_back(flag);
      } else if (open.empty() || open.back() != flag) {
        *err = Where(name, line_no, line.find('@')) + "'@END_" + flag + "@' without its '@BEGIN_" +
               flag + "@'";
        return false;
      } else {
        open.pop_back();
      }
      recompute();
      continue;
    }
    if (!keep) continue;
    std::string indent = line.substr(0, line.find_first_not_of(' '));
    std::string rendered;
    for (size_t i = 0; i < line.size();) {
      size_t end = i + 1;
      while (end < line.size() && IsKeyChar(line[end])) ++end;
      if (line[i] == '@' && end > i + 1 && end < line.size() && line[end] == '@') {
        std::string key = line.substr(i + 1, end - i - 1);
        auto it = values.find(key);
        if (it == values.end()) {
          *err = Where(name, line_no, i) + "unknown placeholder '@" + key + "@'";
          return false;
        }
        rendered += IndentContinuation(Chomp(it->second), indent);
        i = end + 1;
      } else {
        rendered += line[i++];
      }
    }
    *out += rendered;
    if (eol != std::string::npos) *out += '\n';
  }
  if (!open.empty()) {
    *err = name + ": '@BEGIN_" + open.back() + "@' is never closed";
    return false;
  }
  return true;
}

namespace {

bool Snippet(const std::string& file, std::string* out, std::string* err) {
  const char* text = EmbeddedTemplate("ci/snippets/" + file);
  if (!text) {
    *err = "templates/ci/snippets/" + file + " is not compiled into this pyrelease";
    return false;
  }
  *out = text;
  return true;
}

bool ValidPython(const std::string& v) {
  // "3.12", "3.13t", "pypy3.10": a version the forge's Python setup understands.
  if (v.empty() || v.size() > 20) return false;
  for (char c : v) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  return std::isdigit(static_cast<unsigned char>(v.back())) || v.back() == 't';
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

bool RenderCiFiles(Forge forge, const CiSettings& settings, std::vector<RenderedFile>* out,
                   std::string* err) {
  out->clear();
  if (settings.trusted_publishing && forge == Forge::kGitea) {
    *err =
        "--trusted-publishing: Gitea and Forgejo Actions have no OIDC token service to exchange; "
        "use API "
        "tokens (the secrets TESTPYPI_API_TOKEN / PYPI_API_TOKEN) or --forge github|gitlab";
    return false;
  }
  if (settings.pythons.empty()) {
    *err = "no Python version to verify with (pass --python 3.12 ...)";
    return false;
  }
  std::string pythons_list, pythons_text;
  for (const auto& p : settings.pythons) {
    if (!ValidPython(p)) {
      *err = "--python '" + p + "': expected a version such as 3.12";
      return false;
    }
    pythons_list += (pythons_list.empty() ? "" : ", ") + Quote(p);
    pythons_text += (pythons_text.empty() ? "" : ", ") + p;
  }
  std::string install, tag_check, verify, promotion, native_wheel, native_sdist;
  if (!Snippet("install-pyrelease.sh", &install, err) ||
      !Snippet("tag-check.sh", &tag_check, err) || !Snippet("verify.sh", &verify, err) ||
      !Snippet("promotion-check.sh", &promotion, err) ||
      !Snippet("native-wheel.sh", &native_wheel, err) ||
      !Snippet("native-sdist.sh", &native_sdist, err)) {
    return false;
  }
  std::string tests;
  for (const auto& c : settings.test_commands) tests += c + "\n";
  std::string upload_flags;
  if (settings.trusted_publishing) {
    upload_flags = "--trusted-publishing always";
    if (forge == Forge::kGitHub) upload_flags += " --attestations";
  }
  std::string credentials =
      settings.trusted_publishing
          ? "Credentials: none stored. Trusted publishing: on each index, register a trusted "
            "publisher for this "
            "repository, the workflow file and the environment (`testpypi` for the test index, "
            "`pypi` for "
            "production). The publish jobs get an OIDC identity from the forge, and `pyrelease "
            "upload "
            "--trusted-publishing always` exchanges it for a short-lived upload token." +
                std::string(
                    forge == Forge::kGitHub
                        ? " The build job also signs each dist (PEP 740 attestations, optional: "
                          "delete the "
                          "two steps to go without), and the uploads send them (`--attestations`)."
                        : "")
          : "Secrets: `TESTPYPI_API_TOKEN` and `PYPI_API_TOKEN`, API tokens for the two indexes. "
            "The upload steps "
            "pass them as `TWINE_PASSWORD` with `TWINE_USERNAME=__token__`; they are never "
            "printed.";
  std::map<std::string, std::string> values = {
      {"NAME", settings.name},
      {"VERSION", settings.version},
      {"PYTHON", settings.pythons.back()},
      {"PYTHONS", "[" + pythons_list + "]"},
      {"PYTHONS_TEXT", pythons_text},
      {"PYRELEASE_INSTALL", settings.pyrelease_install},
      {"TEST_COMMANDS", tests},
      {"TEST_SUMMARY",
       settings.test_commands.empty() ? "none configured" : Join(settings.test_commands, "; ")},
      {"INSTALL_PYRELEASE", install},
      {"TAG_CHECK", tag_check},
      {"VERIFY", verify},
      {"PROMOTION_CHECK", promotion},
      {"NATIVE_WHEEL", native_wheel},
      {"NATIVE_SDIST", native_sdist},
      {"UPLOAD_FLAGS", upload_flags},
      {"WORKFLOW_PATH", WorkflowPath(forge)},
      {"CREDENTIALS_DOC", credentials},
  };
  std::map<std::string, bool> flags = {{"TRUSTED_PUBLISHING", settings.trusted_publishing},
                                       {"API_TOKEN", !settings.trusted_publishing},
                                       {"NATIVE", settings.native},
                                       {"PURE", !settings.native}};
  struct Source {
    std::string template_path, output_path;
    bool only_if_absent;
  };
  std::string workflow = std::string(settings.native ? "ci/native/" : "ci/") + WorkflowPath(forge);
  for (const Source& s : {Source{workflow, WorkflowPath(forge), false},
                          Source{"RELEASING.md.in", "RELEASING.md", true},
                          Source{"CHANGELOG.md.in", "CHANGELOG.md", true}}) {
    const char* text = EmbeddedTemplate(s.template_path);
    if (!text) {
      *err = "templates/" + s.template_path + " is not compiled into this pyrelease";
      return false;
    }
    RenderedFile f;
    f.path = s.output_path;
    f.only_if_absent = s.only_if_absent;
    if (!RenderTemplate("templates/" + s.template_path, text, values, flags, &f.text, err))
      return false;
    out->push_back(std::move(f));
  }
  return true;
}
