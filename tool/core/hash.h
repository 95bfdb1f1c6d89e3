// Streaming digests (OpenSSL's SHA256_*/MD5_*, our Blake2b): sha256 for RECORD and indexes,
// blake2b-256 and md5 for uploads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

enum class HashAlgorithm { kSha256, kBlake2b256, kMd5 };

// Feed bytes in any number of calls, then read the digest once.
class Hasher {
 public:
  // `streamed`: the data comes in blocks of tens of KiB (a file read or sent whole). sha256 then
  // runs OpenSSL's code, which is ~14 % faster than ours on such blocks (60 against 70 ms of CPU
  // per 100 MiB on this machine's SHA instructions); ours stays the default for the many small
  // pieces of a build, which would otherwise load libcrypto.
  explicit Hasher(HashAlgorithm algorithm, bool streamed = false);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(const void* data, size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  std::string FinalRaw();  // raw digest bytes; call once
 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string HexEncode(std::string_view raw);
// RFC 4648 §5 alphabet without '=' padding, as RECORD wants (PEP 376/427).
std::string UrlsafeB64NoPad(std::string_view raw);
void AppendUrlsafeB64NoPad(std::string_view raw, std::string* out);  // the same, onto `out`
// The same into `out` (room for (size + 2) / 3 * 4 chars), no allocation; returns the length.
size_t EncodeUrlsafeB64NoPad(std::string_view raw, char* out);
std::string Base64(std::string_view raw);

// The raw sha256 of bytes held whole: no allocation but the result (a per-thread context).
std::string Sha256Raw(const void* data, size_t size);
std::string Sha256Hex(std::string_view data);

// Digests of a whole file, read in blocks (memory stays flat). False with `err` on I/O failure.
struct FileDigests {
  std::string sha256_hex, blake2b_256_hex, md5_hex;
  unsigned long long size = 0;
};
bool DigestFile(const std::string& path, FileDigests* out, std::string* err);

// The upload digests (sha256, blake2b-256, md5 when asked) of bytes fed in order as they are sent,
// so a file is read once. The hashing runs on a worker thread behind the caller (which keeps
// sending); Update() copies the bytes. Reset() starts over: a re-sent body is not counted twice.
class StreamDigests {
 public:
  explicit StreamDigests(bool md5);
  ~StreamDigests();
  StreamDigests(const StreamDigests&) = delete;
  StreamDigests& operator=(const StreamDigests&) = delete;

  void Reset();
  void Update(const void* data, size_t size);
  void Finish();  // after the last byte: waits for the worker, fills digests(), complete() is true
  bool complete() const { return complete_; }
  unsigned long long bytes() const { return bytes_; }  // fed since the last Reset()
  const FileDigests& digests() const { return digests_; }

 private:
  struct Worker;
  bool md5_;
  bool complete_ = false;
  unsigned long long bytes_ = 0;
  FileDigests digests_;
  std::unique_ptr<Worker> worker_;
};
