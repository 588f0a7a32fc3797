#include "sim/random_settlement.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "sim/seeded_random.h"

namespace fbaflow::sim {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Seeds for independent streams derived from the user's seed.
constexpr uint64_t kCatalogStream = 0xC47A1061;
constexpr uint64_t kEventStream = 0xE7E475;
constexpr uint64_t kHeaderStream = 0x4EAD;

// Shelf prices (minor units), cheapest first; the catalogue draws from the front more often.
constexpr int64_t kPricePoints[] = {799,  999,  1299, 1499, 1799, 1999, 2499,  2999,  3499,
                                    3999, 4799, 5499, 5999, 7999, 9999, 14999, 24999, 129900};

// Per-unit FBA fulfilment fees by size tier, per marketplace (US, UK, DE, FR).
constexpr std::array<std::array<int64_t, 6>, 4> kFbaFees = {{
    {322, 386, 447, 589, 695, 919},
    {256, 297, 331, 396, 458, 612},
    {285, 331, 372, 455, 561, 758},
    {305, 353, 418, 512, 622, 758},
}};

// US state sales-tax rates (basis points); 0 for states without one.
constexpr int kUsTaxRates[] = {0, 400, 600, 625, 700, 725, 825, 887, 950, 1025};

// Seller SKUs with letters outside ASCII (all encodable in windows-1252).
constexpr const char* kNonAsciiSkus[] = {"CAFÉ-MUG-350", "Crème-Brûlée-Set", "Müsli-Riegel-12"};

constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr char kUpperAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUpper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Event kinds and their weights (per 10,000 draws) in the normal and loss scenarios.
enum Kind : int {
  kAfnOrder,
  kMfnOrder,
  kMcfOrder,
  kRefund,
  kReimbursement,
  kRemoval,
  kStorage,
  kInbound,
  kAdvertising,
  kKinds
};
constexpr std::array<int, kKinds> kNormalWeights = {7725, 700, 250, 800, 250, 120, 15, 60, 80};
constexpr std::array<int, kKinds> kLossWeights = {3900, 300, 150, 4300, 300, 300, 300, 200, 250};
constexpr Kind kOneRowKinds[] = {kReimbursement, kRemoval, kInbound, kAdvertising, kStorage};

template <std::size_t N>
void AppendFrom(std::string& out, SeededRandom& rng, const char (&alphabet)[N], int count) {
  for (int i = 0; i < count; ++i) out.push_back(alphabet[rng.Below(N - 1)]);
}

void AppendDigits(std::string& out, SeededRandom& rng, int count) {
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + rng.Below(10)));
}

void AppendNumber(std::string& out, uint64_t value, int width) {
  char buf[32];
  const int n =
      std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(value));
  out.append(buf, static_cast<std::size_t>(n));
}

uint64_t Mix(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (stream * 0x9E3779B97F4A7C15ULL);
  return SeededRandom::SplitMix64(state);
}

Scenario ResolveScenario(const RandomSettlementOptions& options) {
  if (options.scenario != Scenario::kBySeed) return options.scenario;
  const uint64_t draw = Mix(options.seed, 0x5CE7A1) % 100;
  if (draw < 70) return Scenario::kNormal;
  if (draw < 85) return Scenario::kLoss;
  return Scenario::kZeroDeposit;
}

}  // namespace

std::string_view ScenarioName(Scenario scenario) {
  switch (scenario) {
    case Scenario::kBySeed:
      return "auto";
    case Scenario::kNormal:
      return "normal";
    case Scenario::kLoss:
      return "loss";
    case Scenario::kZeroDeposit:
      return "zero";
  }
  return "?";
}

Result<Scenario> ScenarioFromName(std::string_view name) {
  for (Scenario s :
       {Scenario::kBySeed, Scenario::kNormal, Scenario::kLoss, Scenario::kZeroDeposit}) {
    if (name == ScenarioName(s)) return s;
  }
  return InvalidArgument("unknown scenario '" + std::string(name) + "' (auto, normal, loss, zero)");
}

