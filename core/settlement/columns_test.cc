#include "core/settlement/columns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text/charset.h"

namespace fbaflow::settlement {
namespace {

using ::testing::HasSubstr;

TEST(ColumnMap, LegacyAmountsPairWithTheirTypeColumns) {
  const std::vector<std::string_view> header = {"settlement-id",          "settlement-start-date",
                                                "settlement-end-date",    "deposit-date",
                                                "total-amount",           "currency",
                                                "transaction-type",       "posted-date",
                                                "other-amount",           "price-type",
                                                "price-amount",           "misc-fee-amount",
                                                "item-related-fee-amount"};
  auto map = MapHeader(header);
  ASSERT_TRUE(map.Ok()) << map.GetStatus().ToString();
  EXPECT_EQ(map->format, Format::kLegacy);
  ASSERT_EQ(map->legacy_amounts.size(), 4u);
  EXPECT_EQ(map->legacy_amounts[0].amount, 8);
  EXPECT_EQ(map->legacy_amounts[0].type, -1);
  EXPECT_EQ(map->legacy_amounts[0].type_name, "other-amount");
  EXPECT_EQ(map->legacy_amounts[1].amount, 10);
  EXPECT_EQ(map->legacy_amounts[1].type, 9);
  EXPECT_EQ(map->legacy_amounts[1].type_name, "price-type");
  EXPECT_EQ(map->legacy_amounts[2].type_name, "misc-fee-amount");
  // item-related-fee-type is absent from this header: the amount column names itself.
  EXPECT_EQ(map->legacy_amounts[3].type, -1);
  EXPECT_EQ(map->legacy_amounts[3].type_name, "item-related-fee-amount");
  EXPECT_FALSE(map->Has(Col::kSku));
  EXPECT_EQ(map->Index(Col::kPostedDate), 7);
}

TEST(ColumnMap, MissingColumnsAreListed) {
  auto map = MapHeader({"settlement-id", "transaction-type", "amount"});
  ASSERT_FALSE(map.Ok());
  EXPECT_EQ(
      map.GetStatus().Message(),
      "not a settlement report: header has no 'settlement-start-date', 'settlement-end-date', "
      "'deposit-date', 'total-amount', 'currency', 'amount-type', 'amount-description' or "
      "'posted-date' or 'posted-date-time' columns");
  EXPECT_EQ(ColumnName(Col::kAmountDescription), "amount-description");
}

TEST(ColumnMap, AnUnknownHeaderIsQuotedAsValidUtf8) {
  // Found by reader_fuzz: quoting the first header names cut a UTF-8 sequence in two.
  const std::string name = std::string(39, 'x') + "\xC3\xA9tail";
  auto map = MapHeader({name, "other"});
  ASSERT_FALSE(map.Ok());
  EXPECT_THAT(map.GetStatus().Message(),
              HasSubstr("(its header begins '" + std::string(39, 'x') + "', 'other')"));
  EXPECT_TRUE(IsValidUtf8(map.GetStatus().Message()));
}

}  // namespace
}  // namespace fbaflow::settlement
