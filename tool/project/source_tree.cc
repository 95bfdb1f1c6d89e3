#include "project/source_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "core/gitignore.h"
#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/subprocess.h"

namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// The directory holding .git (a directory, or a file for worktrees/submodules), or "".
std::string FindCheckoutTop(const std::string& root) {
  for (std::string dir = root;; dir = Parent(dir)) {
    if (Exists(dir + "/.git")) return dir;
    if (dir == "/" || dir.empty()) return "";
  }
}

// Build outputs and caches that are never swept in, wherever the project's ignore files stand.
bool IsBuildOutput(const std::string& rel_dir, const std::string& abs_dir) {
  if (rel_dir == "dist" || rel_dir == "build") return true;
  return Exists(abs_dir + "/CMakeCache.txt");
}

// The subdirectory `name` of `dir_fd` (project-relative `rel`) opened for a walk, or -1 when it
// is build output (IsBuildOutput, decided relative to the fd) or cannot be opened.
int OpenWalkedDirAt(int dir_fd, const char* name, const std::string& rel) {
  if (rel == "dist" || rel == "build") return -1;
  int sub = ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sub < 0) return -1;
  struct stat st;
  if (::fstatat(sub, "CMakeCache.txt", &st, AT_SYMLINK_NOFOLLOW) == 0) {
    ::close(sub);
    return -1;
  }
  return sub;
}

bool Skip(const std::string& rel, bool is_dir) {
  size_t slash = rel.rfind('/');
  std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
  return IsAlwaysExcludedName(name, is_dir);
}

enum class Entry { kDir, kFile, kUnsafe, kDirLink, kNone };

void AddFile(SourceTree* tree, const std::string& rel, unsigned mode, bool link) {
  tree->files.push_back(rel);
  if (S_ISREG(mode) && (mode & S_IXUSR)) tree->executable.insert(rel);
  if (link) tree->file_links.push_back(rel);
  for (std::string d = Parent(rel);; d = Parent(d)) {
    if (!tree->dirs.insert(d).second || d.empty()) break;
  }
}

// Reads `name` in the directory `dir_fd` when it is a regular file (a link to one is followed, as
// git does for ignore files); false when it is missing, something else or unreadable.
bool ReadFileAt(int dir_fd, const char* name, std::string* out) {
  int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return false;
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  out->clear();
  char buf[1 << 14];
  while (ok) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    out->append(buf, size_t(n));
  }
  ::close(fd);
  return ok;
}

// What the entry `name` of the directory `dir_fd` (project-relative `rel`) is for the walk, looked
// up by name (no path lookup from the root) and without following a link to a directory. `type` is
// readdir's d_type (DT_UNKNOWN when not known): a directory needs no stat; anything else gets one
// fstatat (its mode is the tree's executable bit: file selection stats nothing), and only a link
// is stat'ed again (its target) and resolved by path. `why` is set for kUnsafe; `link` is true for
// a link to a regular file.
Entry ClassifyAt(const std::string& root, int dir_fd, const char* name, unsigned char type,
                 const std::string& rel, std::string* why, unsigned* mode, bool* link) {
  *link = false;
  if (type == DT_DIR) return Entry::kDir;
  struct stat st;
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return Entry::kNone;
  if (S_ISDIR(st.st_mode)) return Entry::kDir;
  if (S_ISLNK(st.st_mode)) {
    struct stat target;
    if (::fstatat(dir_fd, name, &target, 0) != 0) return Entry::kNone;  // dangling
    if (S_ISDIR(target.st_mode)) return Entry::kDirLink;                // never followed
    std::string resolved;
    if (!ResolvesInside(root, root + "/" + rel, &resolved)) {
      *why = "a symbolic link to " + resolved + ", outside the project";
      return Entry::kUnsafe;
    }
    st = target;
    *link = S_ISREG(st.st_mode);
  }
  *mode = st.st_mode;
  if (S_ISREG(st.st_mode)) return Entry::kFile;
  *why = FileTypeName(st.st_mode);
  return Entry::kUnsafe;
}

