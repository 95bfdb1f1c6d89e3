#include "core/subprocess.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>

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

// Whether pyrelease is in the foreground process group of its controlling terminal.
bool InTerminalForeground() {
  int fd = ::open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return false;  // no controlling terminal
  bool foreground = tcgetpgrp(fd) == getpgrp();
  close(fd);
  return foreground;
}

// The descendants of `pid` as /proc lists them now (children first seen, then theirs), or none
// where /proc has no children lists.
std::vector<pid_t> Descendants(pid_t pid) {
  std::vector<pid_t> out;
  std::vector<pid_t> todo = {pid};
  while (!todo.empty() && out.size() < 4096) {
    pid_t p = todo.back();
    todo.pop_back();
    std::string tasks = "/proc/" + std::to_string(p) + "/task";
    DIR* d = opendir(tasks.c_str());
    if (!d) continue;
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::string path = tasks + "/" + e->d_name + "/children";
      FILE* f = fopen(path.c_str(), "re");
      if (!f) continue;
      long child;
      while (fscanf(f, "%ld", &child) == 1) {
        out.push_back(static_cast<pid_t>(child));
        todo.push_back(static_cast<pid_t>(child));
      }
      fclose(f);
    }
    closedir(d);
  }
  return out;
}

// Whether `pid` still runs: it exists and is not a zombie (one that exited, not yet reaped).
bool Running(pid_t pid) {
  if (kill(pid, 0) != 0) return false;
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  FILE* f = fopen(path.c_str(), "re");
  if (!f) return true;
  char buf[512];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char* paren = strrchr(buf, ')');
  return !paren || paren[1] != ' ' || paren[2] != 'Z';
}

// What RunSubprocess does with its child, and the child's own children (a backend's compiler,
// pip's builds), once pyrelease is interrupted. Two cases:
//  - pyrelease is not in a terminal's foreground (CI, ninja, a script, `&`): the child leads a
//    process group of its own, so a signal to pyrelease (alone or to its group) reaches no child
//    by itself. pyrelease passes it on at once to the child's whole group: exactly one each.
//  - in a terminal's foreground the child stays in pyrelease's group, so it can still prompt on
//    the terminal (`git push`, a signing key) without being stopped by SIGTTIN/SIGTTOU, and a
//    Ctrl-C reaches the whole tree directly; forwarding at once would deliver it twice, and a
//    second SIGINT interrupts a Python child's own cleanup. So the signal is passed on (to the
//    child and its descendants as /proc lists them) only when it was not the terminal's and the
//    child still runs after a grace period (it was sent to pyrelease alone: `kill PID`).
// A second signal, or a child still running long after, brings SIGKILL to the same set.
class ChildStopper {
 public:
  ChildStopper(pid_t pid, bool own_group) : pid_(pid), own_group_(own_group) {}

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
      Signal(SIGKILL);
      killed_ = true;
      return kTick;
    }
    bool terminal = !own_group_ && InterruptCameFromTerminal();
    auto grace = own_group_ ? std::chrono::milliseconds(0) : kForwardAfter;
    if (!forwarded_ && !terminal && elapsed >= grace) {
      Signal(PendingInterrupt());
      forwarded_ = true;
    }
    auto next = forwarded_ || terminal ? kKillAfter : kForwardAfter;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - elapsed).count();
    return static_cast<int>(std::clamp<long long>(ms, 1, kTick));
  }

  // After an interrupted child exited, what it started must stop too. In its own group all had
  // the signal (sent now if the child ended before it was passed on); in pyrelease's group, those
  // it was forwarded to. Any still running after a short grace are killed, and are gone when the
  // call returns (a zombie stays a group member until its new parent reaps it).
  void EndLeftovers() {
    if (!PendingInterrupt()) return;
    if (own_group_) {
      if (!AnyLeft()) return;
      if (!forwarded_ && !killed_) kill(-pid_, PendingInterrupt());
    } else if (signalled_.empty()) {
      return;  // a terminal's signal reached the whole tree directly
    }
    auto until = std::chrono::steady_clock::now() + kLeftoverGrace;
    while (!InterruptRepeated() && std::chrono::steady_clock::now() < until && AnyLeft())
      poll(nullptr, 0, 20);
    Signal(SIGKILL);
    for (int i = 0; i < 50 && AnyLeft(); ++i) poll(nullptr, 0, 20);
  }

 private:
  void Signal(int sig) {
    if (own_group_) {
      // A descendant that left the session (`setsid`, a daemon's first fork) is not reached by
      // the group's signal: the tree as /proc lists it at the first signal names those, while
      // their parents still run (a process whose parent is gone has moved up to init). One in
      // another group of the same session is a nested pyrelease's program: that one passes the
      // signal on itself, and a second signal would cut short the program's own cleanup.
      if (!escaped_listed_) {
        escaped_listed_ = true;
        pid_t session = getsid(pid_);
        for (pid_t p : Descendants(pid_))
          if (getsid(p) != session) escaped_.push_back(p);
      }
      kill(-pid_, sig);
      for (pid_t p : escaped_)
        if (Running(p)) kill(p, sig);
      return;
    }
    if (signalled_.empty()) {
      signalled_ = Descendants(pid_);
      signalled_.push_back(pid_);
    }
    for (pid_t p : signalled_)
      if (Running(p)) kill(p, sig);
  }

  bool AnyLeft() const {
    if (own_group_)
      return kill(-pid_, 0) == 0 || std::any_of(escaped_.begin(), escaped_.end(), Running);
    return std::any_of(signalled_.begin(), signalled_.end(), Running);
  }

  static constexpr int kTick = 50;  // ms between looks at an interrupted child
  static constexpr std::chrono::milliseconds kForwardAfter{2000};
  static constexpr std::chrono::milliseconds kKillAfter{15000};
  static constexpr std::chrono::milliseconds kLeftoverGrace{2000};
  pid_t pid_;
  bool own_group_;
  bool noticed_ = false, forwarded_ = false, killed_ = false;
  std::chrono::steady_clock::time_point since_;
  std::vector<pid_t> signalled_;  // outside its own group: the child and its descendants
  bool escaped_listed_ = false;
  std::vector<pid_t> escaped_;  // in its own group: descendants in another session
};

