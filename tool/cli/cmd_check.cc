// `pyrelease check`: twine check's output, plus every PyPI upload rule and archive integrity.
#include <glob.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "check/check.h"
#include "cli/commands.h"
#include "core/exit_status.h"
#include "core/regular_file.h"
#include "core/string_util.h"

namespace {

const char* LevelName(FindingLevel l) { return l == FindingLevel::kError ? "ERROR" : "WARNING"; }

void PrintRules() {
  size_t width = 0;
  for (const auto& r : CheckRules()) width = std::max(width, std::string(r.id).size());
  for (const auto& r : CheckRules()) {
    std::cout << std::string(r.id) << std::string(width + 2 - std::string(r.id).size(), ' ')
              << std::string("[") + r.origin + "]"
              << std::string(12 - std::string(r.origin).size(), ' ') << r.summary << '\n';
  }
}

void PrintFinding(const Finding& f) {
  std::string msg = f.message;
  std::string indented;
  for (char c : msg) {
    indented += c;
    if (c == '\n') indented += "    ";
  }
  std::cout << "  " << LevelName(f.level) << ' ' << f.rule << ' '
            << (f.where.empty() ? "" : f.where + ": ") << indented << '\n';
}

nlohmann::json FindingJson(const Finding& f) {
  return {{"rule", f.rule},
          {"level", f.level == FindingLevel::kError ? "error" : "warning"},
          {"where", f.where},
          {"message", f.message},
          {"twine", f.twine}};
}

// twine's verdict on the same file: only the findings twine has too.
bool TwineWouldFail(const FileReport& r, bool strict) {
  for (const auto& f : r.findings) {
    if (!f.twine) continue;
    if (f.level == FindingLevel::kError || strict) return true;
  }
  return false;
}

// twine expands patterns itself and puts wheels first.
bool ExpandInputs(const std::vector<std::string>& inputs, std::vector<std::string>* out,
                  std::string* err) {
  for (const std::string& in : inputs) {
    struct stat st;
    if (stat(in.c_str(), &st) == 0) {
      out->push_back(in);
      continue;
    }
    glob_t g;
    int rc = glob(in.c_str(), 0, nullptr, &g);
    if (rc != 0 || g.gl_pathc == 0) {
      globfree(&g);
      *err = "cannot find file (or expand pattern): '" + in + "'";
      return false;
    }
    for (size_t k = 0; k < g.gl_pathc; ++k) out->push_back(g.gl_pathv[k]);
    globfree(&g);
  }
  // Signatures and attestations are not distributions.
  out->erase(std::remove_if(out->begin(), out->end(),
                            [](const std::string& p) {
                              return EndsWith(p, ".asc") || EndsWith(p, ".attestation");
                            }),
             out->end());
  std::stable_sort(out->begin(), out->end(), [](const std::string& a, const std::string& b) {
    return EndsWith(a, ".whl") && !EndsWith(b, ".whl");
  });
  return true;
}

}  // namespace