// Open directories of the project for git's list, which comes sorted: the chain from the root to
// the directory of the last file, so that each file is looked up by name in its directory's fd
// and each directory is opened (by name, in its parent, never through a link) about once.
class DirFds {
 public:
  explicit DirFds(int root_fd) { chain_.push_back({"", root_fd}); }
  ~DirFds() {
    for (const auto& [dir, fd] : chain_) ::close(fd);
  }
  DirFds(const DirFds&) = delete;
  DirFds& operator=(const DirFds&) = delete;

  // The open directory `dir` ("" = the root), or -1 when it cannot be opened.
  int Get(const std::string& dir) {
    while (chain_.size() > 1 && !Within(dir, chain_.back().first)) {
      ::close(chain_.back().second);
      chain_.pop_back();
    }
    while (chain_.back().first != dir) {
      const std::string& top = chain_.back().first;
      size_t start = top.empty() ? 0 : top.size() + 1;
      size_t end = dir.find('/', start);
      if (end == std::string::npos) end = dir.size();
      std::string name = dir.substr(start, end - start);
      int fd = ::openat(chain_.back().second, name.c_str(),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return -1;
      chain_.push_back({dir.substr(0, end), fd});
    }
    return chain_.back().second;
  }

 private:
  static bool Within(const std::string& dir, const std::string& top) {
    return top.empty() || dir == top ||
           (dir.size() > top.size() && dir.compare(0, top.size(), top) == 0 &&
            dir[top.size()] == '/');
  }
  std::vector<std::pair<std::string, int>> chain_;
};

// The walk used outside git: applies `ignore` (rooted at `prefix` above the project root).
// `dir_fd` is the open directory `rel_dir` (owned: closed here); every lookup below it is relative
// to it, and a subdirectory is opened with O_NOFOLLOW, so a link to a directory is never entered
// even if it replaces the directory between the listing and the open.
void Walk(const std::string& root, int dir_fd, const std::string& rel_dir,
          const std::string& prefix, Gitignore* ignore, SourceTree* tree) {
  DIR* d = ::fdopendir(dir_fd);
  if (!d) {
    ::close(dir_fd);
    return;
  }
  std::string abs_dir = rel_dir.empty() ? root : root + "/" + rel_dir;
  // Each directory's own .gitignore applies to it and below (added parent-first).
  std::string text;
  if (ReadFileAt(dir_fd, ".gitignore", &text)) {
    std::string gi = abs_dir + "/.gitignore";
    std::string base = prefix + rel_dir;
    if (!base.empty() && base.back() == '/') base.pop_back();
    ignore->AddPatterns(text, base, gi);
    tree->ignore_files.push_back(gi);
  }
  std::vector<std::pair<std::string, unsigned char>> names;
  while (dirent* e = ::readdir(d)) {
    const char* n = e->d_name;
    if (std::strcmp(n, ".") != 0 && std::strcmp(n, "..") != 0) names.emplace_back(n, e->d_type);
  }
  std::sort(names.begin(), names.end());
  for (const auto& [name, type] : names) {
    std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
    std::string why;
    unsigned mode = 0;
    bool link = false;
    Entry kind = ClassifyAt(root, dir_fd, name.c_str(), type, rel, &why, &mode, &link);
    if (kind == Entry::kNone) continue;
    bool dir = kind == Entry::kDir;
    if (IsAlwaysExcludedName(name, dir)) continue;
    if (ignore->IsIgnored(prefix + rel, dir)) continue;
    if (kind == Entry::kDirLink) {
      tree->dir_links.push_back(rel);
      continue;
    }
    if (dir) {
      int sub = OpenWalkedDirAt(dir_fd, name.c_str(), rel);
      if (sub >= 0) Walk(root, sub, rel, prefix, ignore, tree);
    } else {
      if (kind == Entry::kUnsafe) tree->unsafe[rel] = why;
      AddFile(tree, rel, mode, link);
    }
  }
  ::closedir(d);  // closes dir_fd
}

// Whether `dir` ("" = the root) or a directory above it is never swept in. Memoized per directory
// in `memo`: the files of one directory cost one CMakeCache.txt lookup, not one per file and
// ancestor.
bool InSkippedDir(const std::string& root, const std::string& dir,
                  std::unordered_map<std::string, bool>* memo) {
  if (dir.empty()) return false;
  auto it = memo->find(dir);
  if (it != memo->end()) return it->second;
  bool skip = Skip(dir, true) || IsBuildOutput(dir, root + "/" + dir) ||
              InSkippedDir(root, Parent(dir), memo);
  memo->emplace(dir, skip);
  return skip;
}

// The entries of git's list that git leaves out: it lists no FIFO, socket or device (it cannot
// track one and `ls-files -o` skips one), yet a backend walking the directory would open it and
// hang. So, after git's list, each directory holding a listed file is read (names and d_type only)
// and a subdirectory holding none is entered too, round by round, unless git ignores it; a special
// file git does not ignore is `unsafe`, as the walk makes it. git is asked (`check-ignore`) only
// when such a file or directory exists; an ignored one stays out, as in the walk.
void AddFilesGitSkips(const std::string& root, SourceTree* tree) {
  std::set<std::string> todo = tree->dirs;
  std::set<std::string> seen = todo;
  while (!todo.empty()) {
    std::vector<std::string> candidates;  // special files, and directories with a trailing '/'
    std::map<std::string, unsigned> modes;
    int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) return;
    DirFds dirs(root_fd);
    for (const std::string& dir : todo) {
      int dir_fd = dirs.Get(dir);
      if (dir_fd < 0) continue;
      int list_fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      DIR* d = list_fd < 0 ? nullptr : ::fdopendir(list_fd);
      if (!d) {
        if (list_fd >= 0) ::close(list_fd);
        continue;
      }
      while (dirent* e = ::readdir(d)) {
        unsigned char type = e->d_type;
        if (type == DT_REG || type == DT_LNK) continue;  // git lists these: most entries
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        std::string rel = dir.empty() ? name : dir + "/" + name;
        struct stat st;
        st.st_mode = S_IFDIR;
        if (type != DT_DIR && ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
          continue;
        if (S_ISDIR(st.st_mode)) {
          if (seen.count(rel) || IsAlwaysExcludedName(name, true) ||
              IsBuildOutput(rel, root + "/" + rel))
            continue;
          seen.insert(rel);
          candidates.push_back(rel + "/");
        } else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode) && !tree->unsafe.count(rel) &&
                   !IsAlwaysExcludedName(name, false)) {
          modes[rel] = st.st_mode;
          candidates.push_back(rel);
        }
      }
      ::closedir(d);
    }
    todo.clear();
    if (candidates.empty()) break;
    SubprocessOptions opt;
    opt.cwd = root;
    opt.stdin_text = Join(candidates, std::string(1, '\0')) + '\0';
    SubprocessResult r;
    std::string err;
    std::set<std::string> ignored;
    // Exit 0: some are ignored, 1: none. Anything else: nothing is taken as ignored (refusing an
    // ignored FIFO is safer than shipping, or hanging on, one that is not).
    if (RunSubprocess({"git", "check-ignore", "-z", "--stdin"}, opt, &r, &err) &&
        r.exit_code == 0) {
      for (const std::string& path : Split(r.out, '\0'))
        if (!path.empty()) ignored.insert(path);
    }
    for (const std::string& path : candidates) {
      if (ignored.count(path)) continue;
      if (EndsWith(path, "/")) {
        todo.insert(path.substr(0, path.size() - 1));
      } else {
        tree->unsafe[path] = FileTypeName(modes[path]);
        AddFile(tree, path, modes[path], false);
      }
    }
  }
  std::sort(tree->files.begin(), tree->files.end());
}

