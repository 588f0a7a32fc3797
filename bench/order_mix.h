#pragma once
// OrderMix: synthetic Amazon orders for the orders benchmark (bench/orders_bench.cc), drawn from
// the emulator's catalogue for a seed, marketplace and SKU count (sim::CatalogueConfig), so the
// SKUs, their channels and how the ERP knows them (exact item code, alias, missing) are the ones
// the emulator sells and scripts/tryton.sh prepares the demo ERP from.
//
// The mix: popular SKUs sell more (weights fall as 1/rank^0.8); a SKU the ERP lacks is a new
// listing nobody set up yet and sells at a twentieth of its weight, so a few orders (about 1 %)
// stay unmapped; 1 to 3 lines of one channel (Amazon splits mixed orders); FBA orders 55 %
// unshipped and 45 % already shipped (a sale and its shipment), FBM orders unshipped.
// Deterministic for a seed. Thread-compatible.

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/time/civil.h"
#include "ports/amazon_api.h"
#include "ports/order_store.h"
#include "sim/amazon/world_types.h"

namespace fbaflow::bench {

class OrderMix {
 public:
  OrderMix(uint64_t seed, const std::string& marketplace, int sku_count);

  const std::vector<sim::Sku>& Skus() const { return skus_; }
  const std::string& Marketplace() const { return marketplace_; }       // "UK"
  const std::string& MarketplaceId() const { return marketplace_id_; }  // "A1F83G8C2ARO7P"
  const sim::Sku* FindSku(std::string_view seller_sku) const;

  // The item codes the ERP has: every exact and alias SKU's erp_item_code.
  std::set<std::string> ErpItems() const;
  // The seller's aliases (SKU → ERP item) for the marketplace, as `fbaflow mappings set-sku`
  // stores them.
  std::vector<SkuMappingRecord> Aliases(const std::string& account, Timestamp at) const;

  // `n` orders, the i-th named after `i`, created in the two days before `now` and last updated
  // at least ten minutes before it (past Amazon's two-minute window).
  std::vector<amazon::Order> Orders(int n, Timestamp now) const;

  // True when every line's SKU reaches an ERP item, directly or through its alias.
  bool Lands(const amazon::Order& order) const;

 private:
  int DrawSku(uint64_t u) const;  // by weight, from a uniform 64-bit draw

  std::string marketplace_;
  std::string marketplace_id_;
  std::vector<sim::Sku> skus_;
  std::unordered_map<std::string, size_t> by_sku_;
  std::vector<double> cumulative_;  // cumulative SKU weights, for DrawSku
};

}  // namespace fbaflow::bench
