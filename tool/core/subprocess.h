// Running another program: posix_spawn with captured stdout/stderr and its exit status (ninja's
// subprocess-posix.cc, reduced to the blocking case). No shell is involved: argv is passed as is.
#pragma once

#include <string>
#include <vector>

struct SubprocessOptions {
  std::string cwd;               // "" = inherit
  std::vector<std::string> env;  // "NAME=value" entries added to (or replacing in) the environment
  std::vector<std::string> unset_env;  // names removed from the environment
  std::string stdin_text;              // written to the child's stdin, then closed
};

struct SubprocessResult {
  int exit_code = -1;   // the exit status when the child exited normally, else -1
  int term_signal = 0;  // the signal that killed the child, else 0
  std::string out;      // everything the child wrote to stdout
  std::string err;      // everything the child wrote to stderr
};

// Runs argv[0] (searched in PATH when it has no '/') and waits for it. Returns false (with `err`
// naming the program and the OS reason) only when the program could not be started; a non-zero
// exit is reported through result->exit_code, not as a failure of this call.
bool RunSubprocess(const std::vector<std::string>& argv, const SubprocessOptions& options,
                   SubprocessResult* result, std::string* err);

// Convenience: "prog arg arg" with each word shell-quoted, for messages.
std::string DescribeCommand(const std::vector<std::string>& argv);
