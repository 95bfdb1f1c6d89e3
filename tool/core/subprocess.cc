#include "core/subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

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

}  // namespace

bool RunSubprocess(const std::vector<std::string>& argv, const SubprocessOptions& options,
                   SubprocessResult* result, std::string* err) {
  *result = SubprocessResult();
  if (argv.empty()) {
    *err = "no program to run";
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
  while (out.fd[0] >= 0 || errp.fd[0] >= 0 || in.fd[1] >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
    if (errp.fd[0] >= 0) fds[n++] = {errp.fd[0], POLLIN, 0};
    if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      int fd = fds[i].fd;
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

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      *err = std::string("waitpid: ") + strerror(errno);
      return false;
    }
  }
  if (WIFEXITED(status)) result->exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result->term_signal = WTERMSIG(status);
  return true;
}

std::string DescribeCommand(const std::vector<std::string>& argv) {
  std::vector<std::string> quoted;
  for (const std::string& a : argv) quoted.push_back(ShellQuote(a));
  return Join(quoted, " ");
}
