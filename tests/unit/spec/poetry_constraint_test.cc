// poetry's own constraints: every expectation here is what poetry-core 2.5 printed for the same
// input (Factory.create_dependency("x", c).to_pep_508(), format_python_constraint and
// ProjectPackage.all_classifiers).
#include "spec/poetry_constraint.h"

#include <gtest/gtest.h>

namespace {

std::string Range(const std::string& c) {
  PoetryRange r;
  std::string why;
  EXPECT_TRUE(ParsePoetryConstraint(c, &r, &why)) << c << ": " << why;
  return PoetryRangeText(r);
}

std::string Refusal(const std::string& c) {
  PoetryRange r;
  std::string why;
  EXPECT_FALSE(ParsePoetryConstraint(c, &r, &why)) << c << " -> " << PoetryRangeText(r);
  return why;
}

std::vector<std::string> Python(const std::vector<std::string>& versions) {
  std::vector<std::string> out;
  for (const auto& v : versions) out.push_back("Programming Language :: Python :: " + v);
  return out;
}

std::vector<std::string> Classifiers(const std::string& python) {
  PoetryRange r;
  std::string why;
  EXPECT_TRUE(ParsePoetryConstraint(python, &r, &why)) << why;
  return PoetryPythonClassifiers(&r);
}

}  // namespace

TEST(PoetryConstraint, CaretBumpsTheFirstNonZeroPartKeepingThePrecision) {
  EXPECT_EQ(Range("^2.13.0"), ">=2.13.0,<3.0.0");
  EXPECT_EQ(Range("^0.6.0"), ">=0.6.0,<0.7.0");
  EXPECT_EQ(Range("^0.4.1"), ">=0.4.1,<0.5.0");
  EXPECT_EQ(Range("^2.0"), ">=2.0,<3.0");
  EXPECT_EQ(Range("^3"), ">=3,<4");
  EXPECT_EQ(Range("^0"), ">=0,<1");
  EXPECT_EQ(Range("^0.0"), ">=0.0,<0.1");
  EXPECT_EQ(Range("^0.0.3"), ">=0.0.3,<0.0.4");
  EXPECT_EQ(Range("^1.2.3.4"), ">=1.2.3.4,<2.0.0.0");
  EXPECT_EQ(Range("^1.9.9"), ">=1.9.9,<2.0.0");
}

TEST(PoetryConstraint, TildeBumpsTheMinorOrALoneMajor) {
  EXPECT_EQ(Range("~1.2"), ">=1.2,<1.3");
  EXPECT_EQ(Range("~1"), ">=1,<2");
  EXPECT_EQ(Range("~1.2.3"), ">=1.2.3,<1.3.0");
}

TEST(PoetryConstraint, BoundsJoinedByCommasOrSpaces) {
  EXPECT_EQ(Range(">=2.11.1, <4"), ">=2.11.1,<4");
  EXPECT_EQ(Range(">= 0.4"), ">=0.4");
  EXPECT_EQ(Range(">=3.6, <4"), ">=3.6,<4");
  EXPECT_EQ(Range("<0.38.0"), "<0.38.0");
  EXPECT_EQ(Range(">1.0 <=2"), ">1.0,<=2");
  EXPECT_EQ(Range("<4,>=3.10"), ">=3.10,<4");  // lower bound first
  EXPECT_EQ(Range("*"), "");
  EXPECT_EQ(Range(">=1.0,"), ">=1.0");  // a trailing comma is allowed
}

TEST(PoetryConstraint, RefusesWhatPoetryFormatsItsOwnWay) {
  EXPECT_NE(Refusal("^3.8 || ^2.7").find("union"), std::string::npos);
  EXPECT_NE(Refusal("==1.0").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal("1.0").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal("1.*").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal("!=1.0").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal("~=1.2").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal(">=1.0rc1").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal(">=01.0").find("not a caret"), std::string::npos);
  EXPECT_NE(Refusal(">=1,>=2").find("more than one"), std::string::npos);
  EXPECT_NE(Refusal("^1 <1.5").find("more than one"), std::string::npos);
  EXPECT_NE(Refusal(">=2,<1").find("admits no version"), std::string::npos);
  EXPECT_NE(Refusal(">=1,<=1").find("one version"), std::string::npos);
  EXPECT_NE(Refusal("").find("empty"), std::string::npos);
}

