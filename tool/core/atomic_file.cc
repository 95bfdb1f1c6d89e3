#include "core/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace {
std::atomic<unsigned> g_counter{0};
}

AtomicFile::AtomicFile(std::string dest) : dest_(std::move(dest)) {}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

bool AtomicFile::Open(std::string* err) {
  temp_ = dest_ + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(g_counter++);
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) {
    if (err) *err = temp_ + ": cannot create: " + std::strerror(errno);
    temp_.clear();
    return false;
  }
  return true;
}

bool AtomicFile::Write(const void* data, size_t size, std::string* err) {
  if (size && std::fwrite(data, 1, size, file_) != size) {
    if (err) *err = temp_ + ": write failed: " + std::strerror(errno);
    return false;
  }
  return true;
}

bool AtomicFile::Commit(std::string* err, unsigned mode) {
  if (!file_) {
    if (err) *err = dest_ + ": not open";
    return false;
  }
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  int saved = errno;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) {
    if (err) *err = temp_ + ": write failed: " + std::strerror(saved);
    return false;
  }
  ::chmod(temp_.c_str(), mode);
  if (std::rename(temp_.c_str(), dest_.c_str()) != 0) {
    if (err) *err = dest_ + ": cannot rename into place: " + std::strerror(errno);
    return false;
  }
  committed_ = true;
  return true;
}

bool WriteFileAtomically(const std::string& dest, const std::string& content, std::string* err,
                         unsigned mode) {
  AtomicFile f(dest);
  return f.Open(err) && f.Write(content, err) && f.Commit(err, mode);
}
