#include "core/secret.h"

#include <gtest/gtest.h>

#include <sstream>

TEST(Secret, NeverPrintsItsValue) {
  Secret token("pypi-AgEIcHlwaS5vcmc-planted-0123456789");
  std::ostringstream out;
  out << "password: " << token;
  EXPECT_EQ(out.str(), "password: <hidden>");
  EXPECT_EQ(Secret().Masked(), "<empty>");
  EXPECT_EQ(token.Reveal(), "pypi-AgEIcHlwaS5vcmc-planted-0123456789");
}

TEST(Secret, MaskSecretsBlanksKnownValuesAndUrlPasswords) {
  Secret token("s3cr3t/value+with=chars");
  EXPECT_EQ(MaskSecrets("server said: bad token s3cr3t/value+with=chars!"), "server said: bad token <hidden>!");
  EXPECT_EQ(MaskSecrets("encoded s3cr3t%2Fvalue%2Bwith%3Dchars"), "encoded <hidden>");
  EXPECT_EQ(MaskSecrets("https://__token__:anything@host/legacy/ failed"),
            "https://__token__:<hidden>@host/legacy/ failed");
  EXPECT_EQ(MaskSecrets("http://127.0.0.1:8080/simple/"), "http://127.0.0.1:8080/simple/");
}

TEST(Secret, CopiesAndMovesKeepTheValue) {
  Secret a("first-secret");
  Secret b = a;
  Secret c = std::move(a);
  EXPECT_EQ(b.Reveal(), "first-secret");
  EXPECT_EQ(c.Reveal(), "first-secret");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is wiped on purpose
}
