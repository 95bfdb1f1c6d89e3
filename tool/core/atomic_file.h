// Never leave half a file: write `<dest>.tmp.<pid>.<random>` in the destination's directory and
// rename it over `dest` once complete; the destructor unlinks the temporary file if it was never
// renamed. The temporary file is created with O_CREAT|O_EXCL|O_NOFOLLOW under a name nobody can
// predict, so a symbolic link planted at that name cannot redirect the write. A process killed
// with SIGKILL leaves its temporary file behind: RemoveStaleTempFiles() clears those of dead
// processes (the pid is in the name).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class AtomicFile {
 public:
  // Whether Finish fsyncs the temporary file before it is renamed. The rename alone already keeps
  // a failed or killed process from leaving half a file under the name; the fsync adds survival
  // of a power loss (else the name may hold an empty file after one). kRenameOnly is for outputs
  // a build simply makes again (its archives): `python -m build`'s backends and `uv build` do not
  // fsync them either, and on a small project the two fsyncs were a third of the wall time.
  enum class Sync { kFsync, kRenameOnly };
  explicit AtomicFile(std::string dest, Sync sync = Sync::kFsync);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Creates the temporary file. False with `err` on failure.
  bool Open(std::string* err);
  std::FILE* stream() { return file_; }
  const std::string& temp_path() const { return temp_; }
  const std::string& dest_path() const { return dest_; }

  bool Write(const void* data, size_t size, std::string* err);
  bool Write(const std::string& data, std::string* err) {
    return Write(data.data(), data.size(), err);
  }

  // Flushes, fsyncs (unless kRenameOnly), applies `mode` and closes: the temporary file is
  // complete, not yet in place.
  bool Finish(std::string* err, unsigned mode = 0644);
  // Renames the finished temporary file onto the destination.
  bool Publish(std::string* err);
  // Finish + Publish.
  bool Commit(std::string* err, unsigned mode = 0644) { return Finish(err, mode) && Publish(err); }

 private:
  std::string dest_, temp_;
  std::FILE* file_ = nullptr;
  Sync sync_;
  bool finished_ = false, published_ = false;
};

// Whole-content convenience: AtomicFile + Write + Commit.
bool WriteFileAtomically(const std::string& dest, const std::string& content, std::string* err,
                         unsigned mode = 0644);

// Files that belong together (an index's JSON and HTML page): every one written completely before
// any is renamed into place, so a failure (a full disk) leaves all of them as they were.
bool WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& dest_and_content,
                          std::string* err, unsigned mode = 0644);

// Whether `name` (a bare file name) has our temporary-name form "<dest>.tmp.<pid>.<suffix>";
// `pid` (optional) receives the pid.
bool IsAtomicTempName(const std::string& name, long* pid = nullptr);

// Unlinks, in `dir`, the temporary files of processes that no longer exist (kill(pid, 0) gives
// ESRCH): only names of IsAtomicTempName form, only regular files owned by us (never a symbolic
// link, never followed). `removed` (optional) receives the names removed.
bool RemoveStaleTempFiles(const std::string& dir, std::vector<std::string>* removed,
                          std::string* err);
