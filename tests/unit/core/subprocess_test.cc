#include "core/subprocess.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

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

// Where the death test's process stands: no terminal at all (CI, ninja: children lead their own
// process groups), or in the foreground of a terminal of its own (a pseudo-terminal).
enum class Stand { kNoTerminal, kTerminalForeground };

void TakeStand(Stand stand) {
  setsid();  // also: `kill 0` in a script reaches no test runner
  if (stand == Stand::kNoTerminal) return;
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) _exit(90);
  int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) != 0) _exit(91);
}

// Whether `pid` still runs (a zombie does not).
bool Alive(pid_t pid) {
  if (kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  return paren == std::string::npos || text.compare(paren + 2, 1, "Z") != 0;
}

// Runs `script` (sh) with the handlers installed, prints what RunSubprocess reported, tries to
// start another program, and re-raises like main(). The script may write the pids of what it
// started into $PIDS: "grandchildren=gone" says none of them runs when RunSubprocess returns.
void RunInterrupted(const std::string& script, Stand stand = Stand::kNoTerminal) {
  TakeStand(stand);
  InstallHandlersFromDefaults();
  char pids_path[] = "/tmp/pyrelease-subprocess-test-XXXXXX";
  int pids_fd = mkstemp(pids_path);
  if (pids_fd < 0) _exit(92);
  close(pids_fd);
  SubprocessOptions options;
  options.env = {std::string("PIDS=") + pids_path};
  SubprocessResult r;
  std::string err;
  auto start = std::chrono::steady_clock::now();
  bool ok = RunSubprocess({"sh", "-c", script}, options, &r, &err);
  double seconds = SecondsSince(start);
  std::ifstream pids(pids_path);
  int running = 0;
  for (long pid; pids >> pid;) running += Alive(static_cast<pid_t>(pid));
  unlink(pids_path);
  SubprocessResult again;
  std::string again_err;
  bool started = RunSubprocess({"true"}, {}, &again, &again_err);
  fprintf(stderr, "ok=%d err=[%s] child_signal=%d seconds=%s again=%d [%s] grandchildren=%s\n", ok,
          err.c_str(), r.term_signal, Speed(seconds), started, again_err.c_str(),
          running ? "running" : "gone");
  ReraiseIfInterrupted();
  _exit(0);
}

// Two grandchildren: one that dies by SIGTERM, one that ignores it (the script goes on once it
// does).
const char* kGrandchildren =
    "sleep 30 & echo $! >> \"$PIDS\"; "
    "sh -c 'trap \"\" TERM; echo $$ >> \"$PIDS\"; exec sleep 30' & "
    "while [ $(wc -l < \"$PIDS\") -lt 2 ]; do sleep 0.05; done; ";

}  // namespace

TEST(SubprocessInterrupt, SignalToPyreleaseAloneIsPassedOnAtOnceToTheWholeTree) {
  // As `kill PID` or a CI runner: only pyrelease gets SIGTERM. Without a terminal the child leads
  // its own process group, so pyrelease passes the signal on to that group at once: the child and
  // what it started stop (the one that ignores SIGTERM is killed 2 s after the child ended: hence
  // "after-grace"), the call fails naming the signal, later calls refuse to start.
  EXPECT_EXIT(RunInterrupted(std::string(kGrandchildren) + "kill -TERM $PPID; wait"),
              ::testing::KilledBySignal(SIGTERM),
              "ok=0 err=\\[interrupted by SIGTERM\\] child_signal=15 seconds=after-grace "
              "again=0 \\[interrupted by SIGTERM\\] grandchildren=gone");
}

TEST(SubprocessInterrupt, InATerminalsForegroundASignalToPyreleaseAloneIsForwardedAfterTheGrace) {
  // There the child shares pyrelease's group (it may prompt on the terminal) and a Ctrl-C reaches
  // it directly; a signal that was not the terminal's is forwarded after the grace period to the
  // child and its descendants.
  EXPECT_EXIT(RunInterrupted("sleep 30 & echo $! >> \"$PIDS\"; kill -TERM $PPID; wait",
                             Stand::kTerminalForeground),
              ::testing::KilledBySignal(SIGTERM),
              "ok=0 err=\\[interrupted by SIGTERM\\] child_signal=15 seconds=after-grace again=0 "
              "\\[interrupted by SIGTERM\\] grandchildren=gone");
}

TEST(SubprocessInterrupt, SignalToPyreleasesGroupReachesTheChildOnceAndEndsTheCall) {
  // As ninja's SIGINT to pyrelease's group: the child, in a group of its own, gets it from
  // pyrelease, and the call returns as soon as the child died by it.
  EXPECT_EXIT(RunInterrupted("kill -INT -$PPID; exec sleep 30"), ::testing::KilledBySignal(SIGINT),
              "ok=0 err=\\[interrupted by SIGINT\\] child_signal=2 seconds=prompt again=0");
}

TEST(SubprocessInterrupt, SecondSignalKillsAChildThatIgnoresTheFirst) {
  EXPECT_EXIT(
      RunInterrupted("trap '' HUP; kill -HUP $PPID; sleep 0.3; kill -HUP $PPID; exec sleep 30"),
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
