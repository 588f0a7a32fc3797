#include "bench/order_mix.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/amazon/rng.h"
#include "sim/amazon/world.h"
#include "sim/amazon/world_catalogue.h"

namespace fbaflow::bench {

OrderMix::OrderMix(uint64_t seed, const std::string& marketplace, int sku_count)
    : marketplace_(marketplace) {
  const sim::World world(sim::CatalogueConfig(seed, marketplace, sku_count));
  skus_ = world.Skus();
  if (std::optional<sim::MarketplaceSite> site = sim::MarketplaceByCode(marketplace)) {
    marketplace_id_ = site->id;
  }
  double total = 0;
  for (size_t i = 0; i < skus_.size(); ++i) {
    by_sku_.emplace(skus_[i].seller_sku, i);
    double weight = 1.0 / std::pow(static_cast<double>(i + 1), 0.8);
    if (skus_[i].erp_reach == sim::ErpReach::kMissing) weight /= 20;
    total += weight;
    cumulative_.push_back(total);
  }
}

const sim::Sku* OrderMix::FindSku(std::string_view seller_sku) const {
  auto it = by_sku_.find(std::string(seller_sku));
  return it == by_sku_.end() ? nullptr : &skus_[it->second];
}

std::set<std::string> OrderMix::ErpItems() const {
  std::set<std::string> items;
  for (const sim::Sku& s : skus_) {
    if (s.erp_reach != sim::ErpReach::kMissing) items.insert(s.erp_item_code);
  }
  return items;
}

std::vector<SkuMappingRecord> OrderMix::Aliases(const std::string& account, Timestamp at) const {
  std::vector<SkuMappingRecord> out;
  for (const sim::Sku& s : skus_) {
    if (s.erp_reach != sim::ErpReach::kAlias) continue;
    out.push_back({account, marketplace_, s.seller_sku, s.erp_item_code, "bench", at});
  }
  return out;
}

int OrderMix::DrawSku(uint64_t u) const {
  const double x = static_cast<double>(u >> 11) * 0x1.0p-53 * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  return static_cast<int>(
      std::min<ptrdiff_t>(it - cumulative_.begin(), static_cast<ptrdiff_t>(skus_.size()) - 1));
}

std::vector<amazon::Order> OrderMix::Orders(int n, Timestamp now) const {
  sim::Rng rng(0x0DE5'0000 + static_cast<uint64_t>(n));
  std::vector<amazon::Order> orders;
  orders.reserve(static_cast<size_t>(n));
  const int64_t first = now.utc_seconds - 2 * 86400;
  const int64_t span = 2 * 86400 - 3600;  // the last created an hour before now
  for (int i = 0; i < n; ++i) {
    amazon::Order o;
    o.order_id = fmt::format("2{:02d}-{:07d}-{:07d}", i % 97, i, (i * 7919) % 10'000'000);
    o.marketplace_id = marketplace_id_;
    o.channel_name = "Amazon";
    o.created_time = Timestamp{first + span * i / std::max(1, n), 0};
    o.last_updated_time = Timestamp{o.created_time.utc_seconds + rng.Range(60, 1800), 0};

    const sim::Sku& lead = skus_[static_cast<size_t>(DrawSku(rng.Next()))];
    o.fulfilled_by = lead.afn ? amazon::FulfilledBy::kAmazon : amazon::FulfilledBy::kMerchant;
    const double u = rng.Unit();
    const int lines = u < 0.70 ? 1 : u < 0.92 ? 2 : 3;
    std::vector<const sim::Sku*> picked{&lead};
    // Further lines of the same channel, each SKU once.
    for (int tries = 0; static_cast<int>(picked.size()) < lines && tries < 20; ++tries) {
      const sim::Sku& s = skus_[static_cast<size_t>(DrawSku(rng.Next()))];
      if (s.afn != lead.afn || std::find(picked.begin(), picked.end(), &s) != picked.end()) {
        continue;
      }
      picked.push_back(&s);
    }
    std::optional<Money> total;
    for (const sim::Sku* s : picked) {
      amazon::OrderItem item;
      item.order_item_id = fmt::format("{}-{}", o.order_id, o.items.size() + 1);
      item.seller_sku = s->seller_sku;
      item.asin = s->asin;
      item.title = s->title;
      item.quantity_ordered = rng.Chance(0.85) ? 1 : rng.Range(2, 3);
      item.unit_price = s->price;
      const Money line =
          Money::FromMinor(s->price.MinorUnits() * item.quantity_ordered, s->price.GetCurrency());
      total = total ? Money::FromMinor(total->MinorUnits() + line.MinorUnits(), line.GetCurrency())
                    : line;
      o.items.push_back(std::move(item));
    }
    o.grand_total = total;
    const bool shipped = lead.afn && rng.Chance(0.45);
    o.fulfillment_status = shipped ? "SHIPPED" : "UNSHIPPED";
    if (shipped) o.shipped_time = Timestamp{o.last_updated_time.utc_seconds - 30, 0};
    orders.push_back(std::move(o));
  }
  return orders;
}

bool OrderMix::Lands(const amazon::Order& order) const {
  return std::all_of(order.items.begin(), order.items.end(), [&](const amazon::OrderItem& i) {
    const sim::Sku* s = FindSku(i.seller_sku);
    return s != nullptr && s->erp_reach != sim::ErpReach::kMissing;
  });
}

}  // namespace fbaflow::bench
