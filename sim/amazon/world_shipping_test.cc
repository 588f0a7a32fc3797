#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "sim/amazon/world.h"

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

constexpr SimMillis kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr const char* kUs = "ATVPDKIKX0DER";

WorldConfig Config(uint64_t seed = 7) {
  WorldConfig c;
  c.seed = seed;
  c.start = kStart;
  c.history_days = 10;
  c.sku_count = 20;
  c.orders_per_day = 120;
  c.mfn_share = 0.5;
  return c;
}

int Units(const Order& o) {
  int n = 0;
  for (const OrderLine& l : o.items) n += l.quantity;
  return n;
}

// The first order that matches, advancing the world a minute at a time (at most two days).
const Order* Await(World& w, const std::function<bool(const Order&)>& match) {
  for (int minute = 0; minute < 2 * 24 * 60; ++minute) {
    for (const Order& o : w.Orders()) {
      if (match(o)) return &o;
    }
    w.AdvanceTo(w.Now() + kMinute);
  }
  return nullptr;
}

bool UnshippedMfn(const Order& o) { return !o.afn && o.status == OrderStatus::kUnshipped; }

ShipmentConfirmation Package(const Order& o, std::string reference, int first_units) {
  ShipmentConfirmation c;
  c.marketplace_id = kUs;
  c.package_reference_id = std::move(reference);
  c.carrier_code = "UPS";
  c.shipping_method = "UPS Ground";
  c.tracking_number = "1ZTEST" + c.package_reference_id;
  c.ship_date = o.created + kHour;
  c.items.push_back({o.items[0].order_item_id, first_units});
  return c;
}

int Shipments(const World& w, const std::string& order_id) {
  int n = 0;
  for (const FinanceTransaction& t : w.Transactions())
    n += t.order_id == order_id && t.transaction_type == "Shipment";
  return n;
}

TEST(WorldShippingTest, PackagesShipUnitsAndTheLastOneShipsAndBooksTheOrder) {
  World w(Config());
  const Order* found = Await(w, [](const Order& o) { return UnshippedMfn(o) && Units(o) >= 2; });
  ASSERT_NE(found, nullptr);
  const std::string id = found->order_id;
  const SimMillis created = found->created;
  w.AdvanceTo(w.Now() + 5 * kMinute);

  ShipmentConfirmation first = Package(*w.FindOrder(id), "1", 1);
  first.carrier_name = "United Parcel Service";
  ASSERT_TRUE(w.ConfirmShipment(id, first).Ok());
  const Order* order = w.FindOrder(id);  // valid until the world moves on (orders_ may grow)
  EXPECT_EQ(order->status, OrderStatus::kPartiallyShipped);
  EXPECT_EQ(order->items[0].quantity_shipped, 1);
  EXPECT_EQ(order->last_updated, w.Now());
  EXPECT_EQ(order->shipped, created + kHour);
  EXPECT_EQ(Shipments(w, id), 0);  // the money moves with the last unit
  ASSERT_EQ(w.Confirmations(id).size(), 1u);
  EXPECT_EQ(w.Confirmations(id)[0].carrier_name, "United Parcel Service");
  EXPECT_EQ(w.Confirmations(id)[0].received, w.Now());

  // The rest in a second package, one line at a time as listed.
  ShipmentConfirmation rest = Package(*order, "2", 1);
  rest.items.clear();
  for (const OrderLine& l : order->items) {
    const int left = l.quantity - l.quantity_shipped;
    if (left > 0) rest.items.push_back({l.order_item_id, left});
  }
  rest.ship_date = created + 2 * kHour;
  w.AdvanceTo(w.Now() + kMinute);
  ASSERT_TRUE(w.ConfirmShipment(id, rest).Ok());
  order = w.FindOrder(id);
  EXPECT_EQ(order->status, OrderStatus::kShipped);
  EXPECT_EQ(order->last_updated, w.Now());
  EXPECT_EQ(order->shipped, created + 2 * kHour);
  for (const OrderLine& l : order->items) EXPECT_EQ(l.quantity_shipped, l.quantity);
  EXPECT_EQ(Shipments(w, id), 1);
  EXPECT_EQ(w.Confirmations(id).size(), 2u);

  // The world never ships it again on its own.
  w.AdvanceTo(w.Now() + 3 * kDay);
  EXPECT_EQ(Shipments(w, id), 1);
  EXPECT_EQ(w.Confirmations(id).size(), 2u);
  EXPECT_TRUE(w.CheckInvariants().Ok());
}

