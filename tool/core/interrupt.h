// Ctrl-C (SIGINT), SIGTERM and SIGHUP: pyrelease stops promptly and still removes what it made.
//
// Outside a DeferInterrupts scope such a signal keeps its default action: pyrelease ends at once
// (a native build has nothing of its own to remove). Inside one (while a child process runs, or
// while an owned temporary directory such as a backend's venv exists) the handler only records
// the signal: RunSubprocess stops its child and returns "interrupted by SIGINT", callers unwind so
// their destructors remove their directories, and main() re-raises the signal with its default
// action, so the exit status is the conventional killed-by-signal one (128+N in a shell).
#pragma once

#include <string>

// Installs the handlers for SIGINT, SIGTERM and SIGHUP (main() only, before any thread).
void InstallInterruptHandlers();

// The recorded signal (SIGINT, SIGTERM, SIGHUP), or 0.
int PendingInterrupt();

// True when the recorded signal came from the terminal (the kernel sent it to the whole
// foreground process group, so a child already has it too).
bool InterruptCameFromTerminal();

// True when a second signal arrived after the first (the user insists: stop the child hard).
bool InterruptRepeated();

// "interrupted by SIGINT" for the recorded signal ("" when none).
std::string InterruptMessage();

// The read end of the handler's wake-up pipe (readable once a signal is recorded), or -1 when the
// handlers are not installed. Drained by DrainInterruptWakeups().
int InterruptWakeFd();
void DrainInterruptWakeups();

// Sleeps `seconds`, or less when a signal is (or was already) recorded; false when interrupted.
bool SleepUnlessInterrupted(double seconds);

// When a signal was recorded: flushes stdio and re-raises it with the default action (does not
// return). Otherwise returns.
void ReraiseIfInterrupted();

// While one exists, SIGINT/SIGTERM/SIGHUP are recorded instead of ending pyrelease. Nests; an
// inactive one (`DeferInterrupts d(false)`) starts deferring at Begin().
class DeferInterrupts {
 public:
  explicit DeferInterrupts(bool now = true);
  ~DeferInterrupts();
  DeferInterrupts(const DeferInterrupts&) = delete;
  DeferInterrupts& operator=(const DeferInterrupts&) = delete;
  void Begin();

 private:
  bool active_ = false;
};
