// The interpreter and ABI tags of a wheel with compiled code, computed from the Python it was
// built for (its sysconfig), as packaging.tags spells them: cp311-cp311, cp313-cp313t
// (free-threaded), cp311-cp311d (debug), cp39-abi3 (stable ABI), pp310-pypy310_pp73, and
// py3-none for binaries that do not link Python at all.
#pragma once

#include <string>

// What a Python interpreter's sysconfig says about the extension modules it loads.
struct PythonConfig {
  std::string executable;      // sys.executable
  std::string implementation;  // sys.implementation.name: "cpython", "pypy", ...
  int major = 0, minor = 0;    // sys.version_info
  std::string soabi;           // sysconfig SOABI: "cpython-313t-x86_64-linux-gnu"
  std::string ext_suffix;      // sysconfig EXT_SUFFIX: ".cpython-313t-x86_64-linux-gnu.so"
  bool gil_disabled = false;   // Py_GIL_DISABLED: the free-threaded build
  bool debug = false;          // Py_DEBUG
};

// The program `python -c` runs to print a PythonConfig as one JSON object.
const char* PythonConfigScript();

// Parses the JSON the script prints (`source` names the interpreter in messages).
bool ParsePythonConfig(const std::string& source, const std::string& json_text, PythonConfig* out,
                       std::string* err);

// Runs `python -c <script>` and parses its answer; the error names the interpreter.
bool QueryPythonConfig(const std::string& python, PythonConfig* out, std::string* err);

// How the compiled files use Python.
enum class PythonAbiUse {
  kInterpreter,  // built against this interpreter's full C API: cp311-cp311
  kStableAbi,    // Py_LIMITED_API: cp3X-abi3, loadable by every later CPython 3 (not free-threaded)
  kNone,         // no Python symbols (a helper program or library): py3-none
};

struct PythonTags {
  std::string interpreter;  // "cp311", "cp39", "py3"
  std::string abi;          // "cp311", "cp313t", "abi3", "none"
  std::string Joined() const { return interpreter + "-" + abi; }
};

// The tags for modules built for `config`. `stable_abi_minor` is the 3.X the limited API targets
// (Py_LIMITED_API=0x030X0000) for kStableAbi. Fails with a reason: the stable ABI on a
// free-threaded or non-CPython interpreter, a stable-ABI version newer than the interpreter, an
// interpreter whose SOABI disagrees with its version.
bool ComputePythonTags(const PythonConfig& config, PythonAbiUse use, int stable_abi_minor,
                       PythonTags* out, std::string* err);
