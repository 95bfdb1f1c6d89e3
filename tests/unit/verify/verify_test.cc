#include "verify/verify.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/owned_dir.h"
#include "test_support.h"

TEST(Verify, ParsesExactReleaseSpecs) {
  std::string name, version, err;
  ASSERT_TRUE(ParseReleaseSpec("My_Pkg==1.2.0", &name, &version, &err)) << err;
  EXPECT_EQ(name, "My_Pkg");
  EXPECT_EQ(version, "1.2.0");
  ASSERT_TRUE(ParseReleaseSpec("pkg == 2.0rc1", &name, &version, &err)) << err;
  EXPECT_EQ(name, "pkg");
  EXPECT_EQ(version, "2.0rc1");
}

TEST(Verify, RejectsAnythingButOneExactVersion) {
  std::string name, version, err;
  EXPECT_FALSE(ParseReleaseSpec("pkg>=1.0", &name, &version, &err));
  EXPECT_NE(err.find("expected NAME==VERSION"), std::string::npos);
  EXPECT_FALSE(ParseReleaseSpec("pkg===1.0", &name, &version, &err));
  EXPECT_FALSE(ParseReleaseSpec("pkg==", &name, &version, &err));
  EXPECT_FALSE(ParseReleaseSpec("pkg==1.0,<2", &name, &version, &err));
  EXPECT_FALSE(ParseReleaseSpec("-bad==1.0", &name, &version, &err));
  EXPECT_NE(err.find("not a valid project name"), std::string::npos);
}

TEST(Verify, CheckNamesFollowTheContractOrder) {
  VerifyOptions o;
  o.name = "pkg";
  o.version = "1.0";
  o.find_links = {"dist"};
  o.imports = {"pkg", "pkg.cli"};
  o.commands = {"pkg --help"};
  o.extras = {"a", "b"};
  o.script = "tests/smoke.py";
  std::vector<std::string> want = {"install",        "version",      "import:pkg",
                                   "import:pkg.cli", "entry-points", "command:pkg --help",
                                   "extra:a",        "extra:b",      "script:smoke.py"};
  EXPECT_EQ(VerifyCheckNames(o), want);
}

TEST(Verify, WaitAndHashesNeedAnIndex) {
  VerifyOptions o;
  o.find_links = {"dist"};
  o.wait_seconds = 30;
  o.dists = {"dist/pkg-1.0.tar.gz"};
  EXPECT_EQ(VerifyCheckNames(o).front(), "install");
  o.index_url = "http://127.0.0.1:8080/simple/";
  std::vector<std::string> names = VerifyCheckNames(o);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[0], "wait");
  EXPECT_EQ(names[1], "hashes");
  o.wait_seconds = 0;
  EXPECT_EQ(VerifyCheckNames(o).front(), "hashes");
}

TEST(Verify, SeveralPythonsSuffixEveryVenvCheck) {
  VerifyOptions o;
  o.index_url = "file:///tmp/index/simple/";
  o.wait_seconds = 1;
  o.pythons = {"python3.11", "python3.12"};
  o.imports = {"pkg"};
  std::vector<std::string> want = {"wait",
                                   "install@python3.11",
                                   "version@python3.11",
                                   "import:pkg@python3.11",
                                   "entry-points@python3.11",
                                   "install@python3.12",
                                   "version@python3.12",
                                   "import:pkg@python3.12",
                                   "entry-points@python3.12"};
  EXPECT_EQ(VerifyCheckNames(o), want);
}

TEST(Verify, ValidationNamesTheProblem) {
  VerifyOptions o;
  o.name = "pkg";
  o.version = "1.0";
  std::string err;
  EXPECT_FALSE(ValidateVerifyOptions(o, &err));
  EXPECT_NE(err.find("--find-links"), std::string::npos);
  o.find_links = {"/nonexistent/dist"};
  EXPECT_FALSE(ValidateVerifyOptions(o, &err));
  EXPECT_NE(err.find("--find-links /nonexistent/dist: no such directory"), std::string::npos);
  o.find_links = {PYRELEASE_TEST_PROJECTS_DIR};
  EXPECT_TRUE(ValidateVerifyOptions(o, &err)) << err;
  o.only = {"import:pkg"};
  EXPECT_FALSE(ValidateVerifyOptions(o, &err));
  EXPECT_NE(err.find("install, version, entry-points"), std::string::npos);
  o.imports = {"pkg"};
  EXPECT_TRUE(ValidateVerifyOptions(o, &err)) << err;
  o.pythons = {"python3", "python3"};
  EXPECT_FALSE(ValidateVerifyOptions(o, &err));
  o.pythons = {};
  o.script = "/nonexistent/smoke.py";
  EXPECT_FALSE(ValidateVerifyOptions(o, &err));
  EXPECT_NE(err.find("/nonexistent/smoke.py"), std::string::npos);
}

TEST(Verify, ReportPassesOnlyWhenEveryCheckPassed) {
  VerifyReport report;
  EXPECT_TRUE(report.passed());
  report.checks.push_back({"install", CheckStatus::kPass, 1.0, "", ""});
  EXPECT_TRUE(report.passed());
  report.checks.push_back({"version", CheckStatus::kFail, 0.1, "wrong", ""});
  EXPECT_FALSE(report.passed());
}

TEST(Verify, ASymlinkPlantedAtTheEnvDirLockIsRefused) {
  ScopedTempDir tmp;
  std::string env = tmp.path + "/env";
  std::string err;
  ASSERT_TRUE(CreateOwnedDir(env, &err)) << err;  // an env dir an earlier verify made
  std::string victim = tmp.path + "/victim";
  std::filesystem::create_symlink(victim, env + "/.lock");
  VerifyOptions o;
  o.name = "pkg";
  o.version = "1.0";
  o.find_links = {PYRELEASE_TEST_PROJECTS_DIR};
  o.env_dir = env;
  VerifyReport report;
  EXPECT_FALSE(RunVerification(
      o, [](const CheckResult&) {}, &report, &err));
  EXPECT_NE(err.find(env + "/.lock: a symbolic link; refusing to lock through it"),
            std::string::npos)
      << err;
  EXPECT_FALSE(std::filesystem::exists(victim));
  EXPECT_TRUE(report.checks.empty());
}
