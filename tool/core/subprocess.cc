#include "core/subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "core/interrupt.h"
#include "core/string_util.h"

extern char** environ;

namespace {

// Closes both ends of a pipe on scope exit unless released.
struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
  bool Open() { return pipe2(fd, O_CLOEXEC) == 0; }
};

std::vector<std::string> BuildEnvironment(const SubprocessOptions& options) {
  std::map<std::string, std::string> vars;
  std::vector<std::string> order;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    if (!vars.count(name)) order.push_back(name);
    vars[name] = entry;
  }
  for (const std::string& entry : options.env) {
    std::string name = entry.substr(0, entry.find('='));
    if (!vars.count(name)) order.push_back(name);
    vars[name] = entry;
  }
  for (const std::string& name : options.unset_env) vars.erase(name);
  std::vector<std::string> out;
  for (const std::string& name : order)
    if (vars.count(name)) out.push_back(vars[name]);
  return out;
}

// What RunSubprocess does with its child once pyrelease is interrupted. The child runs in
// pyrelease's process group, as before: a terminal's Ctrl-C (and ninja's or a shell's signal to the
// group) reaches it directly, so forwarding at once would deliver the signal twice, and a second
// SIGINT interrupts a Python child's own cleanup. So the signal is forwarded only when it was not
// the terminal's and the child is still running after a grace period (it was sent to pyrelease
// alone: `kill PID`, a CI runner); a second signal, or a child still running long after, is killed.
class ChildStopper {
 public:
  explicit ChildStopper(pid_t pid) : pid_(pid) {}

  // Acts on a recorded interruption; returns the poll timeout (ms) until the next look, -1 = none.
  int Step() {
    if (!PendingInterrupt()) return -1;
    if (killed_) return kTick;
    auto now = std::chrono::steady_clock::now();
    if (!noticed_) {
      noticed_ = true;
      since_ = now;
    }
    auto elapsed = now - since_;
    if (InterruptRepeated() || elapsed >= kKillAfter) {
      kill(pid_, SIGKILL);
      killed_ = true;
      return kTick;
    }
    if (!forwarded_ && !InterruptCameFromTerminal() && elapsed >= kForwardAfter) {
      kill(pid_, PendingInterrupt());
      forwarded_ = true;
    }
    auto next = forwarded_ || InterruptCameFromTerminal() ? kKillAfter : kForwardAfter;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - elapsed).count();
    return static_cast<int>(std::clamp<long long>(ms, 1, kTick));
  }

 private:
  static constexpr int kTick = 50;  // ms between looks at an interrupted child
  static constexpr std::chrono::milliseconds kForwardAfter{2000};
  static constexpr std::chrono::milliseconds kKillAfter{15000};
  pid_t pid_;
  bool noticed_ = false, forwarded_ = false, killed_ = false;
  std::chrono::steady_clock::time_point since_;
};

// Waits for the child without blocking the reaction to a signal. On Linux a pidfd becomes readable
// when the child exits, so one poll waits for either; elsewhere WNOHANG and a short sleep on the
// wake-up pipe (a child that closed its outputs normally exits at once).
bool WaitForChild(pid_t pid, ChildStopper* stopper, int* status, std::string* err) {
  int pidfd = -1;
#ifdef SYS_pidfd_open
  pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#endif
  int nap_ms = 1;
  bool ok = true;
  for (;;) {
    pid_t w = waitpid(pid, status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      *err = std::string("waitpid: ") + strerror(errno);
      ok = false;
      break;
    }
    int step = stopper->Step();
    pollfd fds[2] = {{InterruptWakeFd(), POLLIN, 0}, {pidfd, POLLIN, 0}};
    if (pidfd >= 0) {
      poll(fds, 2, step);
    } else {
      poll(fds, fds[0].fd >= 0 ? 1 : 0, step < 0 ? nap_ms : std::min(step, nap_ms));
      nap_ms = std::min(nap_ms * 2, 50);
    }
    DrainInterruptWakeups();
  }
  if (pidfd >= 0) close(pidfd);
  return ok;
}

}  // namespace

bool RunSubprocess(const std::vector<std::string>& argv, const SubprocessOptions& options,
                   SubprocessResult* result, std::string* err) {
  *result = SubprocessResult();
  if (argv.empty()) {
    *err = "no program to run";
    return false;
  }
  // Recorded, not fatal, while the child runs: its caller must get to remove what it made.
  DeferInterrupts defer;
  if (PendingInterrupt()) {
    *err = InterruptMessage();
    return false;
  }
  Pipe in, out, errp;
  if (!in.Open() || !out.Open() || !errp.Open()) {
    *err = std::string("pipe: ") + strerror(errno);
    return false;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, errp.fd[1], 2);
  // The child's working directory: glibc >= 2.29 (and macOS/BSD) have addchdir_np.
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGHUP);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::vector<std::string> env = BuildEnvironment(options);
  std::vector<char*> cenv;
  for (const std::string& e : env) cenv.push_back(const_cast<char*>(e.c_str()));
  cenv.push_back(nullptr);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, &attr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    *err = "cannot run " + argv[0] + ": " + strerror(rc);
    return false;
  }
  // Parent keeps: write end of stdin, read ends of stdout/stderr.
  close(in.fd[0]);
  in.fd[0] = -1;
  close(out.fd[1]);
  out.fd[1] = -1;
  close(errp.fd[1]);
  errp.fd[1] = -1;

  // Feed stdin and drain both outputs together so that no pipe fills up and blocks the child.
  size_t written = 0;
  if (options.stdin_text.empty()) {
    close(in.fd[1]);
    in.fd[1] = -1;
  } else {
    fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
  }
  char buf[65536];
  ChildStopper stopper(pid);
  int status = 0;
  bool reaped = false;
  while (out.fd[0] >= 0 || errp.fd[0] >= 0 || in.fd[1] >= 0) {
    // Interrupted: the child's exit ends the wait, even if a grandchild still holds the pipes.
    if (PendingInterrupt() && waitpid(pid, &status, WNOHANG) == pid) {
      reaped = true;
      break;
    }
    pollfd fds[4];
    int n = 0;
    if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
    if (errp.fd[0] >= 0) fds[n++] = {errp.fd[0], POLLIN, 0};
    if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
    if (InterruptWakeFd() >= 0) fds[n++] = {InterruptWakeFd(), POLLIN, 0};
    if (poll(fds, n, stopper.Step()) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      int fd = fds[i].fd;
      if (fd == InterruptWakeFd()) {
        DrainInterruptWakeups();
        continue;
      }
      if (fd == in.fd[1]) {
        ssize_t w =
            write(fd, options.stdin_text.data() + written, options.stdin_text.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = options.stdin_text.size();
        if (written >= options.stdin_text.size()) {
          close(in.fd[1]);
          in.fd[1] = -1;
        }
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        (fd == out.fd[0] ? result->out : result->err).append(buf, static_cast<size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        int& slot = fd == out.fd[0] ? out.fd[0] : errp.fd[0];
        close(slot);
        slot = -1;
      }
    }
  }

  if (!reaped && !WaitForChild(pid, &stopper, &status, err)) return false;
  if (WIFEXITED(status)) result->exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result->term_signal = WTERMSIG(status);
  if (PendingInterrupt()) {
    *err = InterruptMessage();
    return false;
  }
  return true;
}

std::string DescribeCommand(const std::vector<std::string>& argv) {
  std::vector<std::string> quoted;
  for (const std::string& a : argv) quoted.push_back(ShellQuote(a));
  return Join(quoted, " ");
}
