#include "sim/amazon/world_catalogue.h"

#include <nlohmann/json.hpp>

namespace fbaflow::sim {

std::string CatalogueJson(const World& world) {
  nlohmann::ordered_json skus = nlohmann::ordered_json::array();
  for (const Sku& sku : world.Skus()) {
    skus.push_back({{"seller_sku", sku.seller_sku},
                    {"asin", sku.asin},
                    {"fnsku", sku.fnsku},
                    {"title", sku.title},
                    {"price", sku.price.ToString()},
                    {"channel", sku.afn ? "AMAZON" : "MERCHANT"},
                    {"erp_item_code", sku.erp_item_code},
                    {"reach", ErpReachName(sku.erp_reach)}});
  }
  const nlohmann::ordered_json out = {
      {"seller_id", world.SellerId()},
      {"marketplace", world.GetMarketplace().code},
      {"currency", std::string(world.GetMarketplace().currency.Code())},
      {"skus", std::move(skus)}};
  return out.dump(2) + "\n";
}

WorldConfig CatalogueConfig(uint64_t seed, std::string marketplace, int sku_count) {
  WorldConfig c;
  // The emulator's first seller uses the seed as it is (sim/amazon/service.cc).
  c.seed = seed;
  c.marketplace = std::move(marketplace);
  c.sku_count = sku_count;
  c.history_days = 0;
  c.orders_per_day = 0;
  return c;
}

}  // namespace fbaflow::sim
