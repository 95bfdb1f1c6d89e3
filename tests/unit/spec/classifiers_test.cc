#include "spec/classifiers.h"

#include <gtest/gtest.h>

#include <string>

TEST(Classifiers, AcceptsCurrentOnes) {
  EXPECT_EQ(ClassifierProblem("Programming Language :: Python :: 3"), "");
  EXPECT_EQ(ClassifierProblem("License :: OSI Approved :: MIT License"), "");
  EXPECT_EQ(ClassifierProblem("Development Status :: 4 - Beta"), "");
}

TEST(Classifiers, RefusesUnknownInPypiWords) {
  EXPECT_EQ(ClassifierProblem("Development Status ::  4 - Beta"),
            "'Development Status ::  4 - Beta' is not a valid classifier.");
  EXPECT_EQ(ClassifierProblem("Private :: Do Not Upload"),
            "'Private :: Do Not Upload' is not a valid classifier.");
}

TEST(Classifiers, RefusesDeprecatedWithReplacements) {
  EXPECT_EQ(ClassifierProblem("Natural Language :: Ukranian"),
            "The classifier 'Natural Language :: Ukranian' has been deprecated, use one of "
            "['Natural Language :: Ukrainian'] instead.");
  EXPECT_EQ(ClassifierProblem("License :: OSI Approved :: Jabber Open Source License"),
            "The classifier 'License :: OSI Approved :: Jabber Open Source License' has been "
            "deprecated.");
}

TEST(Classifiers, GeneratedListIsSortedForBinarySearch) {
  ASSERT_GT(kClassifierCount, 500u);
  for (size_t i = 1; i < kClassifierCount; ++i)
    EXPECT_LT(std::string(kClassifiers[i - 1]), std::string(kClassifiers[i]));
}
