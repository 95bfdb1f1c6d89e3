// The subcommand table and the top-level dispatcher.
#pragma once

#include <string>
#include <vector>

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

const std::vector<Subcommand>& Subcommands();

// Dispatches `pyrelease <subcommand> ...`; prints help, --version, --cmake-dir, --templates-dir,
// and "did you mean" for unknown subcommands.
int RunCli(int argc, char** argv);

// Where the installed CMake package and templates live, relative to the executable.
std::string CMakeDir();
std::string TemplatesDir();

// A path given on the command line made absolute and normal, without a trailing '/' ("." ->
// "/home/u/proj"), so that paths joined to it read cleanly in messages and state files.
std::string AbsoluteArgPath(const std::string& path);
