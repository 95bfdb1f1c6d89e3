#include "core/hash.h"

// md5: OpenSSL's one-algorithm functions (deprecated in 3.0, still built) rather than EVP, whose
// first digest initialises the library (reads openssl.cnf, loads the default provider, fills its
// algorithm tables: 0.75 ms of CPU); libcrypto itself is opened on first use (core/crypto_loader).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/blake2b.h"
#include "core/sha256.h"

struct Hasher::Impl {
  HashAlgorithm algorithm;
  std::optional<Sha256> sha256;
  MD5_CTX md5;
  std::unique_ptr<Blake2b> blake;  // blake2b-256 (see blake2b.h for why not OpenSSL)
};

Hasher::Hasher(HashAlgorithm algorithm, bool streamed) : impl_(std::make_unique<Impl>()) {
  impl_->algorithm = algorithm;
  if (algorithm == HashAlgorithm::kBlake2b256)
    impl_->blake = std::make_unique<Blake2b>(32);
  else if (algorithm == HashAlgorithm::kMd5)
    MD5_Init(&impl_->md5);
  else
    impl_->sha256.emplace(/*sha_instructions=*/!streamed);
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::Update(const void* data, size_t size) {
  switch (impl_->algorithm) {
    case HashAlgorithm::kSha256:
      impl_->sha256->Update(data, size);
      break;
    case HashAlgorithm::kBlake2b256:
      impl_->blake->Update(data, size);
      break;
    case HashAlgorithm::kMd5:
      MD5_Update(&impl_->md5, data, size);
      break;
  }
}

std::string Hasher::FinalRaw() {
  unsigned char buf[Sha256::kDigestSize];
  size_t len = Sha256::kDigestSize;
  switch (impl_->algorithm) {
    case HashAlgorithm::kSha256:
      impl_->sha256->Final(buf);
      break;
    case HashAlgorithm::kBlake2b256:
      impl_->blake->Final(buf);
      break;
    case HashAlgorithm::kMd5:
      MD5_Final(buf, &impl_->md5);
      len = MD5_DIGEST_LENGTH;
      break;
  }
  return std::string(reinterpret_cast<char*>(buf), len);
}

std::string HexEncode(std::string_view raw) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Writes the base64 of `raw` to `out` (room for (size + 2) / 3 * 4 chars); returns its length.
static size_t EncodeB64(std::string_view raw, const char* alphabet, bool pad, char* out) {
  char* o = out;
  size_t i = 0;
  while (i + 2 < raw.size()) {
    unsigned v =
        (unsigned char)raw[i] << 16 | (unsigned char)raw[i + 1] << 8 | (unsigned char)raw[i + 2];
    *o++ = alphabet[v >> 18 & 63];
    *o++ = alphabet[v >> 12 & 63];
    *o++ = alphabet[v >> 6 & 63];
    *o++ = alphabet[v & 63];
    i += 3;
  }
  size_t rest = raw.size() - i;
  if (rest > 0) {
    unsigned v = (unsigned char)raw[i] << 16 | (rest == 2 ? (unsigned char)raw[i + 1] << 8 : 0);
    *o++ = alphabet[v >> 18 & 63];
    *o++ = alphabet[v >> 12 & 63];
    if (rest == 2) *o++ = alphabet[v >> 6 & 63];
    if (pad) {
      *o++ = '=';
      if (rest == 1) *o++ = '=';
    }
  }
  return static_cast<size_t>(o - out);
}

// Appends the base64 of `raw` to `out` in place (sized once: RECORD builds one per member).
static void AppendB64(std::string_view raw, const char* alphabet, bool pad, std::string* out) {
  size_t at = out->size();
  out->resize(at + (raw.size() + 2) / 3 * 4);
  out->resize(at + EncodeB64(raw, alphabet, pad, out->data() + at));
}

static constexpr const char* kUrlsafeAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static std::string B64(std::string_view raw, const char* alphabet, bool pad) {
  std::string out;
  AppendB64(raw, alphabet, pad, &out);
  return out;
}

void AppendUrlsafeB64NoPad(std::string_view raw, std::string* out) {
  AppendB64(raw, kUrlsafeAlphabet, false, out);
}

size_t EncodeUrlsafeB64NoPad(std::string_view raw, char* out) {
  return EncodeB64(raw, kUrlsafeAlphabet, false, out);
}

std::string UrlsafeB64NoPad(std::string_view raw) { return B64(raw, kUrlsafeAlphabet, false); }

std::string Base64(std::string_view raw) {
  return B64(raw, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

std::string Sha256Raw(const void* data, size_t size) {
  Sha256 sha;  // a state on the stack: nothing to set up or look up per call
  sha.Update(data, size);
  unsigned char buf[Sha256::kDigestSize];
  sha.Final(buf);
  return std::string(reinterpret_cast<char*>(buf), sizeof buf);
}

std::string Sha256Hex(std::string_view data) {
  return HexEncode(Sha256Raw(data.data(), data.size()));
}

// The three upload digests of a file, read once: sha256 on this thread while blake2b-256 and md5
// run on a second one over the same block (double-buffered), so hashing a big file costs about
// the slowest digest instead of the sum of the three.
bool DigestFile(const std::string& path, FileDigests* out, std::string* err) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    if (err) *err = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  Hasher sha(HashAlgorithm::kSha256, /*streamed=*/true), blake(HashAlgorithm::kBlake2b256),
      md5(HashAlgorithm::kMd5);
  constexpr size_t kBlock = 1u << 20;
  std::vector<char> current(kBlock), next(kBlock);
  unsigned long long total = 0;
  size_t n = std::fread(current.data(), 1, kBlock, f);
  while (n > 0) {
    auto others = std::async(std::launch::async, [&, n] {
      blake.Update(current.data(), n);
      md5.Update(current.data(), n);
    });
    sha.Update(current.data(), n);
    total += n;
    size_t m = std::fread(next.data(), 1, kBlock, f);
    others.get();
    current.swap(next);
    n = m;
  }
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) {
    if (err) *err = path + ": read error";
    return false;
  }
  out->sha256_hex = HexEncode(sha.FinalRaw());
  out->blake2b_256_hex = HexEncode(blake.FinalRaw());
  out->md5_hex = HexEncode(md5.FinalRaw());
  out->size = total;
  return true;
}

// A bounded queue of copied blocks, hashed in order on one thread.
struct StreamDigests::Worker {
  explicit Worker(bool md5)
      : sha(HashAlgorithm::kSha256, /*streamed=*/true),
        blake(HashAlgorithm::kBlake2b256),
        md5_hasher(HashAlgorithm::kMd5),
        md5(md5),
        thread([this] { Run(); }) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    cv.notify_all();
    thread.join();
  }
  void Push(const void* data, size_t size) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return queue.size() < kMaxQueued; });
    std::vector<char> block;
    if (!spare.empty()) {
      block = std::move(spare.back());
      spare.pop_back();
    }
    block.assign(static_cast<const char*>(data), static_cast<const char*>(data) + size);
    queue.push_back(std::move(block));
    cv.notify_all();
  }
  // Waits until every pushed block is hashed: the hashers are then the caller's to read.
  void Drain() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return queue.empty() && !busy; });
  }
  void Run() {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return stop || !queue.empty(); });
      if (queue.empty()) return;  // stopped
      std::vector<char> block = std::move(queue.front());
      queue.pop_front();
      busy = true;
      lock.unlock();
      sha.Update(block.data(), block.size());
      blake.Update(block.data(), block.size());
      if (md5) md5_hasher.Update(block.data(), block.size());
      lock.lock();
      busy = false;
      spare.push_back(std::move(block));
      cv.notify_all();
    }
  }

  static constexpr size_t kMaxQueued = 16;
  Hasher sha, blake, md5_hasher;
  bool md5;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::vector<char>> queue;
  std::vector<std::vector<char>> spare;
  bool busy = false, stop = false;
  std::thread thread;  // last: starts once the rest is built
};

StreamDigests::StreamDigests(bool md5) : md5_(md5) {}
StreamDigests::~StreamDigests() = default;

void StreamDigests::Reset() {
  worker_.reset();
  digests_ = FileDigests();
  complete_ = false;
  bytes_ = 0;
}

void StreamDigests::Update(const void* data, size_t size) {
  if (size == 0) return;
  if (!worker_) worker_ = std::make_unique<Worker>(md5_);
  worker_->Push(data, size);
  bytes_ += size;
}

void StreamDigests::Finish() {
  if (complete_) return;
  if (!worker_) worker_ = std::make_unique<Worker>(md5_);  // no bytes: the empty digests
  worker_->Drain();
  digests_.sha256_hex = HexEncode(worker_->sha.FinalRaw());
  digests_.blake2b_256_hex = HexEncode(worker_->blake.FinalRaw());
  if (md5_) digests_.md5_hex = HexEncode(worker_->md5_hasher.FinalRaw());
  digests_.size = bytes_;
  worker_.reset();
  complete_ = true;
}
