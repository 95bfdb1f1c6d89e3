#include "check/check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "build/zip_writer.h"
#include "core/hash.h"
#include "spec/record.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

const char kMetadata[] =
    "Metadata-Version: 2.4\n"
    "Name: demo-pkg\n"
    "Version: 1.0\n"
    "Summary: A demo\n"
    "Description-Content-Type: text/x-rst\n"
    "Classifier: Programming Language :: Python :: 3\n"
    "\n"
    "Demo\n====\n\nA *demo* package.\n";

std::string Sha256Raw(const std::string& data) {
  Hasher h(HashAlgorithm::kSha256);
  h.Update(data);
  return h.FinalRaw();
}

struct TempDir {
  ScopedTempDir dir;
  fs::path path{dir.path};
};

// Writes a wheel with our ZIP writer; `tamper` may change a member after RECORD was computed.
std::string WriteWheel(const fs::path& dir, const std::string& filename, std::string metadata,
                       const std::string& tamper_member = "", bool wheel_tag_py2 = false,
                       const std::string& entry_points = "",
                       const std::string& module_body = "x = 1\n") {
  std::vector<ZipSource> members = {
      {"demo_pkg/__init__.py", "", module_body},
      {"demo_pkg-1.0.dist-info/METADATA", "", metadata},
      {"demo_pkg-1.0.dist-info/WHEEL", "",
       std::string("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: ") +
           (wheel_tag_py2 ? "py2" : "py3") + "-none-any\n"},
  };
  if (!entry_points.empty())
    members.push_back({"demo_pkg-1.0.dist-info/entry_points.txt", "", entry_points});
  std::vector<RecordRow> rows;
  for (const auto& m : members)
    rows.push_back({m.name, RecordHash(Sha256Raw(m.data)), std::to_string(m.data.size())});
  rows.push_back({"demo_pkg-1.0.dist-info/RECORD", "", ""});
  for (auto& m : members) {
    if (m.name == tamper_member) m.data += "# tampered\n";
  }
  members.push_back({"demo_pkg-1.0.dist-info/RECORD", "", RenderRecord(rows)});
  return WriteTestZip((dir / filename).string(), members);
}

bool HasFinding(const FileReport& r, const std::string& rule, const std::string& words) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
    return f.rule == rule && f.message.find(words) != std::string::npos;
  });
}

std::string Describe(const FileReport& r) {
  std::string out;
  for (const auto& f : r.findings) out += f.rule + " " + f.where + ": " + f.message + "\n";
  return out;
}

}  // namespace

TEST(Check, GoodWheelPasses) {
  TempDir t;
  FileReport r =
      CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata), CheckOptions());
  EXPECT_EQ(r.Status(false), "PASSED") << Describe(r);
  EXPECT_FALSE(r.Failed(true));
}

TEST(Check, RecordMismatchIsAnIntegrityError) {
  TempDir t;
  FileReport r = CheckDist(
      WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata, "demo_pkg/__init__.py"),
      CheckOptions());
  EXPECT_TRUE(HasFinding(r, "record", "does not match the file's")) << Describe(r);
  EXPECT_EQ(r.Status(false), "FAILED");
}

// A module large enough to be deflated, and spread over several lines so it compresses well.
std::string DeflatableModule() {
  std::string body;
  for (int i = 0; i < 20000; ++i)
    body += "value_" + std::to_string(i) + " = " + std::to_string(i * 7) + "\n";
  return body;
}

TEST(Check, DeflatedMembersAreHashedByTheLibdeflatePath) {
  TempDir t;
  std::string good = WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata, "", false, "",
                                DeflatableModule());
  ZipStructure zip;
  std::string err;
  ASSERT_TRUE(ValidateZipStructure(good, &zip, &err)) << err;
  ASSERT_FALSE(zip.spans.empty());
  EXPECT_EQ(zip.spans[0].name, "demo_pkg/__init__.py");
  EXPECT_EQ(zip.spans[0].method, 8);  // the member the new path inflates
  FileReport r = CheckDist(good, CheckOptions());
  EXPECT_EQ(r.Status(false), "PASSED") << Describe(r);

  FileReport wrong = CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata,
                                          "demo_pkg/__init__.py", false, "", DeflatableModule()),
                               CheckOptions());
  EXPECT_TRUE(HasFinding(wrong, "record", "does not match the file's")) << Describe(wrong);
  EXPECT_EQ(wrong.Status(false), "FAILED");
}

TEST(Check, ACorruptDeflatedMemberIsStillReported) {
  TempDir t;
  std::string path = WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata, "", false, "",
                                DeflatableModule());
  ZipStructure zip;
  std::string err;
  ASSERT_TRUE(ValidateZipStructure(path, &zip, &err)) << err;
  const ZipMemberSpan& s = zip.spans[0];
  ASSERT_EQ(s.method, 8);
  // Flip bits in the middle of the deflate stream: it no longer inflates to its CRC-32.
  FlipByteAt(path, s.data_offset + s.compressed_size / 2);
  FileReport r = CheckDist(path, CheckOptions());
  EXPECT_EQ(r.Status(false), "FAILED") << Describe(r);
  EXPECT_TRUE(HasFinding(r, "dist-readable", "Invalid distribution file") ||
              HasFinding(r, "record", "does not match"))
      << Describe(r);
}

