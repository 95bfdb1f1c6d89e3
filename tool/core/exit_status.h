// Process exit codes shared by every subcommand.
#pragma once

enum ExitStatus {
  kExitOk = 0,
  kExitFailure = 1,      // the operation failed (bad input, I/O, server refused)
  kExitUsage = 2,        // bad command line
  kExitCheckFailed = 3,  // `check` found problems that would be rejected
  kExitInterrupted = 130,
};
