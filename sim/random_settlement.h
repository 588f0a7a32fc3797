#pragma once
// RandomSettlement: a seeded, realistic settlement of any size, streamed in constant memory.
//
// The mix follows real files: FBA (AFN) and merchant-fulfilled (MFN) order items, some with
// several units or several items per order, shipping charged and charged back or cancelled by a
// free-shipping promotion, withheld marketplace-facilitator tax (US, DE, FR), digital services
// fees, refunds with RefundCommission, Multi-Channel Fulfilment orders (UK, "Non-Amazon UK",
// S02- ids), FBA inventory reimbursements, removals and disposals, storage fees, inbound defect
// fees (FBAFees, an FBA shipment id in order-id), advertising invoices (ServiceFee), and the
// reserve pair: "Previous Reserve Amount Balance" first, "Current Reserve Amount" last. Posted
// times spread over the whole period, so a period that crosses a month end yields rows in both
// months. A few SKUs hold non-ASCII letters ("CAFÉ-MUG-350"), as seller SKUs may.
//
// Every key the generator prints (transaction-type / amount-type / amount-description):
//   Order   ItemPrice/{Principal,Tax,Shipping,ShippingTax}  ItemFees/{FBAPerUnitFulfillmentFee,
//           Commission,ShippingChargeback,DigitalServicesFee}  Promotion/{Shipping,TaxDiscount}
//           ItemWithheldTax/{MarketplaceFacilitatorTax-Principal,-Shipping} (US),
//           ItemWithheldTax/{MarketplaceFacilitatorVAT-Principal,-Shipping} (DE, FR)
//   Refund  the same ItemPrice, ItemWithheldTax and ItemFees keys plus ItemFees/RefundCommission
//   other-transaction  other-transaction/{Previous Reserve Amount Balance,Current Reserve Amount,
//           Storage Fee,RemovalComplete,DisposalComplete}
//           FBA Inventory Reimbursement/{REVERSAL_REIMBURSEMENT,WAREHOUSE_DAMAGE,WAREHOUSE_LOST}
//   FBAFees Inbound Defect Fee/Base fee
//   ServiceFee  Cost of Advertising/TransactionTotalAmount
//
// Row count: exactly `rows` amounts (V2 rows). The reserve pair is present when rows >= 2; at
// the end of the file smaller events are chosen so the count comes out exact.
// Determinism: the events depend only on the options (same seed, same bytes, on every platform);
// ForEachEvent regenerates them from the seed on every call, so memory does not grow with rows.
// Thread safety: const methods may run concurrently.

#include <cstdint>
#include <string>
#include <vector>

#include "core/time/civil.h"
#include "sim/marketplace_profile.h"
#include "sim/settlement_plan.h"

namespace fbaflow::sim {

enum class Scenario : unsigned char {
  kBySeed,       // one of the three below, chosen from the seed (70% / 15% / 15%)
  kNormal,       // sales outweigh fees and refunds; part of the balance is held in reserve
  kLoss,         // a returns spike, storage and advertising: the total is negative
  kZeroDeposit,  // the reserve holds the whole positive balance: total-amount is 0.00
};

// "auto", "normal", "loss", "zero" and back; unknown names are kInvalidArgument.
std::string_view ScenarioName(Scenario scenario);
Result<Scenario> ScenarioFromName(std::string_view name);

struct RandomSettlementOptions {
  Marketplace marketplace = Marketplace::kUS;
  uint64_t rows = 1000;  // amounts to print (V2 detail rows)
  uint64_t seed = 1;
  // First day of the 14-day period; the time of day comes from the seed. The default period
  // (25 October to 8 November 2024) crosses a month end.
  CivilDate start{2024, 10, 25};
  Scenario scenario = Scenario::kBySeed;
  bool non_ascii_skus = true;  // include the SKUs with accented letters
  std::string settlement_id;   // empty: 11 digits derived from the seed
};

class RandomSettlement final : public SettlementSource {
 public:
  explicit RandomSettlement(RandomSettlementOptions options);

  const SettlementHeader& Header() const override { return header_; }
  void ForEachEvent(const EventVisitor& visit) const override;

  // The scenario in effect (kBySeed resolved).
  Scenario EffectiveScenario() const { return scenario_; }

  struct CatalogItem {
    std::string sku;
    int64_t unit_price;  // shelf price, VAT-inclusive where the marketplace quotes it so
    int64_t fba_fee;     // per unit
  };
  // The SKUs the orders draw from, most popular first.
  const std::vector<CatalogItem>& Catalog() const { return catalog_; }

 private:
  class Walk;

  RandomSettlementOptions options_;
  const MarketplaceProfile& profile_;
  Scenario scenario_;
  SettlementHeader header_;
  std::vector<CatalogItem> catalog_;
  std::vector<std::string> promotion_ids_;
};

}  // namespace fbaflow::sim
