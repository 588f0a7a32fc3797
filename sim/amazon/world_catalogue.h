#pragma once
// The seller's catalogue as JSON, for tooling that must agree with the emulator on SKUs and their
// ERP item codes (`fbaflow-sim catalogue`, read by scripts/tryton.sh to prepare the demo ERP).
//
// Shape: {"seller_id", "marketplace", "currency", "skus": [{"seller_sku", "asin", "fnsku",
// "title", "price" (decimal text, "12.99"), "channel" ("AMAZON" or "MERCHANT"), "erp_item_code",
// "reach" ("exact", "alias", "missing")}]}, SKUs in catalogue order.

#include <string>

#include "sim/amazon/world.h"

namespace fbaflow::sim {

// The world's catalogue as it was built; deterministic for a seed, marketplace and SKU count.
std::string CatalogueJson(const World& world);

// A world built only for its catalogue: no history, no orders (construction is instant). Its SKUs
// equal those of the emulator's first seller started with the same seed, marketplace and count.
WorldConfig CatalogueConfig(uint64_t seed, std::string marketplace, int sku_count);

}  // namespace fbaflow::sim