TEST(Check, ScriptNamesFollowWarehouseAndAHugeOneIsAFindingNotACrash) {
  TempDir t;
  FileReport good = CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata, "",
                                         false, "[console_scripts]\ndemo-cli.x = demo_pkg:main\n"),
                              CheckOptions());
  EXPECT_FALSE(HasFinding(good, "entry-points", "invalid entry points")) << Describe(good);
  // 200k characters once overflowed std::regex's recursion (a crafted wheel crashed the check).
  FileReport bad = CheckDist(
      WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata, "", false,
                 "[console_scripts]\n" + std::string(200000, 'a') + "! = demo_pkg:main\n"),
      CheckOptions());
  EXPECT_TRUE(HasFinding(bad, "entry-points", "invalid entry points")) << Describe(bad);
}

TEST(Check, WheelTagsMustMatchTheFileName) {
  TempDir t;
  FileReport r = CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", kMetadata, "", true),
                           CheckOptions());
  EXPECT_TRUE(HasFinding(r, "wheel-file", "do not match")) << Describe(r);
}

TEST(Check, PypiRulesBeyondTwine) {
  TempDir t;
  std::string meta = kMetadata;
  meta.replace(meta.find("Classifier: "), 0, "Classifier: Development Status ::  4 - Beta\n");
  FileReport r =
      CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", meta), CheckOptions());
  EXPECT_TRUE(HasFinding(r, "pypi-metadata", "is not a valid classifier")) << Describe(r);
  // twine would pass it: no twine-class finding.
  EXPECT_TRUE(
      std::none_of(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.twine; }));
  FileReport renamed =
      CheckDist(WriteWheel(t.path, "Demo_Pkg-1.0-py3-none-any.whl", kMetadata), CheckOptions());
  EXPECT_TRUE(HasFinding(renamed, "wheel-filename", "should contain the normalized project name"))
      << Describe(renamed);
}

TEST(Check, TwineWarningsAndErrors) {
  TempDir t;
  std::string no_type = kMetadata;
  no_type.erase(no_type.find("Description-Content-Type"),
                std::string("Description-Content-Type: text/x-rst\n").size());
  FileReport r =
      CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", no_type), CheckOptions());
  EXPECT_EQ(r.Status(false), "PASSED with warnings") << Describe(r);
  EXPECT_EQ(r.Status(true), "FAILED due to warnings");
  std::string bad_rst = std::string(kMetadata) + "\nTitle long\n---\n";
  bad_rst = bad_rst.substr(0, bad_rst.find("Demo\n====")) + "Title long\n----\n";
  FileReport r2 =
      CheckDist(WriteWheel(t.path, "demo_pkg-1.0-py3-none-any.whl", bad_rst), CheckOptions());
  EXPECT_TRUE(HasFinding(r2, "description", "line 2: Warning: Title underline too short."))
      << Describe(r2);
  EXPECT_TRUE(r2.Failed(false));
}

TEST(Check, UnreadableInputIsAFindingNotACrash) {
  TempDir t;
  std::string path = (t.path / "demo_pkg-1.0-py3-none-any.whl").string();
  FILE* f = fopen(path.c_str(), "wb");
  fputs("PK\x03\x04 not really a zip", f);
  fclose(f);
  FileReport r = CheckDist(path, CheckOptions());
  EXPECT_TRUE(HasFinding(r, "dist-readable", "Invalid distribution file")) << Describe(r);
  FileReport missing = CheckDist((t.path / "nope.txt").string(), CheckOptions());
  EXPECT_TRUE(HasFinding(missing, "dist-format", "Unknown distribution format"))
      << Describe(missing);
}

// A wheel holding `binary` at demo_pkg/_core.so under the given tag and Root-Is-Purelib value.
std::string WriteCompiledWheel(const fs::path& dir, const std::string& tag, bool purelib,
                               const std::string& binary,
                               const std::string& member = "demo_pkg/_core.so") {
  std::string filename = "demo_pkg-1.0-" + tag + ".whl";
  std::vector<ZipSource> members = {
      {"demo_pkg/__init__.py", "", "x = 1\n"},
      {member, "", binary},
      {"demo_pkg-1.0.dist-info/METADATA", "", kMetadata},
      {"demo_pkg-1.0.dist-info/WHEEL", "",
       std::string("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: ") +
           (purelib ? "true" : "false") + "\nTag: " + tag + "\n"},
  };
  std::vector<RecordRow> rows;
  for (const auto& m : members)
    rows.push_back({m.name, RecordHash(Sha256Raw(m.data)), std::to_string(m.data.size())});
  rows.push_back({"demo_pkg-1.0.dist-info/RECORD", "", ""});
  members.push_back({"demo_pkg-1.0.dist-info/RECORD", "", RenderRecord(rows)});
  fs::create_directories(dir / tag);
  return WriteTestZip((dir / tag / filename).string(), members);
}

