// What a project's setup.py does, as far as the native builder can tell without running it.
// setuptools runs setup.py for every build; one that only calls setup() with no arguments (the
// stub many setup.cfg projects keep for old tools) leaves everything to setup.cfg and
// pyproject.toml, exactly as if it were absent, and ships in the sdist like any setup.py.
#pragma once

#include <string>

// Whether `text` (a setup.py) is only `setup()` or `setuptools.setup()` with no arguments, once,
// at top level or under `if __name__ == "__main__":`, besides `from setuptools import setup`,
// `import setuptools`, `from __future__ import ...`, comments and blank lines. Anything else
// (a docstring, another import, an argument, a second statement on a line) is false.
bool OnlyCallsSetupWithoutArguments(const std::string& text);

// Whether setuptools would run code of `dir`/setup.py that could change the build: the file
// exists, and it is not the bare stub above (or cannot be read).
bool SetupPyMayChangeTheBuild(const std::string& dir);
