#include "core/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace {

// Written by the handler, so lock-free atomics only (async-signal-safe).
std::atomic<int> g_defer_depth{0};
std::atomic<int> g_signal{0};
std::atomic<bool> g_from_terminal{false};
std::atomic<bool> g_repeated{false};
int g_wake[2] = {-1, -1};

constexpr int kInterruptSignals[] = {SIGINT, SIGTERM, SIGHUP};

void DieBy(int sig) {
  signal(sig, SIG_DFL);
  raise(sig);  // blocked while the handler runs: delivered (fatally) when it returns
}

void OnInterrupt(int sig, siginfo_t* info, void*) {
  int saved_errno = errno;
  if (g_defer_depth.load() == 0) {
    DieBy(sig);
    errno = saved_errno;
    return;
  }
  int none = 0;
  if (g_signal.compare_exchange_strong(none, sig)) {
#ifdef SI_KERNEL
    g_from_terminal.store(info && info->si_code == SI_KERNEL);
#else
    (void)info;
#endif
  } else {
    g_repeated.store(true);
  }
  if (g_wake[1] >= 0) {
    ssize_t ignored = write(g_wake[1], "x", 1);  // full pipe: a wake-up is pending anyway
    (void)ignored;
  }
  errno = saved_errno;
}

const char* SignalName(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
  }
  return "a signal";
}

}  // namespace

void InstallInterruptHandlers() {
  // Non-blocking: the handler never waits on a full pipe, the drain never waits on an empty one.
  if (g_wake[0] < 0 && pipe2(g_wake, O_CLOEXEC | O_NONBLOCK) != 0) g_wake[0] = g_wake[1] = -1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = OnInterrupt;
  // SA_RESTART: code inside a deferred scope sees no EINTR from its reads and writes; the one wait
  // that must notice the signal (RunSubprocess) polls the wake-up pipe.
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int sig : kInterruptSignals) sigaddset(&sa.sa_mask, sig);
  for (int sig : kInterruptSignals) {
    struct sigaction old;
    // A signal ignored by whoever started pyrelease (nohup, `trap '' INT`) stays ignored.
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sig, &sa, nullptr);
  }
}

int PendingInterrupt() { return g_signal.load(); }

bool InterruptCameFromTerminal() { return g_from_terminal.load(); }

bool InterruptRepeated() { return g_repeated.load(); }

std::string InterruptMessage() {
  int sig = PendingInterrupt();
  return sig ? std::string("interrupted by ") + SignalName(sig) : std::string();
}

int InterruptWakeFd() { return g_wake[0]; }

void DrainInterruptWakeups() {
  char buf[64];
  while (g_wake[0] >= 0 && read(g_wake[0], buf, sizeof buf) > 0) {
  }
}

bool SleepUnlessInterrupted(double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!PendingInterrupt()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    until - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return true;
    pollfd wake = {g_wake[0], POLLIN, 0};
    poll(&wake, wake.fd >= 0 ? 1 : 0, static_cast<int>(std::min<long long>(left, 1000)));
    DrainInterruptWakeups();
  }
  return false;
}

void ReraiseIfInterrupted() {
  int sig = PendingInterrupt();
  if (!sig) return;
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  signal(sig, SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  _exit(128 + sig);  // only if the signal was ignored by the default action (it is not)
}

DeferInterrupts::DeferInterrupts(bool now) {
  if (now) Begin();
}

void DeferInterrupts::Begin() {
  if (active_) return;
  active_ = true;
  g_defer_depth.fetch_add(1);
}

DeferInterrupts::~DeferInterrupts() {
  if (active_) g_defer_depth.fetch_sub(1);
}
