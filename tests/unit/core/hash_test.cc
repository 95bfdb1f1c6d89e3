#include "core/hash.h"

#include <gtest/gtest.h>

TEST(Hash, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Hasher blake(HashAlgorithm::kBlake2b256);
  blake.Update("abc");
  // hashlib.blake2b(b"abc", digest_size=32).hexdigest()
  EXPECT_EQ(HexEncode(blake.FinalRaw()),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  Hasher md5(HashAlgorithm::kMd5);
  md5.Update("abc");
  EXPECT_EQ(HexEncode(md5.FinalRaw()), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Hash, UrlsafeBase64WithoutPadding) {
  Hasher sha(HashAlgorithm::kSha256);
  sha.Update("hello\n");
  // RECORD form of sha256("hello\n")
  EXPECT_EQ(UrlsafeB64NoPad(sha.FinalRaw()), "WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM");
  EXPECT_EQ(Base64("ab"), "YWI=");
}

TEST(Hash, Blake2bAcrossBlockBoundaries) {
  // hashlib.blake2b(b"a" * 1000, digest_size=32).hexdigest(), fed in uneven pieces.
  Hasher blake(HashAlgorithm::kBlake2b256);
  std::string data(1000, 'a');
  blake.Update(data.substr(0, 127));
  blake.Update(data.substr(127, 129));
  blake.Update(data.substr(256));
  EXPECT_EQ(HexEncode(blake.FinalRaw()),
            "e00b0ddbf1e2cdaf5c898e1a5e8826ea3a2c339bcf2a478da2e5fca9ff126672");
}
