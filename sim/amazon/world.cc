#include "sim/amazon/world.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/world_notify.h"

namespace fbaflow::sim {
namespace {

constexpr std::array<const char*, 10> kAdjectives = {"Café",    "Organic",  "Deluxe", "Compact",
                                                     "Premium", "Everyday", "Nordic", "Crème",
                                                     "Rustic",  "Classic"};
constexpr std::array<const char*, 10> kNouns = {
    "Coffee Mug",  "Tea Towel Set", "Yoga Mat",     "Water Bottle",  "Desk Lamp",
    "Phone Stand", "Müsli Bowl",    "Chef's Knife", "Cutting Board", "Scented Candle"};
constexpr std::array<const char*, 6> kVariants = {"Blue", "Large", "2-Pack",
                                                  "Oak",  "Grey",  "Small"};
constexpr std::array<const char*, 8> kBuyers = {"Alex Morgan",  "Sam Patel",     "Jordan Lee",
                                                "Chris Müller", "Taylor Brooks", "Renée Dubois",
                                                "Pat Kim",      "Jamie Fox"};
struct City {
  const char* city;
  const char* state;
  const char* postal;
};
constexpr std::array<City, 5> kUsCities = {{{"Seattle", "WA", "98101"},
                                            {"Austin", "TX", "73301"},
                                            {"Denver", "CO", "80202"},
                                            {"Boston", "MA", "02108"},
                                            {"Columbus", "OH", "43004"}}};
constexpr std::array<City, 5> kUkCities = {{{"Leeds", "West Yorkshire", "LS1 4AP"},
                                            {"Bristol", "Bristol", "BS1 5TR"},
                                            {"Manchester", "Greater Manchester", "M1 1AE"},
                                            {"York", "North Yorkshire", "YO1 7HH"},
                                            {"Cardiff", "Cardiff", "CF10 1EP"}}};
constexpr std::array<City, 5> kDeCities = {{{"Köln", "NRW", "50667"},
                                            {"München", "Bayern", "80331"},
                                            {"Hamburg", "Hamburg", "20095"},
                                            {"Leipzig", "Sachsen", "04109"},
                                            {"Berlin", "Berlin", "10115"}}};

// a * bp / 10000 rounded half to even, in minor units.
int64_t RoundBasisPoints(int64_t minor, int64_t bp) {
  const int64_t num = minor * bp;
  int64_t q = num / 10000;
  int64_t r = num % 10000;
  if (r < 0) {
    r += 10000;
    --q;
  }
  if (r > 5000 || (r == 5000 && (q % 2 != 0))) ++q;
  return q;
}

}  // namespace

World::World(WorldConfig config)
    : config_(std::move(config)),
      rng_(config_.seed * 0x9E3779B97F4A7C15ULL + 17),
      request_rng_(config_.seed * 0xC2B2AE3D27D4EB4FULL + 29),
      fault_rng_(config_.fault_seed * 0x165667B19E3779F9ULL + 41),
      erp_rng_(config_.seed * 0xD6E8FEB86659FD93ULL + 53) {
  std::optional<MarketplaceSite> m = MarketplaceByCode(config_.marketplace);
  if (!m)
    throw std::invalid_argument("unknown marketplace '" + config_.marketplace + "' (US, UK, DE)");
  marketplace_ = *m;
  if (config_.seller_id.empty()) config_.seller_id = "A" + rng_.UpperAlnum(13);
  reserve_held_ = Money::Zero(marketplace_.currency);
  next_report_id_ = 50'000'000'000ULL + request_rng_.Below(900'000'000ULL);
  next_settlement_id_ = 20'000'000'000ULL + rng_.Below(900'000'000ULL);

  const SimMillis history_start =
      config_.start - static_cast<SimMillis>(config_.history_days) * kDay;
  now_ = history_start;
  BuildCatalogue(history_start);
  OpenNewSettlement(history_start);
  Schedule(history_start + config_.settlement_period, [this] { CloseSettlement(); });
  // Daily operations at 03:00 UTC.
  const SimMillis first_day = history_start - (history_start % kDay) + 3 * kHour;
  Schedule(first_day > history_start ? first_day : first_day + kDay, [this] { DailyOperations(); });
  ScheduleNextOrder();
  AdvanceTo(config_.start);
  notify_ = true;  // nobody was subscribed before the emulator started
}

void World::Schedule(SimMillis t, std::function<void()> run) {
  events_.push_back(Event{t, seq_++, std::move(run)});
  std::push_heap(events_.begin(), events_.end(), EventLater());
}

void World::AdvanceTo(SimMillis t) {
  while (!events_.empty() && events_.front().time <= t) {
    std::pop_heap(events_.begin(), events_.end(), EventLater());
    Event ev = std::move(events_.back());
    events_.pop_back();
    now_ = std::max(now_, ev.time);
    ev.run();
  }
  now_ = std::max(now_, t);
}

Money World::Percent(const Money& m, int basis_points) const {
  return Money::FromMinor(RoundBasisPoints(m.MinorUnits(), basis_points), m.GetCurrency());
}

std::string World::NewOrderId() {
  // One draw a statement: argument evaluation order is unspecified, and a seed must give the
  // same world whatever the compiler.
  const auto site = rng_.Range(1, 4);
  const std::string first = rng_.Digits(7);
  const std::string second = rng_.Digits(7);
  return fmt::format("{}{}-{}-{}", marketplace_.order_prefix, site, first, second);
}

void World::BuildCatalogue(SimMillis t) {
  const Currency cur = marketplace_.currency;
  const int mfn_count = static_cast<int>(config_.sku_count * config_.mfn_share + 0.5);
  for (int i = 0; i < config_.sku_count; ++i) {
    Sku sku;
    const char* adjective = kAdjectives[i == 0 ? 0 : rng_.Below(kAdjectives.size())];
    const char* noun = kNouns[rng_.Below(kNouns.size())];
    const char* variant = kVariants[rng_.Below(kVariants.size())];
    sku.title = fmt::format("{} {} – {}", adjective, noun, variant);
    sku.afn = i >= mfn_count;
    sku.seller_sku =
        fmt::format("{}-{}-{:03d}", sku.afn ? "FBA" : "MFN", rng_.UpperAlnum(4), i + 1);
    sku.fnsku = sku.afn ? "X00" + rng_.UpperAlnum(7) : "";
    sku.asin = "B0" + rng_.UpperAlnum(8);
    const auto pounds = rng_.Range(7, 79);
    const int pence = rng_.Chance(0.7) ? 99 : 49;
    sku.price = Money::FromMinor(pounds * 100 + pence, cur);
    sku.fba_fee = Money::FromMinor(rng_.Range(322, 750), cur);
    sku.created = t;
    sku.last_updated = t;
    skus_.push_back(std::move(sku));
  }
  for (int i = 0; i < static_cast<int>(skus_.size()); ++i) {
    Sku& sku = skus_[static_cast<size_t>(i)];
    if (sku.afn) {
      const int qty = static_cast<int>(rng_.Range(40, 300));
      sku.fulfillable = qty;
      Ledger(i, "Receipts", "FBA" + rng_.UpperAlnum(9), qty, "SELLABLE");
    } else {
      sku.mfn_quantity = static_cast<int>(rng_.Range(10, 100));
    }
  }
  AssignErpItemCodes();
}

void World::AssignErpItemCodes() {
  // About 70 % exact, 20 % alias, 10 % missing. A kind the draw left out is given to one exact
  // SKU, so any catalogue of three SKUs or more that has an exact one to spare shows every kind.
  for (size_t i = 0; i < skus_.size(); ++i) {
    Sku& sku = skus_[i];
    const double u = erp_rng_.Unit();
    sku.erp_reach = u < 0.7 ? ErpReach::kExact : u < 0.9 ? ErpReach::kAlias : ErpReach::kMissing;
  }
  if (skus_.size() >= 3) {
    for (ErpReach wanted : {ErpReach::kAlias, ErpReach::kMissing}) {
      const bool present = std::any_of(skus_.begin(), skus_.end(),
                                       [&](const Sku& s) { return s.erp_reach == wanted; });
      if (present) continue;
      std::vector<size_t> exact;
      for (size_t i = 0; i < skus_.size(); ++i) {
        if (skus_[i].erp_reach == ErpReach::kExact) exact.push_back(i);
      }
      if (!exact.empty()) skus_[exact[erp_rng_.Below(exact.size())]].erp_reach = wanted;
    }
  }
  for (size_t i = 0; i < skus_.size(); ++i) {
    Sku& sku = skus_[i];
    if (sku.erp_reach == ErpReach::kAlias) {
      const std::string digits = erp_rng_.Digits(4);
      sku.erp_item_code = fmt::format("ITM-{}-{:03d}", digits, i + 1);
    } else {
      sku.erp_item_code = sku.seller_sku;
    }
  }
}

const Sku* World::FindSku(std::string_view seller_sku) const {
  for (const Sku& s : skus_) {
    if (s.seller_sku == seller_sku) return &s;
  }
  return nullptr;
}

const Order* World::FindOrder(std::string_view order_id) const {
  auto it = order_index_.find(order_id);
  return it == order_index_.end() ? nullptr : &orders_[it->second];
}

void World::ScheduleNextOrder() {
  if (config_.orders_per_day <= 0) return;
  const double mean_ms = static_cast<double>(kDay) / config_.orders_per_day;
  const auto gap = static_cast<SimMillis>(rng_.Exponential(mean_ms)) + 1;
  Schedule(now_ + gap, [this] { PlaceOrder(); });
}

void World::PlaceOrder() {
  ScheduleNextOrder();
  auto available = [this](size_t i) {
    const Sku& s = skus_[i];
    return s.afn ? s.fulfillable : s.mfn_quantity;
  };
  int first = -1;
  for (int attempt = 0; attempt < 12 && first < 0; ++attempt) {
    const size_t i = rng_.Below(skus_.size());
    if (available(i) > 0) first = static_cast<int>(i);
  }
  if (first < 0) return;  // out of stock everywhere the buyers looked

  Order order;
  order.order_id = NewOrderId();
  order.afn = skus_[static_cast<size_t>(first)].afn;
  order.created = now_;
  order.last_updated = now_;
  order.status = OrderStatus::kPending;
  order.prime = order.afn && rng_.Chance(0.6);
  static constexpr std::array<const char*, 3> kAfnLevels = {"STANDARD", "EXPEDITED", "NEXT_DAY"};
  order.service_level = order.afn ? kAfnLevels[rng_.Below(kAfnLevels.size())] : "STANDARD";
  order.shipping = Money::FromMinor(order.afn ? 0 : 499, marketplace_.currency);
  order.buyer_name = kBuyers[rng_.Below(kBuyers.size())];
  order.buyer_email =
      rng_.Chars("abcdefghijklmnopqrstuvwxyz0123456789", 16) + "@marketplace.amazon.com";
  const auto& cities = marketplace_.code == "UK"   ? kUkCities
                       : marketplace_.code == "DE" ? kDeCities
                                                   : kUsCities;
  const City& city = cities[rng_.Below(cities.size())];
  order.address = {order.buyer_name, fmt::format("{} Market Street", rng_.Range(1, 999)),
                   city.city,        city.state,
                   city.postal,      marketplace_.country};

  const double r = rng_.Unit();
  const int lines = r < 0.8 ? 1 : r < 0.95 ? 2 : 3;
  std::vector<int> chosen = {first};
  for (int l = 1; l < lines; ++l) {
    for (int attempt = 0; attempt < 6; ++attempt) {
      const int i = static_cast<int>(rng_.Below(skus_.size()));
      if (skus_[static_cast<size_t>(i)].afn != order.afn || available(static_cast<size_t>(i)) <= 0)
        continue;
      if (std::find(chosen.begin(), chosen.end(), i) != chosen.end()) continue;
      chosen.push_back(i);
      break;
    }
  }
  for (int i : chosen) {
    Sku& sku = skus_[static_cast<size_t>(i)];
    OrderLine item;
    item.order_item_id = rng_.Digits(14);
    item.sku = i;
    item.quantity = std::min(rng_.Chance(0.85) ? 1 : 2, available(static_cast<size_t>(i)));
    item.unit_price = sku.price;
    item.item_tax =
        Percent(Money::FromMinor(sku.price.MinorUnits() * item.quantity, sku.price.GetCurrency()),
                marketplace_.tax_basis_points);
    if (sku.afn) {
      sku.fulfillable -= item.quantity;
      sku.reserved_pending_customer += item.quantity;
    } else {
      sku.mfn_quantity -= item.quantity;
      sku.last_updated = now_;
    }
    order.items.push_back(std::move(item));
  }
  const size_t index = orders_.size();
  order_index_[order.order_id] = index;
  orders_.push_back(std::move(order));
  for (const OrderLine& item : orders_[index].items) {
    if (orders_[index].afn) Touch(item.sku);
  }
  NotifyOrder(orders_[index], "OrderStatusChange", "Order placed");
  Schedule(now_ + rng_.Range(2, 30) * kMinute, [this, index] { AdvanceOrder(index); });
}

void World::AdvanceOrder(size_t index) {
  Order& order = orders_[index];
  if (order.status != OrderStatus::kPending) return;
  if (rng_.Chance(0.02)) {
    CancelOrder(index, "Payment authorization failed", false);
    return;
  }
  order.status = OrderStatus::kUnshipped;
  order.last_updated = now_;
  if (order.afn) {
    for (const OrderLine& item : order.items) {
      Sku& sku = skus_[static_cast<size_t>(item.sku)];
      sku.reserved_pending_customer -= item.quantity;
      sku.reserved_fc_processing += item.quantity;
      Touch(item.sku);
    }
  }
  NotifyOrder(order, "OrderStatusChange", "Payment authorized");
  const SimMillis ship_after = order.afn ? rng_.Range(2, 30) * kHour : rng_.Range(4, 48) * kHour;
  if (rng_.Chance(0.015)) {
    Schedule(now_ + ship_after / 2,
             [this, index] { CancelOrder(index, "Buyer requested cancel", true); });
  } else {
    Schedule(now_ + ship_after, [this, index] { ShipOrder(index); });
  }
}

void World::CancelOrder(size_t index, std::string reason, bool buyer) {
  Order& order = orders_[index];
  // A partially shipped order is the seller's, who confirms its packages (ConfirmShipment).
  if (order.status == OrderStatus::kShipped || order.status == OrderStatus::kCancelled ||
      order.status == OrderStatus::kPartiallyShipped) {
    return;
  }
  const bool was_pending = order.status == OrderStatus::kPending;
  order.status = OrderStatus::kCancelled;
  order.cancelled = now_;
  order.last_updated = now_;
  order.cancel_reason = std::move(reason);
  order.buyer_requested_cancel = buyer;
  for (const OrderLine& item : order.items) {
    Sku& sku = skus_[static_cast<size_t>(item.sku)];
    if (order.afn) {
      if (was_pending) {
        sku.reserved_pending_customer -= item.quantity;
      } else {
        sku.reserved_fc_processing -= item.quantity;
      }
      sku.fulfillable += item.quantity;
      Touch(item.sku);
    } else {
      sku.mfn_quantity += item.quantity;
      sku.last_updated = now_;
    }
  }
  NotifyOrder(order, buyer ? "BuyerRequestedChange" : "OrderStatusChange", order.cancel_reason);
}

void World::ShipOrder(size_t index) {
  Order& order = orders_[index];
  // The seller may have shipped it first (ConfirmShipment). This event then draws what it would
  // have drawn and changes nothing, so that the rest of the world goes on as without the request;
  // a refund may still follow.
  // (A partly confirmed order counts too: it must draw the same, or every later draw shifts.)
  const bool by_seller = !order.confirmations.empty();
  if (order.status != OrderStatus::kUnshipped && !by_seller) return;
  std::string shipment_id =
      rng_.Chars("ABCDEFGHJKLMNPQRSTVWXYZabcdefghijkmnpqrstuvwxyz0123456789", 9);
  std::string carrier, tracking_number;
  if (!order.afn) {
    static constexpr std::array<const char*, 3> kCarriers = {"UPS", "USPS", "DHL"};
    carrier = kCarriers[rng_.Below(kCarriers.size())];
    tracking_number = "1Z" + rng_.UpperAlnum(16);
  }
  const std::string fc =
      marketplace_.fulfillment_centers[rng_.Below(marketplace_.fulfillment_centers.size())];
  if (by_seller) {
    rng_.Hex(32);  // BookShipment's transaction id
  } else {
    order.status = OrderStatus::kShipped;
    order.shipped = now_;
    order.last_updated = now_;
    order.shipment_id = std::move(shipment_id);
    order.carrier = std::move(carrier);
    order.tracking_number = std::move(tracking_number);
    BookShipment(index, fc, rng_);
    NotifyOrder(order, "OrderStatusChange", "Order shipped");
  }
  if (rng_.Chance(0.06)) {
    Schedule(now_ + rng_.Range(3 * 24, 25 * 24) * kHour, [this, index] { RefundOrder(index); });
  }
}

void World::BookShipment(size_t index, const std::string& fc, Rng& ids) {
  Order& order = orders_[index];
  const Currency cur = marketplace_.currency;
  FinanceTransaction tx;
  tx.transaction_id = ids.Hex(32);
  tx.transaction_type = "Shipment";
  tx.description = "Order Payment";
  tx.posted = now_;
  tx.order_id = order.order_id;
  tx.fulfillment_network = order.afn ? "AFN" : "MFN";
  tx.total = Money::Zero(cur);
  std::map<std::string, std::vector<std::pair<std::string, Money>>> groups;
  bool first = true;
  for (OrderLine& item : order.items) {
    item.quantity_shipped = item.quantity;
    Sku& sku = skus_[static_cast<size_t>(item.sku)];
    if (order.afn) {
      sku.reserved_fc_processing -= item.quantity;
      Ledger(item.sku, "Shipments", order.shipment_id, -item.quantity, "SELLABLE");
      ledger_.back().fulfillment_center = fc;
      Touch(item.sku);
    }
    const Money principal = Money::FromMinor(item.unit_price.MinorUnits() * item.quantity, cur);
    auto row = [&](std::string amount_type, std::string description, Money amount) {
      SettlementRow r;
      r.transaction_type = "Order";
      r.order_id = order.order_id;
      r.merchant_order_id = order.order_id;
      r.shipment_id = order.shipment_id;
      r.marketplace_name = marketplace_.name;
      r.amount_type = std::move(amount_type);
      r.amount_description = std::move(description);
      r.amount = amount;
      r.fulfillment_id = order.afn ? "AFN" : "MFN";
      r.posted = now_;
      r.order_item_code = item.order_item_id;
      r.sku = sku.seller_sku;
      r.quantity = item.quantity;
      const std::string group = r.amount_type == "ItemFees" ? "AmazonFees"
                                : r.amount_description.find("Tax") != std::string::npos
                                    ? "Tax"
                                    : "ProductCharges";
      groups[group].emplace_back(r.amount_description, amount);
      tx.total += amount;
      AddSettlementRow(std::move(r));
    };
    row("ItemPrice", "Principal", principal);
    row("ItemPrice", "Tax", item.item_tax);
    if (marketplace_.tax_withheld)
      row("ItemWithheldTax", marketplace_.withheld_principal, -item.item_tax);
    Money commission_base = principal;
    if (!order.afn && first && !order.shipping.IsZero()) {
      const Money shipping_tax = Percent(order.shipping, marketplace_.tax_basis_points);
      row("ItemPrice", "Shipping", order.shipping);
      row("ItemPrice", "ShippingTax", shipping_tax);
      if (marketplace_.tax_withheld)
        row("ItemWithheldTax", marketplace_.withheld_shipping, -shipping_tax);
      commission_base += order.shipping;
    }
    row("ItemFees", "Commission", -Percent(commission_base, 1500));
    if (order.afn) {
      row("ItemFees", "FBAPerUnitFulfillmentFee",
          -Money::FromMinor(sku.fba_fee.MinorUnits() * item.quantity, cur));
    }
    if (first) {
      tx.sku = sku.seller_sku;
      tx.asin = sku.asin;
    }
    tx.quantity += item.quantity;
    first = false;
  }
  for (auto& [name, parts] : groups) tx.breakdowns.emplace_back(name, std::move(parts));
  AddTransaction(std::move(tx));
}

void World::RefundOrder(size_t index) {
  Order& order = orders_[index];
  if (order.refunded || order.status != OrderStatus::kShipped) return;
  order.refunded = true;
  const Currency cur = marketplace_.currency;
  const std::string adjustment_id = rng_.Digits(14);
  FinanceTransaction tx;
  tx.transaction_id = rng_.Hex(32);
  tx.transaction_type = "Refund";
  tx.description = "Refund";
  tx.posted = now_;
  tx.order_id = order.order_id;
  tx.fulfillment_network = order.afn ? "AFN" : "MFN";
  tx.total = Money::Zero(cur);
  std::map<std::string, std::vector<std::pair<std::string, Money>>> groups;
  bool first = true;
  for (const OrderLine& item : order.items) {
    Sku& sku = skus_[static_cast<size_t>(item.sku)];
    const Money principal = Money::FromMinor(item.unit_price.MinorUnits() * item.quantity, cur);
    const std::string adjustment_item = rng_.Digits(14);
    auto row = [&](std::string amount_type, std::string description, Money amount) {
      SettlementRow r;
      r.transaction_type = "Refund";
      r.order_id = order.order_id;
      r.merchant_order_id = order.order_id;
      r.adjustment_id = adjustment_id;
      r.marketplace_name = marketplace_.name;
      r.amount_type = std::move(amount_type);
      r.amount_description = std::move(description);
      r.amount = amount;
      r.fulfillment_id = order.afn ? "AFN" : "MFN";
      r.posted = now_;
      r.order_item_code = item.order_item_id;
      r.merchant_adjustment_item_id = adjustment_item;
      r.sku = sku.seller_sku;
      const std::string group = r.amount_type == "ItemFees" ? "AmazonFees"
                                : r.amount_description.find("Tax") != std::string::npos
                                    ? "Tax"
                                    : "ProductCharges";
      groups[group].emplace_back(r.amount_description, amount);
      tx.total += amount;
      AddSettlementRow(std::move(r));
    };
    row("ItemPrice", "Principal", -principal);
    row("ItemPrice", "Tax", -item.item_tax);
    if (marketplace_.tax_withheld)
      row("ItemWithheldTax", marketplace_.withheld_principal, item.item_tax);
    Money commission_base = principal;
    if (!order.afn && first && !order.shipping.IsZero()) {
      const Money shipping_tax = Percent(order.shipping, marketplace_.tax_basis_points);
      row("ItemPrice", "Shipping", -order.shipping);
      row("ItemPrice", "ShippingTax", -shipping_tax);
      if (marketplace_.tax_withheld)
        row("ItemWithheldTax", marketplace_.withheld_shipping, shipping_tax);
      commission_base += order.shipping;
    }
    const Money commission = Percent(commission_base, 1500);
    row("ItemFees", "Commission", commission);
    const Money refund_commission = std::min(Percent(commission, 2000), Money::FromMinor(500, cur));
    row("ItemFees", "RefundCommission", -refund_commission);
    if (order.afn) {
      // The buyer sends the units back; some cannot be sold again.
      const bool sellable = rng_.Chance(0.75);
      Ledger(item.sku, "CustomerReturns", order.order_id, item.quantity,
             sellable ? "SELLABLE" : "CUSTOMER_DAMAGED");
      if (sellable) {
        sku.fulfillable += item.quantity;
      } else {
        sku.customer_damaged += item.quantity;
      }
      Touch(item.sku);
    }
    if (first) {
      tx.sku = sku.seller_sku;
      tx.asin = sku.asin;
    }
    tx.quantity += item.quantity;
    first = false;
  }
  for (auto& [name, parts] : groups) tx.breakdowns.emplace_back(name, std::move(parts));
  AddTransaction(std::move(tx));
}

void World::DailyOperations() {
  Schedule(now_ + kDay, [this] { DailyOperations(); });
  const Currency cur = marketplace_.currency;
  auto other = [this](int sku_index, std::string amount_type, std::string description, Money amount,
                      int quantity, std::string tx_type) {
    const Sku& sku = skus_[static_cast<size_t>(sku_index)];
    SettlementRow r;
    r.transaction_type = "other-transaction";
    r.adjustment_id = rng_.Digits(11);
    r.marketplace_name = marketplace_.name;
    r.amount_type = std::move(amount_type);
    r.amount_description = std::move(description);
    r.amount = amount;
    r.posted = now_;
    r.sku = sku.seller_sku;
    r.quantity = quantity;
    FinanceTransaction tx;
    tx.transaction_id = rng_.Hex(32);
    tx.transaction_type = std::move(tx_type);
    tx.description = r.amount_description;
    tx.posted = now_;
    tx.total = amount;
    tx.sku = sku.seller_sku;
    tx.asin = sku.asin;
    tx.quantity = quantity;
    tx.fulfillment_network = "AFN";
    tx.breakdowns.push_back({"Other", {{r.amount_description, amount}}});
    AddSettlementRow(std::move(r));
    AddTransaction(std::move(tx));
  };
  for (int i = 0; i < static_cast<int>(skus_.size()); ++i) {
    Sku& sku = skus_[static_cast<size_t>(i)];
    if (!sku.afn) {
      if (!sku.mfn_quantity_set_by_api && sku.mfn_quantity < 5) {
        sku.mfn_quantity += static_cast<int>(rng_.Range(20, 60));
        sku.last_updated = now_;
      }
      continue;
    }
    if (sku.fulfillable + sku.Inbound() < 25)
      StartInbound(i, static_cast<int>(rng_.Range(60, 200)));
    if (sku.fulfillable > 0 && rng_.Chance(0.01)) {
      // Damaged in the fulfilment centre: sellable -1 (E), warehouse-damaged +1 (P); reimbursed
      // later.
      const std::string ref = rng_.Digits(11);
      sku.fulfillable -= 1;
      sku.warehouse_damaged += 1;
      Ledger(i, "Adjustments", ref, -1, "SELLABLE", "E");
      Ledger(i, "Adjustments", ref, 1, "WAREHOUSE_DAMAGED", "P");
      Touch(i);
      const Money value = Percent(sku.price, 6000);
      Schedule(now_ + rng_.Range(5, 20) * kDay, [i, value, other] {
        other(i, "FBA Inventory Reimbursement", "WAREHOUSE_DAMAGE", value, 1, "Adjustment");
      });
    }
    if (sku.fulfillable > 0 && rng_.Chance(0.005)) {
      // Misplaced (M): out of the warehouse balance into research; found (F) or reimbursed later.
      sku.fulfillable -= 1;
      sku.researching += 1;
      Ledger(i, "Adjustments", rng_.Digits(11), -1, "SELLABLE", "M");
      Touch(i);
      const bool found = rng_.Chance(0.5);
      const Money value = Percent(sku.price, 6000);
      Schedule(now_ + rng_.Range(7, 30) * kDay, [this, i, found, value, other] {
        Sku& s = skus_[static_cast<size_t>(i)];
        s.researching -= 1;
        if (found) {
          s.fulfillable += 1;
          Ledger(i, "Adjustments", rng_.Digits(11), 1, "SELLABLE", "F");
        } else {
          other(i, "FBA Inventory Reimbursement", "WAREHOUSE_LOST", value, 1, "Adjustment");
        }
        Touch(i);
      });
    }
    if (sku.Unfulfillable() >= 3 && rng_.Chance(0.15)) {
      // A removal order for everything unsellable: returned to the seller or disposed of.
      const std::string order_ref = "RMV" + rng_.UpperAlnum(7);
      const bool dispose = rng_.Chance(0.4);
      const int units = sku.Unfulfillable();
      if (sku.customer_damaged > 0) {
        Ledger(i, dispose ? "Adjustments" : "VendorReturns", order_ref, -sku.customer_damaged,
               "CUSTOMER_DAMAGED", dispose ? "D" : "");
      }
      if (sku.warehouse_damaged > 0) {
        Ledger(i, dispose ? "Adjustments" : "VendorReturns", order_ref, -sku.warehouse_damaged,
               "WAREHOUSE_DAMAGED", dispose ? "D" : "");
      }
      sku.customer_damaged = 0;
      sku.warehouse_damaged = 0;
      Touch(i);
      other(i, "other-transaction", "RemovalComplete", -Money::FromMinor(int64_t{units} * 97, cur),
            units, "ServiceFee");
    }
  }
}

void World::StartInbound(int sku_index, int quantity) {
  Sku& sku = skus_[static_cast<size_t>(sku_index)];
  const std::string shipment = "FBA" + rng_.UpperAlnum(9);
  sku.inbound_working += quantity;
  Touch(sku_index);
  const SimMillis shipped = now_ + rng_.Range(12, 48) * kHour;
  const SimMillis receiving = shipped + rng_.Range(48, 120) * kHour;
  const SimMillis received = receiving + rng_.Range(12, 36) * kHour;
  const std::string fc =
      marketplace_.fulfillment_centers[rng_.Below(marketplace_.fulfillment_centers.size())];
  Schedule(shipped, [this, sku_index, quantity] {
    Sku& s = skus_[static_cast<size_t>(sku_index)];
    s.inbound_working -= quantity;
    s.inbound_shipped += quantity;
    Touch(sku_index);
  });
  Schedule(receiving, [this, sku_index, quantity] {
    Sku& s = skus_[static_cast<size_t>(sku_index)];
    s.inbound_shipped -= quantity;
    s.inbound_receiving += quantity;
    Touch(sku_index);
  });
  Schedule(received, [this, sku_index, quantity, shipment, fc] {
    Sku& s = skus_[static_cast<size_t>(sku_index)];
    s.inbound_receiving -= quantity;
    s.fulfillable += quantity;
    Ledger(sku_index, "Receipts", shipment, quantity, "SELLABLE");
    ledger_.back().fulfillment_center = fc;
    Touch(sku_index);
  });
}

void World::Ledger(int sku, std::string type, std::string ref, int qty, std::string disposition,
                   std::string reason) {
  LedgerEvent e;
  e.time = now_;
  e.sku = sku;
  e.event_type = std::move(type);
  e.reference_id = std::move(ref);
  e.quantity = qty;
  e.fulfillment_center =
      marketplace_
          .fulfillment_centers[static_cast<size_t>(sku) % marketplace_.fulfillment_centers.size()];
  e.disposition = std::move(disposition);
  e.reason = std::move(reason);
  ledger_.push_back(std::move(e));
}

void World::Touch(int sku_index) {
  Sku& sku = skus_[static_cast<size_t>(sku_index)];
  sku.last_updated = now_;
  if (sku.afn && notify_) notifications_.push_back(InventoryNotification(*this, sku, now_));
}

void World::NotifyOrder(const Order& order, std::string change_type, std::string reason) {
  if (notify_) notifications_.push_back(OrderNotification(*this, order, now_, change_type, reason));
}

void World::NotifyReport(const Report& report) {
  if (notify_) notifications_.push_back(ReportNotification(*this, report, now_));
}

void World::AddSettlementRow(SettlementRow row) { open_settlement_.rows.push_back(std::move(row)); }

void World::AddTransaction(FinanceTransaction t) {
  t.group_id = open_settlement_.financial_event_group_id;
  transactions_.push_back(std::move(t));
}

void World::OpenNewSettlement(SimMillis start) {
  open_settlement_ = SettlementPeriod{};
  open_settlement_.settlement_id = std::to_string(next_settlement_id_);
  next_settlement_id_ += static_cast<uint64_t>(rng_.Range(1000, 90000));
  open_settlement_.financial_event_group_id =
      rng_.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43);
  open_settlement_.start = start;
  open_settlement_.marketplace = marketplace_;
}

std::vector<WorldNotification> World::TakeNotifications() {
  std::vector<WorldNotification> out;
  out.swap(notifications_);
  return out;
}

Status World::CheckInvariants() const {
  std::vector<int64_t> balance(skus_.size(), 0);
  for (const LedgerEvent& e : ledger_) balance[static_cast<size_t>(e.sku)] += e.quantity;
  for (size_t i = 0; i < skus_.size(); ++i) {
    const Sku& s = skus_[i];
    const int fields[] = {
        s.fulfillable,       s.inbound_working,           s.inbound_shipped,
        s.inbound_receiving, s.reserved_pending_customer, s.reserved_fc_processing,
        s.researching,       s.customer_damaged,          s.warehouse_damaged,
        s.mfn_quantity};
    for (int f : fields) {
      if (f < 0)
        return Internal(fmt::format("SKU {} has a negative quantity ({})", s.seller_sku, f));
    }
    if (s.afn && balance[i] != s.WarehouseBalance()) {
      return Internal(fmt::format("SKU {}: ledger sums to {} but the warehouse holds {}",
                                  s.seller_sku, balance[i], s.WarehouseBalance()));
    }
  }
  return OkStatus();
}

}  // namespace fbaflow::sim
