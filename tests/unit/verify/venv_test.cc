#include "verify/venv.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "test_support.h"

namespace fs = std::filesystem;

TEST(Venv, PipFailureReasonPrefersTheLastError) {
  SubprocessResult r;
  r.err =
      "ERROR: Could not find a version that satisfies the requirement nope (from versions: none)\n"
      "ERROR: No matching distribution found for nope\n\n";
  EXPECT_EQ(PipFailureReason(r), "No matching distribution found for nope");
  r.err = "Traceback (most recent call last):\nKeyError: 'x'\n";
  EXPECT_EQ(PipFailureReason(r), "KeyError: 'x'");
  r.err = "";
  r.out = "something went wrong\n";
  EXPECT_EQ(PipFailureReason(r), "something went wrong");
}

TEST(Venv, ProcessOptionsPutTheVenvFirstAndDropHostSources) {
  Venv v = VenvAt("/tmp/env");
  EXPECT_EQ(v.bin_dir, "/tmp/env/bin");
  EXPECT_EQ(v.python, "/tmp/env/bin/python");
  SubprocessOptions o = VenvProcessOptions(v, "/tmp/work");
  EXPECT_EQ(o.cwd, "/tmp/work");
  bool path_first = false, virtual_env = false;
  for (const auto& e : o.env) {
    path_first |= e.rfind("PATH=/tmp/env/bin", 0) == 0;
    virtual_env |= e == "VIRTUAL_ENV=/tmp/env";
  }
  EXPECT_TRUE(path_first);
  EXPECT_TRUE(virtual_env);
  for (const char* name : {"PYTHONPATH", "PIP_INDEX_URL", "PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL"})
    EXPECT_NE(std::find(o.unset_env.begin(), o.unset_env.end(), name), o.unset_env.end()) << name;
}

// A real venv, without pip so that it takes a tenth of a second.
TEST(Venv, CreatesARealVenvAndRunsItsPython) {
  ScopedTempDir temp;
  const std::string tmpl = temp.path;
  std::string dir = std::string(tmpl) + "/env";
  Venv venv;
  TimedRun run;
  std::string err;
  ASSERT_TRUE(CreateVenv("python3", dir, /*with_pip=*/false, &venv, &run, &err)) << err;
  ASSERT_TRUE(run.ok()) << run.result.err;
  EXPECT_GT(run.seconds, 0);
  EXPECT_TRUE(VenvExists(dir));
  EXPECT_FALSE(VenvExists(tmpl));
  TimedRun py;
  ASSERT_TRUE(RunTimed({venv.python, "-c", "import sys; print(sys.prefix)"},
                       VenvProcessOptions(venv, tmpl), &py, &err))
      << err;
  EXPECT_EQ(py.result.out, dir + "\n");
}
