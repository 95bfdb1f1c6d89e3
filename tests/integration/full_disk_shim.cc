// A full disk without mounting one (build_safety_test.py faults; LD_PRELOAD'ed into pyrelease):
// the process may write PYRELEASE_TEST_DISK_BYTES bytes to regular files in all; the write that
// reaches that budget writes what fits and every later one fails with ENOSPC, as on a full disk.
// Mounting a small tmpfs needs privileges a CI container may not have; this needs none. Writes to
// pipes and terminals are not counted (the error message must still get out), and only this
// process is limited: the environment its children inherit loses LD_PRELOAD and the budget.
//
// pyrelease writes files with fwrite (core/atomic_file) and, through std::ofstream, write();
// glibc's fwrite reaches the kernel through an internal write that a preload cannot see, so both
// are wrapped.
#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace {

std::atomic<long long> g_bytes_left{-1};  // -1: no budget given, nothing is limited

__attribute__((constructor)) void ReadBudget() {
  if (const char* budget = std::getenv("PYRELEASE_TEST_DISK_BYTES")) {
    g_bytes_left = std::atoll(budget);
  }
  unsetenv("PYRELEASE_TEST_DISK_BYTES");
  unsetenv("LD_PRELOAD");
}

bool IsRegularFile(int fd) {
  struct stat st;
  return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

// How many of `wanted` bytes to `fd` still fit on the "disk" (and takes them from the budget).
size_t Take(int fd, size_t wanted) {
  long long left = g_bytes_left.load();
  if (left < 0 || !IsRegularFile(fd)) return wanted;
  long long take;
  do {
    take = left < static_cast<long long>(wanted) ? left : static_cast<long long>(wanted);
  } while (!g_bytes_left.compare_exchange_weak(left, left - take));
  return static_cast<size_t>(take);
}

template <typename Fn>
Fn Next(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" ssize_t write(int fd, const void* data, size_t size) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t)>("write");
  size_t fits = Take(fd, size);
  if (size > 0 && fits == 0) {
    errno = ENOSPC;
    return -1;
  }
  return real(fd, data, fits);
}

extern "C" size_t fwrite(const void* data, size_t size, size_t count, FILE* stream) {
  static auto real = Next<size_t (*)(const void*, size_t, size_t, FILE*)>("fwrite");
  if (size == 0 || count == 0) return real(data, size, count, stream);
  size_t fits = Take(fileno(stream), size * count) / size;
  if (fits == count) return real(data, size, count, stream);
  size_t written = fits ? real(data, size, fits, stream) : 0;
  errno = ENOSPC;
  return written;
}
