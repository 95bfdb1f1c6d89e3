#include "build/wheel.h"

#include <algorithm>
#include <map>
#include <set>

#include "build/content_feed.h"
#include "build/zip_writer.h"
#include "core/atomic_file.h"
#include "core/reproducible.h"
#include "core/string_util.h"
#include "core/version.h"
#include "spec/core_metadata.h"
#include "spec/core_metadata_writer.h"
#include "spec/names.h"
#include "spec/record.h"
#include "spec/wheel_tags.h"

namespace {

Diagnostic Error(const std::string& message, const std::string& path = "") {
  Diagnostic d;
  d.path = path;
  d.message = message;
  return d;
}

}  // namespace

std::string RenderWheelFile(const std::string& tag, bool purelib, bool compressed_tag) {
  std::string out = std::string("Wheel-Version: 1.0\nGenerator: pyrelease " PYRELEASE_VERSION
                                "\nRoot-Is-Purelib: ") +
                    (purelib ? "true" : "false") + "\n";
  // A compressed tag set ("py2.py3-none-any") expands to one Tag line per combination.
  std::vector<std::string> parts = Split(tag, '-');
  if (parts.size() == 3 && !compressed_tag) {
    for (const auto& py : Split(parts[0], '.')) {
      for (const auto& abi : Split(parts[1], '.')) {
        for (const auto& plat : Split(parts[2], '.'))
          out += "Tag: " + py + "-" + abi + "-" + plat + "\n";
      }
    }
  } else {
    out += "Tag: " + tag + "\n";
  }
  return out;
}

