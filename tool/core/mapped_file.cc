#include "core/mapped_file.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace {

// The live mappings, as the SIGBUS handler sees them: fixed slots of atomics, so the handler
// neither locks nor allocates. `begin` is set last and cleared first: a slot whose begin is 0 is
// not (or no longer) a mapping.
struct MappingSlot {
  std::atomic<bool> used{false};
  std::atomic<uintptr_t> begin{0}, end{0};  // [begin, end): whole pages
  std::atomic<bool> cut{false};
};
constexpr int kSlots = 64;
MappingSlot g_slots[kSlots];
struct sigaction g_previous;  // SIGBUS's disposition before ours, for faults not in a mapping

// Read once, before the handler is installed: sysconf is not async-signal-safe.
uintptr_t PageSize() {
  static const uintptr_t size = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

void OnSigbus(int sig, siginfo_t* info, void* context) {
  const uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  if (info->si_code > 0) {  // raised by the kernel for a fault, not sent by kill()
    for (MappingSlot& slot : g_slots) {
      uintptr_t begin = slot.begin.load(std::memory_order_acquire);
      uintptr_t end = slot.end.load(std::memory_order_acquire);
      if (begin == 0 || addr < begin || addr >= end) continue;
      // The file ends before this page, so it ends before every later one too: all of them are
      // read as zeros from now on, and the faulting access is retried on a zero page.
      uintptr_t page = addr & ~(PageSize() - 1);
      void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      if (zeros != MAP_FAILED) {
        slot.cut.store(true, std::memory_order_release);
        return;
      }
    }
  }
  // Not a mapped file's page: whatever would have happened without this handler.
  if ((g_previous.sa_flags & SA_SIGINFO) && g_previous.sa_sigaction) {
    g_previous.sa_sigaction(sig, info, context);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    g_previous.sa_handler(sig);
  } else {
    ::signal(SIGBUS, SIG_DFL);
    ::raise(SIGBUS);  // delivered on return (a fault also recurs): the default action
  }
}

void InstallSigbusHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    PageSize();  // (the handler then only reads the value)
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_sigaction = OnSigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous);
  });
}

int TakeSlot(uintptr_t begin, uintptr_t end) {
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (!g_slots[i].used.compare_exchange_strong(expected, true)) continue;
    g_slots[i].cut.store(false);
    g_slots[i].end.store(end, std::memory_order_release);
    g_slots[i].begin.store(begin, std::memory_order_release);
    return i;
  }
  return -1;
}

}  // namespace

MappedFile::~MappedFile() {
  if (slot_ >= 0) {
    g_slots[slot_].begin.store(0, std::memory_order_release);
    g_slots[slot_].end.store(0, std::memory_order_release);
    g_slots[slot_].used.store(false, std::memory_order_release);
  }
  if (data_) ::munmap(data_, size_);
}

bool MappedFile::Cut() const {
  return slot_ >= 0 && g_slots[slot_].cut.load(std::memory_order_acquire);
}

void MappedFile::Release(uint64_t offset, uint64_t size) const {
  if (!data_ || offset >= size_) return;
  const uint64_t page = PageSize();
  uint64_t begin = (offset + page - 1) / page * page;  // only pages wholly inside the range
  uint64_t end = std::min<uint64_t>(offset + size, size_) / page * page;
  if (end > begin) ::madvise(static_cast<char*>(data_) + begin, end - begin, MADV_DONTNEED);
}

bool MappedFile::Map(int fd, uint64_t size, const std::string& path, std::string* err,
                     bool populate) {
  if (size == 0) return true;  // nothing to map: an empty view
  InstallSigbusHandler();
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
  if (data == MAP_FAILED) {
    if (err) *err = path + ": cannot map it: " + std::strerror(errno);
    return false;
  }
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t page = PageSize();
  int slot = TakeSlot(begin, begin + (size + page - 1) / page * page);
  if (slot < 0) {  // every slot taken: not safe to read while another process may shrink it
    ::munmap(data, size);
    if (err) *err = path + ": cannot map it: too many files mapped at once";
    return false;
  }
  data_ = data;
  size_ = size;
  slot_ = slot;
  return true;
}
