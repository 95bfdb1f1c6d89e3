#include "publish/file_index.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/atomic_file.h"
#include "core/file_lock.h"
#include "core/hash.h"
#include "core/interrupt.h"
#include "core/string_util.h"
#include "core/url.h"
#include "spec/core_metadata.h"
#include "spec/dist_filename.h"
#include "spec/dist_reader.h"
#include "spec/names.h"

namespace {

// The files this run copied into files/ whose project page does not list them yet. Withdraw()
// unlinks exactly those paths (this run made each one; nothing found by a listing is removed).
class UnlistedCopies {
 public:
  void Add(const std::string& project, const std::string& path) {
    paths_.emplace_back(project, path);
  }
  void Listed(const std::string& project) {
    paths_.erase(std::remove_if(paths_.begin(), paths_.end(),
                                [&](const auto& e) { return e.first == project; }),
                 paths_.end());
  }
  // For the error message: what was taken back (or what could not be).
  std::string Withdraw() {
    std::vector<std::string> removed, kept;
    for (const auto& [project, path] : paths_)
      (::unlink(path.c_str()) == 0 || errno == ENOENT ? removed : kept).push_back(BaseName(path));
    paths_.clear();
    std::string said;
    if (!removed.empty()) said += "; the copies made so far were removed: " + Join(removed, ", ");
    if (!kept.empty()) said += "; cannot remove the unlisted copies " + Join(kept, ", ");
    return said;
  }

 private:
  std::vector<std::pair<std::string, std::string>> paths_;  // (project, path)
};

bool MakeDirs(const std::string& path, std::string* err) {
  std::string cur;
  for (const std::string& part : Split(path, '/')) {
    cur += part;
    if (!cur.empty() && ::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) {
      *err = cur + ": cannot create directory: " + std::strerror(errno);
      return false;
    }
    cur += '/';
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *err = path + ": not a directory";
    return false;
  }
  return true;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Streams `src` into `dest` through an AtomicFile: readers never see half a dist.
bool CopyAtomically(const std::string& src, const std::string& dest, std::string* err) {
  std::FILE* in = std::fopen(src.c_str(), "rb");
  if (!in) {
    *err = src + ": cannot open: " + std::strerror(errno);
    return false;
  }
  AtomicFile out(dest);
  if (!out.Open(err)) {
    std::fclose(in);
    return false;
  }
  std::vector<char> buf(1 << 16);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), in)) > 0) {
    if (PendingInterrupt()) *err = InterruptMessage();  // `out` removes its temporary file
    if (PendingInterrupt() || !out.Write(buf.data(), n, err)) {
      std::fclose(in);
      return false;
    }
  }
  bool read_failed = std::ferror(in);
  std::fclose(in);
  if (read_failed) {
    *err = src + ": read error";
    return false;
  }
  return out.Commit(err, 0644);
}

struct PreparedDist {
  std::string path, filename, project;  // project: normalized name
  DistFilename parsed;
  FileDigests digests;
  std::string requires_python;
  std::string metadata;  // wheels: the METADATA bytes, served as <file>.metadata
  bool already_there = false;
};

// The project page's state is its own index.json: read it back to add files.
nlohmann::json LoadProjectJson(const std::string& path, const std::string& name) {
  std::string text, err;
  if (ReadFile(path, &text, &err)) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_object() && doc.contains("files") && doc["files"].is_array()) return doc;
  }
  return nlohmann::json{{"meta", {{"api-version", "1.1"}}},
                        {"name", name},
                        {"versions", nlohmann::json::array()},
                        {"files", nlohmann::json::array()}};
}

// Whether the project page `page_json` lists `filename`; true also when the page cannot be read
// or parsed (then nothing may be replaced). A project without a page lists nothing.
bool ListedOnPage(const std::string& page_json, const std::string& filename) {
  if (!Exists(page_json)) return false;
  std::string text, err;
  if (!ReadFile(page_json, &text, &err)) return true;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) return true;
  for (const auto& f : doc["files"]) {
    if (f.is_object() && f.contains("filename") && f["filename"] == filename) return true;
  }
  return false;
}

