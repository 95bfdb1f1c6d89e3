#include "native/python_tags.h"

#include <gtest/gtest.h>

#include <string>

namespace {

PythonConfig CPython(int minor, bool free_threaded = false, bool debug = false) {
  PythonConfig c;
  c.executable = "/usr/bin/python3." + std::to_string(minor);
  c.implementation = "cpython";
  c.major = 3;
  c.minor = minor;
  c.gil_disabled = free_threaded;
  c.debug = debug;
  std::string abi = "3" + std::to_string(minor) + (free_threaded ? "t" : "") + (debug ? "d" : "");
  c.soabi = "cpython-" + abi + "-x86_64-linux-gnu";
  c.ext_suffix = "." + c.soabi + ".so";
  return c;
}

std::string Tags(const PythonConfig& c, PythonAbiUse use, int stable = 0) {
  PythonTags t;
  std::string err;
  if (!ComputePythonTags(c, use, stable, &t, &err)) return "error: " + err;
  return t.Joined();
}

TEST(PythonTags, CPythonFreeThreadedAndDebug) {
  EXPECT_EQ(Tags(CPython(11), PythonAbiUse::kInterpreter), "cp311-cp311");
  EXPECT_EQ(Tags(CPython(13, true), PythonAbiUse::kInterpreter), "cp313-cp313t");
  EXPECT_EQ(Tags(CPython(12, false, true), PythonAbiUse::kInterpreter), "cp312-cp312d");
  EXPECT_EQ(Tags(CPython(13, true, true), PythonAbiUse::kInterpreter), "cp313-cp313td");
  EXPECT_EQ(Tags(CPython(11), PythonAbiUse::kNone), "py3-none");
  PythonConfig py37 = CPython(7);
  py37.soabi = "cpython-37m-x86_64-linux-gnu";  // pymalloc, before 3.8
  EXPECT_EQ(Tags(py37, PythonAbiUse::kInterpreter), "cp37-cp37m");
  EXPECT_EQ(Tags(py37, PythonAbiUse::kStableAbi, 5), "cp35-abi3");
}

TEST(PythonTags, StableAbiWhenTheInterpreterAllowsIt) {
  EXPECT_EQ(Tags(CPython(11), PythonAbiUse::kStableAbi, 9), "cp39-abi3");
  EXPECT_EQ(Tags(CPython(11), PythonAbiUse::kStableAbi, 11), "cp311-abi3");
  EXPECT_EQ(Tags(CPython(11), PythonAbiUse::kStableAbi, 12),
            "error: the stable ABI 3.12 needs CPython 3.2 or later, not newer than the interpreter "
            "it is built with (3.11)");
  EXPECT_EQ(Tags(CPython(13, true), PythonAbiUse::kStableAbi, 9),
            "error: /usr/bin/python3.13: the free-threaded build (cp313t) does not load stable-ABI "
            "(abi3) modules; "
            "build for its own ABI");
}

TEST(PythonTags, OtherImplementationsAndMismatches) {
  PythonConfig pypy;
  pypy.executable = "pypy3";
  pypy.implementation = "pypy";
  pypy.major = 3;
  pypy.minor = 10;
  pypy.soabi = "pypy310-pp73-x86_64-linux-gnu";
  EXPECT_EQ(Tags(pypy, PythonAbiUse::kInterpreter), "pp310-pypy310_pp73");
  EXPECT_EQ(Tags(pypy, PythonAbiUse::kStableAbi, 9),
            "error: pypy3: the stable ABI (abi3) is CPython's; pypy has none");
  PythonConfig lying = CPython(11);
  lying.soabi = "cpython-312-x86_64-linux-gnu";
  EXPECT_EQ(Tags(lying, PythonAbiUse::kInterpreter),
            "error: /usr/bin/python3.11: SOABI 'cpython-312-x86_64-linux-gnu' does not match "
            "Python 3.11");
}

TEST(PythonTags, ParsesTheScriptsAnswer) {
  PythonConfig c;
  std::string err;
  ASSERT_TRUE(ParsePythonConfig(
      "py", R"({"executable": "/x/python", "implementation": "cpython", "major": 3,
      "minor": 13, "soabi": "cpython-313t-x86_64-linux-gnu", "ext_suffix": ".cpython-313t-x86_64-linux-gnu.so",
      "gil_disabled": true, "debug": false})",
      &c, &err))
      << err;
  EXPECT_EQ(c.minor, 13);
  EXPECT_TRUE(c.gil_disabled);
  EXPECT_EQ(Tags(c, PythonAbiUse::kInterpreter), "cp313-cp313t");
  EXPECT_FALSE(ParsePythonConfig("py", "Traceback (most recent call last)", &c, &err));
  EXPECT_EQ(err,
            "py: its sysconfig answer is not a JSON object: Traceback (most recent call last)");
  EXPECT_FALSE(ParsePythonConfig("py", R"({"executable": "/x"})", &c, &err));
  EXPECT_EQ(err, "py: sysconfig answer without 'implementation'");
  EXPECT_FALSE(QueryPythonConfig("/nonexistent/python", &c, &err));
  EXPECT_NE(err.find("/nonexistent/python"), std::string::npos) << err;
}

}  // namespace
