#include "core/settlement/rule_pattern.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::settlement {
namespace {

using ::testing::HasSubstr;

TEST(RulePattern, KindsAndLiterals) {
  EXPECT_EQ(KindOf("*"), PatternKind::kAny);
  EXPECT_EQ(KindOf("MarketplaceFacilitatorVAT-*"), PatternKind::kPrefix);
  EXPECT_EQ(KindOf("Principal"), PatternKind::kExact);
  EXPECT_EQ(LiteralOf("*"), "");
  EXPECT_EQ(LiteralOf("Non-Amazon*"), "Non-Amazon");
  EXPECT_EQ(LiteralOf("Principal"), "Principal");
}

TEST(RulePattern, Matches) {
  EXPECT_TRUE(PatternMatches("*", ""));
  EXPECT_TRUE(PatternMatches("*", "anything"));
  EXPECT_TRUE(PatternMatches("Non-Amazon*", "Non-Amazon UK"));
  EXPECT_TRUE(PatternMatches("Non-Amazon*", "Non-Amazon"));
  EXPECT_FALSE(PatternMatches("Non-Amazon*", "Amazon.co.uk"));
  EXPECT_FALSE(PatternMatches("Non-Amazon*", ""));
  EXPECT_TRUE(PatternMatches("Principal", "Principal"));
  EXPECT_FALSE(
      PatternMatches("Principal", "principal"));  // case matters: Amazon's values are exact
  EXPECT_FALSE(PatternMatches("Principal", "Principal "));
  EXPECT_FALSE(PatternMatches("Principal", ""));
}

TEST(RulePattern, WithinOverlapAndIntersection) {
  EXPECT_TRUE(PatternWithin("Principal", "*"));
  EXPECT_TRUE(PatternWithin("Prin*", "*"));
  EXPECT_TRUE(PatternWithin("Principal", "Prin*"));
  EXPECT_TRUE(PatternWithin("Princ*", "Prin*"));
  EXPECT_TRUE(PatternWithin("Prin*", "Prin*"));
  EXPECT_FALSE(PatternWithin("Pri*", "Prin*"));
  EXPECT_FALSE(PatternWithin("*", "Prin*"));
  EXPECT_FALSE(PatternWithin("Prin*", "Principal"));
  EXPECT_FALSE(PatternWithin("Tax", "Prin*"));

  EXPECT_TRUE(PatternsOverlap("Pri*", "Principal"));
  EXPECT_TRUE(PatternsOverlap("Pri*", "Prin*"));
  EXPECT_TRUE(PatternsOverlap("*", "Tax"));
  EXPECT_FALSE(PatternsOverlap("Pri*", "Tax*"));
  EXPECT_FALSE(PatternsOverlap("Tax", "Shipping"));

  EXPECT_EQ(PatternIntersection("Pri*", "Principal"), "Principal");
  EXPECT_EQ(PatternIntersection("Prin*", "Pri*"), "Prin*");
  EXPECT_EQ(PatternIntersection("*", "Tax*"), "Tax*");
}

TEST(RulePattern, Errors) {
  EXPECT_EQ(PatternError("*"), "");
  EXPECT_EQ(PatternError("Cost of Advertising"), "");
  EXPECT_EQ(PatternError("MarketplaceFacilitatorVAT-*"), "");
  EXPECT_THAT(PatternError(""), HasSubstr("empty pattern"));
  EXPECT_THAT(PatternError("*Fee"), HasSubstr("'*' before its end"));
  EXPECT_THAT(PatternError("FBA*Fee"), HasSubstr("'*' before its end"));
  EXPECT_THAT(PatternError("**"), HasSubstr("'*' before its end"));
  EXPECT_THAT(PatternError(" Tax"), HasSubstr("leading or trailing spaces"));
  EXPECT_THAT(PatternError("Tax\t"), HasSubstr("leading or trailing spaces"));
}

}  // namespace
}  // namespace fbaflow::settlement
