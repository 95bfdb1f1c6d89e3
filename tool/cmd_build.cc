// `pyrelease build` (being written).
#include <iostream>

#include "commands.h"
#include "exit_status.h"

int RunBuild(int argc, char** argv) {
  std::cerr << "pyrelease: error: 'build' is not available in this build yet\n";
  return kExitFailure;
}
