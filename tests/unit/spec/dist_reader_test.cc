#include "spec/dist_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "test_support.h"

// Found by replaying tests/fuzz/regressions/zip/ through fuzz_zip: on this 98-byte ZIP64 end
// record libarchive fails without an error message, and appending its NULL message crashed `check`.
TEST(DistReader, FailureWithoutALibarchiveMessageIsAnError) {
  std::ifstream in(PYRELEASE_TEST_DATA_DIR "/../fuzz/regressions/zip/zip64-cd-size-overflow",
                   std::ios::binary);
  ASSERT_TRUE(in.good());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ScopedTempDir dir;
  std::string path = dir.Write("demo-1.0-py3-none-any.whl", bytes);

  DistReader reader;
  std::string err;
  DistMember member;
  bool opened = reader.Open(path, &err);
  bool advanced = opened && reader.Next(&member, &err);
  EXPECT_FALSE(advanced);
  EXPECT_NE(err.find(path + ": "), std::string::npos) << err;
}