int RunCheck(int argc, char** argv) {
  CLI::App app{
      "Check sdists and wheels for everything twine check and PyPI's upload endpoint would reject, "
      "plus archive\n"
      "integrity (RECORD, WHEEL, dist-info, secrets). Prints one line per file like twine check: "
      "PASSED,\n"
      "PASSED with warnings or FAILED, then each finding as `ERROR|WARNING <rule> "
      "<field-or-member>: <message>`.",
      "pyrelease check"};
  std::vector<std::string> files;
  bool strict = false, json = false, list_rules = false;
  std::string max_size_text = "100MiB", warn_size_text, content_type;
  std::vector<std::string> readmes;
  app.add_option("files", files,
                 "sdists and wheels (globs are expanded, wheels are checked first)");
  app.add_flag("--strict", strict, "fail on warnings too");
  app.add_flag("--json", json, "print a JSON report instead of text");
  app.add_option("--max-size", max_size_text,
                 "largest file PyPI accepts for the project (default 100MiB)");
  app.add_option("--warn-size", warn_size_text, "size budget: warn about files larger than this");
  app.add_flag("--list-rules", list_rules, "list the rules and exit");
  app.add_option("--readme", readmes,
                 "check long-description files (READMEs) instead of dists (repeatable)");
  app.add_option("--content-type", content_type,
                 "content type for --readme (default from the extension: .md Markdown, .txt plain, "
                 "else reST)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;  // help prints and exits 0
  }
  if (list_rules) {
    PrintRules();
    return kExitOk;
  }
  CheckOptions options;
  options.strict = strict;
  unsigned long long size = 0;
  if (!ParseSize(max_size_text, &size)) {
    std::cerr << "pyrelease: error: --max-size: not a size: '" << max_size_text
              << "' (e.g. 100MB, 1GiB)\n";
    return kExitUsage;
  }
  options.max_size = size;
  if (!warn_size_text.empty()) {
    if (!ParseSize(warn_size_text, &size)) {
      std::cerr << "pyrelease: error: --warn-size: not a size: '" << warn_size_text
                << "' (e.g. 20MB)\n";
      return kExitUsage;
    }
    options.warn_size = size;
  }

  std::vector<FileReport> reports;
  if (!readmes.empty()) {
    for (const std::string& readme : readmes) {
      std::string text, err;
      if (!ReadRegularFile(readme, &text, &err)) {
        std::cerr << "pyrelease: error: " << err << '\n';
        return kExitFailure;
      }
      std::string ctype = content_type;
      if (ctype.empty()) {
        std::string lower = ToLower(readme);
        ctype = EndsWith(lower, ".md") || EndsWith(lower, ".markdown") ? "text/markdown"
                : EndsWith(lower, ".txt")                              ? "text/plain"
                                                                       : "text/x-rst";
      }
      std::string problem = DescriptionContentTypeProblem(ctype);
      if (!problem.empty()) {
        std::cerr << "pyrelease: error: --content-type: " << problem << '\n';
        return kExitUsage;
      }
      FileReport r;
      r.path = readme;
      r.findings = CheckDescription(text, ctype, true, true);
      for (auto& f : r.findings) {
        if (f.rule.empty()) f.rule = "description";
        f.where = readme;
      }
      reports.push_back(std::move(r));
    }
  } else {
    if (files.empty()) {
      std::cerr << "pyrelease: error: no files to check\nRun 'pyrelease check --help' for usage.\n";
      return kExitUsage;
    }
    std::vector<std::string> paths;
    std::string err;
    if (!ExpandInputs(files, &paths, &err)) {
      std::cerr << "pyrelease: error: " << err << '\n';
      return kExitFailure;
    }
    if (paths.empty()) {
      std::cerr << "pyrelease: error: no files to check\n";
      return kExitUsage;
    }
    for (const std::string& p : paths) reports.push_back(CheckDist(p, options));
  }

  bool failed = false;
  nlohmann::json files_json = nlohmann::json::array();
  for (const FileReport& r : reports) {
    failed = failed || r.Failed(strict);
    if (json) {
      nlohmann::json findings = nlohmann::json::array();
      for (const auto& f : r.findings) findings.push_back(FindingJson(f));
      files_json.push_back({{"path", r.path},
                            {"status", r.Status(strict)},
                            {"failed", r.Failed(strict)},
                            {"twine_failed", TwineWouldFail(r, strict)},
                            {"findings", findings}});
      continue;
    }
    std::cout << "Checking " << r.path << ": " << r.Status(strict) << '\n';
    // Errors first, then warnings, each in rule order.
    for (const auto& f : r.findings) {
      if (f.level == FindingLevel::kError) PrintFinding(f);
    }
    for (const auto& f : r.findings) {
      if (f.level == FindingLevel::kWarning) PrintFinding(f);
    }
  }
  if (json) {
    nlohmann::json doc = {{"failed", failed}, {"files", files_json}};
    std::cout << doc.dump(2) << '\n';
  }
  std::cout.flush();
  return failed ? kExitCheckFailed : kExitOk;
}
