// The platform tag of a set of compiled files, as `auditwheel show` would compute it for a wheel
// holding them: read every ELF file, find the libraries outside the policy that would be vendored
// (and what they link in turn), and choose the oldest policy all of it satisfies.
#pragma once

#include <string>
#include <vector>

#include "native/elf_file.h"
#include "native/manylinux_policy.h"

struct PlatformInspection {
  std::vector<ElfFile> files;  // the given files
  std::vector<ElfFile>
      vendored;  // the system libraries that would be copied in (choice.to_vendor, found)
  PolicyChoice choice;
};

// Fails with a message naming the file or library: unreadable or non-ELF input, mixed
// architectures, a library to vendor that cannot be found, no policy that fits.
bool InspectPlatform(const std::vector<std::string>& elf_paths, PlatformInspection* out,
                     std::string* err);
