#include "core/orders/routing.h"

#include <gtest/gtest.h>

namespace fbaflow {
namespace {

using T = OrderTransition;

TransitionSet Set(std::initializer_list<T> ts) {
  TransitionSet s;
  for (T t : ts) s.Add(t);
  return s;
}

// Progress where the sale exists once it was queued (what the flow sees after it landed).
OrderProgress P(TransitionSet queued, bool erp_shipped) {
  return OrderProgress{queued, queued.Has(T::kSale), erp_shipped};
}

OrderFacts Facts(std::string_view by, std::string_view status, bool priced = true) {
  return OrderFacts{by, status, priced, true};
}

TEST(RouteOrder, AnFbaOrderBecomesASaleFromTheFbaWarehouseAndShipsWhenAmazonShips) {
  RoutingDecision d = RouteOrder(Facts("AMAZON", "UNSHIPPED"), P({}, false));
  EXPECT_EQ(d.role, FulfilmentRole::kAmazonFba);
  EXPECT_EQ(d.enqueue, Set({T::kSale}));
  d = RouteOrder(Facts("AMAZON", "SHIPPED"), P(Set({T::kSale}), false));
  EXPECT_EQ(d.enqueue, Set({T::kShip}));
  // An order first seen shipped gets its sale first.
  d = RouteOrder(Facts("AMAZON", "SHIPPED"), P({}, false));
  EXPECT_EQ(d.enqueue, Set({T::kSale}));
  // Shipping waits for the sale to exist in the ERP.
  d = RouteOrder(Facts("AMAZON", "SHIPPED"), OrderProgress{Set({T::kSale}), false, false});
  EXPECT_TRUE(d.enqueue.Empty());
  // A replay queues nothing new.
  d = RouteOrder(Facts("AMAZON", "SHIPPED"), P(Set({T::kSale, T::kShip}), true));
  EXPECT_TRUE(d.enqueue.Empty());
  EXPECT_EQ(d.problem, RoutingProblem::kNone);
}

TEST(RouteOrder, AnFbmOrderIsASaleFromTheOwnWarehouseConfirmedOnlyAfterTheErpShipped) {
  RoutingDecision d = RouteOrder(Facts("MERCHANT", "UNSHIPPED"), P({}, false));
  EXPECT_EQ(d.role, FulfilmentRole::kOwnWarehouse);
  EXPECT_EQ(d.enqueue, Set({T::kSale}));
  // Amazon's state never ships an own-warehouse sale: the warehouse team does.
  d = RouteOrder(Facts("MERCHANT", "UNSHIPPED"), P(Set({T::kSale}), false));
  EXPECT_TRUE(d.enqueue.Empty());
  d = RouteOrder(Facts("MERCHANT", "UNSHIPPED"), P(Set({T::kSale}), true));
  EXPECT_EQ(d.enqueue, Set({T::kConfirm}));
  d = RouteOrder(Facts("MERCHANT", "PARTIALLY_SHIPPED"), P(Set({T::kSale}), true));
  EXPECT_EQ(d.enqueue, Set({T::kConfirm}));
  // Confirmed elsewhere (Seller Central): not confirmed again.
  d = RouteOrder(Facts("MERCHANT", "SHIPPED"), P(Set({T::kSale}), true));
  EXPECT_TRUE(d.enqueue.Empty());
  d = RouteOrder(Facts("MERCHANT", "SHIPPED"), P(Set({T::kSale, T::kConfirm}), true));
  EXPECT_TRUE(d.enqueue.Empty());
}

TEST(RouteOrder, PendingOrdersAndOrdersWithoutAPriceWait) {
  for (std::string_view s : {"PENDING", "PENDING_AVAILABILITY"}) {
    RoutingDecision d = RouteOrder(Facts("AMAZON", s), P({}, false));
    EXPECT_TRUE(d.waiting) << s;
    EXPECT_TRUE(d.enqueue.Empty()) << s;
  }
  RoutingDecision d = RouteOrder(Facts("MERCHANT", "UNSHIPPED", /*priced=*/false), P({}, false));
  EXPECT_TRUE(d.waiting);
  EXPECT_TRUE(d.enqueue.Empty());
}

TEST(RouteOrder, ACancellationCancelsTheSaleOrNothingWhenNoSaleWasQueued) {
  EXPECT_TRUE(RouteOrder(Facts("AMAZON", "CANCELLED"), P({}, false)).enqueue.Empty());
  EXPECT_EQ(RouteOrder(Facts("MERCHANT", "CANCELLED"), P(Set({T::kSale}), false)).enqueue,
            Set({T::kCancel}));
  EXPECT_TRUE(RouteOrder(Facts("MERCHANT", "CANCELLED"), P(Set({T::kSale, T::kCancel}), false))
                  .enqueue.Empty());
  // A cancelled order that shows up later in another state stays cancelled.
  EXPECT_TRUE(RouteOrder(Facts("MERCHANT", "UNSHIPPED"), P(Set({T::kSale, T::kCancel}), false))
                  .enqueue.Empty());
}

TEST(RouteOrder, ACancellationOfWhatAlreadyShippedIsAReturnForOps) {
  RoutingDecision d = RouteOrder(Facts("AMAZON", "CANCELLED"), P(Set({T::kSale, T::kShip}), true));
  EXPECT_EQ(d.problem, RoutingProblem::kCancelledAfterShipping);
  EXPECT_TRUE(d.enqueue.Empty());
  d = RouteOrder(Facts("MERCHANT", "CANCELLED"), P(Set({T::kSale}), /*erp_shipped=*/true));
  EXPECT_EQ(d.problem, RoutingProblem::kCancelledAfterShipping);
  EXPECT_EQ(RoutingProblemType(d.problem), "order-cancelled-after-shipping");
}

TEST(RouteOrder, UnknownChannelsUnfulfillableOrdersAndEmptyOrdersAreProblems) {
  EXPECT_EQ(RouteOrder(Facts("", "UNSHIPPED"), P({}, false)).problem,
            RoutingProblem::kUnknownChannel);
  EXPECT_EQ(RouteOrder(Facts("AMAZON", "UNFULFILLABLE"), P({}, false)).problem,
            RoutingProblem::kUnfulfillable);
  OrderFacts empty = Facts("AMAZON", "UNSHIPPED");
  empty.has_lines = false;
  EXPECT_EQ(RouteOrder(empty, P({}, false)).problem, RoutingProblem::kNoLines);
  EXPECT_TRUE(RouteOrder(empty, P({}, false)).enqueue.Empty());
}

TEST(TransitionSet, RoundTripsThroughItsBits) {
  TransitionSet s = Set({T::kSale, T::kConfirm});
  EXPECT_EQ(TransitionSet::FromBits(s.Bits()), s);
  EXPECT_TRUE(s.Has(T::kConfirm));
  EXPECT_FALSE(s.Has(T::kShip));
}

}  // namespace
}  // namespace fbaflow
