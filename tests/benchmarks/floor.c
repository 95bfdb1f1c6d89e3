/* The library floor for building a pure-Python project's sdist and wheel: the least CPU any build
 * can spend with the same libraries, on one thread, writing nothing.
 *
 *   cc -O2 -o floor floor.c -ldeflate -lcrypto && ./floor PROJECT_DIR [LEVEL]
 *
 * (bench_release.py links libdeflate.a instead of -ldeflate when it is installed, as pyrelease
 * does: the static library compresses about a fifth faster than the shared one here.)
 *
 * Walks PROJECT_DIR (openat/fstatat relative to the parent, skipping dot entries), reads every
 * regular file once, and for each one: sha256 (RECORD), libdeflate raw deflate at LEVEL (default
 * 6, the wheel member), and appends a 512-byte header + the content padded to 512 bytes to the
 * sdist stream, which is compressed by libdeflate in independent 1 MiB chunks (LEVEL) with a
 * running CRC-32. Prints the file count, the bytes read and the compressed sizes (so the work
 * cannot be optimised away). The benchmark compares a build's CPU time with this program's. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1u << 20)

static struct libdeflate_compressor *compressor;
static EVP_MD_CTX *sha;
static unsigned char *chunk;
static size_t chunk_used;
static unsigned char *out;
static size_t out_cap;
static uint32_t crc;
static unsigned long long files, bytes_read, wheel_bytes, sdist_bytes, digest_mix;

static void ensure_out(size_t n) {
  size_t need = libdeflate_deflate_compress_bound(compressor, n);
  if (need > out_cap) {
    out_cap = need;
    out = realloc(out, out_cap);
    if (!out) exit(3);
  }
}

static void flush_chunk(void) {
  if (chunk_used == 0) return;
  ensure_out(chunk_used);
  sdist_bytes += libdeflate_deflate_compress(compressor, chunk, chunk_used, out, out_cap) + 18;
  crc = libdeflate_crc32(crc, chunk, chunk_used);
  chunk_used = 0;
}

static void sdist_append(const unsigned char *p, size_t n) {
  while (n > 0) {
    size_t take = CHUNK - chunk_used < n ? CHUNK - chunk_used : n;
    memcpy(chunk + chunk_used, p, take);
    chunk_used += take;
    p += take;
    n -= take;
    if (chunk_used == CHUNK) flush_chunk();
  }
}

static void member(const unsigned char *data, size_t size) {
  unsigned char header[512], digest[32];
  unsigned int len = 0;
  EVP_DigestInit_ex(sha, EVP_sha256(), NULL);
  EVP_DigestUpdate(sha, data, size);
  EVP_DigestFinal_ex(sha, digest, &len);
  digest_mix += digest[0];
  ensure_out(size);
  wheel_bytes += libdeflate_deflate_compress(compressor, data, size, out, out_cap);
  memset(header, 0, sizeof header);
  snprintf((char *)header, 100, "file%llu", files);
  sdist_append(header, sizeof header);
  sdist_append(data, size);
  static const unsigned char zeros[512];
  if (size % 512) sdist_append(zeros, 512 - size % 512);
  files++;
  bytes_read += size;
}

static void walk(int dirfd) {
  DIR *d = fdopendir(dirfd);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    struct stat st;
    if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (sub >= 0) walk(sub);
    } else if (S_ISREG(st.st_mode)) {
      int fd = openat(dirfd, e->d_name, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      unsigned char *buf = malloc(st.st_size ? (size_t)st.st_size : 1);
      size_t got = 0;
      while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
        if (r <= 0) break;
        got += (size_t)r;
      }
      close(fd);
      member(buf, got);
      free(buf);
    }
  }
  closedir(d);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PROJECT_DIR [LEVEL]\n", argv[0]);
    return 2;
  }
  int level = argc > 2 ? atoi(argv[2]) : 6;
  compressor = libdeflate_alloc_compressor(level);
  sha = EVP_MD_CTX_new();
  chunk = malloc(CHUNK);
  int root = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!compressor || !sha || !chunk || root < 0) {
    perror(argv[1]);
    return 1;
  }
  walk(root);
  flush_chunk();
  printf("files %llu read %llu wheel-deflate %llu sdist-gzip %llu crc %08x (%llu)\n", files,
         bytes_read, wheel_bytes, sdist_bytes, crc, digest_mix % 10);
  return 0;
}
