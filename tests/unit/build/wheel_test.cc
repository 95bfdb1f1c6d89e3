#include "build/wheel.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clocale>
#include <fstream>
#include <map>

#include "core/atomic_file.h"
#include "core/hash.h"
#include "core/string_util.h"
#include "core/version.h"
#include "spec/core_metadata.h"
#include "spec/dist_reader.h"
#include "spec/record.h"
#include "test_support.h"

namespace {

struct TempDir : ScopedTempDir {
  size_t Count(const std::string& sub) const {
    size_t n = 0;
    DIR* d = opendir((path + "/" + sub).c_str());
    if (!d) return 0;
    while (dirent* e = readdir(d))
      n += std::string(e->d_name) != "." && std::string(e->d_name) != "..";
    closedir(d);
    return n;
  }
};

Project DemoProject(const TempDir& dir) {
  Project p;
  p.dir = dir.path;
  p.pyproject_path = dir.path + "/pyproject.toml";
  p.meta.name = "Demo.Pkg";
  p.meta.version = "1.0";
  p.meta.summary = "A demo";
  p.meta.license_files = {"LICENSE"};
  p.meta.entry_points = {{"console_scripts", {{"demo", "demo_pkg.cli:main"}}},
                         {"demo.plugins", {{"x", "demo_pkg:x"}}}};
  dir.Write("LICENSE", "MIT\n");
  return p;
}

std::vector<std::pair<std::string, std::string>> ReadAll(const std::string& path) {
  std::setlocale(LC_CTYPE, "C.UTF-8");
  std::vector<std::pair<std::string, std::string>> out;
  DistReader r;
  std::string err;
  EXPECT_TRUE(r.Open(path, &err)) << err;
  DistMember m;
  while (r.Next(&m, &err)) {
    std::string data;
    EXPECT_TRUE(r.ReadData(&data, 1 << 26, &err)) << err;
    out.emplace_back(m.name, data);
  }
  return out;
}

}  // namespace

TEST(Wheel, WheelFileListsEveryTag) {
  EXPECT_EQ(RenderWheelFile("py3-none-any"),
            "Wheel-Version: 1.0\nGenerator: pyrelease " PYRELEASE_VERSION
            "\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
  EXPECT_NE(RenderWheelFile("py2.py3-none-any").find("Tag: py2-none-any\nTag: py3-none-any\n"),
            std::string::npos);
  EXPECT_NE(RenderWheelFile("cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64", false)
                .find("Root-Is-Purelib: false\nTag: cp311-cp311-manylinux2014_x86_64\nTag: "
                      "cp311-cp311-manylinux_2_17_x86_64\n"),
            std::string::npos);
}

TEST(Wheel, EntryPointsAreIni) {
  // setuptools (_entry_points.render): groups and entries sorted, blank lines between sections
  // only (python-dotenv 1.2.4's wheel from setuptools 84.2.1 ends without one).
  EXPECT_EQ(RenderEntryPoints({{"x.y", {{"p", "m"}}},
                               {"gui_scripts", {}},
                               {"console_scripts", {{"b", "m:g"}, {"a", "m:f"}}}},
                              Backend::kSetuptools),
            "[console_scripts]\na = m:f\nb = m:g\n\n[x.y]\np = m\n");
  // hatchling: blank lines between the sections only (the corpus's uvicorn 0.54 showed it).
  EXPECT_EQ(RenderEntryPoints({{"console_scripts", {{"b", "m:g"}}}, {"x.y", {{"p", "m"}}}},
                              Backend::kHatch),
            "[console_scripts]\nb = m:g\n\n[x.y]\np = m\n");
}

// setuptools' top_level.txt (write_toplevel_names): the packages', modules' and extensions' first
// name components, sorted; data and dist-info are no names (pluggy 1.7.0 from a checkout:
// "pluggy").
TEST(Wheel, TopLevelNamesAreSetuptoolsFirstComponents) {
  EXPECT_EQ(RenderTopLevelNames({"pluggy/__init__.py", "pluggy/_hooks.py", "pluggy/py.typed"}),
            "pluggy\n");
  EXPECT_EQ(RenderTopLevelNames({"zeta.py", "ns/pkg/__init__.py",
                                 "_speedups.cpython-312-x86_64-"
                                 "linux-gnu.so",
                                 "demo-1.0.data/scripts/tool", "alpha/x.txt", "README"}),
            "_speedups\nalpha\nns\nzeta\n");
  EXPECT_EQ(RenderTopLevelNames({}), "\n");  // '\n'.join([]) + '\n'
}

// flit_core (common.write_entry_points) sorts the groups and the names and writes `name=value`
// (the corpus's idna 3.20 showed it).
TEST(Wheel, FlitEntryPointsAreSortedWithoutSpaces) {
  EXPECT_EQ(RenderEntryPoints({{"console_scripts", {{"b", "m:g"}, {"a", "m:f"}}},
                               {"babel.extractors", {{"p", "m"}}}},
                              Backend::kFlit),
            "[babel.extractors]\np=m\n\n[console_scripts]\na=m:f\nb=m:g\n\n");
}

// uv_build: console_scripts and gui_scripts first, then the other groups sorted, every group's
// names sorted (commitizen 4.19.3 declares its plugin groups unsorted; checked with uv_build 0.9.30
// and 0.13.6).
TEST(Wheel, UvEntryPointsAreSortedAfterTheScripts) {
  EXPECT_EQ(RenderEntryPoints({{"console_scripts", {{"zz", "m:f"}, {"aa", "m:f"}}},
                               {"gui_scripts", {{"gg", "m:g"}, {"bb", "m:g"}}},
                               {"z.grp", {{"b", "m:b"}, {"a", "m:a"}}},
                               {"a.grp", {{"y", "m:y"}}}},
                              Backend::kUv),
            "[console_scripts]\naa = m:f\nzz = m:f\n\n[gui_scripts]\nbb = m:g\ngg = m:g\n\n"
            "[a.grp]\ny = m:y\n\n[z.grp]\na = m:a\nb = m:b\n\n");
}

TEST(Wheel, BuildsMembersInOrderWithACorrectRecord) {
  TempDir dir;
  Project project = DemoProject(dir);
  FileSelection files;
  files.wheel = {
      {dir.Write("src/demo_pkg/__init__.py", "__version__ = '1.0'\n"), "demo_pkg/__init__.py",
       false},
      {dir.Write("src/demo_pkg/cli.py", "def main():\n    return 0\n"), "demo_pkg/cli.py", false},
      {dir.Write("src/demo_pkg/run.sh", "#!/bin/sh\n"), "demo_pkg/run.sh", true}};
  std::string out;
  std::vector<Diagnostic> diags;
  ASSERT_EQ(::mkdir((dir.path + "/dist").c_str(), 0755), 0);
  ASSERT_TRUE(BuildWheel(project, files, dir.path + "/dist", &out, &diags))
      << (diags.empty() ? "" : diags[0].message);
  EXPECT_EQ(out, dir.path + "/dist/demo_pkg-1.0-py3-none-any.whl");
  EXPECT_EQ(dir.Count("dist"), 1u);

  auto members = ReadAll(out);
  std::vector<std::string> names;
  for (auto& m : members) names.push_back(m.first);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "demo_pkg/__init__.py", "demo_pkg/cli.py", "demo_pkg/run.sh",
                "demo_pkg-1.0.dist-info/METADATA", "demo_pkg-1.0.dist-info/WHEEL",
                "demo_pkg-1.0.dist-info/entry_points.txt",
                "demo_pkg-1.0.dist-info/licenses/LICENSE", "demo_pkg-1.0.dist-info/RECORD"}));
  std::map<std::string, std::string> content(members.begin(), members.end());
  CoreMetadata meta = ParseCoreMetadata(content["demo_pkg-1.0.dist-info/METADATA"]);
  EXPECT_EQ(meta.Get("Name"), "Demo.Pkg");
  EXPECT_EQ(meta.Get("Version"), "1.0");
  EXPECT_EQ(content["demo_pkg-1.0.dist-info/licenses/LICENSE"], "MIT\n");
  EXPECT_NE(content["demo_pkg-1.0.dist-info/entry_points.txt"].find(
                "[console_scripts]\ndemo = demo_pkg.cli:main\n"),
            std::string::npos);

  std::vector<RecordRow> rows;
  std::string err;
  ASSERT_TRUE(ParseRecord(content["demo_pkg-1.0.dist-info/RECORD"], &rows, &err)) << err;
  ASSERT_EQ(rows.size(), members.size());
  for (const auto& row : rows) {
    if (row.path == "demo_pkg-1.0.dist-info/RECORD") {
      EXPECT_EQ(row.hash, "");
      EXPECT_EQ(row.size, "");
      continue;
    }
    Hasher sha(HashAlgorithm::kSha256);
    sha.Update(content[row.path]);
    EXPECT_EQ(row.hash, RecordHash(sha.FinalRaw())) << row.path;
    EXPECT_EQ(row.size, std::to_string(content[row.path].size())) << row.path;
  }
}

