#include "core/orders/sku_mapper.h"

namespace fbaflow {
namespace {

std::string Key(std::string_view marketplace, std::string_view rest) {
  std::string key;
  key.reserve(marketplace.size() + 1 + rest.size());
  key.append(marketplace).push_back('\n');
  key.append(rest);
  return key;
}

}  // namespace

std::string_view SkuMatchName(SkuMatch m) {
  switch (m) {
    case SkuMatch::kExact:
      return "exact";
    case SkuMatch::kAlias:
      return "alias";
    case SkuMatch::kMissing:
      return "missing";
  }
  return "?";
}

bool SkuMapper::HasErpItem(std::string_view item) const {
  return erp_items_.find(item) != erp_items_.end();
}

void SkuMapper::SetAlias(std::string_view marketplace, std::string_view seller_sku,
                         std::string item) {
  aliases_[Key(marketplace, seller_sku)] = std::move(item);
}

SkuDecision SkuMapper::Map(std::string_view marketplace, std::string_view seller_sku) const {
  SkuDecision d;
  if (auto it = erp_items_.find(seller_sku); it != erp_items_.end()) {
    d.match = SkuMatch::kExact;
    d.item_code = *it;
    return d;
  }
  // One key buffer per thread: the hot path allocates nothing once warm.
  thread_local std::string key;
  for (std::string_view m : {marketplace, kAnyMarketplace}) {
    key.assign(m).push_back('\n');
    key.append(seller_sku);
    auto alias = aliases_.find(std::string_view(key));
    if (alias == aliases_.end()) continue;
    if (auto item = erp_items_.find(std::string_view(alias->second)); item != erp_items_.end()) {
      d.match = SkuMatch::kAlias;
      d.item_code = *item;
    } else {
      d.alias_to = alias->second;
    }
    return d;
  }
  return d;
}

}  // namespace fbaflow
