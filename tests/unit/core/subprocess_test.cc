#include "core/subprocess.h"

#include <gtest/gtest.h>

TEST(Subprocess, CapturesStdoutStderrAndExitCode) {
  SubprocessResult r;
  std::string err;
  ASSERT_TRUE(RunSubprocess({"sh", "-c", "echo out; echo err >&2; exit 3"}, {}, &r, &err)) << err;
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(Subprocess, RunsInTheGivenDirectoryWithExtraEnvironment) {
  SubprocessOptions opt;
  opt.cwd = "/";
  opt.env = {"PYRELEASE_SUBPROCESS_TEST=hello"};
  SubprocessResult r;
  std::string err;
  ASSERT_TRUE(RunSubprocess({"sh", "-c", "pwd; echo $PYRELEASE_SUBPROCESS_TEST"}, opt, &r, &err));
  EXPECT_EQ(r.out, "/\nhello\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST(Subprocess, UnsetsVariables) {
  SubprocessOptions opt;
  opt.env = {"PYRELEASE_GONE=1"};
  opt.unset_env = {"PYRELEASE_GONE"};
  SubprocessResult r;
  std::string err;
  ASSERT_TRUE(RunSubprocess({"sh", "-c", "echo \"[${PYRELEASE_GONE-unset}]\""}, opt, &r, &err));
  EXPECT_EQ(r.out, "[unset]\n");
}

TEST(Subprocess, FeedsStdinAndHandlesLargeOutput) {
  SubprocessOptions opt;
  opt.stdin_text = std::string(300000, 'x');
  SubprocessResult r;
  std::string err;
  ASSERT_TRUE(RunSubprocess({"cat"}, opt, &r, &err)) << err;
  EXPECT_EQ(r.out.size(), 300000u);
  EXPECT_EQ(r.exit_code, 0);
}

TEST(Subprocess, MissingProgramIsAnErrorNamingIt) {
  SubprocessResult r;
  std::string err;
  EXPECT_FALSE(RunSubprocess({"pyrelease-no-such-program-xyz"}, {}, &r, &err));
  EXPECT_NE(err.find("pyrelease-no-such-program-xyz"), std::string::npos);
}

TEST(Subprocess, ReportsTheKillingSignal) {
  SubprocessResult r;
  std::string err;
  ASSERT_TRUE(RunSubprocess({"sh", "-c", "kill -9 $$"}, {}, &r, &err));
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_EQ(r.term_signal, 9);
}
