#include "sim/fault_terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

TEST(FaultTermsTest, SplitsKeysValuesAndBareWords) {
  Result<std::vector<FaultTerm>> terms = SplitFaultTerms(" a=1 ,, reset , b = x=y ,");
  ASSERT_TRUE(terms.Ok()) << terms.GetStatus().ToString();
  ASSERT_EQ(terms->size(), 3u);
  EXPECT_EQ((*terms)[0].key, "a");
  EXPECT_EQ((*terms)[0].value, "1");
  EXPECT_EQ((*terms)[1].key, "reset");
  EXPECT_FALSE((*terms)[1].value.has_value());
  EXPECT_EQ((*terms)[2].key, "b");
  EXPECT_EQ((*terms)[2].value, "x=y");  // only the first '=' splits
  EXPECT_EQ((*terms)[2].text, "b = x=y");
  EXPECT_TRUE(SplitFaultTerms("")->empty());
}

TEST(FaultTermsTest, RefusesARepeatedKey) {
  EXPECT_THAT(SplitFaultTerms("p=1,reset,p=0").GetStatus().Message(),
              HasSubstr("fault 'p' is given twice"));
}

TEST(FaultTermsTest, NumbersCountsAndDurations) {
  EXPECT_EQ(*ParseCount("every", "12"), 12u);
  EXPECT_THAT(ParseCount("every", "-1").GetStatus().Message(),
              HasSubstr("every=-1: expected a non-negative integer"));
  EXPECT_THAT(ParseCount("every", "").GetStatus().Message(), HasSubstr("non-negative integer"));
  EXPECT_THAT(ParseProbability("p", "1.5").GetStatus().Message(),
              HasSubstr("p=1.5: a probability must be between 0 and 1"));
  EXPECT_EQ(*ParseDuration("250ms"), 250);
  EXPECT_EQ(FormatDuration(250), "250ms");
  EXPECT_EQ(FormatDuration(120'000), "2m");
  EXPECT_EQ(FormatDuration(0), "0ms");
}

}  // namespace
}  // namespace fbaflow::sim
