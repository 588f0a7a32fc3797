#pragma once
// What a simulated settlement holds, independent of how it is printed.
//
// A settlement is a header (id, period, deposit date, marketplace) and a sequence of events. An
// event is a group of rows that share their context (transaction type, order, shipment, posted
// time, SKU, ...) and differ only in amount-type / amount-description / amount: one order item
// is one event of five to twelve amounts. The writer (settlement_writer.h) prints any
// SettlementSource in any marketplace's format.
//
// Two sources exist: SettlementPlan, an in-memory list a caller fills with its own orders, refunds
// and fees (the Amazon emulator builds settlements consistent with its simulated orders this way),
// and RandomSettlement (random_settlement.h), which streams a seeded random mix of any size in
// constant memory. The builders below (OrderEvent, RefundEvent, ReserveEvent, ...) turn business
// facts into events with the signs, keys and column habits of real files; both sources use them.
//
// Amounts are int64 minor units of the marketplace's currency (pence, cents). Never floating point.

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/civil.h"
#include "sim/marketplace_profile.h"

namespace fbaflow::sim {

// One amount row. The two key views must stay valid while the event is in use: the builders use
// string literals and static profile strings, and SettlementPlan::Add copies them into the plan.
struct Amount {
  std::string_view amount_type;         // "ItemPrice", "ItemFees", "other-transaction", ...
  std::string_view amount_description;  // "Principal", "Commission", "Storage Fee", ...
  int64_t minor = 0;                    // signed, as printed: fees and refunds are negative
  std::string promotion_id;             // promotion-id, only on Promotion rows (often empty)
};

// Rows sharing one context. Empty strings print as empty columns.
struct SettlementEvent {
  std::string transaction_type;  // "Order", "Refund", "other-transaction", "FBAFees", "ServiceFee"
  std::string order_id;
  std::string merchant_order_id;
  std::string adjustment_id;
  std::string shipment_id;
  std::string marketplace_name;  // "Amazon.co.uk", "Non-Amazon UK", or empty
  std::string fulfillment_id;    // "AFN", "MFN", or empty
  Timestamp posted;              // posted-date-time (UTC); posted-date is its UTC date
  std::string order_item_code;
  std::string merchant_order_item_id;
  std::string merchant_adjustment_item_id;
  std::string sku;
  int quantity = 0;  // quantity-purchased; 0 leaves the column empty
  std::vector<Amount> amounts;
};

// The settlement's summary row.
struct SettlementHeader {
  std::string settlement_id;  // digits, e.g. "23395380562"
  Marketplace marketplace = Marketplace::kUS;
  Timestamp start;
  Timestamp end;
  Timestamp deposit;
};

// The usual shape of a period: 14 days from `start` (end one second before the next period
// starts), deposit two days after the end.
SettlementHeader MakeHeader(Marketplace marketplace, std::string settlement_id, Timestamp start);

using EventVisitor = std::function<void(const SettlementEvent&)>;

// Anything that can list a settlement's events.
class SettlementSource {
 public:
  virtual ~SettlementSource() = default;
  virtual const SettlementHeader& Header() const = 0;
  // Calls `visit` once per event, in file order. Every call visits exactly the same events: the
  // writer makes one pass to total the amounts (the summary row comes first) and one to print.
  // The event passed is valid only during the call.
  virtual void ForEachEvent(const EventVisitor& visit) const = 0;
};

// A settlement held in memory: the caller adds events built below (or its own). Movable, not
// copyable (events point into the plan's own copies of their strings). Not thread-safe.
class SettlementPlan final : public SettlementSource {
 public:
  explicit SettlementPlan(SettlementHeader header);
  SettlementPlan(SettlementPlan&&) = default;
  SettlementPlan& operator=(SettlementPlan&&) = default;
  SettlementPlan(const SettlementPlan&) = delete;
  SettlementPlan& operator=(const SettlementPlan&) = delete;

  const SettlementHeader& Header() const override { return header_; }
  void ForEachEvent(const EventVisitor& visit) const override;

  // Appends `event`; its amount keys are copied into the plan.
  void Add(SettlementEvent event);
  const std::vector<SettlementEvent>& Events() const { return events_; }

 private:
  std::string_view Intern(std::string_view text);