namespace {

std::string RenderPdmEntryPoints(const std::vector<EntryPointGroup>& groups) {
  // pdm-backend always writes console_scripts and gui_scripts (empty or not), every group and
  // every name sorted.
  std::map<std::string, std::map<std::string, std::string>> sorted = {{"console_scripts", {}},
                                                                      {"gui_scripts", {}}};
  for (const auto& g : groups)
    for (const auto& item : g.items) sorted[g.group][item.first] = item.second;
  std::string out;
  for (const auto& [group, items] : sorted) {
    out += "[" + group + "]\n";
    for (const auto& [name, value] : items) out += name + " = " + value + "\n";
    out += "\n";
  }
  return out;
}

// poetry-core (WheelBuilder._write_entry_points): groups sorted, each group's `name = value` lines
// sorted, then every space removed ("x y = m:f [e]" -> "xy=m:f[e]"), a blank line after each.
std::string RenderPoetryEntryPoints(const std::vector<EntryPointGroup>& groups) {
  std::map<std::string, std::vector<std::string>> sorted;
  for (const auto& g : groups) {
    auto& lines = sorted[g.group];
    for (const auto& [name, value] : g.items) lines.push_back(name + " = " + value);
  }
  std::string out;
  for (auto& [group, lines] : sorted) {
    std::sort(lines.begin(), lines.end());
    out += "[" + group + "]\n";
    for (const std::string& line : lines) {
      for (char c : line)
        if (c != ' ') out += c;
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string RenderEntryPoints(const std::vector<EntryPointGroup>& groups, Backend backend) {
  if (backend == Backend::kPdm) return RenderPdmEntryPoints(groups);
  if (backend == Backend::kPoetry) return RenderPoetryEntryPoints(groups);
  // The INI form: a section per group, `name = value` in the declared order and blank lines
  // between the sections (hatchling, WheelBuilder.construct_entry_points_file); setuptools
  // (_entry_points.render) sorts the groups and the entries too (the corpus's python-dotenv from a
  // checkout showed it); flit_core (3 and 4, common.write_entry_points) sorts them, writes
  // `name=value` and a blank line after every section. uv_build (a BTreeMap per group) sorts the
  // names, and the groups after console_scripts and gui_scripts (commitizen 4.19.3).
  const bool flit = backend == Backend::kFlit;
  std::vector<EntryPointGroup> ordered = groups;
  if (flit || backend == Backend::kSetuptools || backend == Backend::kUv) {
    auto rank = [backend](const EntryPointGroup& g) {
      if (backend != Backend::kUv) return 0;
      return g.group == "console_scripts" ? 0 : g.group == "gui_scripts" ? 1 : 2;
    };
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&rank](const EntryPointGroup& a, const EntryPointGroup& b) {
                       return rank(a) != rank(b) ? rank(a) < rank(b) : a.group < b.group;
                     });
    for (auto& g : ordered) std::sort(g.items.begin(), g.items.end());
  }
  std::string out;
  for (const auto& g : ordered) {
    if (g.items.empty()) continue;
    out += "[" + g.group + "]\n";
    for (const auto& item : g.items) out += item.first + (flit ? "=" : " = ") + item.second + "\n";
    out += "\n";
  }
  if ((backend == Backend::kHatch || backend == Backend::kSetuptools) && !out.empty())
    out.pop_back();
  return out;
}

std::string RenderTopLevelNames(const std::vector<std::string>& archive_paths) {
  std::set<std::string> names;
  for (const std::string& path : archive_paths) {
    size_t slash = path.find('/');
    std::string first = path.substr(0, slash);
    if (slash != std::string::npos) {
      if (!EndsWith(first, ".data") && !EndsWith(first, ".dist-info")) names.insert(first);
    } else if (EndsWith(first, ".py") || EndsWith(first, ".so") || EndsWith(first, ".pyd")) {
      names.insert(first.substr(0, first.find('.')));  // _speedups.cpython-312-x86_64-linux-gnu.so
    }
  }
  std::string out;
  for (const std::string& name : names) out += name + "\n";
  return out.empty() ? "\n" : out;  // '\n'.join(sorted(...)) + '\n'
}

bool BuildWheel(const Project& project, const FileSelection& files, const std::string& outdir,
                std::string* out_path, std::vector<Diagnostic>* diags,
                std::unique_ptr<AtomicFile>* unpublished) {
  return BuildWheel(project, files, outdir, WheelOptions(), out_path, diags, unpublished);
}

bool BuildWheel(const Project& project, const FileSelection& files, const std::string& outdir,
                const WheelOptions& wheel_options, std::string* out_path,
                std::vector<Diagnostic>* diags, std::unique_ptr<AtomicFile>* unpublished,
                ContentFeed* feed) {
  const Metadata& meta = project.meta;
  int64_t epoch = 0;
  std::string err;
  if (!SourceDateEpoch(
          &epoch, &err,
          meta.backend == Backend::kPoetry ? kPoetryWheelEpoch : kDefaultSourceDateEpoch)) {
    Diagnostic d = Error(err);
    d.field = "SOURCE_DATE_EPOCH";
    diags->push_back(d);
    return false;
  }
  std::string tag = wheel_options.tag.empty() ? PureWheelTag(meta) : wheel_options.tag;
  std::string dest = outdir + "/" + WheelFileName(meta, tag);
  std::string dist_info = FilenameName(meta.name) + "-" + meta.version + ".dist-info";

  for (const SelectedFile& f : files.wheel) {
    if (StartsWith(f.archive_path, dist_info + "/")) {
      diags->push_back(
          Error("'" + f.archive_path + "' would overwrite a generated " + dist_info + " file",
                files.Source(f)));
      return false;
    }
  }
  ZipOptions options;
  options.epoch = epoch;
  if (feed) options.write_buffer = 64 << 10;  // a project past the feed's threshold: hold less
  ZipWriter zip(options);
  // I/O errors name the wheel being written (the field) and the file that failed (the message).
  std::string wheel_name = WheelFileName(meta, tag);
  auto fail = [&] {
    Diagnostic d = Error(err);
    d.field = wheel_name;
    diags->push_back(d);
    return false;
  };
  if (!zip.Open(dest, &err)) return fail();
  // The files go in batches (same members, same order, same bytes): the sources, member infos and
  // RECORD rows of one batch at a time are held, not one of each per file of the project.
  // Each member of a batch holds its source, job, info and RECORD row (~900 bytes) until the batch
  // is written: 1,024 held ~1 MiB more than 256 at 10,000 tiny files (docs/benchmarks.md).
  constexpr size_t kBatch = 256;
  std::string record;
  std::vector<ZipSource> members;
  std::vector<ZipMemberInfo> infos;
  auto add = [&] {
    infos.clear();
    if (!zip.Add(members, &infos, &err)) return false;
    std::vector<RecordRow> rows;
    rows.reserve(infos.size());
    for (const ZipMemberInfo& info : infos)
      rows.push_back({info.name, RecordHash(info.sha256), std::to_string(info.size)});
    record += RenderRecord(rows);
    members.clear();
    return true;
  };
  members.reserve(std::min(files.wheel.size(), kBatch) + 8);
  for (size_t i = 0; i < files.wheel.size(); ++i) {
    const SelectedFile& f = files.wheel[i];
    members.push_back(
        {f.archive_path, f.generated ? "" : files.Source(f), "", f.executable, f.bytes});
    if (feed && !f.generated) members.back().fetch = [feed, i] { return feed->TakeWheel(i); };
    if (members.size() == kBatch) {
      bool first = record.empty();
      if (!add()) return fail();
      // RECORD's final size, from its first rows (with an eighth to spare): reserved once
      // instead of doubled (a doubling holds the old and the new buffer at once).
      if (first) record.reserve(record.size() / kBatch * (files.wheel.size() + 64) * 9 / 8 + 4096);
    }
  }
  members.push_back(
      {dist_info + "/METADATA", "", RenderCoreMetadata(ToCoreMetadata(meta, false)), false});
  members.push_back(
      {dist_info + "/WHEEL", "",
       RenderWheelFile(tag, wheel_options.purelib,
                       meta.backend == Backend::kPdm || meta.backend == Backend::kPoetry),
       false});
  std::string entry_points = RenderEntryPoints(meta.entry_points, meta.backend);
  if (!entry_points.empty())
    members.push_back({dist_info + "/entry_points.txt", "", entry_points, false});
  if (meta.backend == Backend::kSetuptools) {
    std::vector<std::string> paths;
    paths.reserve(files.wheel.size());
    for (const SelectedFile& f : files.wheel) paths.push_back(f.archive_path);
    members.push_back({dist_info + "/top_level.txt", "", RenderTopLevelNames(paths), false});
  }
  for (const std::string& license : meta.license_files) {
    members.push_back({dist_info + "/licenses/" + license, project.dir + "/" + license, "", false});
  }
  if (!add()) return fail();
  record += RenderRecord({{dist_info + "/RECORD", "", ""}});
  members.push_back({dist_info + "/RECORD", "", std::move(record), false});  // moved, not copied
  // poetry-core's _write_to_zip leaves RECORD's file-type bits out.
  members.back().permissions_only = meta.backend == Backend::kPoetry;
  if (!zip.Add(members, nullptr, &err) || !(unpublished ? zip.Finish(&err) : zip.Commit(&err)))
    return fail();
  if (unpublished) *unpublished = zip.TakeFile();
  *out_path = dest;
  return true;
}
