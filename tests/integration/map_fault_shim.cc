// Faults in mapping a dist for `pyrelease check` (check_changed_while_read.py; LD_PRELOAD'ed into
// pyrelease), decided by PYRELEASE_TEST_MAP:
//   fail     every mapping of a regular file fails with ENODEV, as on a file system that cannot
//            map files: check must read the file instead;
//   cut:N    right after a regular file is mapped, the file is truncated to N bytes, as another
//            process may do at any time: the check must say the file changed, never die of SIGBUS;
//   flip:N   right after a regular file is mapped, its byte at offset N is inverted in place and
//            its mtime set back, as `cp -p` over it would leave it: same size, same mtime, and
//            the check must still say the file changed (its inode's change time moved).
// The truncation happens here rather than from a second process so that it falls at the same
// point on every run (after the mapping, before the first byte is read); the kernel treats the
// mapping the same either way. Mappings of no file (malloc's, the loader's) are left alone.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// "", "fail" or "cut:N". Plain bytes: a std::string could be constructed after this constructor
// ran.
char g_mode[64];

__attribute__((constructor)) void ReadMode() {
  if (const char* mode = std::getenv("PYRELEASE_TEST_MAP")) {
    std::strncpy(g_mode, mode, sizeof g_mode - 1);
  }
  unsetenv("PYRELEASE_TEST_MAP");
  unsetenv("LD_PRELOAD");
}

bool IsRegularFile(int fd) {
  struct stat st;
  return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

namespace {

void* Map(const char* name, void* addr, size_t length, int prot, int flags, int fd, off_t offset) {
  auto real =
      reinterpret_cast<void* (*)(void*, size_t, int, int, int, off_t)>(dlsym(RTLD_NEXT, name));
  if (!g_mode[0] || !IsRegularFile(fd)) return real(addr, length, prot, flags, fd, offset);
  if (std::strcmp(g_mode, "fail") == 0) {
    errno = ENODEV;
    return MAP_FAILED;
  }
  void* data = real(addr, length, prot, flags, fd, offset);
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (data != MAP_FAILED && std::strncmp(g_mode, "cut:", 4) == 0) {
    if (::truncate(self.c_str(), std::atoll(g_mode + 4)) != 0) std::abort();
  }
  if (data != MAP_FAILED && std::strncmp(g_mode, "flip:", 5) == 0) {
    const off_t at = std::atoll(g_mode + 5);
    struct stat before;
    unsigned char byte;
    int writer = ::open(self.c_str(), O_WRONLY | O_CLOEXEC);
    if (writer < 0 || fstat(fd, &before) != 0 || pread(fd, &byte, 1, at) != 1) std::abort();
    byte = static_cast<unsigned char>(~byte);
    const struct timespec times[2] = {{0, UTIME_OMIT}, before.st_mtim};
    if (pwrite(writer, &byte, 1, at) != 1 || futimens(writer, times) != 0) std::abort();
    ::close(writer);
  }
  return data;
}

}  // namespace

// Both names: a program built with 64-bit file offsets on a 32-bit system calls mmap64.
extern "C" void* mmap(void* addr, size_t length, int prot, int flags, int fd, off_t offset) {
  return Map("mmap", addr, length, prot, flags, fd, offset);
}
extern "C" void* mmap64(void* addr, size_t length, int prot, int flags, int fd, off_t offset) {
  return Map("mmap64", addr, length, prot, flags, fd, offset);
}