std::string RenderProjectHtml(const nlohmann::json& doc) {
  std::string name = doc["name"].get<std::string>();
  std::string html =
      "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" "
      "content=\"1.1\">\n"
      "    <title>Links for " +
      HtmlEscape(name) +
      "</title>\n  </head>\n  <body>\n"
      "    <h1>Links for " +
      HtmlEscape(name) + "</h1>\n";
  for (const auto& f : doc["files"]) {
    std::string fn = f["filename"].get<std::string>();
    html += "    <a href=\"" + HtmlEscape(f["url"].get<std::string>()) +
            "#sha256=" + f["hashes"]["sha256"].get<std::string>() + "\"";
    if (f.contains("requires-python")) {
      html +=
          " data-requires-python=\"" + HtmlEscape(f["requires-python"].get<std::string>()) + "\"";
    }
    if (f["core-metadata"].is_object()) {
      std::string sha = f["core-metadata"]["sha256"].get<std::string>();
      html += " data-dist-info-metadata=\"sha256=" + sha + "\" data-core-metadata=\"sha256=" + sha +
              "\"";
    }
    html += ">" + HtmlEscape(fn) + "</a><br />\n";
  }
  html += "  </body>\n</html>\n";
  return html;
}

std::string VersionOf(const std::string& filename) {
  DistFilename parsed;
  std::string err;
  return ParseDistFilename(filename, &parsed, &err) ? parsed.version : "";
}

bool WriteProjectList(const std::string& simple_dir, std::string* err) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(simple_dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != ".." && Exists(simple_dir + "/" + n + "/index.json")) names.push_back(n);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  nlohmann::json doc{{"meta", {{"api-version", "1.1"}}}, {"projects", nlohmann::json::array()}};
  std::string html =
      "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" "
      "content=\"1.1\">\n"
      "    <title>Simple index</title>\n  </head>\n  <body>\n";
  for (const auto& n : names) {
    doc["projects"].push_back({{"name", n}});
    html += "    <a href=\"" + HtmlEscape(n) + "/\">" + HtmlEscape(n) + "</a><br />\n";
  }
  html += "  </body>\n</html>\n";
  return WriteFilesAtomically(
      {{simple_dir + "/index.json", doc.dump(1) + "\n"}, {simple_dir + "/index.html", html}}, err);
}

}  // namespace

std::string FileIndexRoot(const std::string& target) {
  if (IsFileUrl(target)) return FileUrlToPath(target);
  Url u = ParseUrl(target);
  if (!u.scheme.empty() && u.scheme.size() > 1)
    return "";  // http(s) and others ("C:" is not a concern here)
  return target;
}

