#pragma once
// Routing: what fbaflow must do in the ERP (and at Amazon) for an Amazon order, from the order's
// state at Amazon and what fbaflow has already queued for it. Pure and allocation-free: the orders
// flow calls it once per order version it pulls.
//
// The transitions, each queued at most once per order (the outbox key is the order id plus the
// transition, so a replay queues nothing new):
//   kSale     the ERP sale: from "Amazon FBA" for fulfilment channel AMAZON, from "Own warehouse"
//             for MERCHANT. Queued once the order is priced and not pending.
//   kShip     FBA only: the sale's shipment marked done on Amazon's ship date (nothing is picked).
//   kCancel   Amazon cancelled the order: the ERP sale is cancelled.
//   kConfirm  FBM only: the warehouse shipped in the ERP; the shipment is confirmed to Amazon.
//             Queued by the flow when it sees the ERP shipment done, never from Amazon's state.
// Problems are decisions too: a cancellation of an order already shipped is a return for ops, not
// a cancellation; an order whose channel is neither AMAZON nor MERCHANT cannot be placed.

#include <cstdint>
#include <string_view>

namespace fbaflow {

// Who fulfils a sale, and so which ERP warehouse it ships from.
enum class FulfilmentRole : unsigned char {
  kAmazonFba,     // Amazon's fulfilment centres ("Amazon FBA"); fulfillment channel AMAZON
  kOwnWarehouse,  // the seller's own warehouse ("Own warehouse"); fulfillment channel MERCHANT
};
std::string_view FulfilmentRoleName(FulfilmentRole role);  // "fba", "own"

enum class OrderTransition : unsigned char { kSale, kShip, kCancel, kConfirm };
std::string_view OrderTransitionName(OrderTransition t);  // "sale", "ship", "cancel", "confirm"

// A set of transitions, as bits.
class TransitionSet {
 public:
  constexpr TransitionSet() = default;
  constexpr bool Has(OrderTransition t) const { return (bits_ & Bit(t)) != 0; }
  constexpr void Add(OrderTransition t) { bits_ = static_cast<uint8_t>(bits_ | Bit(t)); }
  constexpr bool Empty() const { return bits_ == 0; }
  constexpr uint8_t Bits() const { return bits_; }
  static constexpr TransitionSet FromBits(uint8_t bits) {
    TransitionSet s;
    s.bits_ = static_cast<uint8_t>(bits & 0x0F);
    return s;
  }
  friend constexpr bool operator==(TransitionSet, TransitionSet) = default;

 private:
  static constexpr uint8_t Bit(OrderTransition t) {
    return static_cast<uint8_t>(1u << static_cast<unsigned>(t));
  }
  uint8_t bits_ = 0;
};

// What routing needs to know about the order at Amazon.
struct OrderFacts {
  std::string_view fulfilled_by;  // "AMAZON", "MERCHANT", anything else is unknown
  std::string_view status;        // fulfillmentStatus: "PENDING", "UNSHIPPED", "SHIPPED", ...
  bool priced = false;            // every item has a unit price
  bool has_lines = false;         // at least one item with a positive quantity
};

enum class RoutingProblem : unsigned char {
  kNone,
  kUnknownChannel,          // neither AMAZON nor MERCHANT: ecommerce decides
  kCancelledAfterShipping,  // Amazon cancelled what already shipped: a return for ops
  kUnfulfillable,           // Amazon says it cannot be fulfilled: ops
  kNoLines,                 // an order without items to sell: ecommerce
};
std::string_view RoutingProblemType(RoutingProblem p);  // the exception type, "" for kNone

struct RoutingDecision {
  FulfilmentRole role = FulfilmentRole::kAmazonFba;
  TransitionSet enqueue;  // new transitions to queue now (never one already in `queued`)
  bool waiting = false;   // pending at Amazon (no price yet): nothing to do until it changes
  RoutingProblem problem = RoutingProblem::kNone;
};

// What fbaflow knows it did for the order.
struct OrderProgress {
  TransitionSet queued;      // transitions already queued (in any state)
  bool sale_done = false;    // the ERP sale exists (kShip and kConfirm wait for it)
  bool erp_shipped = false;  // the ERP shipment is done (FBA: kShip landed; FBM: the warehouse)
};

// kShip is queued only once the sale exists, so the flow routes an order again when its sale
// lands. kCancel does not wait: the outbox looks the sale up before it cancels.
RoutingDecision RouteOrder(const OrderFacts& facts, const OrderProgress& progress);

}  // namespace fbaflow
