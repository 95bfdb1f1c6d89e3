/* The library floor for checking a wheel: the least CPU any check that verifies every RECORD hash
 * can spend with the same libraries, on one thread, checking nothing else.
 *
 *   cc -O2 -o floor_check floor_check.c -ldeflate -lcrypto && ./floor_check WHEEL [--no-crc]
 *
 * Reads WHEEL whole (one read), finds the end-of-central-directory record, and for every member
 * of the central directory: libdeflate inflates it (whole-buffer, its uncompressed size known
 * from the directory) into one reused buffer, CRC-32 (libdeflate; left out with --no-crc) and
 * sha256 (OpenSSL's EVP, which uses the CPU's SHA instructions where it has them). No zip64, no
 * validation beyond what the walk needs. Prints the member count, the bytes inflated and a mix
 * of the digests (so the work cannot be optimised away). `check`'s CPU is compared with this. */
#include <fcntl.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t U16(const unsigned char *p) { return p[0] | p[1] << 8; }
static uint32_t U32(const unsigned char *p) {
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: floor_check WHEEL [--no-crc]\n");
    return 2;
  }
  int crc = !(argc > 2 && strcmp(argv[2], "--no-crc") == 0);
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) return 3;
  size_t size = (size_t)st.st_size;
  unsigned char *zip = malloc(size);
  for (size_t got = 0; got < size;) {
    ssize_t n = read(fd, zip + got, size - got);
    if (n <= 0) return 3;
    got += (size_t)n;
  }
  close(fd);
  size_t eocd = size >= 22 ? size - 22 : 0;
  while (eocd > 0 && U32(zip + eocd) != 0x06054b50) --eocd;
  if (U32(zip + eocd) != 0x06054b50) return 4;
  size_t entries = U16(zip + eocd + 10), cd = U32(zip + eocd + 16);
  struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
  EVP_MD_CTX *sha = EVP_MD_CTX_new();
  const EVP_MD *sha256 = EVP_sha256();
  unsigned char *plain = NULL;
  size_t cap = 0;
  unsigned long long inflated = 0, mix = 0;
  for (size_t i = 0; i < entries; ++i) {
    const unsigned char *h = zip + cd;
    if (cd + 46 > size || U32(h) != 0x02014b50) return 4;
    uint32_t method = U16(h + 10), want_crc = U32(h + 16);
    size_t packed = U32(h + 20), n = U32(h + 24), local = U32(h + 42);
    cd += 46 + U16(h + 28) + U16(h + 30) + U16(h + 32);
    const unsigned char *lh = zip + local;
    const unsigned char *data = lh + 30 + U16(lh + 26) + U16(lh + 28);
    if (n > cap) {
      cap = n;
      plain = realloc(plain, cap);
    }
    if (method == 8) {
      if (libdeflate_deflate_decompress(d, data, packed, plain, n, NULL) != LIBDEFLATE_SUCCESS)
        return 5;
    } else {
      memcpy(plain, data, n);
    }
    if (crc && libdeflate_crc32(0, plain, n) != want_crc) return 6;
    unsigned char digest[32];
    EVP_DigestInit_ex(sha, sha256, NULL);
    EVP_DigestUpdate(sha, plain, n);
    EVP_DigestFinal_ex(sha, digest, NULL);
    mix += digest[0];
    inflated += n;
  }
  printf("%zu members, %llu bytes inflated, digest mix %llu\n", entries, inflated, mix);
  return 0;
}