TEST(Wheel, AMissingSourceFailsAndLeavesNothing) {
  TempDir dir;
  Project project = DemoProject(dir);
  FileSelection files;
  files.wheel = {{dir.path + "/gone.py", "demo_pkg/gone.py", false}};
  std::string out;
  std::vector<Diagnostic> diags;
  ASSERT_EQ(::mkdir((dir.path + "/dist").c_str(), 0755), 0);
  EXPECT_FALSE(BuildWheel(project, files, dir.path + "/dist", &out, &diags));
  ASSERT_FALSE(diags.empty());
  EXPECT_NE(diags[0].message.find("gone.py"), std::string::npos) << diags[0].message;
  EXPECT_EQ(dir.Count("dist"), 0u);
}

TEST(Wheel, RefusesFilesThatWouldReplaceDistInfo) {
  TempDir dir;
  Project project = DemoProject(dir);
  FileSelection files;
  files.wheel = {{dir.Write("x", "x"), "demo_pkg-1.0.dist-info/METADATA", false}};
  std::string out;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(BuildWheel(project, files, dir.path, &out, &diags));
}

TEST(Wheel, UnpublishedWheelStaysInItsTemporaryFileUntilPublished) {
  TempDir dir;
  Project project = DemoProject(dir);
  FileSelection files;
  files.wheel = {{dir.Write("src/demo_pkg/__init__.py", "x = 1\n"), "demo_pkg/__init__.py", false}};
  ASSERT_EQ(::mkdir((dir.path + "/dist").c_str(), 0755), 0);
  std::string out;
  std::vector<Diagnostic> diags;
  std::unique_ptr<AtomicFile> pending;
  ASSERT_TRUE(BuildWheel(project, files, dir.path + "/dist", &out, &diags, &pending));
  ASSERT_TRUE(pending);
  EXPECT_EQ(out, dir.path + "/dist/demo_pkg-1.0-py3-none-any.whl");
  EXPECT_EQ(::access(out.c_str(), F_OK), -1) << "renamed into place before the caller published it";
  EXPECT_EQ(dir.Count("dist"), 1u);  // the complete temporary file
  std::string err;
  ASSERT_TRUE(pending->Publish(&err)) << err;
  EXPECT_EQ(ReadAll(out).size(), 6u);  // __init__, METADATA, WHEEL, entry_points, LICENSE, RECORD
  EXPECT_EQ(dir.Count("dist"), 1u);
}
