#pragma once
// SkuMapper: seller SKU → ERP item code, for one seller account. The ERP's item master comes
// first (a SKU that is an item code maps to itself), then the alias table, per marketplace, then
// the alias for every marketplace ("*"). An alias whose item the ERP lacks is missing too: the
// decision names the item so the person fixing it knows which side is wrong.
// Thread safety: const methods may run concurrently; the setters may not.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fbaflow {

enum class SkuMatch : unsigned char { kExact, kAlias, kMissing };
std::string_view SkuMatchName(SkuMatch m);  // "exact", "alias", "missing"

struct SkuDecision {
  SkuMatch match = SkuMatch::kMissing;
  std::string_view item_code;  // kExact, kAlias: the ERP item (points into the mapper)
  std::string_view alias_to;   // kMissing through an alias: the item the ERP lacks
};

inline constexpr std::string_view kAnyMarketplace = "*";

class SkuMapper {
 public:
  // Replaces the set of item codes the ERP is known to have.
  void SetErpItems(const std::vector<std::string>& items) {
    erp_items_.clear();
    erp_items_.insert(items.begin(), items.end());
  }
  void AddErpItem(std::string item) { erp_items_.insert(std::move(item)); }
  bool HasErpItem(std::string_view item) const;

  // Seller SKU → item, for one marketplace ("UK") or every one (kAnyMarketplace).
  void SetAlias(std::string_view marketplace, std::string_view seller_sku, std::string item);

  SkuDecision Map(std::string_view marketplace, std::string_view seller_sku) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> erp_items_;
  // key: marketplace + '\n' + sku
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> aliases_;
};

}  // namespace fbaflow
