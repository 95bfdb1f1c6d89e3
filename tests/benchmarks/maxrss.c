/* maxrss PROGRAM [ARG...]: runs PROGRAM and prints "<peak RSS KiB> <user+sys CPU s>" of it (and
 * of the children it waited for) on stderr, exiting with its status. The benchmark runs programs
 * through this rather than straight from Python: a child's ru_maxrss keeps the RSS it had before
 * exec, and a child forked from a Python process starts at Python's ~14 MiB, which hides the
 * peak of anything smaller (the empty project's build takes ~7 MiB). */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: maxrss PROGRAM [ARG...]\n");
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) return perror("fork"), 2;
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) return perror("wait4"), 2;
  fprintf(stderr, "%ld %.6f\n", usage.ru_maxrss,
          usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
              (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
