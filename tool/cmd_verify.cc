// `pyrelease verify` (being written).
#include <iostream>

#include "commands.h"
#include "exit_status.h"

int RunVerify(int argc, char** argv) {
  std::cerr << "pyrelease: error: 'verify' is not available in this build yet\n";
  return kExitFailure;
}
