// pyrelease: main() only. Everything else lives in pyrelease_core.
#include <clocale>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/cli.h"
#include "core/exit_status.h"
#include "core/interrupt.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an error return, not a silent death
  // libarchive converts member names to the locale's charset: in the "C" locale every non-ASCII
  // name (UTF-8 in wheels and pax headers) fails to convert and reads back empty.
  if (!std::setlocale(LC_CTYPE, "C.UTF-8")) std::setlocale(LC_CTYPE, "");
  // While TZ is unset, glibc stats /etc/localtime at every mktime(), which libarchive calls once
  // per zip member (10,000 stats to check a large wheel). Naming that same file keeps the zone and
  // lets glibc read it once. Set here, before any thread exists.
  if (!std::getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
  // Ctrl-C/SIGTERM/SIGHUP during a backend build or a verify: the command unwinds (removing its
  // temporary directories) and pyrelease then dies by that signal, as the shell expects.
  InstallInterruptHandlers();
  int status = kExitFailure;
  try {
    status = RunCli(argc, argv);
  } catch (const std::exception& e) {
    // Only the edges (CLI11, nlohmann-json) throw; the core returns errors as values.
    std::cerr << "pyrelease: error: " << e.what() << '\n';
  }
  ReraiseIfInterrupted();
  return status;
}
