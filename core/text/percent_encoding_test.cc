#include "core/text/percent_encoding.h"

#include <gtest/gtest.h>

namespace fbaflow {
namespace {

TEST(PercentEncodingTest, KeepsUnreservedAndEncodesEverythingElse) {
  EXPECT_EQ(PercentEncode("Atzr|IwE-b_c.d~e"), "Atzr%7CIwE-b_c.d~e");
  EXPECT_EQ(PercentEncode("a b+c/d=e&f"), "a%20b%2Bc%2Fd%3De%26f");
  EXPECT_EQ(PercentEncode("Caf\xC3\xA9"), "Caf%C3%A9");
  EXPECT_EQ(PercentEncode(std::string_view("\0x", 2)), "%00x");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(PercentEncodingTest, TheCallerChoosesWhatElseStaysPlain) {
  EXPECT_EQ(PercentEncode("a.b~c-d", "-"), "a%2Eb%7Ec-d");
  EXPECT_EQ(PercentEncode("a.b", ""), "a%2Eb");
}

}  // namespace
}  // namespace fbaflow