// A process in the child's own group whose only task is to kill that group if pyrelease dies
// without doing it itself (SIGKILL, a crash): a signal to pyrelease's group does not reach a
// child that leads its own. It holds the read end of a pipe whose write end only pyrelease holds,
// so its read() returns when pyrelease is gone, however it went; pyrelease ends it with SIGKILL
// once the child has exited. A fork without exec, cheaper than starting a program: from fork to
// _exit the guard makes only async-signal-safe system calls (pyrelease may have other threads).
class GroupGuard {
 public:
  // Starts the guard of `group` (the child's pid); nothing when the fork fails.
  explicit GroupGuard(pid_t group) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);  // the guard keeps every signal blocked
    pid_t pid = fork();
    if (pid == 0) Guard(group, fds[0]);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    close(fds[0]);
    if (pid < 0) {
      close(fds[1]);
      return;
    }
    pid_ = pid;
    write_end_ = fds[1];
  }
  GroupGuard(const GroupGuard&) = delete;
  GroupGuard& operator=(const GroupGuard&) = delete;
  // The child has exited: the guard goes without touching the group (so that what is left of it
  // is pyrelease's to handle) and is reaped, so it no longer counts as a member of the group.
  ~GroupGuard() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    if (write_end_ >= 0) close(write_end_);
  }

 private:
  [[noreturn]] static void Guard(pid_t group, int read_end) {
    // Only the pipe's read end stays open: an inherited output pipe would keep pyrelease's reader
    // waiting, and another guard's write end would keep that guard from seeing its end.
    if (dup2(read_end, 0) != 0) _exit(1);
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 1u, ~0u, 0u) != 0)
#endif
      for (int fd = 1; fd < 65536; ++fd) close(fd);
    if (setpgid(0, group) != 0) _exit(1);  // never kill a group it is not in
    char c;
    ssize_t n;
    while ((n = read(0, &c, 1)) < 0 && errno == EINTR) {
    }
    if (n == 0) {  // pyrelease is gone: so is everything it started here
      // Those of the child's tree that left its session (`setsid`) first, while their parents
      // still run and the tree can be listed (another group of the session is a nested
      // pyrelease's program, which that pyrelease's own guard ends).
      pid_t tree[1024];
      size_t count = AppendChildren(group, tree, 0, sizeof tree / sizeof tree[0]);
      for (size_t i = 0; i < count; ++i)
        count = AppendChildren(tree[i], tree, count, sizeof tree / sizeof tree[0]);
      pid_t session = getsid(0);
      for (size_t i = 0; i < count; ++i)
        if (getsid(tree[i]) != session) kill(tree[i], SIGKILL);
      kill(-group, SIGKILL);
    }
    _exit(0);
  }

  // Appends to `tree` (holding `count`, room for `cap`) the children of `pid`'s threads as /proc
  // lists them; returns the new count. System calls and fixed buffers only: the guard runs it.
  static size_t AppendChildren(pid_t pid, pid_t* tree, size_t count, size_t cap) {
    char path[kPathRoom] = "/proc/";
    size_t base = AppendNumber(path, 6, pid);
    base = AppendText(path, base, "/task/");
    int tasks = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (tasks < 0) return count;
    alignas(8) char entries[2048];
    long got;
    while (count < cap && (got = syscall(SYS_getdents64, tasks, entries, sizeof entries)) > 0) {
      for (long at = 0; at < got;) {
        const auto* e = reinterpret_cast<const struct dirent64*>(entries + at);
        at += e->d_reclen;
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        size_t end = AppendText(path, base, e->d_name);
        end = AppendText(path, end, "/children");
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        char text[2048];
        ssize_t len = read(fd, text, sizeof text);
        close(fd);
        long value = -1;
        for (ssize_t i = 0; i <= len && count < cap; ++i) {
          if (i < len && text[i] >= '0' && text[i] <= '9') {
            value = (value < 0 ? 0 : value * 10) + (text[i] - '0');
          } else if (value > 0) {
            tree[count++] = static_cast<pid_t>(value);
            value = -1;
          }
        }
      }
    }
    close(tasks);
    return count;
  }
  static constexpr size_t kPathRoom = 96;  // "/proc/<pid>/task/<tid>/children" and its NUL
  static size_t AppendText(char* path, size_t at, const char* text) {
    while (*text && at + 1 < kPathRoom) path[at++] = *text++;
    path[at] = '\0';
    return at;
  }
  static size_t AppendNumber(char* path, size_t at, long value) {
    char digits[24];
    size_t n = 0;
    do digits[n++] = static_cast<char>('0' + value % 10);
    while ((value /= 10) > 0);
    while (n > 0 && at + 1 < kPathRoom) path[at++] = digits[--n];
    path[at] = '\0';
    return at;
  }

  pid_t pid_ = -1;
  int write_end_ = -1;
};

