#include "core/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

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

TEST(Hash, Blake2b256MatchesPythonAroundEveryBlockEdge) {
  // hashlib.blake2b(bytes((i * 7 + 3) % 251 for i in range(n)), digest_size=32).hexdigest(): the
  // empty input, one byte, one block either side of its end (the last block is compressed with
  // the final flag, a full one only once more data follows) and 3 MiB, whole and in 64 KiB pieces
  // as the upload's worker gets them.
  const std::pair<size_t, const char*> cases[] = {
      {0, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
      {1, "e88bd757ad5b9bedf372d8d3f0cf6c962a469db61a265f6418e1ffed86da29ec"},
      {127, "7eb3d4fe699cedc52282a1c091627822fe7790ef178af8269c0261d367931246"},
      {128, "6afdad1409d770bce274b62a69123c97c86ffb40ce9708f3ff9ae4cbba8ba080"},
      {129, "69e98b10112e4b7ae396bfbddaee75cc5fe6a9dc1fffc2b11e7c0fc48de04ae5"},
      {255, "79133c6c55eafb6dd1aa1d75fe1622b86492ce7093b81ba85f29205f6d3a7a78"},
      {256, "fabff1fa6173588d4cecdeade31b3237760d62664249e44f621deba4b94367ad"},
      {257, "c069dcc3628f1598cd4f058da809c5f1c3a4ad536acd12dc514bcc0753f71f8c"},
      {3 * 1024 * 1024 + 5, "9ae131f01b986381f8c4da5b4bf309e5807ae4e1a09bc31256e188bc1e81d866"}};
  for (const auto& [size, want] : cases) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 7 + 3) % 251);
    for (size_t piece : {size_t{1} << 16, size + 1}) {
      Hasher blake(HashAlgorithm::kBlake2b256);
      for (size_t at = 0; at < size; at += piece)
        blake.Update(data.data() + at, std::min(piece, size - at));
      EXPECT_EQ(HexEncode(blake.FinalRaw()), want) << size << " bytes in pieces of " << piece;
    }
  }
}

TEST(Hash, StreamedSha256EqualsTheDefaultOne) {
  // The streamed hasher runs OpenSSL's sha256, the default ours: the same digest over pieces of
  // every size around a block, and the known one of "abc".
  std::string data(200000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 + (i >> 7));
  for (size_t piece : {1u, 63u, 64u, 65u, 65536u, 200000u}) {
    Hasher ours(HashAlgorithm::kSha256), streamed(HashAlgorithm::kSha256, /*streamed=*/true);
    for (size_t at = 0; at < data.size(); at += piece) {
      ours.Update(data.data() + at, std::min(piece, data.size() - at));
      streamed.Update(data.data() + at, std::min(piece, data.size() - at));
    }
    EXPECT_EQ(HexEncode(streamed.FinalRaw()), HexEncode(ours.FinalRaw())) << piece;
  }
  Hasher abc(HashAlgorithm::kSha256, /*streamed=*/true);
  abc.Update("abc");
  EXPECT_EQ(HexEncode(abc.FinalRaw()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, UrlsafeBase64WithoutPadding) {
  Hasher sha(HashAlgorithm::kSha256);
  sha.Update("hello\n");
  // RECORD form of sha256("hello\n")
  EXPECT_EQ(UrlsafeB64NoPad(sha.FinalRaw()), "WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM");
  EXPECT_EQ(Base64("ab"), "YWI=");
}

TEST(Hash, Base64EveryRemainderPaddedAndNot) {
  // base64.b64encode / urlsafe_b64encode(...).rstrip(b"=") of each.
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("a"), "YQ==");
  EXPECT_EQ(Base64("abc"), "YWJj");
  EXPECT_EQ(Base64("abcd"), "YWJjZA==");
  EXPECT_EQ(Base64("\xfb\xff"), "+/8=");
  EXPECT_EQ(UrlsafeB64NoPad(""), "");
  EXPECT_EQ(UrlsafeB64NoPad("a"), "YQ");
  EXPECT_EQ(UrlsafeB64NoPad("ab"), "YWI");
  EXPECT_EQ(UrlsafeB64NoPad("abc"), "YWJj");
  EXPECT_EQ(UrlsafeB64NoPad("\xfb\xff"), "-_8");
  std::string out = "sha256=";
  AppendUrlsafeB64NoPad("abcd", &out);
  EXPECT_EQ(out, "sha256=YWJjZA");
  char buf[8] = {};
  EXPECT_EQ(EncodeUrlsafeB64NoPad("ab", buf), 3u);
  EXPECT_EQ(std::string(buf), "YWI");
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

TEST(Hash, StreamDigestsStartOverOnReset) {
  // A re-sent body is hashed again from its first byte: nothing of the first attempt remains.
  StreamDigests stream(/*md5=*/true);
  stream.Update("half a bo", 9);
  stream.Reset();
  stream.Update("ab", 2);
  stream.Update("c", 1);
  EXPECT_FALSE(stream.complete());
  stream.Finish();
  ASSERT_TRUE(stream.complete());
  EXPECT_EQ(stream.digests().size, 3u);
  EXPECT_EQ(stream.digests().sha256_hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(stream.digests().blake2b_256_hex,
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  EXPECT_EQ(stream.digests().md5_hex, "900150983cd24fb0d6963f7d28e17f72");
  StreamDigests no_md5(/*md5=*/false);
  no_md5.Finish();
  EXPECT_EQ(no_md5.digests().md5_hex, "");
  EXPECT_EQ(no_md5.digests().sha256_hex, Sha256Hex(""));
}

TEST(Hash, OneShotSha256ReusesItsContextOnEveryThread) {
  // hashlib.sha256(b"abc") and the empty string: one call does not leak into the next.
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_EQ(HexEncode(Sha256Raw("abc", 3)), abc);
  EXPECT_EQ(HexEncode(Sha256Raw("", 0)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256Raw("abc", 3)), abc);
  std::string big(300000, 'q');
  Hasher streamed(HashAlgorithm::kSha256);
  streamed.Update(big.data(), 1000);
  streamed.Update(big.data() + 1000, big.size() - 1000);
  std::string want = streamed.FinalRaw();
  std::string other_thread;
  std::thread t([&] { other_thread = Sha256Raw(big.data(), big.size()); });
  EXPECT_EQ(Sha256Raw(big.data(), big.size()), want);
  t.join();
  EXPECT_EQ(other_thread, want);
}
