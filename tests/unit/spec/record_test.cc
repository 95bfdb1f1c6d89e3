#include "spec/record.h"

#include <gtest/gtest.h>

#include "core/hash.h"

TEST(Record, HashIsUrlsafeBase64WithoutPadding) {
  Hasher sha(HashAlgorithm::kSha256);
  sha.Update("hello\n");
  EXPECT_EQ(RecordHash(sha.FinalRaw()), "sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM");
}

TEST(Record, IsRecordHashOfComparesWithoutBuildingIt) {
  Hasher sha(HashAlgorithm::kSha256);
  sha.Update("hello\n");
  std::string raw = sha.FinalRaw();
  EXPECT_TRUE(IsRecordHashOf("sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM", raw));
  EXPECT_FALSE(IsRecordHashOf("sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgA", raw));
  EXPECT_FALSE(IsRecordHashOf("sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM=", raw));
  EXPECT_FALSE(IsRecordHashOf("sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vg", raw));
  EXPECT_FALSE(IsRecordHashOf("sha384=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM", raw));
  EXPECT_FALSE(IsRecordHashOf("WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM", raw));
  EXPECT_FALSE(IsRecordHashOf("", raw));
}

TEST(Record, QuotesLikePythonsCsvWriter) {
  EXPECT_EQ(CsvField("pkg/a.py"), "pkg/a.py");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("has space"), "has space");
  EXPECT_EQ(CsvField(""), "");
}

TEST(Record, RendersRowsAndTheRecordsOwnRow) {
  std::vector<RecordRow> rows = {{"pkg/__init__.py", "sha256=abc", "12"},
                                 {"pkg/we,ird.py", "sha256=def", "3"},
                                 {"pkg-1.0.dist-info/RECORD", "", ""}};
  // csv.writer(f, lineterminator="\n").writerows(...) gives exactly this.
  EXPECT_EQ(RenderRecord(rows),
            "pkg/__init__.py,sha256=abc,12\n\"pkg/we,ird.py\",sha256=def,3\npkg-1.0.dist-info/"
            "RECORD,,\n");
}

TEST(Record, ParsesWhatItRendersIncludingQuotedFields) {
  std::vector<RecordRow> rows = {{"a \"q\".py", "sha256=x", "1"},
                                 {"b,c.py", "sha256=y", "2"},
                                 {"new\nline.py", "sha256=z", "3"},
                                 {"d/RECORD", "", ""}};
  std::vector<RecordRow> back;
  std::string err;
  ASSERT_TRUE(ParseRecord(RenderRecord(rows), &back, &err)) << err;
  ASSERT_EQ(back.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].path, rows[i].path);
    EXPECT_EQ(back[i].hash, rows[i].hash);
    EXPECT_EQ(back[i].size, rows[i].size);
  }
}

TEST(Record, AcceptsCrlfAndBlankLines) {
  std::vector<RecordRow> back;
  std::string err;
  ASSERT_TRUE(ParseRecord("a,sha256=x,1\r\n\r\nb,,\r\n", &back, &err)) << err;
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].path, "b");
  EXPECT_EQ(back[1].hash, "");
}

TEST(Record, ReportsTheLineOfABadRow) {
  std::vector<RecordRow> back;
  std::string err;
  EXPECT_FALSE(ParseRecord("a,sha256=x,1\nb,sha256=y\n", &back, &err));
  EXPECT_EQ(err, "RECORD line 2: expected 3 fields (path,hash,size), found 2");
  EXPECT_FALSE(ParseRecord("\"unterminated,x,1\n", &back, &err));
  EXPECT_NE(err.find("RECORD line 1"), std::string::npos) << err;
}

TEST(Record, ReadsQuotesAsCsvReaderDoes) {
  // csv.reader: a quote opens a quoted field only at its start; text after the closing quote and
  // a quote inside plain text are kept literally; a lone '\r' ends a row.
  std::vector<RecordRow> back;
  std::string err;
  ASSERT_TRUE(ParseRecord("a\"b,\"x\"y,1\r\"c,d\",\"\"\"q\"\"\",\n\"\"\"z\"\"\",,2", &back, &err))
      << err;
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].path, "a\"b");
  EXPECT_EQ(back[0].hash, "xy");
  EXPECT_EQ(back[0].size, "1");
  EXPECT_EQ(back[1].path, "c,d");
  EXPECT_EQ(back[1].hash, "\"q\"");
  EXPECT_EQ(back[1].size, "");
  EXPECT_EQ(back[2].path, "\"z\"");
  EXPECT_EQ(back[2].size, "2");
}
