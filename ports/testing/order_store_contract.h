#pragma once
// The OrderStore contract: one suite every implementation passes. Include this header in exactly
// one test source of a binary and instantiate it:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, OrderStoreContract,
//                            ::testing::Values(OrderStoreFactory{"sqlite", make, reopen}),
//                            OrderStoreFactoryName);
//
// `make` returns an empty store; `reopen`, when set, opens the store `make` last made again (a new
// object on the same database), to prove that what was written survives.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "ports/order_store.h"

namespace fbaflow::testing {

struct OrderStoreFactory {
  std::string name;
  std::function<std::unique_ptr<OrderStore>()> make;
  std::function<std::unique_ptr<OrderStore>()> reopen;  // may be empty
};

inline std::string PrintToString(const OrderStoreFactory& f) { return f.name; }
inline std::string OrderStoreFactoryName(const ::testing::TestParamInfo<OrderStoreFactory>& p) {
  return p.param.name;
}

class OrderStoreContract : public ::testing::TestWithParam<OrderStoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam().make(); }

  static Timestamp At(int64_t s) { return Timestamp{1'780'000'000 + s, 0}; }

  static OrderRecord Order(std::string id, std::string by = "AMAZON") {
    OrderRecord o;
    o.order_id = std::move(id);
    o.account = "A1SELLER";
    o.marketplace = "UK";
    o.marketplace_id = "A1F83G8C2ARO7P";
    o.fulfilled_by = std::move(by);
    o.amazon_status = "UNSHIPPED";
    o.created_time = Timestamp{1'780'000'000, 60};
    o.last_updated_time = Timestamp{1'780'000'100, -420};
    o.lines.push_back({"11111", "MUG-RED", 2, Money::FromMinor(1999, *Currency::FromCode("GBP"))});
    o.lines.push_back({"22222", "TEE-L", 1, std::nullopt});
    return o;
  }

  static OutboxItem Item(std::string key, Timestamp at, std::string kind = "erp.sale") {
    OutboxItem i;
    i.key = std::move(key);
    i.kind = std::move(kind);
    i.entity = "order " + i.key.substr(0, i.key.find('/', 6));
    i.payload = "{\"lines\":[1,2]}";
    i.created_at = at;
    i.next_attempt_at = at;
    return i;
  }

  static ExceptionRaise Raise(std::string type, std::string entity, std::string message,
                              std::string source_key, Timestamp at) {
    return ExceptionRaise{std::move(type), "ecommerce",           std::move(entity),
                          std::move(message), std::move(source_key), at};
  }

  OrderStore& S() { return *store_; }

  std::unique_ptr<OrderStore> store_;
};

#define FBAFLOW_ASSERT_OK(expr)                 \
  do {                                          \
    const ::fbaflow::Status s_ = (expr);        \
    ASSERT_TRUE(s_.Ok()) << s_.ToString();      \
  } while (0)

TEST_P(OrderStoreContract, AnOrderRoundTripsExactly) {
  OrderRecord o = Order("206-0000001-0000001");
  o.shipped_time = Timestamp{1'780'000'500, 330};
  o.queued.Add(OrderTransition::kSale);
  o.queued.Add(OrderTransition::kShip);
  o.erp_shipped = true;
  o.erp_sale_id = "12";
  o.erp_sale_number = "SO0012";
  o.confirmed_at = At(900);
  StoreBatch b;
  b.orders.push_back(o);
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto found = S().FindOrders({"206-0000001-0000001", "unknown"});
  ASSERT_TRUE(found.Ok()) << found.GetStatus().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0], o);
  // The offset each instant was written with survives too.
  EXPECT_EQ((*found)[0].last_updated_time.ToIso8601(), o.last_updated_time.ToIso8601());
  EXPECT_EQ((*found)[0].shipped_time->ToIso8601(), o.shipped_time->ToIso8601());
  EXPECT_EQ((*found)[0].lines[0].unit_price->ToString(), "19.99");
  // An upsert replaces the whole record.
  o.amazon_status = "SHIPPED";
  o.lines.pop_back();
  b.orders = {o};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  found = S().FindOrders({o.order_id});
  ASSERT_TRUE(found.Ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0], o);
}

TEST_P(OrderStoreContract, CursorsAreKeptByName) {
  auto none = S().Cursor("orders/A1SELLER/UK");
  ASSERT_TRUE(none.Ok());
  EXPECT_FALSE(none->has_value());
  StoreBatch b;
  b.cursors = {{"orders/A1SELLER/UK", At(10)}, {"orders/A1SELLER/DE", At(20)}};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  b.cursors = {{"orders/A1SELLER/UK", At(30)}};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  EXPECT_EQ(**S().Cursor("orders/A1SELLER/UK"), At(30));
  EXPECT_EQ(**S().Cursor("orders/A1SELLER/DE"), At(20));
}

TEST_P(OrderStoreContract, EnqueueingAKeyTwiceKeepsTheFirstItem) {
  StoreBatch b;
  b.enqueue = {Item("order/1/sale", At(0)), Item("order/1/ship", At(0), "erp.ship")};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto first = S().GetOutbox("order/1/sale");
  ASSERT_TRUE(first.Ok());
  ASSERT_TRUE(first->has_value());
  OutboxItem again = Item("order/1/sale", At(50), "erp.cancel");
  b.enqueue = {again};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto second = S().GetOutbox("order/1/sale");
  ASSERT_TRUE(second.Ok());
  EXPECT_EQ(**second, **first);
  EXPECT_EQ((*second)->kind, "erp.sale");
  EXPECT_EQ(S().CountOutbox()->pending, 2);
}

TEST_P(OrderStoreContract, DueItemsComeOldestFirstWhenTheirTimeHasCome) {
  StoreBatch b;
  b.enqueue = {Item("order/b/sale", At(0)), Item("order/a/sale", At(0)),
               Item("order/c/sale", At(100))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto due = S().DueOutbox(At(50), 10);
  ASSERT_TRUE(due.Ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].key, "order/b/sale");  // queue order, not key order
  EXPECT_EQ((*due)[1].key, "order/a/sale");
  EXPECT_LT((*due)[0].seq, (*due)[1].seq);
  EXPECT_EQ(S().DueOutbox(At(100), 10)->size(), 3u);
  EXPECT_EQ(S().DueOutbox(At(100), 1)->size(), 1u);
}

TEST_P(OrderStoreContract, AnUpdateRecordsTheAttemptAndItsResult) {
  StoreBatch b;
  b.enqueue = {Item("order/1/sale", At(0))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  OutboxItem u = **S().GetOutbox("order/1/sale");
  u.attempts = 1;
  u.last_error = "UNAVAILABLE: ERP down";
  u.next_attempt_at = At(60);
  StoreBatch failed;
  failed.outbox_updates = {u};
  FBAFLOW_ASSERT_OK(S().Apply(failed));
  EXPECT_TRUE(S().DueOutbox(At(59), 10)->empty());
  u.state = OutboxState::kDone;
  u.attempts = 2;
  u.result = "sale 12 (SO0012)";
  u.done_at = At(61);
  StoreBatch done;
  done.outbox_updates = {u};
  FBAFLOW_ASSERT_OK(S().Apply(done));
  EXPECT_EQ(**S().GetOutbox("order/1/sale"), u);
  EXPECT_TRUE(S().DueOutbox(At(1000), 10)->empty());
  OutboxCounts c = *S().CountOutbox();
  EXPECT_EQ(c.done, 1);
  EXPECT_EQ(c.pending, 0);
}

TEST_P(OrderStoreContract, ABatchThatNamesAnUnknownItemWritesNothing) {
  StoreBatch b;
  b.orders = {Order("o-1")};
  b.cursors = {{"c", At(1)}};
  b.outbox_updates = {Item("order/unknown/sale", At(0))};
  Status s = S().Apply(b);
  EXPECT_EQ(s.Code(), StatusCode::kNotFound) << s.ToString();
  EXPECT_TRUE(S().FindOrders({"o-1"})->empty());
  EXPECT_FALSE(S().Cursor("c")->has_value());
  // An item queued and updated in the same batch is known.
  StoreBatch ok;
  ok.enqueue = {Item("order/2/sale", At(0))};
  OutboxItem parked = Item("order/2/sale", At(0));
  parked.state = OutboxState::kParked;
  ok.outbox_updates = {parked};
  FBAFLOW_ASSERT_OK(S().Apply(ok));
  EXPECT_EQ((*S().GetOutbox("order/2/sale"))->state, OutboxState::kParked);
  EXPECT_EQ(S().OutboxIn(OutboxState::kParked, 10)->size(), 1u);
}

TEST_P(OrderStoreContract, AnExceptionIsUniqueWhileOpenAndCountsItsSightings) {
  StoreBatch b;
  b.raise = {Raise("unmapped-sku", "order 1", "SKU CAP has no ERP item", "order/1/sale", At(0))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  b.raise = {Raise("unmapped-sku", "order 1", "SKU CAP has no ERP item", "order/1/sale", At(10))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  b.raise = {Raise("unmapped-sku", "order 2", "SKU HAT has no ERP item", "order/2/sale", At(20))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto all = S().Exceptions({});
  ASSERT_TRUE(all.Ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].entity, "order 2");  // newest sighting first
  const ExceptionRecord& one = (*all)[1];
  EXPECT_EQ(one.attempts, 2);
  EXPECT_EQ(one.first_seen, At(0));
  EXPECT_EQ(one.last_seen, At(10));
  EXPECT_EQ(one.owner, "ecommerce");
  EXPECT_EQ(one.status, ExceptionStatus::kOpen);
  auto full = S().GetException(one.id);
  ASSERT_TRUE(full.Ok());
  ASSERT_TRUE(full->has_value());
  ASSERT_FALSE((*full)->history.empty());
  EXPECT_EQ((*full)->history[0].action, "raised");
  EXPECT_FALSE(S().GetException(one.id + 1000)->has_value());
}

TEST_P(OrderStoreContract, AWriteThatLandsResolvesTheExceptionsBlockingIt) {
  StoreBatch b;
  b.raise = {Raise("erp-rejected", "order 1", "no invoice address", "order/1/sale", At(0)),
             Raise("unmapped-sku", "order 2", "SKU HAT", "order/2/sale", At(0))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  StoreBatch landed;
  landed.close = {{"order/1/sale", At(5), "fbaflow", "sale 12 created"}};
  FBAFLOW_ASSERT_OK(S().Apply(landed));
  auto open = S().Exceptions({ExceptionStatus::kOpen, "", "", ""});
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].entity, "order 2");
  auto resolved = S().Exceptions({ExceptionStatus::kResolved, "", "", ""});
  ASSERT_EQ(resolved->size(), 1u);
  auto full = **S().GetException((*resolved)[0].id);
  EXPECT_EQ(full.history.back().action, "resolved");
  EXPECT_EQ(full.history.back().comment, "sale 12 created");
  // Once resolved, the same problem opens a new exception.
  b.raise = {Raise("erp-rejected", "order 1", "no invoice address", "order/1/sale", At(9))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  EXPECT_EQ(S().Exceptions({ExceptionStatus::kOpen, "", "erp-rejected", ""})->size(), 1u);
  EXPECT_EQ(S().Exceptions({std::nullopt, "", "erp-rejected", ""})->size(), 2u);
}

TEST_P(OrderStoreContract, ExceptionsFilterByOwnerTypeAndEntity) {
  StoreBatch b;
  b.raise = {Raise("unmapped-sku", "order 1", "m", "", At(0)),
             Raise("unmapped-sku", "order 2", "m", "", At(1))};
  ExceptionRaise ops = Raise("order-cancelled-after-shipping", "order 3", "m", "", At(2));
  ops.owner = "ops";
  b.raise.push_back(ops);
  FBAFLOW_ASSERT_OK(S().Apply(b));
  EXPECT_EQ(S().Exceptions({std::nullopt, "ops", "", ""})->size(), 1u);
  EXPECT_EQ(S().Exceptions({std::nullopt, "ecommerce", "unmapped-sku", ""})->size(), 2u);
  EXPECT_EQ(S().Exceptions({std::nullopt, "", "", "order 2"})->size(), 1u);
  EXPECT_EQ(S().Exceptions({ExceptionStatus::kIgnored, "", "", ""})->size(), 0u);
}

TEST_P(OrderStoreContract, APersonRetriesResolvesIgnoresAndComments) {
  StoreBatch b;
  b.enqueue = {Item("order/1/sale", At(0)), Item("order/2/sale", At(0)),
               Item("order/3/sale", At(0))};
  for (OutboxItem i : b.enqueue) {
    i.state = OutboxState::kParked;
    i.next_attempt_at = At(999);
    b.outbox_updates.push_back(i);
  }
  b.raise = {Raise("erp-rejected", "order 1", "m", "order/1/sale", At(0)),
             Raise("erp-rejected", "order 2", "m", "order/2/sale", At(0)),
             Raise("erp-rejected", "order 3", "m", "order/3/sale", At(0))};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto by_entity = [&](const std::string& e) {
    return (*S().Exceptions({std::nullopt, "", "", e}))[0].id;
  };
  const int64_t one = by_entity("order 1"), two = by_entity("order 2"),
                three = by_entity("order 3");

  auto retried = S().ActOnException(one, ExceptionAction::kRetry, "alice", "fixed the address",
                                    At(20));
  ASSERT_TRUE(retried.Ok()) << retried.GetStatus().ToString();
  EXPECT_EQ(retried->status, ExceptionStatus::kOpen);  // open until the write lands
  OutboxItem sent_again = **S().GetOutbox("order/1/sale");
  EXPECT_EQ(sent_again.state, OutboxState::kPending);
  EXPECT_EQ(sent_again.next_attempt_at, At(20));
  ASSERT_EQ(S().DueOutbox(At(20), 10)->size(), 1u);

  auto resolved = S().ActOnException(two, ExceptionAction::kResolve, "bob", "entered by hand",
                                     At(21));
  ASSERT_TRUE(resolved.Ok());
  EXPECT_EQ(resolved->status, ExceptionStatus::kResolved);
  OutboxItem settled = **S().GetOutbox("order/2/sale");
  EXPECT_EQ(settled.state, OutboxState::kDone);
  EXPECT_NE(settled.result.find("bob"), std::string::npos) << settled.result;

  auto ignored = S().ActOnException(three, ExceptionAction::kIgnore, "carol", "", At(22));
  ASSERT_TRUE(ignored.Ok());
  EXPECT_EQ(ignored->status, ExceptionStatus::kIgnored);
  EXPECT_EQ((*S().GetOutbox("order/3/sale"))->state, OutboxState::kDone);

  // A closed exception takes comments but no more actions.
  EXPECT_TRUE(S().ActOnException(three, ExceptionAction::kComment, "dave", "why?", At(23)).Ok());
  EXPECT_EQ(S().ActOnException(three, ExceptionAction::kRetry, "dave", "", At(24))
                .GetStatus()
                .Code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(S().ActOnException(424242, ExceptionAction::kRetry, "dave", "", At(24))
                .GetStatus()
                .Code(),
            StatusCode::kNotFound);
  ExceptionRecord h = **S().GetException(three);
  ASSERT_GE(h.history.size(), 3u);
  EXPECT_EQ(h.history[h.history.size() - 2].action, "ignored");
  EXPECT_EQ(h.history.back().actor, "dave");
  EXPECT_EQ(h.history.back().comment, "why?");
  // Every action is in the audit log with its actor.
  auto audit = S().Audit("order 2", 10);
  ASSERT_TRUE(audit.Ok());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->back().actor, "bob");
}

TEST_P(OrderStoreContract, SkuMappingsAreSetReplacedRemovedAndAudited) {
  FBAFLOW_ASSERT_OK(S().SetSkuMapping({"A1SELLER", "UK", "TEE-L", "ITM-1", "alice", At(0)}));
  FBAFLOW_ASSERT_OK(S().SetSkuMapping({"A1SELLER", "*", "CAP", "ITM-2", "alice", At(1)}));
  FBAFLOW_ASSERT_OK(S().SetSkuMapping({"A1SELLER", "UK", "TEE-L", "ITM-3", "bob", At(2)}));
  FBAFLOW_ASSERT_OK(S().SetSkuMapping({"A2OTHER", "UK", "TEE-L", "ITM-9", "bob", At(3)}));
  auto mine = S().SkuMappings("A1SELLER");
  ASSERT_TRUE(mine.Ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].marketplace, "*");  // by marketplace, then SKU
  EXPECT_EQ((*mine)[1].item_code, "ITM-3");
  EXPECT_EQ((*mine)[1].actor, "bob");
  FBAFLOW_ASSERT_OK(S().RemoveSkuMapping("A1SELLER", "*", "CAP", "carol", At(4)));
  EXPECT_EQ(S().RemoveSkuMapping("A1SELLER", "*", "CAP", "carol", At(5)).Code(),
            StatusCode::kNotFound);
  EXPECT_EQ(S().SkuMappings("A1SELLER")->size(), 1u);
  auto audit = S().Audit("", 100);
  ASSERT_EQ(audit->size(), 5u);
  EXPECT_EQ(audit->back().actor, "carol");
}

TEST_P(OrderStoreContract, TheAuditLogKeepsTheNewestEntriesOldestFirst) {
  StoreBatch b;
  for (int i = 0; i < 5; ++i) {
    b.audit.push_back({At(i), "fbaflow", "order seen", i % 2 ? "order 1" : "order 2",
                       "version " + std::to_string(i)});
  }
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto last = S().Audit("order 2", 2);
  ASSERT_EQ(last->size(), 2u);
  EXPECT_EQ((*last)[0].detail, "version 2");
  EXPECT_EQ((*last)[1].detail, "version 4");
  EXPECT_EQ((*last)[1].at, At(4));
  EXPECT_EQ(S().Audit("", 100)->size(), 5u);
}

TEST_P(OrderStoreContract, OwnWarehouseOrdersAwaitTheWarehouseUntilShippedOrCancelled) {
  OrderRecord waiting = Order("w", "MERCHANT");
  waiting.queued.Add(OrderTransition::kSale);
  OrderRecord shipped = waiting;
  shipped.order_id = "s";
  shipped.erp_shipped = true;
  OrderRecord cancelled = waiting;
  cancelled.order_id = "c";
  cancelled.queued.Add(OrderTransition::kCancel);
  OrderRecord fba = Order("f", "AMAZON");
  fba.queued.Add(OrderTransition::kSale);
  OrderRecord unqueued = Order("u", "MERCHANT");
  StoreBatch b;
  b.orders = {waiting, shipped, cancelled, fba, unqueued};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  auto awaiting = S().OrdersAwaitingWarehouse();
  ASSERT_TRUE(awaiting.Ok());
  ASSERT_EQ(awaiting->size(), 1u);
  EXPECT_EQ((*awaiting)[0].order_id, "w");
}

TEST_P(OrderStoreContract, EverythingSurvivesReopening) {
  if (!GetParam().reopen) GTEST_SKIP() << GetParam().name << " keeps nothing";
  StoreBatch b;
  b.orders = {Order("o-1")};
  b.cursors = {{"c", At(7)}};
  b.enqueue = {Item("order/o-1/sale", At(0))};
  b.raise = {Raise("unmapped-sku", "order o-1", "m", "order/o-1/sale", At(0))};
  b.audit = {{At(0), "fbaflow", "order seen", "order o-1", ""}};
  FBAFLOW_ASSERT_OK(S().Apply(b));
  FBAFLOW_ASSERT_OK(S().SetSkuMapping({"A1SELLER", "UK", "TEE-L", "ITM-1", "alice", At(0)}));
  store_.reset();
  store_ = GetParam().reopen();
  EXPECT_EQ(S().FindOrders({"o-1"})->size(), 1u);
  EXPECT_EQ(**S().Cursor("c"), At(7));
  EXPECT_EQ(S().DueOutbox(At(0), 10)->size(), 1u);
  EXPECT_EQ(S().Exceptions({})->size(), 1u);
  EXPECT_EQ(S().SkuMappings("A1SELLER")->size(), 1u);
  EXPECT_EQ(S().Audit("", 10)->size(), 2u);
  // Sequence numbers keep growing after a reopen.
  StoreBatch more;
  more.enqueue = {Item("order/o-2/sale", At(0))};
  FBAFLOW_ASSERT_OK(S().Apply(more));
  auto due = *S().DueOutbox(At(0), 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].key, "order/o-2/sale");
}

}  // namespace fbaflow::testing