bool ListWithGit(const std::string& root, SourceTree* tree) {
  SubprocessOptions opt;
  opt.cwd = root;
  SubprocessResult r;
  std::string err;
  if (!RunSubprocess({"git", "ls-files", "-co", "-t", "--exclude-standard", "-z", "--", "."}, opt,
                     &r, &err) ||
      r.exit_code != 0)
    return false;
  std::vector<std::string> listed;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\0', start);
    if (end == std::string::npos) end = r.out.size();
    // "-t" tags each path: "? " for untracked, a letter (H, S, C, ...) for a tracked file.
    if (end > start + 2) {
      std::string rel = r.out.substr(start + 2, end - start - 2);
      if (r.out[start] != '?') tree->tracked.push_back(rel);
      listed.push_back(std::move(rel));
    }
    start = end + 1;
  }
  // A project inside an ignored directory (e.g. a copy under build/) gets nothing from git,
  // not even pyproject.toml: then git knows nothing useful and the walk decides.
  if (std::find(listed.begin(), listed.end(), "pyproject.toml") == listed.end()) return false;
  std::sort(listed.begin(), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  std::sort(tree->tracked.begin(), tree->tracked.end());
  tree->tracked.erase(std::unique(tree->tracked.begin(), tree->tracked.end()), tree->tracked.end());
  int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return false;
  DirFds dirs(root_fd);
  std::unordered_map<std::string, bool> skipped_dirs;
  for (const std::string& rel : listed) {
    std::string parent = Parent(rel);
    if (InSkippedDir(root, parent, &skipped_dirs) || Skip(rel, false)) continue;
    int dir_fd = dirs.Get(parent);
    if (dir_fd < 0) continue;  // a directory gone (or become a link) since git listed it
    const char* name = rel.c_str() + (parent.empty() ? 0 : parent.size() + 1);
    std::string why;
    unsigned mode = 0;
    bool link = false;
    Entry kind = ClassifyAt(root, dir_fd, name, DT_UNKNOWN, rel, &why, &mode, &link);
    if (kind != Entry::kFile && kind != Entry::kUnsafe && kind != Entry::kDirLink)
      continue;  // deleted but still tracked, submodule...
    if (kind == Entry::kDirLink) {
      tree->dir_links.push_back(rel);
      continue;
    }
    if (EndsWith(rel, "/.gitignore") || rel == ".gitignore")
      tree->ignore_files.push_back(root + "/" + rel);
    if (kind == Entry::kUnsafe) tree->unsafe[rel] = why;
    AddFile(tree, rel, mode, link);
  }
  AddFilesGitSkips(root, tree);
  return true;
}

}  // namespace