  SettlementHeader header_;
  std::vector<SettlementEvent> events_;
  std::set<std::string, std::less<>> strings_;  // node-based: views stay valid across moves
};

// ---- Builders: business facts in, events with the real files' signs and keys out ----------

enum class Channel : unsigned char { kAfn, kMfn };  // fulfilled by Amazon / by the merchant

// One order item as the marketplace charged it. Amounts are positive magnitudes (what the buyer
// paid, what each fee cost); OrderEvent applies the signs. Zero amounts are left out, except the
// Principal row, which is always present (MCF orders print "0.00").
struct OrderItem {
  std::string order_id;                // "204-0894124-9818718"
  std::string merchant_order_id;       // empty: the order id (as files print for Amazon orders)
  std::string shipment_id;             // "QffcYy4Hy"
  std::string order_item_code;         // 14 digits
  std::string merchant_order_item_id;  // MCF orders carry the SKU here
  std::string sku;
  int quantity = 1;
  Timestamp posted;
  Channel channel = Channel::kAfn;
  bool multi_channel = false;  // a Multi-Channel Fulfilment order: the profile's mcf_name
  int64_t principal = 0;       // item price net of tax, all units
  int64_t tax = 0;
  int64_t shipping = 0;
  int64_t shipping_tax = 0;
  int64_t shipping_promotion = 0;  // free-shipping promotion on `shipping` (Promotion/Shipping)
  int64_t tax_discount = 0;        // ... and on its tax (Promotion/TaxDiscount)
  std::string promotion_id;
  bool tax_withheld = false;  // Amazon keeps the tax: ItemWithheldTax rows cancel Tax/ShippingTax
  int64_t fba_fee = 0;        // FBAPerUnitFulfillmentFee, all units
  int64_t commission = 0;
  int64_t shipping_chargeback = 0;
  int64_t digital_services_fee = 0;
};

// What a caller knows about a sale; PriceOrderItem derives the rest with the profile's rules.
struct ItemSale {
  int64_t unit_price = 0;  // shelf price per unit: VAT-inclusive in VAT marketplaces, net in US
  int quantity = 1;
  int64_t shipping_price = 0;            // charged for shipping, all units, on the same basis
  int64_t fba_fee_per_unit = 0;          // the SKU's fulfilment fee (ignored for MFN)
  int tax_rate_bp = -1;                  // -1: the profile's rate; 0: a sale without tax
  bool free_shipping_promotion = false;  // cancels the shipping charge with a Promotion
};

// Fills the amounts of `item` (principal .. digital_services_fee, tax_withheld) for `sale`,
// following the real files: VAT split out of inclusive prices, referral fee on the VAT-inclusive
// item price plus VAT on the fee (EU), digital services fee on commission + fulfilment fee,
// shipping charged back on FBA orders or cancelled by a promotion. Identity fields untouched.
void PriceOrderItem(const MarketplaceProfile& profile, const ItemSale& sale, OrderItem& item);

// An order item's rows (transaction-type "Order").
SettlementEvent OrderEvent(const MarketplaceProfile& profile, const OrderItem& item);

// A refund of an order item. Amounts are positive magnitudes; RefundEvent applies the signs
// (the buyer's money negative, the commission given back positive, RefundCommission negative).
struct RefundItem {
  std::string order_id;
  std::string merchant_order_id;  // empty: the order id
  std::string adjustment_id;      // "amzn1:crow:…"
  std::string order_item_code;
  std::string merchant_adjustment_item_id;  // 19 digits
  std::string sku;
  Timestamp posted;
  Channel channel = Channel::kAfn;
  int64_t principal = 0;
  int64_t tax = 0;
  int64_t shipping = 0;
  int64_t shipping_tax = 0;
  bool tax_withheld = false;
  int64_t commission = 0;         // commission returned to the seller
  int64_t refund_commission = 0;  // the administration fee Amazon keeps
  int64_t shipping_chargeback = 0;
  int64_t digital_services_fee = 0;  // returned with the commission
};

// A full refund of `order` (its price, tax, shipping, commission; the fulfilment fee is not
// returned), with Amazon's refund administration fee: 20% of the commission, at most 5.00.
RefundItem RefundOf(const MarketplaceProfile& profile, const OrderItem& order, Timestamp posted,
                    std::string adjustment_id, std::string merchant_adjustment_item_id);

// A refund's rows (transaction-type "Refund").
SettlementEvent RefundEvent(const MarketplaceProfile& profile, const RefundItem& refund);

// "Previous Reserve Amount Balance" (released: positive) or "Current Reserve Amount" (held:
// negative). `amount` is printed as given.
enum class ReserveKind : unsigned char { kPrevious, kCurrent };
SettlementEvent ReserveEvent(ReserveKind kind, int64_t amount, Timestamp posted);

// other-transaction / other-transaction / `description`: "Storage Fee", "RemovalComplete",
// "DisposalComplete", ... `reference` goes to order-id (a removal order id, or empty).
SettlementEvent OtherTransactionEvent(std::string_view description, int64_t amount,
                                      Timestamp posted, std::string reference = {});

// other-transaction / "FBA Inventory Reimbursement" / `reason` ("REVERSAL_REIMBURSEMENT",
// "WAREHOUSE_DAMAGE", "WAREHOUSE_LOST"): positive when Amazon pays the seller.
struct Reimbursement {
  std::string_view reason;
  std::string order_id;  // the order concerned, or empty
  std::string adjustment_id;
  std::string sku;
  int quantity = 1;
  int64_t amount = 0;
  Timestamp posted;
};
SettlementEvent ReimbursementEvent(const Reimbursement& reimbursement);

// FBAFees / "Inbound Defect Fee" / "Base fee", order-id holding the FBA shipment id
// ("FBA19CD9HGQ8"). `amount` is negative.
SettlementEvent InboundDefectFeeEvent(const MarketplaceProfile& profile,
                                      std::string fba_shipment_id, int64_t amount,
                                      Timestamp posted);

// ServiceFee / "Cost of Advertising" / "TransactionTotalAmount": a sponsored-ads invoice paid from
// the settlement. `amount` is negative.
SettlementEvent AdvertisingEvent(int64_t amount, Timestamp posted);

// Rounds amount * rate_bp / 10000 half away from zero (how Amazon's fees come out in the files).
int64_t ApplyRate(int64_t amount, int rate_bp);

}  // namespace fbaflow::sim
