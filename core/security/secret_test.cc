#include "core/security/secret.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace fbaflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(SecretTest, StreamingAndFormattingAreRedacted) {
  const Secret secret("Atzr|IwEBIA-refresh-token-value");
  std::ostringstream out;
  out << "token=" << secret;
  EXPECT_EQ(out.str(), "token=[redacted]");
  EXPECT_EQ(fmt::format("token={}", secret), "token=[redacted]");
  EXPECT_EQ(fmt::format("{:>12}", secret), "  [redacted]");
}

TEST(SecretTest, RevealGivesTheClearValueForTheWire) {
  const Secret secret("abc");
  EXPECT_EQ(secret.RevealForWire(), "abc");
  EXPECT_FALSE(secret.Empty());
  EXPECT_EQ(secret.Describe(), "len=3");
  EXPECT_EQ(Secret().Describe(), "<empty>");
}

TEST(SecretTest, ComparesByValue) {
  EXPECT_EQ(Secret("same"), Secret("same"));
  EXPECT_FALSE(Secret("same") == Secret("other"));
  EXPECT_FALSE(Secret("same") == Secret("sam"));
}

TEST(SecretTest, MovedFromSecretIsEmpty) {
  Secret a("value");
  Secret b(std::move(a));
  EXPECT_EQ(b.RevealForWire(), "value");
  EXPECT_TRUE(a.Empty());  // NOLINT(bugprone-use-after-move): the wipe is the contract
  Secret c;
  c = std::move(b);
  EXPECT_TRUE(b.Empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.RevealForWire(), "value");
}

TEST(SecretTest, ScrubRemovesClearAndFormEncodedSpellings) {
  const Secret token("Atzr|abc/def");
  const Secret other("s3cr3t");
  const std::string text =
      "refresh_token=Atzr%7Cabc%2Fdef&x=Atzr|abc/def&client_secret=s3cr3t and s3cr3t";
  const std::string scrubbed = Scrub(text, {&token, &other, nullptr});
  EXPECT_THAT(scrubbed, Not(HasSubstr("Atzr")));
  EXPECT_THAT(scrubbed, Not(HasSubstr("s3cr3t")));
  EXPECT_EQ(scrubbed,
            "refresh_token=[redacted]&x=[redacted]&client_secret=[redacted] and [redacted]");
}

TEST(SecretTest, ScrubIgnoresEmptySecrets) {
  const Secret empty;
  EXPECT_EQ(Scrub("nothing to hide", {&empty}), "nothing to hide");
}

}  // namespace
}  // namespace fbaflow
