#include "core/hash.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <future>
#include <vector>

#include "core/blake2b.h"

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;       // sha256, md5
  std::unique_ptr<Blake2b> blake;  // blake2b-256 (see blake2b.h for why not OpenSSL)
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Hasher::Hasher(HashAlgorithm algorithm) : impl_(std::make_unique<Impl>()) {
  if (algorithm == HashAlgorithm::kBlake2b256) {
    impl_->blake = std::make_unique<Blake2b>(32);
    return;
  }
  impl_->ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(impl_->ctx, algorithm == HashAlgorithm::kMd5 ? EVP_md5() : EVP_sha256(),
                    nullptr);
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::Update(const void* data, size_t size) {
  if (impl_->blake)
    impl_->blake->Update(data, size);
  else
    EVP_DigestUpdate(impl_->ctx, data, size);
}

std::string Hasher::FinalRaw() {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (impl_->blake) {
    impl_->blake->Final(buf);
    return std::string(reinterpret_cast<char*>(buf), 32);
  }
  EVP_DigestFinal_ex(impl_->ctx, buf, &len);
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

static std::string B64(std::string_view raw, const char* alphabet, bool pad) {
  std::string out;
  size_t i = 0;
  while (i + 2 < raw.size()) {
    unsigned v =
        (unsigned char)raw[i] << 16 | (unsigned char)raw[i + 1] << 8 | (unsigned char)raw[i + 2];
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
    i += 3;
  }
  size_t rest = raw.size() - i;
  if (rest == 1) {
    unsigned v = (unsigned char)raw[i] << 16;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    unsigned v = (unsigned char)raw[i] << 16 | (unsigned char)raw[i + 1] << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    if (pad) out += "=";
  }
  return out;
}

std::string UrlsafeB64NoPad(std::string_view raw) {
  return B64(raw, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);
}

std::string Base64(std::string_view raw) {
  return B64(raw, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

std::string Sha256Hex(std::string_view data) {
  Hasher h(HashAlgorithm::kSha256);
  h.Update(data);
  return HexEncode(h.FinalRaw());
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
  Hasher sha(HashAlgorithm::kSha256), blake(HashAlgorithm::kBlake2b256), md5(HashAlgorithm::kMd5);
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