constexpr std::chrono::milliseconds kGuardAfter{50};

// Waits for the child without blocking the reaction to a signal (`next_look` acts on one and says
// when to look again). On Linux a pidfd becomes readable when the child exits, so one poll waits
// for either; elsewhere WNOHANG and a short sleep on the wake-up pipe (a child that closed its
// outputs normally exits at once).
bool WaitForChild(pid_t pid, const std::function<int()>& next_look, int* status, std::string* err) {
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
    int step = next_look();
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
  short flags = POSIX_SPAWN_SETSIGDEF;
  // Its own process group, so that an interruption stops all it started (ChildStopper), except in
  // a terminal's foreground, where it must be able to use the terminal.
  bool own_group = !InTerminalForeground();
  if (own_group) {
    posix_spawnattr_setpgroup(&attr, 0);
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  posix_spawnattr_setflags(&attr, flags);

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
  ChildStopper stopper(pid, own_group);
  // In a group of its own, the child outlives no pyrelease: a guard joins the group once the child
  // has run kGuardAfter, so that the many short children (git ls-files: ~15 ms) go without its
  // fork (~0.1 ms of CPU each).
  std::optional<GroupGuard> guard;
  const auto guard_due = std::chrono::steady_clock::now() + kGuardAfter;
  // Acts on an interruption and starts the guard when due; the poll timeout (ms, -1 = none).
  auto next_look = [&]() {
    int step = stopper.Step();
    if (!own_group || guard) return step;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    guard_due - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      guard.emplace(pid);
      return step;
    }
    return step < 0 ? static_cast<int>(left) : std::min(step, static_cast<int>(left));
  };
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
    if (poll(fds, n, next_look()) < 0) {
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

  if (!reaped && !WaitForChild(pid, next_look, &status, err)) return false;
  guard.reset();
  stopper.EndLeftovers();
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
