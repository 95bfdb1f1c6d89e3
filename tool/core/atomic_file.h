// Never leave half a file: write `<dest>.tmp.<pid>.<n>` in the destination's directory and rename it
// over `dest` on Commit(); the destructor unlinks the temporary file if Commit() was not reached.
#pragma once

#include <cstdio>
#include <string>

class AtomicFile {
 public:
  explicit AtomicFile(std::string dest);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Creates the temporary file. False with `err` on failure.
  bool Open(std::string* err);
  std::FILE* stream() { return file_; }
  const std::string& temp_path() const { return temp_; }
  const std::string& dest_path() const { return dest_; }

  bool Write(const void* data, size_t size, std::string* err);
  bool Write(const std::string& data, std::string* err) { return Write(data.data(), data.size(), err); }

  // Flushes, fsyncs, closes and renames onto the destination. Mode is applied before the rename.
  bool Commit(std::string* err, unsigned mode = 0644);

 private:
  std::string dest_, temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Whole-content convenience: AtomicFile + Write + Commit.
bool WriteFileAtomically(const std::string& dest, const std::string& content, std::string* err,
                         unsigned mode = 0644);