const std::string kElf = std::string(
                             "\x7f"
                             "ELF\x02\x01\x01\0",
                             8) +
                         std::string(56, '\0');

bool HasFindingAt(const FileReport& r, const std::string& rule, const std::string& where,
                  FindingLevel level) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
    return f.rule == rule && f.where == where && f.level == level;
  });
}

TEST(Check, CompiledCodeInAPureWheelFailsNamingTheMember) {
  TempDir t;
  FileReport r = CheckDist(WriteCompiledWheel(t.path, "py3-none-any", true, kElf), CheckOptions());
  EXPECT_TRUE(HasFindingAt(r, "compiled-code-tags", "demo_pkg/_core.so", FindingLevel::kError))
      << Describe(r);
  EXPECT_TRUE(HasFinding(r, "compiled-code-tags",
                         "compiled code (ELF file) in a wheel tagged 'py3-none-any'"));
  EXPECT_EQ(r.Status(false), "FAILED");
  // none + Root-Is-Purelib: true is pure too, whatever the platform says.
  FileReport none_abi = CheckDist(
      WriteCompiledWheel(t.path, "py3-none-manylinux_2_17_x86_64", true, kElf), CheckOptions());
  EXPECT_TRUE(
      HasFindingAt(none_abi, "compiled-code-tags", "demo_pkg/_core.so", FindingLevel::kError))
      << Describe(none_abi);
  // The same bytes as text data (no magic) are not compiled code.
  FileReport text = CheckDist(WriteCompiledWheel(t.path, "py3-none-any", true, "ELF is a word\n"),
                              CheckOptions());
  EXPECT_EQ(text.Status(true), "PASSED") << Describe(text);
  // A Windows program in a pure wheel (setuptools' and distlib's launchers) is a warning.
  std::string pe(0x80, '\0');
  pe[0] = 'M', pe[1] = 'Z', pe[0x3c] = 0x40;
  pe.replace(0x40, 4, std::string("PE\0\0", 4));
  FileReport exe = CheckDist(
      WriteCompiledWheel(t.path, "py3-none-any", true, pe, "demo_pkg/gui-64.exe"), CheckOptions());
  EXPECT_TRUE(
      HasFindingAt(exe, "compiled-code-tags", "demo_pkg/gui-64.exe", FindingLevel::kWarning))
      << Describe(exe);
  EXPECT_EQ(exe.Status(false), "PASSED with warnings") << Describe(exe);
}

TEST(Check, ElfTaggedLinuxFailsAndPurelibWarns) {
  TempDir t;
  FileReport linux = CheckDist(WriteCompiledWheel(t.path, "cp311-cp311-linux_x86_64", false, kElf),
                               CheckOptions());
  EXPECT_TRUE(
      HasFinding(linux, "compiled-code-tags", "'linux_x86_64' says only 'built on some Linux'"))
      << Describe(linux);
  EXPECT_TRUE(HasFinding(linux, "compiled-code-tags", "manylinux_X_Y_<arch>"));
  FileReport good = CheckDist(
      WriteCompiledWheel(t.path, "cp311-cp311-manylinux_2_17_x86_64", false, kElf), CheckOptions());
  EXPECT_EQ(good.Status(true), "PASSED") << Describe(good);
  FileReport purelib = CheckDist(
      WriteCompiledWheel(t.path, "cp311-cp311-manylinux_2_17_x86_64", true, kElf), CheckOptions());
  EXPECT_TRUE(
      HasFindingAt(purelib, "compiled-code-tags", "demo_pkg/_core.so", FindingLevel::kWarning))
      << Describe(purelib);
  EXPECT_EQ(purelib.Status(false), "PASSED with warnings");
}

TEST(Check, MachOAndPeCountAsCompiledCode) {
  TempDir t;
  std::string macho = std::string("\xcf\xfa\xed\xfe\x07\0\0\x01", 8) + std::string(56, '\0');
  FileReport r = CheckDist(WriteCompiledWheel(t.path, "py3-none-any", true, macho), CheckOptions());
  EXPECT_TRUE(HasFinding(r, "compiled-code-tags", "compiled code (Mach-O file)")) << Describe(r);
  std::string pe(0x80, '\0');
  pe[0] = 'M';
  pe[1] = 'Z';
  pe[0x3c] = 0x40;
  pe.replace(0x40, 4, std::string("PE\0\0", 4));
  FileReport r2 = CheckDist(WriteCompiledWheel(t.path, "py3-none-any", true, pe), CheckOptions());
  EXPECT_TRUE(HasFinding(r2, "compiled-code-tags", "compiled code (PE file)")) << Describe(r2);
}
