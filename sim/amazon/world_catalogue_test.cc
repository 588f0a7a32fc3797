#include "sim/amazon/world_catalogue.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace fbaflow::sim {
namespace {

TEST(WorldCatalogueTest, SameSeedSameItemCodes) {
  const World a(CatalogueConfig(7, "UK", 40));
  const World b(CatalogueConfig(7, "UK", 40));
  EXPECT_EQ(CatalogueJson(a), CatalogueJson(b));
  const World c(CatalogueConfig(8, "UK", 40));
  EXPECT_NE(CatalogueJson(a), CatalogueJson(c));
}

TEST(WorldCatalogueTest, TheEmulatorsSellerHasTheSameCatalogue) {
  // The emulator's world simulates history and orders; the catalogue and its ERP codes are drawn
  // before, so tooling that builds a catalogue-only world agrees with the running emulator.
  WorldConfig full;
  full.seed = 7;
  full.marketplace = "UK";
  full.sku_count = 40;
  full.start = 1'767'225'600'000;
  full.history_days = 20;
  full.orders_per_day = 150;
  const World emulated(full);
  const World catalogue(CatalogueConfig(7, "UK", 40));
  EXPECT_EQ(CatalogueJson(emulated), CatalogueJson(catalogue));
}

TEST(WorldCatalogueTest, EveryKindOfReachOccursAndCodesFollowIt) {
  for (uint64_t seed : {1ULL, 2ULL, 3ULL, 7ULL, 42ULL}) {
    const World w(CatalogueConfig(seed, "US", 40));
    std::map<ErpReach, int> kinds;
    std::set<std::string> codes;
    for (const Sku& s : w.Skus()) {
      ++kinds[s.erp_reach];
      EXPECT_TRUE(codes.insert(s.erp_item_code).second) << "duplicate code " << s.erp_item_code;
      if (s.erp_reach == ErpReach::kAlias) {
        EXPECT_NE(s.erp_item_code, s.seller_sku);
      } else {
        EXPECT_EQ(s.erp_item_code, s.seller_sku);
      }
    }
    EXPECT_GT(kinds[ErpReach::kExact], kinds[ErpReach::kAlias]) << seed;
    EXPECT_GE(kinds[ErpReach::kAlias], 1) << seed;
    EXPECT_GE(kinds[ErpReach::kMissing], 1) << seed;
  }
  // Even three SKUs show all three kinds.
  const World small(CatalogueConfig(5, "US", 3));
  std::set<ErpReach> kinds;
  for (const Sku& s : small.Skus()) kinds.insert(s.erp_reach);
  EXPECT_EQ(kinds.size(), 3U);
}

TEST(WorldCatalogueTest, JsonCarriesWhatTheErpToolingNeeds) {
  const World w(CatalogueConfig(3, "DE", 10));
  const auto j = nlohmann::json::parse(CatalogueJson(w));
  EXPECT_EQ(j["marketplace"], "DE");
  EXPECT_EQ(j["currency"], "EUR");
  EXPECT_EQ(j["seller_id"], w.SellerId());
  ASSERT_EQ(j["skus"].size(), 10U);
  for (size_t i = 0; i < w.Skus().size(); ++i) {
    const Sku& s = w.Skus()[i];
    const auto& row = j["skus"][i];
    EXPECT_EQ(row["seller_sku"], s.seller_sku);
    EXPECT_EQ(row["asin"], s.asin);
    EXPECT_EQ(row["fnsku"], s.fnsku);
    EXPECT_EQ(row["title"], s.title);
    EXPECT_EQ(row["price"], s.price.ToString());
    EXPECT_EQ(row["channel"], s.afn ? "AMAZON" : "MERCHANT");
    EXPECT_EQ(row["erp_item_code"], s.erp_item_code);
    EXPECT_EQ(row["reach"], ErpReachName(s.erp_reach));
  }
}

}  // namespace
}  // namespace fbaflow::sim
