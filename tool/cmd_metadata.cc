// `pyrelease metadata` (being written).
#include <iostream>

#include "commands.h"
#include "exit_status.h"

int RunMetadata(int argc, char** argv) {
  std::cerr << "pyrelease: error: 'metadata' is not available in this build yet\n";
  return kExitFailure;
}
