// `pyrelease check` (being written).
#include <iostream>

#include "commands.h"
#include "exit_status.h"

int RunCheck(int argc, char** argv) {
  std::cerr << "pyrelease: error: 'check' is not available in this build yet\n";
  return kExitFailure;
}
