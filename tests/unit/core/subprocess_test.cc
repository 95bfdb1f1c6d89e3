#include "core/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "core/interrupt.h"

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

// Interruption (core/interrupt.h). Each case runs in a death test's own process: the handlers and
// the recorded signal are process-wide, and the process must end by the signal, as pyrelease does.
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The forwarding grace period is 2 s (core/subprocess.cc): "prompt" is well before it.
const char* Speed(double seconds) {
  return seconds < 1.5 ? "prompt" : seconds < 10 ? "after-grace" : "slow";
}

// The handlers leave an ignored signal ignored (nohup): a test run started with SIGINT ignored (a
// background job of a script) must still see them installed.
void InstallHandlersFromDefaults() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) signal(sig, SIG_DFL);
  InstallInterruptHandlers();
}

// Runs `script` (sh) with the handlers installed, prints what RunSubprocess reported, tries to
// start another program, and re-raises like main().
void RunInterrupted(const std::string& script, bool own_group) {
  if (own_group) setpgid(0, 0);  // `kill 0` in the script must not reach the test runner
  InstallHandlersFromDefaults();
  SubprocessResult r;
  std::string err;
  auto start = std::chrono::steady_clock::now();
  bool ok = RunSubprocess({"sh", "-c", script}, {}, &r, &err);
  double seconds = SecondsSince(start);
  SubprocessResult again;
  std::string again_err;
  bool started = RunSubprocess({"true"}, {}, &again, &again_err);
  fprintf(stderr, "ok=%d err=[%s] child_signal=%d seconds=%s again=%d [%s]\n", ok, err.c_str(),
          r.term_signal, Speed(seconds), started, again_err.c_str());
  ReraiseIfInterrupted();
  _exit(0);
}

}  // namespace

TEST(SubprocessInterrupt, SignalToPyreleaseAloneIsForwardedAndReported) {
  // As `kill PID` or a CI runner: only pyrelease gets SIGTERM; the child is stopped by the
  // forwarded signal after the grace period, the call fails naming the signal, later calls refuse
  // to start.
  EXPECT_EXIT(RunInterrupted("kill -TERM $PPID; exec sleep 30", false),
              ::testing::KilledBySignal(SIGTERM),
              "ok=0 err=\\[interrupted by SIGTERM\\] child_signal=15 seconds=after-grace again=0 "
              "\\[interrupted by SIGTERM\\]");
}

TEST(SubprocessInterrupt, SignalToTheGroupEndsTheCallAsSoonAsTheChildDies) {
  // As ninja's SIGINT to the group: the child has it already and dies by it at once; pyrelease
  // returns then, without waiting for the grace period or forwarding a second one.
  EXPECT_EXIT(RunInterrupted("kill -INT 0; exec sleep 30", true), ::testing::KilledBySignal(SIGINT),
              "ok=0 err=\\[interrupted by SIGINT\\] child_signal=2 seconds=prompt again=0");
}

TEST(SubprocessInterrupt, SecondSignalKillsAChildThatIgnoresTheFirst) {
  EXPECT_EXIT(RunInterrupted(
                  "trap '' HUP; kill -HUP $PPID; sleep 0.3; kill -HUP $PPID; exec sleep 30", false),
              ::testing::KilledBySignal(SIGHUP),
              "ok=0 err=\\[interrupted by SIGHUP\\] child_signal=9 seconds=prompt");
}

TEST(SubprocessInterrupt, WithoutAChildTheSignalEndsTheProcessAtOnce) {
  EXPECT_EXIT(
      {
        InstallHandlersFromDefaults();
        raise(SIGINT);
        fprintf(stderr, "survived\n");
        _exit(0);
      },
      ::testing::KilledBySignal(SIGINT), "^$");
}

TEST(SubprocessInterrupt, DeferredSignalEndsSleepsAndIsReraisedAtTheEnd) {
  EXPECT_EXIT(
      {
        InstallHandlersFromDefaults();
        {
          DeferInterrupts defer;
          raise(SIGTERM);
          auto start = std::chrono::steady_clock::now();
          bool slept = SleepUnlessInterrupted(30);
          fprintf(stderr, "pending=%d slept=%d seconds=%s [%s]\n", PendingInterrupt(), slept,
                  Speed(SecondsSince(start)), InterruptMessage().c_str());
        }
        ReraiseIfInterrupted();
        _exit(0);
      },
      ::testing::KilledBySignal(SIGTERM),
      "pending=15 slept=0 seconds=prompt \\[interrupted by SIGTERM\\]");
}