RandomSettlement::RandomSettlement(RandomSettlementOptions options)
    : options_(std::move(options)),
      profile_(ProfileOf(options_.marketplace)),
      scenario_(ResolveScenario(options_)) {
  SeededRandom header_rng(Mix(options_.seed, kHeaderStream));
  std::string id = options_.settlement_id;
  if (id.empty()) AppendNumber(id, 20'000'000'000ULL + header_rng.Below(5'000'000'000ULL), 11);
  // Periods start at a seed-chosen time of day before 22:00, so the reserve rows posted a few
  // minutes after the start or the end stay on the same calendar day.
  const int64_t time_of_day = static_cast<int64_t>(header_rng.Below(22 * 3600));
  const Timestamp start{options_.start.DaysSinceEpoch() * kSecondsPerDay + time_of_day, 0};
  header_ = MakeHeader(options_.marketplace, std::move(id), start);

  SeededRandom rng(Mix(options_.seed, kCatalogStream));
  const auto fees = kFbaFees[static_cast<std::size_t>(options_.marketplace)];
  const std::size_t size = std::clamp<uint64_t>(options_.rows / 2000, 40, 400);
  static constexpr const char* kBrands[] = {"TM", "SALTT", "NV", "KX", "HB", "ORA", "PEL", "ZU"};
  static constexpr const char* kColours[] = {"BLK", "WHT", "RED", "BLUE", "GRN", "LL", "LR", "XL"};
  for (std::size_t i = 0; i < size; ++i) {
    CatalogItem item;
    item.sku = kBrands[rng.Below(std::size(kBrands))];
    item.sku += '-';
    AppendFrom(item.sku, rng, kUpper, 5);
    AppendNumber(item.sku, rng.Below(100), 2);
    item.sku += '-';
    item.sku += kColours[rng.Below(std::size(kColours))];
    // Cheap items sell most: the price index leans towards the front of the list.
    const std::size_t price = rng.Below(rng.Below(std::size(kPricePoints)) + 1);
    item.unit_price = kPricePoints[price];
    item.fba_fee = fees[std::min<std::size_t>(price / 3, fees.size() - 1)];
    catalog_.push_back(std::move(item));
  }
  if (options_.non_ascii_skus) {
    // Popular positions, so even small files sell them.
    for (std::size_t i = 0; i < std::size(kNonAsciiSkus); ++i) {
      catalog_[1 + 4 * i].sku = kNonAsciiSkus[i];
    }
  }
  for (int i = 0; i < 3; ++i) {
    std::string id_text = "FS-";
    AppendFrom(id_text, rng, kUpperAlnum, 12);
    promotion_ids_.push_back(std::move(id_text));
  }
}

// One pass over the events: everything it draws comes from a generator seeded afresh, so every
// pass yields the same events.
class RandomSettlement::Walk {
 public:
  explicit Walk(const RandomSettlement& s)
      : s_(s), p_(s.profile_), rng_(Mix(s.options_.seed, kEventStream)) {}

  void Run(const EventVisitor& visit) {
    uint64_t remaining = s_.options_.rows;
    const bool reserves = remaining >= 2;
    if (reserves) {
      // One draw per statement: the order in which a function's arguments (or an operator's
      // operands) are evaluated is unspecified, and the bytes must not depend on the compiler.
      const int64_t per_row = rng_.Between(40, 140);
      const int64_t previous =
          static_cast<int64_t>(s_.options_.rows) * per_row + rng_.Between(0, 99);
      Emit(ReserveEvent(ReserveKind::kPrevious, previous,
                        {s_.header_.start.utc_seconds + rng_.Between(60, 180), 0}),
           visit);
      previous_reserve_ = previous;
      remaining -= 2;
    }
    while (remaining > 0) {
      SettlementEvent event = Next(remaining);
      remaining -= event.amounts.size();
      Emit(std::move(event), visit);
    }
    if (reserves) {
      const int64_t current = CurrentReserve();
      const Timestamp posted{s_.header_.end.utc_seconds + rng_.Between(60, 180), 0};
      Emit(ReserveEvent(ReserveKind::kCurrent, current, posted), visit);
    }
  }

 private:
  void Emit(SettlementEvent event, const EventVisitor& visit) {
    for (const Amount& a : event.amounts) {
      running_total_ += a.minor;
      if (event.transaction_type == "Order" && a.amount_description == "Principal" &&
          a.amount_type == "ItemPrice") {
        sales_ += a.minor;
      }
    }
    visit(event);
  }

  int64_t CurrentReserve() {
    switch (s_.scenario_) {
      case Scenario::kZeroDeposit:
        // The reserve holds the whole balance: nothing is paid out.
        return running_total_ > 0 ? -running_total_ : 0;
      case Scenario::kLoss:
        return -(previous_reserve_ * rng_.Between(20, 60) / 100);
      case Scenario::kNormal:
      case Scenario::kBySeed:
        break;
    }
    return -ApplyRate(std::max<int64_t>(sales_, 0), static_cast<int>(rng_.Between(300, 1000)));
  }

