#include "core/settlement/fast_amount.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/money/money.h"

namespace fbaflow::settlement {
namespace {

int64_t Fast(std::string_view text, char separator, int minor) {
  int64_t out = -999999;
  EXPECT_TRUE(FastMinorUnits(text, separator, minor, &out)) << text;
  return out;
}

TEST(FastMinorUnits, ReadsTheCommonShapes) {
  EXPECT_EQ(Fast("39.99", '.', 2), 3999);
  EXPECT_EQ(Fast("-3.96", '.', 2), -396);
  EXPECT_EQ(Fast("52,44", ',', 2), 5244);
  EXPECT_EQ(Fast("0", '.', 2), 0);
  EXPECT_EQ(Fast("-0,00", ',', 2), 0);
  EXPECT_EQ(Fast("5.5", '.', 2), 550);
  EXPECT_EQ(Fast("1234", ',', 0), 1234);
  EXPECT_EQ(Fast("1.234", '.', 3), 1234);
  EXPECT_EQ(Fast("999999999999999.99", '.', 2), 99999999999999999);
}

TEST(FastMinorUnits, LeavesEverythingElseToParseMoney) {
  int64_t out = 7;
  for (const char* text : {"", "-", "+5", " 5", "5 ", "1,234.56", "1.234,56", "5.", ".5", "5,00",
                           "39.999", "1234567890123456", "--5", "5-", "1e3", "12.3.4"}) {
    EXPECT_FALSE(FastMinorUnits(text, '.', 2, &out)) << text;
  }
  EXPECT_FALSE(FastMinorUnits("5.5", '.', 0, &out));
  EXPECT_EQ(out, 7);
}

// On every text it accepts, the fast path gives exactly what ParseMoney gives.
TEST(FastMinorUnits, AgreesWithParseMoneyOnRandomText) {
  const Currency currencies[] = {*Currency::FromCode("GBP"), *Currency::FromCode("JPY"),
                                 *Currency::FromCode("KWD")};
  const char alphabet[] = "0123456789.,-+ 9";
  std::mt19937 rng(3);
  int accepted = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string text(1 + rng() % 12, '0');
    for (char& c : text)
      c = rng() % 3 == 0 ? alphabet[rng() % (sizeof alphabet - 1)]
                         : static_cast<char>('0' + rng() % 10);
    const bool comma = rng() % 2 == 0;
    const Currency currency = currencies[rng() % 3];
    int64_t fast = 0;
    if (!FastMinorUnits(text, comma ? ',' : '.', currency.MinorUnits(), &fast)) continue;
    ++accepted;
    auto slow =
        ParseMoney(text, currency, comma ? DecimalStyle::kCommaDecimal : DecimalStyle::kDotDecimal);
    ASSERT_TRUE(slow.Ok()) << text << ": " << slow.GetStatus().ToString();
    ASSERT_EQ(slow->MinorUnits(), fast) << text;
  }
  EXPECT_GT(accepted, 10000);
}

}  // namespace
}  // namespace fbaflow::settlement
