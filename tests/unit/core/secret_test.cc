#include "core/secret.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/hash.h"

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
  EXPECT_EQ(MaskSecrets("server said: bad token s3cr3t/value+with=chars!"),
            "server said: bad token <hidden>!");
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

TEST(Secret, MaskSecretsBlanksEveryBase64FormTheToolProduces) {
  Secret token("pypi-b64planted?>~0123456789abcdef");
  RegisterBasicCredentials("__token__", token);
  const std::string basic = Base64("__token__:pypi-b64planted?>~0123456789abcdef");
  const std::string alone = Base64("pypi-b64planted?>~0123456789abcdef");
  std::string urlsafe = alone;
  for (char& c : urlsafe) c = c == '+' ? '-' : c == '/' ? '_' : c;
  ASSERT_NE(urlsafe, alone);  // the token is chosen so that the two alphabets differ
  // A 401 body echoing the Authorization header, as the issue saw it (not behind "Basic " here).
  EXPECT_EQ(MaskSecrets("you sent " + basic + " which is wrong"),
            "you sent <hidden> which is wrong");
  EXPECT_EQ(MaskSecrets("token b64 " + alone), "token b64 <hidden>");
  EXPECT_EQ(MaskSecrets("urlsafe " + urlsafe), "urlsafe <hidden>");
  std::string unpadded = basic.substr(0, basic.find('='));
  EXPECT_EQ(MaskSecrets("unpadded " + unpadded + "."), "unpadded <hidden>.");
}

TEST(Secret, MaskSecretsBlanksAuthorizationValuesButNotProse) {
  // Credentials this process never held (another user's), echoed in a header.
  EXPECT_EQ(MaskSecrets("Authorization: Basic dTpweXBpLUFnRW5kYXRh"),
            "Authorization: Basic <hidden>");
  EXPECT_EQ(MaskSecrets("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x"),
            "Authorization: Bearer <hidden>.x");
  EXPECT_EQ(MaskSecrets("this index requires Basic authentication"),
            "this index requires Basic authentication");
}