TEST(PoetryConstraint, PythonClassifiersAsAllClassifiersListsThem) {
  EXPECT_EQ(Classifiers("^3.8"),
            Python({"3", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"}));
  EXPECT_EQ(Classifiers(">3.9.0,<=3.12"), Python({"3", "3.10", "3.11", "3.12"}));
  EXPECT_EQ(Classifiers("<3"), Python({"2", "2.7"}));
  EXPECT_EQ(Classifiers(">=2.7"), Python({"2", "2.7", "3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9",
                                          "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"}));
  EXPECT_EQ(PoetryPythonClassifiers(nullptr), Classifiers(">=2.7"));  // no python: all of them
}

TEST(PoetryConstraint, AllClassifiersSortedWithPythonInsertedAtItsPlace) {
  std::vector<std::string> python = Python({"3", "3.10"});
  EXPECT_EQ(PoetryAllClassifiers({"Typing :: Typed", "Programming Language :: Python :: 3.10",
                                  "Environment :: Console", "Typing :: Typed",
                                  "Programming Language :: Python :: 3 :: Only"},
                                 "License :: OSI Approved :: MIT License", python),
            (std::vector<std::string>{
                "Environment :: Console", "License :: OSI Approved :: MIT License",
                "Programming Language :: Python :: 3", "Programming Language :: Python :: 3.10",
                "Programming Language :: Python :: 3 :: Only", "Typing :: Typed"}));
  EXPECT_EQ(
      PoetryAllClassifiers({"Environment :: Console"}, "", python),
      (std::vector<std::string>{"Environment :: Console", "Programming Language :: Python :: 3",
                                "Programming Language :: Python :: 3.10"}));
}

// A dependency's `python` key: the marker poetry-core 2.5 writes after ` ; ` in
// Factory.create_dependency("foo", {"version": ">=1.0", "python": c}).to_pep_508().
std::string PythonMarker(const std::string& c) {
  PoetryRange r;
  std::string marker, why;
  EXPECT_TRUE(ParsePoetryConstraint(c, &r, &why)) << c << ": " << why;
  EXPECT_TRUE(PoetryPythonMarker(r, &marker, &why)) << c << ": " << why;
  return marker;
}

std::string PythonMarkerRefusal(const std::string& c) {
  PoetryRange r;
  std::string marker, why;
  EXPECT_TRUE(ParsePoetryConstraint(c, &r, &why)) << c << ": " << why;
  EXPECT_FALSE(PoetryPythonMarker(r, &marker, &why)) << c << " -> " << marker;
  return why;
}

TEST(PoetryPythonMarker, OneBoundAsPoetryCoreWritesIt) {
  EXPECT_EQ(PythonMarker(">=3.10"), "python_version >= \"3.10\"");
  EXPECT_EQ(PythonMarker(">= 3.10"), "python_version >= \"3.10\"");
  EXPECT_EQ(PythonMarker("<3.12"), "python_version < \"3.12\"");
  // python_version compares major.minor: an exclusive lower or inclusive upper bound is padded.
  EXPECT_EQ(PythonMarker(">3.9"), "python_full_version > \"3.9.0\"");
  EXPECT_EQ(PythonMarker("<=3.11"), "python_full_version <= \"3.11.0\"");
  EXPECT_EQ(PythonMarker(">=3.8.1"), "python_full_version >= \"3.8.1\"");
  EXPECT_EQ(PythonMarker(">=3.8.0"), "python_full_version >= \"3.8.0\"");
  EXPECT_EQ(PythonMarker(">3.9.1"), "python_full_version > \"3.9.1\"");
  EXPECT_EQ(PythonMarker("*"), "");
}

TEST(PoetryPythonMarker, TwoBoundsAndLongVersionsAreRefused) {
  // poetry-core: `python_version >= "3.8" and python_version < "3.10"`, but `>=3.8,<3.9` and `~3.9`
  // become `python_version == "3.8"` / `== "3.9"`.
  EXPECT_NE(PythonMarkerRefusal(">=3.8,<3.10").find("two bounds"), std::string::npos);
  EXPECT_NE(PythonMarkerRefusal("~3.9").find("two bounds"), std::string::npos);
  EXPECT_NE(PythonMarkerRefusal("^3.8").find("two bounds"), std::string::npos);
  EXPECT_NE(PythonMarkerRefusal(">=3.8.1.2").find("three parts"), std::string::npos);
}