bool IsAlwaysExcludedName(const std::string& name, bool is_dir) {
  if (is_dir) {
    static const char* const kDirs[] = {
        ".git", ".hg",    ".svn",  ".bzr",        "__pycache__",   ".venv",       ".tox",
        ".nox", ".hatch", ".pixi", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs"};
    for (const char* d : kDirs)
      if (name == d) return true;
    return EndsWith(name, ".egg-info");
  }
  return EndsWith(name, ".pyc") || EndsWith(name, ".pyo") || name == ".DS_Store" || name == ".git";
}

namespace {

// FindSpecialFiles' walk. Links are followed as backends follow them (hatchling and setuptools walk
// linked directories; opening a link to a FIFO hangs as the FIFO does), but only to directories
// inside the root, each walked once (`seen`: a link back up the tree is no loop).
struct SpecialFileWalk {
  std::string root;  // canonical
  std::set<std::pair<dev_t, ino_t>> seen;
  std::map<std::string, std::string> found;
};

// Whether the directory open as `fd` lies inside the walk's root (where its link led).
bool InsideRoot(const SpecialFileWalk& walk, int fd) {
  char target[4096];
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(self.c_str(), target, sizeof target - 1);
  if (n <= 0) return false;
  std::string path(target, size_t(n));
  return path == walk.root || StartsWith(path, walk.root == "/" ? "/" : walk.root + "/");
}

void FindSpecialFilesAt(SpecialFileWalk* walk, int dir_fd, const std::string& rel_dir) {
  struct stat dir_st;
  if (::fstat(dir_fd, &dir_st) != 0 || !walk->seen.insert({dir_st.st_dev, dir_st.st_ino}).second) {
    ::close(dir_fd);
    return;
  }
  DIR* d = ::fdopendir(dir_fd);
  if (!d) {
    ::close(dir_fd);
    return;
  }
  while (dirent* e = ::readdir(d)) {
    unsigned char type = e->d_type;
    if (type == DT_REG) continue;  // most entries: no stat
    const char* name = e->d_name;
    if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
    std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
    struct stat st;
    st.st_mode = type == DT_DIR ? S_IFDIR : 0;  // else what fstatat says (d_type may be unknown)
    if (!st.st_mode && ::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    const bool link = S_ISLNK(st.st_mode);
    if (link && ::fstatat(dir_fd, name, &st, 0) != 0) continue;  // a dangling link
    if (S_ISDIR(st.st_mode)) {
      if (IsAlwaysExcludedName(name, true)) continue;
      int sub = link ? ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                     : OpenWalkedDirAt(dir_fd, name, rel);
      if (sub >= 0 && link && !InsideRoot(*walk, sub)) {
        ::close(sub);
        continue;
      }
      if (sub >= 0) FindSpecialFilesAt(walk, sub, rel);
    } else if (!S_ISREG(st.st_mode)) {
      walk->found[rel] = (link ? "a symbolic link to " : "") + FileTypeName(st.st_mode);
    }
  }
  ::closedir(d);  // closes dir_fd
}

}  // namespace

std::map<std::string, std::string> FindSpecialFiles(const std::string& root) {
  SpecialFileWalk walk;
  char* canonical = ::realpath(root.c_str(), nullptr);
  if (!canonical) return {};
  walk.root = canonical;
  std::free(canonical);
  int fd = ::open(walk.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) FindSpecialFilesAt(&walk, fd, "");
  return walk.found;
}

bool SourceTree::HasFile(const std::string& rel) const {
  return std::binary_search(files.begin(), files.end(), rel);
}

bool SourceTree::IsTracked(const std::string& rel) const {
  return std::binary_search(tracked.begin(), tracked.end(), rel);
}

std::vector<std::string> SourceTree::FilesUnder(const std::string& dir) const {
  if (dir.empty()) return files;
  std::string prefix = dir + "/";
  std::vector<std::string> out;
  auto it = std::lower_bound(files.begin(), files.end(), prefix);
  for (; it != files.end() && StartsWith(*it, prefix); ++it) out.push_back(*it);
  return out;
}

bool ScanSourceTree(const std::string& root, bool use_git, SourceTree* out, std::string* err) {
  *out = SourceTree();
  out->root = root;
  if (!IsDirectory(root)) {
    *err = root + ": not a directory";
    return false;
  }
  std::string top = FindCheckoutTop(root);
  if (!top.empty() && use_git && ListWithGit(root, out)) {
    out->from_git = true;
    std::string exclude = top + "/.git/info/exclude";
    if (IsRegularFile(exclude)) out->ignore_files.push_back(exclude);
    std::sort(out->ignore_files.begin(), out->ignore_files.end());
    return true;
  }
  *out = SourceTree();
  out->root = root;
  // Ignore rules from the checkout root down to the project, then the project's own files.
  Gitignore ignore;
  std::string prefix;
  if (!top.empty() && top != root) {
    prefix = root.substr(top.size() + (top == "/" ? 0 : 1)) + "/";
    std::string text, read_err;
    std::string exclude = top + "/.git/info/exclude";
    if (IsRegularFile(exclude) && ReadRegularFile(exclude, &text, &read_err)) {
      ignore.AddPatterns(text, "", exclude);
      out->ignore_files.push_back(exclude);
    }
    std::vector<std::string> parts = Split(prefix.substr(0, prefix.size() - 1), '/');
    std::string rel;
    for (size_t i = 0; i < parts.size(); ++i) {
      std::string dir = rel.empty() ? top : top + "/" + rel;
      std::string gi = dir + "/.gitignore";
      if (IsRegularFile(gi) && ReadRegularFile(gi, &text, &read_err)) {
        ignore.AddPatterns(text, rel, gi);
        out->ignore_files.push_back(gi);
      }
      rel = rel.empty() ? parts[i] : rel + "/" + parts[i];
    }
    // A project inside an ignored directory (a copy under build/): the checkout's rules would
    // drop everything, so only the project's own ignore files count.
    if (ignore.IsIgnored(rel, true)) {
      ignore = Gitignore();
      out->ignore_files.clear();
    }
  } else if (!top.empty()) {
    std::string text, read_err;
    std::string exclude = top + "/.git/info/exclude";
    if (IsRegularFile(exclude) && ReadRegularFile(exclude, &text, &read_err)) {
      ignore.AddPatterns(text, "", exclude);
      out->ignore_files.push_back(exclude);
    }
  }
  out->dirs.insert("");
  int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) {
    *err = root + ": cannot open: " + std::strerror(errno);
    return false;
  }
  Walk(root, root_fd, "", prefix, &ignore, out);
  std::sort(out->files.begin(), out->files.end());
  std::sort(out->file_links.begin(), out->file_links.end());
  std::sort(out->ignore_files.begin(), out->ignore_files.end());
  return true;
}
