#include "native/strip_copy.h"

#include <filesystem>
#include <vector>

#include "core/string_util.h"
#include "core/subprocess.h"

namespace fs = std::filesystem;

bool StripCopy(const std::string& strip_program, const std::string& file,
               const std::string& scratch_dir, int n, std::string* copy, std::string* err) {
  *copy = scratch_dir + "/" + std::to_string(n) + "-" + BaseName(file);
  std::error_code ec;
  fs::copy_file(file, *copy, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    *err = file + ": cannot copy it to strip the copy: " + ec.message();
    return false;
  }
  std::vector<std::string> argv = {strip_program, "--strip-unneeded", *copy};
  SubprocessResult result;
  std::string run_err;
  if (!RunSubprocess(argv, SubprocessOptions(), &result, &run_err)) {
    *err = file + ": " + run_err;  // "cannot run <strip>: <reason>"
    return false;
  }
  if (result.exit_code != 0) {
    *err = file + ": " + DescribeCommand(argv) + " failed: " + Trim(result.err + result.out);
    return false;
  }
  return true;
}
