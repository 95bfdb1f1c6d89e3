#include "release/ci_templates.h"

#include <gtest/gtest.h>

namespace {

std::string Render(const std::string& text, std::string* err = nullptr) {
  std::string out, e;
  bool ok = RenderTemplate("t.yml", text, {{"NAME", "demo"}, {"CMDS", "a\nb\n"}},
                           {{"TP", true}, {"TOKEN", false}}, &out, &e);
  if (err) *err = e;
  return ok ? out : "<error>";
}

TEST(RenderTemplate, ReplacesPlaceholdersAndIndentsContinuationLines) {
  EXPECT_EQ(Render("name: @NAME@\n"), "name: demo\n");
  EXPECT_EQ(Render("run: |\n    @CMDS@\n"), "run: |\n    a\n    b\n");
  // '@' that is not a placeholder stays (action refs, e-mail addresses).
  EXPECT_EQ(Render("uses: actions/checkout@v4 a@b.c\n"), "uses: actions/checkout@v4 a@b.c\n");
}

TEST(RenderTemplate, KeepsAndDropsBlocks) {
  EXPECT_EQ(Render("a\n# @BEGIN_TP@\nb\n# @END_TP@\n  # @BEGIN_TOKEN@\nc\n  # @END_TOKEN@\nd\n"),
            "a\nb\nd\n");
  // A kept block inside a dropped one is dropped.
  EXPECT_EQ(Render("# @BEGIN_TOKEN@\n# @BEGIN_TP@\nx\n# @END_TP@\n# @END_TOKEN@\ny\n"), "y\n");
}

TEST(RenderTemplate, ErrorsNameTheLineAndColumn) {
  std::string err;
  EXPECT_EQ(Render("ok\nname: @NAMES@\n", &err), "<error>");
  EXPECT_EQ(err, "t.yml:2:7: unknown placeholder '@NAMES@'");
  Render("# @BEGIN_TP@\nx\n", &err);
  EXPECT_EQ(err, "t.yml: '@BEGIN_TP@' is never closed");
  Render("# @END_TP@\n", &err);
  EXPECT_EQ(err, "t.yml:1:3: '@END_TP@' without its '@BEGIN_TP@'");
  Render("# @BEGIN_OTHER@\n", &err);
  EXPECT_EQ(err, "t.yml:1:3: unknown block 'OTHER'");
}

TEST(CiTemplates, EveryForgeRendersWithoutLeftovers) {
  CiSettings s;
  s.name = "demo-pkg";
  s.version = "1.0.0";
  s.pythons = {"3.11", "3.12"};
  s.pyrelease_install = "pyrelease==9.9";
  s.test_commands = {"python -m pytest tests"};
  for (Forge forge : {Forge::kGitea, Forge::kGitHub, Forge::kGitLab}) {
    for (bool tp : {false, true}) {
      s.trusted_publishing = tp;
      std::vector<RenderedFile> files;
      std::string err;
      bool ok = RenderCiFiles(forge, s, &files, &err);
      if (forge == Forge::kGitea && tp) {
        EXPECT_FALSE(ok);
        EXPECT_NE(err.find("no OIDC token service"), std::string::npos) << err;
        continue;
      }
      ASSERT_TRUE(ok) << err;
      ASSERT_EQ(files.size(), 3u);
      EXPECT_EQ(files[0].path, WorkflowPath(forge));
      EXPECT_FALSE(files[0].only_if_absent);
      EXPECT_TRUE(files[1].only_if_absent);
      const std::string& wf = files[0].text;
      EXPECT_EQ(wf.find("@BEGIN"), std::string::npos);
      EXPECT_NE(wf.find("[\"3.11\", \"3.12\"]"), std::string::npos);
      EXPECT_NE(wf.find("PYRELEASE_INSTALL: \"pyrelease==9.9\""), std::string::npos);
      EXPECT_NE(wf.find("python -m pytest tests"), std::string::npos);
      EXPECT_EQ(wf.find("TESTPYPI_API_TOKEN") == std::string::npos, tp);
      EXPECT_EQ(wf.find("--trusted-publishing always") != std::string::npos, tp);
      EXPECT_EQ(wf.find("--attestations") != std::string::npos, tp && forge == Forge::kGitHub);
      EXPECT_NE(files[2].text.find("## [1.0.0] - "), std::string::npos);
      EXPECT_NE(files[1].text.find(WorkflowPath(forge)), std::string::npos);
    }
  }
}

// pyrelease reaches the runner as its own wheel, pinned, from the index the runner's pip is
// configured with: one pip step, nothing compiled, no index named.
TEST(CiTemplates, InstallPyreleaseWithPipOnly) {
  CiSettings s;
  s.name = "demo-pkg";
  s.version = "1.0.0";
  s.pythons = {"3.12"};
  s.pyrelease_install = "pyrelease==9.9";
  for (Forge forge : {Forge::kGitea, Forge::kGitHub, Forge::kGitLab}) {
    for (bool native : {false, true}) {
      s.native = native;
      std::vector<RenderedFile> files;
      std::string err;
      ASSERT_TRUE(RenderCiFiles(forge, s, &files, &err)) << err;
      const std::string& wf = files[0].text;
      SCOPED_TRACE(WorkflowPath(forge) + (native ? " --native" : ""));
      EXPECT_NE(wf.find("python -m pip install \"$PYRELEASE_INSTALL\""), std::string::npos);
      for (const char* gone :
           {"git clone", "install-deps.sh", "cmake --install", "pip install -"}) {
        EXPECT_EQ(wf.find(gone), std::string::npos) << gone;
      }
      EXPECT_EQ(wf.find("-DPyRelease_DIR=\"$(pyrelease --cmake-dir)\"") != std::string::npos,
                native);
      EXPECT_NE(files[1].text.find("PIP_FIND_LINKS"), std::string::npos);  // RELEASING.md says how
    }
  }
}

TEST(CiTemplates, RefusesOddPythonVersions) {
  CiSettings s;
  s.name = "x";
  s.pythons = {"3.12; rm"};
  std::vector<RenderedFile> files;
  std::string err;
  EXPECT_FALSE(RenderCiFiles(Forge::kGitHub, s, &files, &err));
  EXPECT_NE(err.find("--python '3.12; rm'"), std::string::npos) << err;
}

TEST(CiTemplates, ParsesForgeNames) {
  Forge f;
  EXPECT_TRUE(ParseForge("Forgejo", &f));
  EXPECT_EQ(f, Forge::kGitea);
  EXPECT_TRUE(ParseForge("gitlab", &f));
  EXPECT_EQ(f, Forge::kGitLab);
  EXPECT_FALSE(ParseForge("bitbucket", &f));
}

}  // namespace