TEST(WorldShippingTest, ARefusedPackageChangesNothing) {
  World w(Config());
  const Order* found = Await(w, [](const Order& o) { return UnshippedMfn(o) && Units(o) >= 2; });
  ASSERT_NE(found, nullptr);
  const std::string id = found->order_id;
  const Order& order = *found;
  auto refused = [&](ShipmentConfirmation c, const std::string& why) {
    const Status s = w.ConfirmShipment(id, std::move(c));
    EXPECT_EQ(s.Code(), StatusCode::kInvalidArgument) << s.ToString();
    EXPECT_THAT(s.Message(), HasSubstr(why));
  };
  ShipmentConfirmation other_market = Package(order, "1", 1);
  other_market.marketplace_id = "A1F83G8C2ARO7P";
  refused(other_market, "does not belong to marketplace A1F83G8C2ARO7P");
  ShipmentConfirmation unknown_item = Package(order, "1", 1);
  unknown_item.items.push_back({"99999999999999", 1});
  refused(unknown_item, "Order item 99999999999999 is not part of order");
  refused(Package(order, "1", order.items[0].quantity + 1), "exceeds the");
  refused(Package(order, "1", 0), "must be at least 1");
  ShipmentConfirmation twice = Package(order, "1", order.items[0].quantity);
  twice.items.push_back(twice.items[0]);  // the same line listed twice counts twice
  refused(twice, "exceeds the");
  ShipmentConfirmation no_items = Package(order, "1", 1);
  no_items.items.clear();
  refused(no_items, "at least one item");
  ShipmentConfirmation early = Package(order, "1", 1);
  early.ship_date = order.created - kSecond;
  refused(early, "earlier than the order's purchase date");
  EXPECT_EQ(order.status, OrderStatus::kUnshipped);
  EXPECT_EQ(order.items[0].quantity_shipped, 0);
  EXPECT_TRUE(w.Confirmations(id).empty());

  // A package reference the order already has is refused, whatever it holds.
  ASSERT_TRUE(w.ConfirmShipment(id, Package(order, "1", 1)).Ok());
  refused(Package(order, "1", 1), "Package 1 of order " + id + " has already been confirmed");
  EXPECT_EQ(w.Confirmations(id).size(), 1u);
  EXPECT_EQ(order.items[0].quantity_shipped, 1);

  const Status unknown = w.ConfirmShipment("111-0000000-0000000", Package(order, "9", 1));
  EXPECT_EQ(unknown.Code(), StatusCode::kNotFound);
}

TEST(WorldShippingTest, OnlyAuthorizedMerchantOrdersCanBeConfirmed) {
  World w(Config());
  auto refused = [&](const Order* o, const std::string& why) {
    ASSERT_NE(o, nullptr) << why;
    const Status s = w.ConfirmShipment(o->order_id, Package(*o, "1", 1));
    EXPECT_EQ(s.Code(), StatusCode::kInvalidArgument) << s.ToString();
    EXPECT_THAT(s.Message(), HasSubstr(why));
    EXPECT_TRUE(w.Confirmations(o->order_id).empty());
  };
  refused(Await(w, [](const Order& o) { return o.afn; }), "is fulfilled by Amazon");
  refused(Await(w, [](const Order& o) { return !o.afn && o.status == OrderStatus::kCancelled; }),
          "is cancelled");
  refused(Await(w, [](const Order& o) { return !o.afn && o.status == OrderStatus::kPending; }),
          "is pending");
  refused(Await(w, [](const Order& o) { return !o.afn && o.status == OrderStatus::kShipped; }),
          "has already been shipped in full");
}

TEST(WorldShippingTest, ConfirmationsDoNotChangeTheOrdersTheWorldMakes) {
  World a(Config(3));
  World b(Config(3));
  const Order* o = Await(b, UnshippedMfn);
  ASSERT_NE(o, nullptr);
  a.AdvanceTo(b.Now());
  ASSERT_TRUE(b.ConfirmShipment(o->order_id, Package(*o, "1", o->items[0].quantity)).Ok());
  a.AdvanceTo(kStart + 3 * kDay);
  b.AdvanceTo(kStart + 3 * kDay);
  ASSERT_EQ(a.Orders().size(), b.Orders().size());
  for (size_t i = 0; i < a.Orders().size(); ++i)
    EXPECT_EQ(a.Orders()[i].order_id, b.Orders()[i].order_id);
}

}  // namespace
}  // namespace fbaflow::sim
