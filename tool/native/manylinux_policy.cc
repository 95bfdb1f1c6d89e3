#include "native/manylinux_policy.h"

#include <algorithm>

#include "core/string_util.h"

namespace {

struct PolicyRow {
  const char* libc;
  const char* name;
  const char* aliases;  // space-separated
  int priority;
  const char* whitelist;  // space-separated
};
struct PolicySymbolRow {
  const char* policy;
  const char* arch;
  const char* prefix;    // "" : the arch is supported, no versions constrained
  const char* versions;  // space-separated
};

#include "native/manylinux_policy_data.inc"

std::vector<std::string> Words(const char* text) {
  std::vector<std::string> out;
  for (const std::string& w : Split(text, ' ')) {
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

// musl's libc has one soname per architecture; the policy data says "libc.so" for all of them.
std::string MuslLibcSoname(const std::string& arch) {
  static const std::map<std::string, std::string> names = {
      {"x86_64", "x86_64"},   {"i686", "x86"},
      {"aarch64", "aarch64"}, {"s390x", "s390x"},
      {"ppc64le", "ppc64le"}, {"armv7l", "armv7"},
      {"riscv64", "riscv64"}, {"loongarch64", "loongarch64"}};
  auto it = names.find(arch);
  return it == names.end() ? "libc.so" : "libc.musl-" + it->second + ".so.1";
}

bool IsMuslLibc(const std::string& lib) {
  return lib == "libc.so" || StartsWith(lib, "libc.musl-");
}

// The dynamic loader: never vendored, and its own version requirements do not constrain the
// policy (auditwheel skips it the same way).
bool IsLoader(const std::string& lib) {
  return lib.find("ld-linux") != std::string::npos || lib == "ld64.so.1" || lib == "ld64.so.2";
}

}  // namespace

std::vector<std::string> PlatformPolicy::PlatformTags(const std::string& arch) const {
  std::vector<std::string> tags = {name + "_" + arch};
  for (const std::string& a : aliases) tags.push_back(a + "_" + arch);
  return tags;
}

const std::vector<PlatformPolicy>& PlatformPolicies() {
  static const std::vector<PlatformPolicy> policies = [] {
    std::vector<PlatformPolicy> all;
    for (const PolicyRow& row : kPolicies) {
      PlatformPolicy p;
      p.libc = row.libc;
      p.name = row.name;
      p.aliases = Words(row.aliases);
      p.priority = row.priority;
      for (const std::string& lib : Words(row.whitelist)) p.whitelist.insert(lib);
      all.push_back(std::move(p));
    }
    for (const PolicySymbolRow& row : kPolicySymbols) {
      for (PlatformPolicy& p : all) {
        if (p.name != row.policy) continue;
        auto& prefixes = p.symbol_versions[row.arch];
        if (*row.prefix) {
          auto& versions = prefixes[row.prefix];
          for (const std::string& v : Words(row.versions)) versions.insert(v);
        }
      }
    }
    std::stable_sort(all.begin(), all.end(), [](const PlatformPolicy& a, const PlatformPolicy& b) {
      if (a.libc != b.libc) return a.libc == "glibc";
      return a.priority > b.priority;
    });
    return all;
  }();
  return policies;
}

const char* PlatformPolicySource() { return kPolicySource; }

std::string PolicyChoice::WheelPlatformTag() const {
  // Sorted, as auditwheel repair names its wheels: "manylinux2014_x86_64.manylinux_2_17_x86_64".
  std::vector<std::string> sorted = platform_tags;
  std::sort(sorted.begin(), sorted.end());
  return Join(sorted, ".");
}

bool ChoosePlatformPolicy(const std::vector<ElfFile>& files, const std::vector<ElfFile>& vendored,
                          PolicyChoice* out, std::string* err) {
  *out = PolicyChoice();
  if (files.empty()) {
    *err = "no ELF files to choose a platform tag for";
    return false;
  }
  for (const ElfFile& f : files) {
    if (f.arch.empty()) {
      *err = f.path + ": unknown ELF machine " + std::to_string(f.machine) +
             " (no platform tag for it)";
      return false;
    }
    if (f.arch != files[0].arch) {
      *err = f.path + ": architecture " + f.arch + " differs from " + files[0].path + " (" +
             files[0].arch + "); one wheel holds one architecture";
      return false;
    }
  }
  out->arch = files[0].arch;
  std::set<std::string> internal, external;
  for (const ElfFile& f : files) {
    internal.insert(BaseName(f.path));
    if (!f.soname.empty()) internal.insert(f.soname);
  }
  // A vendored library stays in to_vendor; what it links counts like what the files link.
  // What the files require, grouped by prefix: "GLIBC" -> {"GLIBC_2.2.5", "GLIBC_2.14"}.
  std::map<std::string, std::set<std::string>> required;
  out->libc = "glibc";
  auto collect = [&](const ElfFile& f) {
    for (const std::string& lib : f.needed) {
      if (IsMuslLibc(lib)) out->libc = "musl";
      if (!internal.count(lib) && !IsLoader(lib))
        external.insert(lib);  // the loader is never vendored
    }
    for (const auto& [lib, versions] : f.version_needs) {
      if (IsLoader(lib)) continue;
      for (const std::string& v : versions) {
        auto [prefix, number] = SplitSymbolVersion(v);
        required[prefix].insert(number);
        std::string& high = out->highest_versions[prefix];
        if (high.empty() || CompareDottedVersions(number, high) > 0) high = number;
      }
    }
  };
  for (const ElfFile& f : files) collect(f);
  for (const ElfFile& f : vendored) collect(f);
  std::string newest_problem;
  for (const PlatformPolicy& p : PlatformPolicies()) {
    if (p.libc != out->libc || !p.SupportsArch(out->arch)) continue;
    const auto& allowed = p.symbol_versions.at(out->arch);
    std::string problem;
    for (const auto& [prefix, numbers] : required) {
      auto it = allowed.find(prefix);
      if (it == allowed.end()) continue;
      for (const std::string& n : numbers) {
        if (!it->second.count(n)) problem += (problem.empty() ? "" : ", ") + prefix + "_" + n;
      }
    }
    if (!problem.empty()) {
      newest_problem = p.name + " (the newest) does not allow " + problem;
      continue;
    }
    out->policy = &p;
    out->platform_tags = p.PlatformTags(out->arch);
    std::set<std::string> whitelist = p.whitelist;
    if (p.libc == "musl" && whitelist.erase("libc.so")) whitelist.insert(MuslLibcSoname(out->arch));
    for (const std::string& lib : external) {
      if (!whitelist.count(lib)) out->to_vendor.push_back(lib);
    }
    return true;
  }
  *err = newest_problem.empty()
             ? "no " + std::string(out->libc == "musl" ? "musllinux" : "manylinux") +
                   " policy supports the architecture " + out->arch
             : "no " + std::string(out->libc == "musl" ? "musllinux" : "manylinux") +
                   " policy fits: " + newest_problem;
  return false;
}
