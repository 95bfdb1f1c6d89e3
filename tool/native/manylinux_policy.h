// The manylinux / musllinux platform policies (PEP 600, PEP 656) as auditwheel publishes them
// (generated into manylinux_policy_data.inc by scripts/gen-manylinux-policy.py), and the choice
// of the oldest policy a wheel's ELF files satisfy, which names its platform tag.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "native/elf_file.h"

struct PlatformPolicy {
  std::string libc;                  // "glibc" (manylinux) or "musl" (musllinux)
  std::string name;                  // "manylinux_2_17"
  std::vector<std::string> aliases;  // legacy names: {"manylinux2014"}
  int priority = 0;                  // higher is older and installs on more systems
  std::set<std::string>
      whitelist;  // libraries every such system provides (musl's "libc.so" as the arch's soname)
  // arch -> symbol version prefix ("GLIBC") -> the versions the policy allows ("2.2.5", ...,
  // "2.17"). An arch that is not a key is not supported by the policy.
  std::map<std::string, std::map<std::string, std::set<std::string>>> symbol_versions;

  bool SupportsArch(const std::string& arch) const { return symbol_versions.count(arch) > 0; }
  // "manylinux_2_17_x86_64", then each alias: "manylinux2014_x86_64".
  std::vector<std::string> PlatformTags(const std::string& arch) const;
};

// Every policy, highest priority first within each libc (glibc's first). Built once from the data.
const std::vector<PlatformPolicy>& PlatformPolicies();
// The auditwheel release the data comes from ("auditwheel 6.8.2").
const char* PlatformPolicySource();

struct PolicyChoice {
  std::string libc, arch;
  const PlatformPolicy* policy = nullptr;  // the oldest policy satisfied (never null on success)
  std::vector<std::string> platform_tags;  // {"manylinux_2_17_x86_64", "manylinux2014_x86_64"}
  // Libraries the files (and the vendored libraries) link that neither the wheel holds nor the
  // policy allows: they must be vendored into the wheel (auditwheel repair) for the tag to hold.
  std::vector<std::string> to_vendor;
  // Per version prefix, the highest version required ("GLIBC" -> "2.14"): what set the policy.
  std::map<std::string, std::string> highest_versions;

  // The wheel file name's platform part: the tags sorted and joined with '.', as auditwheel
  // repair names the wheel ("manylinux2014_x86_64.manylinux_2_17_x86_64").
  std::string WheelPlatformTag() const;
};

// Picks the highest-priority policy that every file in `files` (the wheel's ELF files) satisfies,
// as auditwheel does: the files' architecture is one the policy supports, and for every symbol
// version prefix the policy knows, each version required is one it allows. Libraries provided by
// the wheel itself (another file's DT_SONAME or file name) are not external; `vendored` are the
// files of libraries that will be copied in, whose own version requirements count too.
// Fails (naming the file) on mixed or unknown architectures, or when no policy fits (the message
// names the versions that rule out the newest policy).
bool ChoosePlatformPolicy(const std::vector<ElfFile>& files, const std::vector<ElfFile>& vendored,
                          PolicyChoice* out, std::string* err);
