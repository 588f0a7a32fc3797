#include "core/money/decimal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow {
namespace {

using ::testing::HasSubstr;

std::string Parse(std::string_view text, DecimalStyle style = DecimalStyle::kUnknown) {
  auto r = ParseDecimal(text, style);
  return r.Ok() ? r->value.ToString() : "error: " + r.GetStatus().Message();
}

TEST(ParseDecimal, PlainAmounts) {
  EXPECT_EQ(Parse("39.99"), "39.99");
  EXPECT_EQ(Parse("-3.96"), "-3.96");
  EXPECT_EQ(Parse("+5"), "5");
  EXPECT_EQ(Parse("0"), "0");
  EXPECT_EQ(Parse("-0.00"), "0.00");
  EXPECT_EQ(Parse("  12.5 "), "12.5");
  EXPECT_EQ(Parse(".5"), "0.5");
}

TEST(ParseDecimal, CommaDecimals) {
  EXPECT_EQ(Parse("52,44"), "52.44");
  EXPECT_EQ(Parse("0,00"), "0.00");
  EXPECT_EQ(Parse("-10,49"), "-10.49");
  EXPECT_EQ(Parse("1.234,56"), "1234.56");
  EXPECT_EQ(Parse("1.234.567,5"), "1234567.5");
}

TEST(ParseDecimal, DotDecimalsWithGrouping) {
  EXPECT_EQ(Parse("1,234.56"), "1234.56");
  EXPECT_EQ(Parse("-1,234,567.00"), "-1234567.00");
  EXPECT_EQ(Parse("1,234,567"), "1234567");
}

TEST(ParseDecimal, ThreeDigitsAfterOneSeparatorIsAmbiguousWithoutAStyle) {
  EXPECT_THAT(Parse("1.234"), HasSubstr("ambiguous"));
  EXPECT_THAT(Parse("-1,234"), HasSubstr("ambiguous"));
  // ...but not when grouping is impossible.
  EXPECT_EQ(Parse("0.123"), "0.123");
  EXPECT_EQ(Parse("1234,567"), "1234.567");
  EXPECT_EQ(Parse("1.2345"), "1.2345");
}

TEST(ParseDecimal, KnownStyleResolvesAmbiguity) {
  EXPECT_EQ(Parse("1.234", DecimalStyle::kCommaDecimal), "1234");
  EXPECT_EQ(Parse("1.234", DecimalStyle::kDotDecimal), "1.234");
  EXPECT_EQ(Parse("1,234", DecimalStyle::kDotDecimal), "1234");
  EXPECT_EQ(Parse("1,234", DecimalStyle::kCommaDecimal), "1.234");
}

TEST(ParseDecimal, KnownStyleCatchesMismatch) {
  EXPECT_THAT(Parse("52,44", DecimalStyle::kDotDecimal), HasSubstr("groups of three"));
  EXPECT_THAT(Parse("1,234.56", DecimalStyle::kCommaDecimal), HasSubstr("conflicts"));
  EXPECT_THAT(Parse("1.2.3", DecimalStyle::kDotDecimal), HasSubstr("more than once"));
}

TEST(ParseDecimal, ProvesTheStyle) {
  EXPECT_EQ(ParseDecimal("52,44", DecimalStyle::kUnknown)->proves, DecimalStyle::kCommaDecimal);
  EXPECT_EQ(ParseDecimal("39.99", DecimalStyle::kUnknown)->proves, DecimalStyle::kDotDecimal);
  EXPECT_EQ(ParseDecimal("1,234.5", DecimalStyle::kUnknown)->proves, DecimalStyle::kDotDecimal);
  EXPECT_EQ(ParseDecimal("1,234,567", DecimalStyle::kUnknown)->proves, DecimalStyle::kDotDecimal);
  EXPECT_EQ(ParseDecimal("-12", DecimalStyle::kUnknown)->proves, DecimalStyle::kUnknown);
}

TEST(ParseDecimal, RejectsGarbageWithOffset) {
  std::size_t at = 99;
  auto r = ParseDecimal("12a.5", DecimalStyle::kUnknown, &at);
  ASSERT_FALSE(r.Ok());
  EXPECT_EQ(at, 2u);
  EXPECT_THAT(r.GetStatus().Message(), HasSubstr("'a'"));
  EXPECT_THAT(Parse(""), HasSubstr("empty"));
  EXPECT_THAT(Parse("-"), HasSubstr("sign"));
  EXPECT_THAT(Parse("5."), HasSubstr("no digits after"));
  EXPECT_THAT(Parse("1,23,456.00"), HasSubstr("three digits"));
  EXPECT_THAT(Parse("12,34,5"), HasSubstr("three"));
  EXPECT_THAT(Parse("--5"), HasSubstr("unexpected"));
  EXPECT_THAT(Parse("1 234,56"), HasSubstr("unexpected"));
  EXPECT_THAT(Parse("99999999999999999999"), HasSubstr("too large"));
  EXPECT_THAT(Parse("0,123,456", DecimalStyle::kDotDecimal), HasSubstr("start with 0"));
}

TEST(Decimal, RescaleIsExactUnlessAskedToRound) {
  auto d = *Decimal::FromUnits(12345, 3);  // 12.345
  EXPECT_FALSE(d.Rescale(2, Rounding::kExact).Ok());
  EXPECT_EQ(d.Rescale(2, Rounding::kHalfEven)->ToString(), "12.34");  // half to even
  EXPECT_EQ(Decimal::FromUnits(12355, 3)->Rescale(2, Rounding::kHalfEven)->ToString(), "12.36");
  EXPECT_EQ(Decimal::FromUnits(-12345, 3)->Rescale(2, Rounding::kHalfEven)->ToString(), "-12.34");
  EXPECT_EQ(Decimal::FromUnits(-12346, 3)->Rescale(2, Rounding::kHalfEven)->ToString(), "-12.35");
  EXPECT_EQ(Decimal::FromUnits(12340, 3)->Rescale(2, Rounding::kExact)->ToString(), "12.34");
  EXPECT_EQ(d.Rescale(5, Rounding::kExact)->ToString(), "12.34500");
  EXPECT_FALSE(Decimal::FromUnits(INT64_MAX, 0)->Rescale(1, Rounding::kExact).Ok());
}

TEST(Decimal, ComparesAcrossScales) {
  EXPECT_EQ(*Decimal::FromUnits(1230, 3), *Decimal::FromUnits(123, 2));
  EXPECT_LT(*Decimal::FromUnits(-1, 0), *Decimal::FromUnits(1, 18));
  EXPECT_EQ(Decimal::FromUnits(INT64_MIN, 2)->ToString(), "-92233720368547758.08");
  EXPECT_EQ(Decimal::FromUnits(-5, 3)->ToString(), "-0.005");
}

}  // namespace
}  // namespace fbaflow