bool PublishToFileIndex(const std::string& target, const std::vector<std::string>& dists,
                        std::vector<FileIndexEntry>* entries, std::string* err) {
  entries->clear();
  std::string root = FileIndexRoot(target);
  if (root.empty()) {
    *err = target + ": not a file index (expected a directory path or a file:// URL)";
    return false;
  }
  while (root.size() > 1 && EndsWith(root, "/")) root.pop_back();
  std::string files_dir = root + "/files", simple_dir = root + "/simple";
  if (!MakeDirs(files_dir, err) || !MakeDirs(simple_dir, err)) return false;
  if (char* real = ::realpath(root.c_str(), nullptr)) {
    root = real;
    std::free(real);
    files_dir = root + "/files";
    simple_dir = root + "/simple";
  }
  FileLock lock;  // an exclusive lock on the index for the duration of the publish
  if (!lock.Acquire(root + "/.pyrelease-index.lock", err)) return false;
  // Ctrl-C or SIGTERM while a dist is copied in: the copy stops, its temporary file is removed,
  // and no page changes (main() then dies by the signal). One left by a killed upload goes now.
  DeferInterrupts defer;
  std::string stale_err;
  RemoveStaleTempFiles(files_dir, nullptr, &stale_err);

  // 1. Read and check every dist before copying any (no half releases).
  std::vector<PreparedDist> prepared;
  std::set<std::string> seen;
  for (const std::string& path : dists) {
    PreparedDist p;
    p.path = path;
    p.filename = BaseName(path);
    if (!seen.insert(p.filename).second) continue;  // the same file given twice
    if (!ParseDistFilename(p.filename, &p.parsed, err)) return false;
    std::string text, member;
    if (!ReadDistMetadata(path, &text, &member, err)) return false;
    CoreMetadata meta = ParseCoreMetadata(text);
    if (meta.Get("Name").empty()) {
      *err = path + ": " + member + " has no Name field";
      return false;
    }
    p.project = NormalizeName(meta.Get("Name"));
    if (NormalizeName(p.parsed.name) != p.project) {
      *err = path + ": the file name's project '" + p.parsed.name + "' does not match Name '" +
             meta.Get("Name") + "' in " + member;
      return false;
    }
    p.requires_python = meta.Get("Requires-Python");
    if (p.parsed.kind == DistKind::kWheel) p.metadata = text;
    if (!DigestFile(path, &p.digests, err)) return false;
    std::string dest = files_dir + "/" + p.filename;
    if (Exists(dest)) {
      FileDigests there;
      if (!DigestFile(dest, &there, err)) return false;
      if (there.sha256_hex != p.digests.sha256_hex) {
        // A copy its project page does not list was never published: a run killed (SIGKILL,
        // power loss) between the copy and the page left it. The new build replaces it.
        if (!ListedOnPage(simple_dir + "/" + p.project + "/index.json", p.filename)) {
          prepared.push_back(std::move(p));
          continue;
        }
        *err = path + ": File already exists ('" + p.filename + "', with sha256 hash '" +
               there.sha256_hex + "') in the index " + root +
               " with different contents; a published file name cannot be reused. "
               "Give the release a new version.";
        return false;
      }
      p.already_there = true;
    }
    prepared.push_back(std::move(p));
  }

  // 2. Copy the files in, then rewrite each touched project's pages. Whatever stops the run before
  // a project's pages are written (a signal, a full disk) takes back the copies made for it, so
  // files/ holds no unlisted file a later upload of a different build would be refused for.
  UnlistedCopies unlisted;
  std::map<std::string, std::vector<const PreparedDist*>> by_project;
  for (const PreparedDist& p : prepared) {
    std::string dest = files_dir + "/" + p.filename;
    if (PendingInterrupt()) {
      *err = InterruptMessage() + ": no page of the index changed" + unlisted.Withdraw();
      return false;
    }
    if (!p.already_there) {
      if (!p.metadata.empty()) {
        if (!WriteFileAtomically(dest + ".metadata", p.metadata, err)) {
          *err += unlisted.Withdraw();
          return false;
        }
        unlisted.Add(p.project, dest + ".metadata");
      }
      if (!CopyAtomically(p.path, dest, err)) {
        if (PendingInterrupt())
          *err += ": the copy of " + p.filename +
                  " stopped and was removed; no page of the index changed";
        *err += unlisted.Withdraw();
        return false;
      }
      unlisted.Add(p.project, dest);
    }
    by_project[p.project].push_back(&p);
  }
  for (const auto& [project, list] : by_project) {
    std::string page_dir = simple_dir + "/" + project;
    if (!MakeDirs(page_dir, err)) return false;
    nlohmann::json doc = LoadProjectJson(page_dir + "/index.json", project);
    for (const PreparedDist* p : list) {
      nlohmann::json f{{"filename", p->filename},
                       {"url", "../../files/" + PercentEncodePath(p->filename)},
                       {"hashes", {{"sha256", p->digests.sha256_hex}}},
                       {"size", p->digests.size},
                       {"yanked", false}};
      if (!p->requires_python.empty()) f["requires-python"] = p->requires_python;
      if (!p->metadata.empty()) {
        nlohmann::json cm{{"sha256", Sha256Hex(p->metadata)}};
        f["core-metadata"] = cm;
        f["dist-info-metadata"] = cm;
      } else {
        f["core-metadata"] = false;
        f["dist-info-metadata"] = false;
      }
      auto& files = doc["files"];
      auto it = std::find_if(files.begin(), files.end(),
                             [&](const nlohmann::json& e) { return e["filename"] == p->filename; });
      if (it != files.end())
        *it = f;
      else
        files.push_back(f);
    }
    std::sort(doc["files"].begin(), doc["files"].end(),
              [](const nlohmann::json& a, const nlohmann::json& b) {
                return a["filename"] < b["filename"];
              });
    std::set<std::string> versions;
    for (const auto& f : doc["files"]) versions.insert(VersionOf(f["filename"].get<std::string>()));
    versions.erase("");
    doc["versions"] = std::vector<std::string>(versions.begin(), versions.end());
    // Both pages or neither: a client reads one or the other, and they must agree.
    if (!WriteFilesAtomically({{page_dir + "/index.json", doc.dump(1) + "\n"},
                               {page_dir + "/index.html", RenderProjectHtml(doc)}},
                              err)) {
      *err += unlisted.Withdraw();
      return false;
    }
    unlisted.Listed(project);
  }
  if (!WriteProjectList(simple_dir, err)) return false;
  for (const PreparedDist& p : prepared) {
    FileIndexEntry e;
    e.path = p.path;
    e.filename = p.filename;
    e.outcome = p.already_there ? PublishOutcome::kAlreadyThere : PublishOutcome::kAdded;
    e.url = PathToFileUrl(files_dir + "/" + p.filename);
    entries->push_back(e);
  }
  return true;
}
