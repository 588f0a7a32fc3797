#include "core/money/money.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace fbaflow {
namespace {

using ::testing::HasSubstr;

const Currency kGbp = *Currency::FromCode("GBP");
const Currency kJpy = *Currency::FromCode("JPY");
const Currency kKwd = *Currency::FromCode("KWD");

TEST(Currency, KnowsMinorUnitsAndRefusesUnknownCodes) {
  EXPECT_EQ(kGbp.MinorUnits(), 2);
  EXPECT_EQ(kJpy.MinorUnits(), 0);
  EXPECT_EQ(kKwd.MinorUnits(), 3);
  EXPECT_EQ(kGbp.Code(), "GBP");
  auto bad = Currency::FromCode("ZZZ");
  ASSERT_FALSE(bad.Ok());
  EXPECT_THAT(bad.GetStatus().Message(), HasSubstr("ZZZ"));
  EXPECT_FALSE(Currency::FromCode("gbp").Ok());
}

TEST(Money, ParsesIntoMinorUnitsExactly) {
  EXPECT_EQ(ParseMoney("39.99", kGbp, DecimalStyle::kUnknown)->MinorUnits(), 3999);
  EXPECT_EQ(ParseMoney("39.9", kGbp, DecimalStyle::kUnknown)->MinorUnits(), 3990);
  EXPECT_EQ(ParseMoney("-3.96", kGbp, DecimalStyle::kUnknown)->MinorUnits(), -396);
  EXPECT_EQ(ParseMoney("52,44", kGbp, DecimalStyle::kUnknown)->MinorUnits(), 5244);
  EXPECT_EQ(ParseMoney("1.234,56", kGbp, DecimalStyle::kUnknown)->MinorUnits(), 123456);
  EXPECT_EQ(ParseMoney("1,234.56", kGbp, DecimalStyle::kUnknown)->MinorUnits(), 123456);
  EXPECT_EQ(ParseMoney("1.234", kJpy, DecimalStyle::kCommaDecimal)->MinorUnits(), 1234);
  EXPECT_EQ(ParseMoney("1.234", kKwd, DecimalStyle::kDotDecimal)->MinorUnits(), 1234);
  EXPECT_EQ(ParseMoney("39.990", kGbp, DecimalStyle::kDotDecimal)->MinorUnits(), 3999);
}

TEST(Money, RefusesDigitsTheCurrencyCannotHold) {
  std::size_t at = 0;
  auto r = ParseMoney("39.999", kGbp, DecimalStyle::kDotDecimal, &at);
  ASSERT_FALSE(r.Ok());
  EXPECT_THAT(r.GetStatus().Message(), HasSubstr("GBP has 2"));
  EXPECT_EQ(at, 5u);
  EXPECT_FALSE(ParseMoney("5.5", kJpy, DecimalStyle::kDotDecimal).Ok());
}

TEST(Money, ArithmeticIsExact) {
  Money sum = Money::Zero(kGbp);
  for (int i = 0; i < 10; ++i) sum += *ParseMoney("0.10", kGbp, DecimalStyle::kUnknown);
  EXPECT_EQ(sum, Money::FromMinor(100, kGbp));
  EXPECT_EQ((-sum).ToString(), "-1.00");
  EXPECT_EQ((sum - Money::FromMinor(250, kGbp)).ToString(), "-1.50");
  EXPECT_TRUE((sum - sum).IsZero());
  EXPECT_LT(Money::FromMinor(-1, kGbp), Money::Zero(kGbp));
}

TEST(Money, FormatsWithTheCurrencysMinorDigits) {
  EXPECT_EQ(Money::FromMinor(5, kGbp).ToString(), "0.05");
  EXPECT_EQ(Money::FromMinor(-5, kGbp).ToString(), "-0.05");
  EXPECT_EQ(Money::FromMinor(123456, kJpy).ToString(), "123456");
  EXPECT_EQ(Money::FromMinor(1, kKwd).ToString(), "0.001");
  EXPECT_EQ(Money::Zero(kGbp).ToString(), "0.00");
}

TEST(Money, MixingCurrenciesOrOverflowingThrows) {
  EXPECT_THROW(Money::Zero(kGbp) + Money::Zero(kJpy), std::invalid_argument);
  EXPECT_THROW(Money::FromMinor(INT64_MAX, kGbp) + Money::FromMinor(1, kGbp), std::overflow_error);
  EXPECT_THROW(-Money::FromMinor(INT64_MIN, kGbp), std::overflow_error);
}

TEST(Money, RoundsHalfEvenOnlyWhenAsked) {
  auto d = *Decimal::FromUnits(1005, 3);  // 1.005
  EXPECT_FALSE(Money::FromDecimal(d, kGbp).Ok());
  EXPECT_EQ(Money::FromDecimal(d, kGbp, Rounding::kHalfEven)->ToString(), "1.00");
  EXPECT_EQ(Money::FromDecimal(*Decimal::FromUnits(1015, 3), kGbp, Rounding::kHalfEven)->ToString(),
            "1.02");
}

}  // namespace
}  // namespace fbaflow