  // The next event, with at most `remaining` amounts.
  SettlementEvent Next(uint64_t remaining) {
    if (continuation_ && rng_.Chance(80'000)) {
      SettlementEvent event = OrderItemEvent(continuation_channel_, true);
      if (event.amounts.size() <= remaining) return event;
    }
    continuation_ = false;
    for (int attempt = 0; attempt < 8; ++attempt) {
      SettlementEvent event = Build(PickKind());
      if (event.amounts.size() <= remaining) return event;
    }
    return Build(kOneRowKinds[rng_.Below(std::size(kOneRowKinds))]);
  }

  Kind PickKind() {
    const auto& weights = s_.scenario_ == Scenario::kLoss ? kLossWeights : kNormalWeights;
    int draw = static_cast<int>(rng_.Below(10'000));
    for (int k = 0; k < kKinds; ++k) {
      draw -= weights[static_cast<std::size_t>(k)];
      if (draw < 0) return static_cast<Kind>(k);
    }
    return kAfnOrder;
  }

  SettlementEvent Build(Kind kind) {
    switch (kind) {
      case kAfnOrder:
        return OrderItemEvent(Channel::kAfn, false);
      case kMfnOrder:
        return OrderItemEvent(Channel::kMfn, false);
      case kMcfOrder:
        return p_.mcf_name.empty() ? OrderItemEvent(Channel::kAfn, false) : McfEvent();
      case kRefund:
        return RefundItemEvent();
      case kReimbursement:
        return ReimbursementItemEvent();
      case kRemoval:
        return RemovalEvent();
      case kStorage: {
        const int64_t amount =
            -rng_.Between(1500, s_.scenario_ == Scenario::kLoss ? 200000 : 60000);
        return OtherTransactionEvent("Storage Fee", amount, PostedTime());
      }
      case kInbound: {
        std::string shipment = "FBA";
        AppendFrom(shipment, rng_, kUpperAlnum, 9);
        const int64_t units = rng_.Between(10, 200);
        const int64_t amount = -units * rng_.Between(27, 72);
        return InboundDefectFeeEvent(p_, std::move(shipment), amount, PostedTime());
      }
      case kAdvertising: {
        const int64_t amount = -rng_.Between(2500, 50000);
        return AdvertisingEvent(amount, PostedTime());
      }
      case kKinds:
        break;
    }
    return OrderItemEvent(Channel::kAfn, false);
  }

  Timestamp PostedTime() {
    const int64_t span = s_.header_.end.utc_seconds - s_.header_.start.utc_seconds;
    return {s_.header_.start.utc_seconds + rng_.Between(0, span), 0};
  }

  const CatalogItem& PickItem() {
    const auto& catalog = s_.catalog_;
    // Popular SKUs first: a skewed draw.
    return catalog[rng_.Below(rng_.Below(catalog.size()) + 1)];
  }

  int PickQuantity() {
    const uint64_t draw = rng_.Below(100);
    return draw < 92 ? 1 : draw < 98 ? 2 : 3;
  }

  int TaxRate() {
    if (p_.marketplace != Marketplace::kUS) return -1;
    return kUsTaxRates[rng_.Below(std::size(kUsTaxRates))];
  }

  void NewOrderId(std::string& out) {
    out.clear();
    AppendNumber(out,
                 static_cast<uint64_t>(p_.order_prefixes[rng_.Below(p_.order_prefixes.size())]), 3);
    out += '-';
    AppendDigits(out, rng_, 7);
    out += '-';
    AppendDigits(out, rng_, 7);
  }

  void NewShipmentId(std::string& out) {
    out.clear();
    AppendFrom(out, rng_, kUpper, 1);
    AppendFrom(out, rng_, kAlnum, 8);
  }

  void NewItemCode(std::string& out) {
    out.clear();
    out.push_back(static_cast<char>('1' + rng_.Below(9)));
    AppendDigits(out, rng_, 13);
  }

  std::string NewAdjustmentId() {
    std::string id = "amzn1:crow:";
    AppendFrom(id, rng_, kBase64, 22);
    return id;
  }

  // A priced order item for a catalogue SKU (new order, or the next item of the current one).
  OrderItem PricedItem(Channel channel, bool same_order) {
    OrderItem item;
    if (same_order) {
      item.order_id = order_id_;
      item.shipment_id = shipment_id_;
      item.posted = order_posted_;
    } else {
      NewOrderId(item.order_id);
      NewShipmentId(item.shipment_id);
      item.posted = PostedTime();
    }
    NewItemCode(item.order_item_code);
    const CatalogItem& product = PickItem();
    item.sku = product.sku;
    item.channel = channel;

    ItemSale sale;
    sale.unit_price = product.unit_price;
    sale.quantity = PickQuantity();
    sale.fba_fee_per_unit = product.fba_fee;
    sale.tax_rate_bp = TaxRate();
    if (rng_.Chance(250'000)) {
      sale.shipping_price = kShippingPrices[rng_.Below(std::size(kShippingPrices))];
      // Where Amazon does not charge shipping back, a free-shipping promotion cancels it.
      sale.free_shipping_promotion =
          p_.shipping_promotion && (!p_.shipping_chargeback || rng_.Chance(500'000));
      if (channel == Channel::kMfn) sale.free_shipping_promotion = false;
    }
    PriceOrderItem(p_, sale, item);
    if (item.shipping_promotion != 0 && rng_.Chance(500'000)) {
      item.promotion_id = s_.promotion_ids_[rng_.Below(s_.promotion_ids_.size())];
    }
    return item;
  }

  SettlementEvent OrderItemEvent(Channel channel, bool same_order) {
    OrderItem item = PricedItem(channel, same_order);
    if (!same_order) {
      order_id_ = item.order_id;
      shipment_id_ = item.shipment_id;
      order_posted_ = item.posted;
    }
    continuation_ = true;
    continuation_channel_ = channel;
    return OrderEvent(p_, item);
  }

  SettlementEvent McfEvent() {
    OrderItem item;
    item.order_id = std::string(p_.mcf_order_prefix);
    item.order_id += '-';
    AppendDigits(item.order_id, rng_, 7);
    item.order_id += '-';
    AppendDigits(item.order_id, rng_, 7);
    item.merchant_order_id = "#" + std::to_string(1000 + ++mcf_orders_);
    NewShipmentId(item.shipment_id);
    NewItemCode(item.order_item_code);
    item.sku = PickItem().sku;
    item.merchant_order_item_id = item.sku;
    item.quantity = PickQuantity();
    item.posted = PostedTime();
    item.multi_channel = true;
    item.fba_fee = p_.mcf_fee_minor * item.quantity;
    return OrderEvent(p_, item);
  }

  SettlementEvent RefundItemEvent() {
    // Refunds mostly concern orders of earlier periods: a fresh order id, priced as it was sold.
    const Channel channel = rng_.Chance(900'000) ? Channel::kAfn : Channel::kMfn;
    const OrderItem order = PricedItem(channel, false);
    std::string item_id = "17";
    AppendDigits(item_id, rng_, 17);
    const Timestamp posted = PostedTime();
    RefundItem refund = RefundOf(p_, order, posted, NewAdjustmentId(), std::move(item_id));
    return RefundEvent(p_, refund);
  }

  SettlementEvent ReimbursementItemEvent() {
    const CatalogItem& product = PickItem();
    Reimbursement r;
    const uint64_t draw = rng_.Below(10);
    r.reason = draw < 6   ? "REVERSAL_REIMBURSEMENT"
               : draw < 8 ? "WAREHOUSE_DAMAGE"
                          : "WAREHOUSE_LOST";
    if (draw < 6) NewOrderId(r.order_id);
    r.adjustment_id = NewAdjustmentId();
    r.sku = product.sku;
    r.quantity = PickQuantity();
    // Amazon reimburses about the net proceeds of the unit, not its shelf price.
    r.amount =
        ApplyRate(product.unit_price * r.quantity, static_cast<int>(rng_.Between(5500, 8500)));
    r.posted = PostedTime();
    return ReimbursementEvent(r);
  }

  SettlementEvent RemovalEvent() {
    const Timestamp posted = PostedTime();
    const CivilDate day = CivilDate::FromDaysSinceEpoch(posted.utc_seconds / kSecondsPerDay);
    // Removal order ids look like "24111314VO": the request date, a counter, two letters.
    std::string id;
    AppendNumber(id, static_cast<uint64_t>(day.year % 100), 2);
    AppendNumber(id, static_cast<uint64_t>(day.month), 2);
    AppendNumber(id, static_cast<uint64_t>(day.day), 2);
    AppendDigits(id, rng_, 2);
    AppendFrom(id, rng_, kUpper, 2);
    const int64_t units = rng_.Between(1, 20);
    const int64_t amount = -units * rng_.Between(25, 108);
    const bool removal = rng_.Chance(700'000);
    return OtherTransactionEvent(removal ? "RemovalComplete" : "DisposalComplete", amount, posted,
                                 std::move(id));
  }

  static constexpr int64_t kShippingPrices[] = {199, 299, 399, 499, 599, 699, 999};

  const RandomSettlement& s_;
  const MarketplaceProfile& p_;
  SeededRandom rng_;
  int64_t running_total_ = 0;
  int64_t sales_ = 0;
  int64_t previous_reserve_ = 0;
  int mcf_orders_ = 0;
  bool continuation_ = false;
  Channel continuation_channel_ = Channel::kAfn;
  std::string order_id_;
  std::string shipment_id_;
  Timestamp order_posted_;
};

void RandomSettlement::ForEachEvent(const EventVisitor& visit) const { Walk(*this).Run(visit); }

}  // namespace fbaflow::sim
