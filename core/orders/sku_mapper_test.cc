#include "core/orders/sku_mapper.h"

#include <gtest/gtest.h>

namespace fbaflow {
namespace {

SkuMapper Mapper() {
  SkuMapper m;
  m.SetErpItems({"MUG-RED", "ITM-0001", "ITM-0002"});
  m.SetAlias("UK", "TEE-L", "ITM-0001");
  m.SetAlias(kAnyMarketplace, "TEE-L", "ITM-0002");
  m.SetAlias(kAnyMarketplace, "CAP", "ITM-9999");  // the ERP has no ITM-9999
  return m;
}

TEST(SkuMapper, TheErpItemMasterComesFirst) {
  SkuMapper m = Mapper();
  m.SetAlias("UK", "MUG-RED", "ITM-0001");  // an alias never hides an exact item
  SkuDecision d = m.Map("UK", "MUG-RED");
  EXPECT_EQ(d.match, SkuMatch::kExact);
  EXPECT_EQ(d.item_code, "MUG-RED");
}

TEST(SkuMapper, AnAliasForTheMarketplaceWinsOverTheAliasForEveryMarketplace) {
  SkuMapper m = Mapper();
  EXPECT_EQ(m.Map("UK", "TEE-L").item_code, "ITM-0001");
  EXPECT_EQ(m.Map("UK", "TEE-L").match, SkuMatch::kAlias);
  EXPECT_EQ(m.Map("DE", "TEE-L").item_code, "ITM-0002");
}

TEST(SkuMapper, AnUnknownSkuAndAnAliasToAMissingItemAreMissing) {
  SkuMapper m = Mapper();
  SkuDecision d = m.Map("UK", "NOPE");
  EXPECT_EQ(d.match, SkuMatch::kMissing);
  EXPECT_TRUE(d.alias_to.empty());
  d = m.Map("UK", "CAP");
  EXPECT_EQ(d.match, SkuMatch::kMissing);
  EXPECT_EQ(d.alias_to, "ITM-9999");
  m.AddErpItem("ITM-9999");
  EXPECT_EQ(m.Map("UK", "CAP").match, SkuMatch::kAlias);
}

TEST(SkuMapper, SkusAreMatchedExactlyNotByPrefixOrCase) {
  SkuMapper m = Mapper();
  EXPECT_EQ(m.Map("UK", "mug-red").match, SkuMatch::kMissing);
  EXPECT_EQ(m.Map("UK", "MUG-RE").match, SkuMatch::kMissing);
  EXPECT_EQ(m.Map("UK", "MUG-RED ").match, SkuMatch::kMissing);
}

}  // namespace
}  // namespace fbaflow
