#include "publish/credentials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

struct TempHome {
  ScopedTempDir scoped;
  fs::path dir{scoped.path};
  std::string Write(const std::string& text, unsigned mode = 0600) {
    std::string path = (dir / ".pypirc").string();
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  Environment Env() const {
    Environment e;
    e.home = dir.string();
    return e;
  }
};

}  // namespace

TEST(Credentials, PypircSectionsServerLoginAndEnvironmentPrecedence) {
  TempHome home;
  home.Write(
      "[distutils]\nindex-servers = testpypi\n[server-login]\nusername = old\npassword = "
      "fallback-pw\n"
      "[testpypi]\nrepository = https://test.invalid/legacy/\npassword = pypi-section-token\n"
      "check_url = https://test.invalid/simple/\n");
  RepositorySettings s;
  s.repository_name = "testpypi";
  Repository repo;
  std::vector<std::string> warnings;
  std::string err;
  ASSERT_TRUE(ResolveRepository(s, home.Env(), &repo, &warnings, &err)) << err;
  EXPECT_EQ(repo.url, "https://test.invalid/legacy/");
  EXPECT_EQ(repo.username, "old");  // [server-login] supplies what the section lacks
  EXPECT_EQ(repo.password.Reveal(), "pypi-section-token");
  EXPECT_NE(repo.password_source.find("[testpypi] password"), std::string::npos);
  EXPECT_EQ(repo.check_url, "https://test.invalid/simple/");
  EXPECT_TRUE(warnings.empty());

  Environment env = home.Env();
  env.vars["TWINE_USERNAME"] = "__token__";
  env.vars["TWINE_PASSWORD"] = "pypi-env-token";
  ASSERT_TRUE(ResolveRepository(s, env, &repo, &warnings, &err)) << err;
  EXPECT_EQ(repo.username, "__token__");
  EXPECT_EQ(repo.password.Reveal(), "pypi-env-token");
  EXPECT_EQ(repo.password_source, "TWINE_PASSWORD");
}

TEST(Credentials, MissingUrlSaysWhichSectionAndKeyToAdd) {
  TempHome home;
  RepositorySettings s;  // default repository: pypi
  Repository repo;
  std::vector<std::string> warnings;
  std::string err;
  EXPECT_FALSE(ResolveRepository(s, home.Env(), &repo, &warnings, &err));
  EXPECT_NE(err.find("'pypi'"), std::string::npos) << err;
  EXPECT_NE(err.find("[pypi]"), std::string::npos) << err;
  EXPECT_NE(err.find("repository = https://<your index>/legacy/"), std::string::npos) << err;
  EXPECT_NE(err.find("TWINE_REPOSITORY_URL"), std::string::npos) << err;

  home.Write("[testpypi]\nusername = __token__\n");
  s.repository_name = "testpypi";
  EXPECT_FALSE(ResolveRepository(s, home.Env(), &repo, &warnings, &err));
  EXPECT_NE(err.find("'repository' key to the [testpypi] section"), std::string::npos) << err;
  s.repository_name = "nosuch";
  EXPECT_FALSE(ResolveRepository(s, home.Env(), &repo, &warnings, &err));
  EXPECT_NE(err.find("missing 'nosuch' section"), std::string::npos) << err;
}

TEST(Credentials, WarnsWhenAPasswordFileIsReadableByOthers) {
  TempHome home;
  home.Write("[pypi]\nrepository = https://idx.invalid/legacy/\npassword = pypi-x-token\n", 0644);
  RepositorySettings s;
  Repository repo;
  std::vector<std::string> warnings;
  std::string err;
  ASSERT_TRUE(ResolveRepository(s, home.Env(), &repo, &warnings, &err)) << err;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("chmod 600"), std::string::npos);
  EXPECT_EQ(warnings[0].find("pypi-x-token"), std::string::npos);
  EXPECT_EQ(repo.username, "__token__");  // a pypi- token implies the token user
}

TEST(Credentials, UrlsFileIndexesAndUserinfo) {
  TempHome home;
  RepositorySettings s;
  Repository repo;
  std::vector<std::string> warnings;
  std::string err;
  s.repository_url = "http://someone:url-password@127.0.0.1:9/";
  ASSERT_TRUE(ResolveRepository(s, home.Env(), &repo, &warnings, &err)) << err;
  EXPECT_EQ(repo.url, "http://127.0.0.1:9/");
  EXPECT_EQ(repo.username, "someone");
  EXPECT_EQ(repo.password.Reveal(), "url-password");
  s.repository_url = "file:///tmp/some%20index";
  ASSERT_TRUE(ResolveRepository(s, home.Env(), &repo, &warnings, &err)) << err;
  EXPECT_EQ(repo.file_index_root, "/tmp/some index");
  s.repository_url = "relative/index";
  ASSERT_TRUE(ResolveRepository(s, home.Env(), &repo, &warnings, &err)) << err;
  EXPECT_EQ(repo.file_index_root, "relative/index");
  s.repository_url = "ftp://host/x";
  EXPECT_FALSE(ResolveRepository(s, home.Env(), &repo, &warnings, &err));
  s.repository_url = "";
  s.config_file = (home.dir / "absent").string();
  EXPECT_FALSE(
      ResolveRepository(s, home.Env(), &repo, &warnings, &err));  // an explicit file must exist
  EXPECT_TRUE(IsTruthy("1"));
  EXPECT_FALSE(IsTruthy("No"));
}

TEST(Credentials, NonInteractiveMissingPasswordNamesTheSources) {
  RepositorySettings s;
  s.non_interactive = true;
  Repository repo;
  repo.name = "private";
  repo.url = "https://idx.invalid/";
  repo.username = "me";
  std::string err;
  EXPECT_FALSE(PromptForMissing(s, &repo, &err));
  EXPECT_NE(err.find("TWINE_PASSWORD"), std::string::npos);
  EXPECT_NE(err.find("[private]"), std::string::npos);
}
