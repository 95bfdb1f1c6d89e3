// `pyrelease upload` (being written).
#include <iostream>

#include "commands.h"
#include "exit_status.h"

int RunUpload(int argc, char** argv) {
  std::cerr << "pyrelease: error: 'upload' is not available in this build yet\n";
  return kExitFailure;
}
