#include "core/sha256.h"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <random>
#include <string>

#include "core/hash.h"

namespace {

std::string Digest(const std::string& data, size_t piece = std::string::npos,
                   bool sha_instructions = true) {
  Sha256 h(sha_instructions);
  for (size_t at = 0; at < data.size(); at += piece)
    h.Update(data.data() + at, std::min(piece, data.size() - at));
  unsigned char out[Sha256::kDigestSize];
  h.Final(out);
  return HexEncode(std::string(reinterpret_cast<char*>(out), sizeof out));
}

}  // namespace

TEST(Sha256, KnownDigests) {
  // FIPS 180-4 examples.
  EXPECT_EQ(Digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Digest(std::string(1000000, 'a'), 4097),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Every length around the block and padding boundaries, fed in pieces of every size, equals
// OpenSSL's digest (the instructions' path where the CPU has them, else OpenSSL itself).
TEST(Sha256, EqualsOpenSslForEveryLengthAndPiece) {
  std::mt19937 rng(256);
  std::string data(5000, '\0');
  for (char& c : data) c = char(rng());
  for (size_t len : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 5000}) {
    std::string part = data.substr(0, len);
    unsigned char expected[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(part.data()), part.size(), expected);
    std::string want = HexEncode(std::string(reinterpret_cast<char*>(expected), sizeof expected));
    for (size_t piece :
         {size_t(1), size_t(3), size_t(63), size_t(64), size_t(65), std::string::npos})
      for (bool instructions : {true, false})
        EXPECT_EQ(Digest(part, piece, instructions), want)
            << len << " bytes in pieces of " << piece << (instructions ? "" : ", OpenSSL");
  }
  std::printf("SHA instructions: %s\n", Sha256::HasShaInstructions() ? "yes" : "no (OpenSSL)");
}

// An empty piece may come as a null pointer (an empty zip member's data; the fuzz stage's UBSan
// found memcpy reached with it), before, between and after other pieces, on both paths.
TEST(Sha256, EmptyPiecesMayBeNull) {
  for (bool instructions : {true, false}) {
    Sha256 h(instructions);
    h.Update(nullptr, 0);
    h.Update("ab", 2);
    h.Update(nullptr, 0);
    h.Update("c", 1);
    h.Update(nullptr, 0);
    unsigned char out[Sha256::kDigestSize];
    h.Final(out);
    EXPECT_EQ(HexEncode(std::string(reinterpret_cast<char*>(out), sizeof out)),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
