// A per-process scratch directory for the targets whose code under test reads files (archives,
// pyproject.toml): created once with the owned-dir guard and removed by it at exit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// Writes `data` to `<scratch>/<name>` (replacing it) and returns the full path. Aborts when the
// scratch directory cannot be made or the file cannot be written: that is the harness failing,
// never an input the code under test should survive.
std::string WriteScratchFile(const std::string& name, const uint8_t* data, size_t size);
