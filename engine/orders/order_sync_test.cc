// The orders flow over in-memory ports: Amazon (FakeOrdersApi), the ERP (FakeErp), the store
// (MemoryOrderStore) and the clock. What the ERP holds is read from the fake ERP itself.
#include "engine/orders/order_sync.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/orders/order_exceptions.h"
#include "ports/fake_clock.h"
#include "ports/testing/fake_erp.h"
#include "ports/testing/fake_orders_api.h"
#include "ports/testing/memory_order_store.h"

namespace fbaflow::orders {
namespace {

using amazon::FulfilledBy;
using testing::FakeErp;
using testing::FakeOrdersApi;
using testing::MemoryOrderStore;

constexpr char kUk[] = "A1F83G8C2ARO7P";

Money Gbp(int64_t pence) { return Money::FromMinor(pence, *Currency::FromCode("GBP")); }

class OrderSyncTest : public ::testing::Test {
 protected:
  OrderSyncTest()
      : clock_(1'780'000'000),
        amazon_(clock_),
        erp_({"MUG-RED", "TEE-L", "ITM-0007"}, {"1200"}, *Currency::FromCode("GBP")) {
    settings_.account = "A1SELLER";
    settings_.marketplace_ids = {kUk};
    settings_.since = Timestamp{1'780'000'000 - 86400, 0};
  }

  amazon::Order MakeOrder(const std::string& id, FulfilledBy by, const std::string& status,
                          std::vector<std::pair<std::string, int64_t>> skus = {{"MUG-RED", 2}}) {
    amazon::Order o;
    o.order_id = id;
    o.marketplace_id = kUk;
    o.fulfilled_by = by;
    o.fulfillment_status = status;
    o.created_time = Timestamp{clock_.WallTimestamp().utc_seconds - 3600, 60};
    o.last_updated_time = Stamp();
    int n = 0;
    for (const auto& [sku, qty] : skus) {
      amazon::OrderItem item;
      item.order_item_id = id + "-" + std::to_string(++n);
      item.seller_sku = sku;
      item.quantity_ordered = qty;
      item.unit_price = Gbp(1250);
      o.items.push_back(item);
    }
    return o;
  }

  // A fresh lastUpdatedTime, then time moves past Amazon's two-minute window.
  Timestamp Stamp() { return Timestamp{clock_.WallTimestamp().utc_seconds - 1, 0}; }
  void Later(int seconds = 600) { clock_.Advance(std::chrono::seconds(seconds)); }

  SyncReport Sync() {
    Later();
    Result<SyncReport> r = SyncOrdersOnce(amazon_, erp_, store_, clock_, settings_);
    EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
    return r.Ok() ? *r : SyncReport{};
  }

  // Put a new version of an order at Amazon.
  void Update(amazon::Order o) {
    o.last_updated_time = Stamp();
    amazon_.Put(std::move(o));
  }

  const FakeErp::Sale* ErpSale(const std::string& ref) {
    sales_ = erp_.Sales();
    int count = 0;
    const FakeErp::Sale* found = nullptr;
    for (const FakeErp::Sale& s : sales_) {
      if (s.sale.reference == ref) {
        ++count;
        found = &s;
      }
    }
    EXPECT_LE(count, 1) << "the ERP holds " << count << " sales for " << ref;
    return found;
  }

  std::vector<ExceptionRecord> Open(std::string type = "") {
    return *store_.Exceptions({ExceptionStatus::kOpen, "", std::move(type), ""});
  }

  FakeClock clock_;
  FakeOrdersApi amazon_;
  FakeErp erp_;
  MemoryOrderStore store_;
  OrderSettings settings_;
  std::vector<FakeErp::Sale> sales_;
};

TEST_F(OrderSyncTest, AnFbaOrderIsASaleFromTheFbaWarehouseShippedOnAmazonsDate) {
  amazon_.Put(MakeOrder("FBA-1", FulfilledBy::kAmazon, "UNSHIPPED"));
  SyncReport r = Sync();
  EXPECT_EQ(r.pull.recorded, 1);
  EXPECT_EQ(r.dispatch.sent, 1);
  const FakeErp::Sale* sale = ErpSale("FBA-1");
  ASSERT_NE(sale, nullptr);
  EXPECT_EQ(sale->sale.role, FulfilmentRole::kAmazonFba);
  EXPECT_EQ(sale->request.marketplace, "UK");
  ASSERT_EQ(sale->request.lines.size(), 1u);
  EXPECT_EQ(sale->request.lines[0].item_code, "MUG-RED");
  EXPECT_EQ(sale->request.lines[0].quantity, 2);
  EXPECT_EQ(sale->request.lines[0].unit_price, Gbp(1250));
  EXPECT_EQ(sale->shipment.state, ErpShipmentState::kWaiting);

  amazon::Order shipped = MakeOrder("FBA-1", FulfilledBy::kAmazon, "SHIPPED");
  shipped.shipped_time = Timestamp{clock_.WallTimestamp().utc_seconds - 86400 * 2, 0};
  Update(shipped);
  Sync();
  sale = ErpSale("FBA-1");
  ASSERT_NE(sale, nullptr);
  EXPECT_EQ(sale->shipment.state, ErpShipmentState::kDone);
  EXPECT_EQ(sale->shipment.shipped_on, shipped.shipped_time->LocalDate());
  EXPECT_TRUE(amazon_.Confirmations().empty());  // Amazon shipped it: nothing to confirm
}

TEST_F(OrderSyncTest, AnFbmOrderWaitsForTheWarehouseThenIsConfirmedToAmazonOnce) {
  amazon_.Put(MakeOrder("FBM-1", FulfilledBy::kMerchant, "UNSHIPPED", {{"TEE-L", 1}}));
  Sync();
  const FakeErp::Sale* sale = ErpSale("FBM-1");
  ASSERT_NE(sale, nullptr);
  EXPECT_EQ(sale->sale.role, FulfilmentRole::kOwnWarehouse);
  Sync();  // nothing shipped yet: nothing confirmed
  EXPECT_TRUE(amazon_.Confirmations().empty());
  EXPECT_EQ(ErpSale("FBM-1")->shipment.state, ErpShipmentState::kWaiting);

  ASSERT_TRUE(erp_.WarehouseShips("FBM-1", CivilDate{2026, 5, 28}).Ok());
  SyncReport r = Sync();
  EXPECT_EQ(r.watch.shipped, 1);
  ASSERT_EQ(amazon_.Confirmations().size(), 1u);
  const amazon::ShipmentConfirmation c = amazon_.Confirmations()[0];
  EXPECT_EQ(c.order_id, "FBM-1");
  EXPECT_EQ(c.marketplace_id, kUk);
  EXPECT_EQ(c.ship_date.UtcDate(), (CivilDate{2026, 5, 28}));
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].order_item_id, "FBM-1-1");
  EXPECT_EQ(c.items[0].quantity, 1);
  EXPECT_EQ(amazon_.Get("FBM-1").fulfillment_status, "SHIPPED");
  // Later passes (Amazon's new version included) confirm nothing again.
  Sync();
  Sync();
  EXPECT_EQ(amazon_.Confirmations().size(), 1u);
  EXPECT_TRUE(Open().empty());
}

TEST_F(OrderSyncTest, AConfirmationWhoseReplyWasLostIsNotSentTwice) {
  amazon_.Put(MakeOrder("FBM-2", FulfilledBy::kMerchant, "UNSHIPPED"));
  Sync();
  ASSERT_TRUE(erp_.WarehouseShips("FBM-2", CivilDate{2026, 5, 28}).Ok());
  amazon_.LoseNextConfirmReply(Unavailable("connection reset"));
  SyncReport r = Sync();
  EXPECT_EQ(r.dispatch.retrying, 1);
  for (int i = 0; i < 4; ++i) {
    Later(3600);
    Sync();
  }
  EXPECT_EQ(amazon_.Confirmations().size(), 1u);
  auto item = *store_.GetOutbox(OutboxKey("FBM-2", OrderTransition::kConfirm));
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->state, OutboxState::kDone);
  EXPECT_NE(item->result.find("already SHIPPED"), std::string::npos) << item->result;
}

TEST_F(OrderSyncTest, BadOrdersInTheMiddleOfABatchNeverBlockTheRestAndLandOnceMapped) {
  for (int i = 0; i < 30; ++i) {
    const std::string sku = i % 10 == 5 ? "CAP-" + std::to_string(i) : "MUG-RED";
    amazon_.Put(MakeOrder("O-" + std::to_string(100 + i), FulfilledBy::kAmazon, "UNSHIPPED",
                          {{"TEE-L", 1}, {sku, 1}}));
  }
  SyncReport r = Sync();
  EXPECT_EQ(r.dispatch.sent, 27);
  EXPECT_EQ(r.dispatch.exceptions, 3);
  EXPECT_EQ(erp_.Sales().size(), 27u);
  std::vector<ExceptionRecord> open = Open(std::string(kUnmappedSku));
  ASSERT_EQ(open.size(), 3u);
  for (const ExceptionRecord& e : open) {
    EXPECT_EQ(e.owner, "ecommerce");
    EXPECT_NE(e.message.find("fbaflow mappings set-sku"), std::string::npos) << e.message;
    EXPECT_EQ(e.entity.rfind("order O-1", 0), 0u) << e.entity;
  }
  // A pass without a fix raises them again (seen again), lands nothing twice.
  Sync();
  EXPECT_EQ(erp_.Sales().size(), 27u);
  EXPECT_EQ(Open()[0].attempts, 2);

  // Map two of them to an ERP item and create the third in the ERP: all land on the next pass.
  ASSERT_TRUE(
      store_.SetSkuMapping({"A1SELLER", "UK", "CAP-5", "ITM-0007", "alice", clock_.WallTimestamp()})
          .Ok());
  ASSERT_TRUE(
      store_.SetSkuMapping({"A1SELLER", "*", "CAP-15", "ITM-0007", "alice", clock_.WallTimestamp()})
          .Ok());
  erp_.AddItem("CAP-25");
  r = Sync();
  EXPECT_EQ(r.dispatch.sent, 3);
  EXPECT_EQ(erp_.Sales().size(), 30u);
  EXPECT_EQ(ErpSale("O-105")->request.lines[1].item_code, "ITM-0007");
  EXPECT_EQ(ErpSale("O-125")->request.lines[1].item_code, "CAP-25");
  EXPECT_TRUE(Open().empty());
  EXPECT_EQ(store_.Exceptions({ExceptionStatus::kResolved, "", "", ""})->size(), 3u);
  // The mapping decision is in the audit log.
  auto audit = *store_.Audit(OrderEntity("O-105"), 20);
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const AuditEntry& a) {
    return a.action == "skus mapped" &&
           a.detail.find("CAP-5 -> ITM-0007 (alias)") != std::string::npos;
  }));
}

TEST_F(OrderSyncTest, PendingOrdersWaitUntilAmazonPricesThem) {
  amazon::Order pending = MakeOrder("P-1", FulfilledBy::kAmazon, "PENDING");
  pending.items[0].unit_price.reset();
  amazon_.Put(pending);
  SyncReport r = Sync();
  EXPECT_EQ(r.pull.waiting, 1);
  EXPECT_TRUE(erp_.Sales().empty());
  Update(MakeOrder("P-1", FulfilledBy::kAmazon, "UNSHIPPED"));
  Sync();
  EXPECT_NE(ErpSale("P-1"), nullptr);
}

TEST_F(OrderSyncTest, ACancellationCancelsTheErpSale) {
  amazon_.Put(MakeOrder("C-1", FulfilledBy::kMerchant, "UNSHIPPED"));
  Sync();
  Update(MakeOrder("C-1", FulfilledBy::kMerchant, "CANCELLED"));
  Sync();
  EXPECT_EQ(ErpSale("C-1")->sale.state, ErpSaleState::kCancelled);
  EXPECT_TRUE(Open().empty());
}

TEST_F(OrderSyncTest, ASaleThatNeverReachedTheErpIsWithdrawnWhenAmazonCancels) {
  amazon_.Put(MakeOrder("C-2", FulfilledBy::kAmazon, "UNSHIPPED", {{"NOPE", 1}}));
  Sync();
  ASSERT_EQ(Open(std::string(kUnmappedSku)).size(), 1u);
  Update(MakeOrder("C-2", FulfilledBy::kAmazon, "CANCELLED", {{"NOPE", 1}}));
  SyncReport r = Sync();
  EXPECT_EQ(r.dispatch.withdrawn, 1);
  EXPECT_EQ(ErpSale("C-2"), nullptr);
  EXPECT_TRUE(Open().empty());  // nothing left to fix
  EXPECT_EQ(store_.CountOutbox()->parked, 0);
}

TEST_F(OrderSyncTest, ACancellationAfterShippingIsAReturnForOps) {
  amazon_.Put(MakeOrder("C-3", FulfilledBy::kAmazon, "SHIPPED"));
  Sync();
  Sync();
  ASSERT_EQ(ErpSale("C-3")->shipment.state, ErpShipmentState::kDone);
  Update(MakeOrder("C-3", FulfilledBy::kAmazon, "CANCELLED"));
  Sync();
  std::vector<ExceptionRecord> open = Open();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].type, "order-cancelled-after-shipping");
  EXPECT_EQ(open[0].owner, "ops");
  EXPECT_NE(ErpSale("C-3")->sale.state, ErpSaleState::kCancelled);
}

TEST_F(OrderSyncTest, AnErpReplyLostAfterItsCommitMakesNoSecondSale) {
  amazon_.Put(MakeOrder("L-1", FulfilledBy::kAmazon, "UNSHIPPED"));
  erp_.LoseNextReply(Unavailable("connection reset after commit"));
  SyncReport r = Sync();
  EXPECT_EQ(r.dispatch.retrying, 1);
  Later(3600);
  r = Sync();
  EXPECT_EQ(r.dispatch.found, 1);
  EXPECT_NE(ErpSale("L-1"), nullptr);  // and exactly one (ErpSale checks)
  EXPECT_EQ(erp_.Sales().size(), 1u);
}

TEST_F(OrderSyncTest, AnErpDownPastTheRetryBudgetIsAnExceptionThatClosesWhenItLands) {
  settings_.exception_after_attempts = 2;
  amazon_.Put(MakeOrder("D-1", FulfilledBy::kAmazon, "UNSHIPPED"));
  erp_.FailNext(Unavailable("ERP down"));
  Sync();
  erp_.FailNext(Unavailable("ERP down"));
  Later(3600);
  Sync();
  std::vector<ExceptionRecord> open = Open(std::string(kErpUnavailable));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].owner, "ops");
  Later(3600);
  Sync();
  EXPECT_NE(ErpSale("D-1"), nullptr);
  EXPECT_TRUE(Open().empty());
}

TEST_F(OrderSyncTest, AnErpRefusalIsParkedUntilAPersonRetriesIt) {
  amazon_.Put(MakeOrder("R-1", FulfilledBy::kAmazon, "UNSHIPPED"));
  amazon_.Put(MakeOrder("R-2", FulfilledBy::kAmazon, "UNSHIPPED"));
  erp_.FailNext(OkStatus());  // the item look-up goes through, the first sale is refused
  erp_.FailNext(FailedPrecondition("the customer has no invoice address"));
  Sync();
  std::vector<ExceptionRecord> open = Open(std::string(kErpRejected));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_NE(open[0].message.find("invoice address"), std::string::npos);
  EXPECT_EQ(erp_.Sales().size(), 1u);  // the other order went through
  Sync();
  EXPECT_EQ(erp_.Sales().size(), 1u);  // parked: not retried on its own
  ASSERT_TRUE(store_
                  .ActOnException(open[0].id, ExceptionAction::kRetry, "alice", "fixed",
                                  clock_.WallTimestamp())
                  .Ok());
  Sync();
  EXPECT_EQ(erp_.Sales().size(), 2u);
  EXPECT_TRUE(Open().empty());
}

TEST_F(OrderSyncTest, ReplaysAndOverlappingPullsCreateNothingNew) {
  for (int i = 0; i < 5; ++i) {
    amazon_.Put(MakeOrder("X-" + std::to_string(i), FulfilledBy::kAmazon, "UNSHIPPED"));
  }
  Sync();
  const int calls = erp_.Calls();
  SyncReport r = Sync();
  EXPECT_EQ(r.pull.recorded, 0);
  EXPECT_EQ(r.dispatch.sent, 0);
  EXPECT_EQ(erp_.Calls(), calls);
  // Forgetting the cursor (a backfill with --since) reads everything again and skips it.
  settings_.since = Timestamp{1'700'000'000, 0};
  r = Sync();
  EXPECT_EQ(r.pull.orders, 5);
  EXPECT_EQ(r.pull.unchanged, 5);
  EXPECT_EQ(erp_.Sales().size(), 5u);
}

TEST_F(OrderSyncTest, ACursorMovesOnlyAfterEveryPageIsStored) {
  settings_.page_size = 2;
  for (int i = 0; i < 5; ++i) {
    amazon_.Put(MakeOrder("K-" + std::to_string(i), FulfilledBy::kAmazon, "UNSHIPPED"));
  }
  Later();
  store_.FailNextApply(Unavailable("disk full"));
  Result<PullReport> failed = PullOrders(amazon_, store_, clock_, settings_);
  EXPECT_EQ(failed.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_FALSE(store_.Cursor(OrdersCursorName(settings_))->has_value());
  Result<PullReport> again = PullOrders(amazon_, store_, clock_, settings_);
  ASSERT_TRUE(again.Ok()) << again.GetStatus().ToString();
  EXPECT_EQ(again->pages, 3);
  EXPECT_EQ(again->recorded, 5);
  EXPECT_EQ(**store_.Cursor(OrdersCursorName(settings_)), again->cursor);
  EXPECT_EQ(again->cursor.utc_seconds, clock_.WallTimestamp().utc_seconds - 120);
}

TEST_F(OrderSyncTest, ARefusedErpLoginStopsThePassInsteadOfFailingEveryOrder) {
  for (int i = 0; i < 5; ++i) {
    amazon_.Put(MakeOrder("U-" + std::to_string(i), FulfilledBy::kAmazon, "UNSHIPPED"));
  }
  erp_.FailNext(Unauthenticated("Tryton refused the login of user 'admin'"));
  Later();
  Result<SyncReport> r = SyncOrdersOnce(amazon_, erp_, store_, clock_, settings_);
  EXPECT_EQ(r.GetStatus().Code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(Open().empty());  // no order is to blame
  OutboxCounts c = *store_.CountOutbox();
  EXPECT_EQ(c.pending, 5);
  EXPECT_EQ((*store_.GetOutbox(OutboxKey("U-0", OrderTransition::kSale)))->attempts, 0);
  // Fixed: everything goes on the next pass.
  Sync();
  EXPECT_EQ(erp_.Sales().size(), 5u);
}

TEST_F(OrderSyncTest, AnErpThatDoesNotAnswerStopsThePassAfterOneBatch) {
  settings_.dispatch_batch = 2;
  for (int i = 0; i < 6; ++i) {
    amazon_.Put(MakeOrder("N-" + std::to_string(i), FulfilledBy::kAmazon, "UNSHIPPED"));
  }
  erp_.FailNext(Unavailable("connection refused"));
  SyncReport r = Sync();
  EXPECT_EQ(r.dispatch.retrying, 2);  // the first batch backs off, the others are not tried
  EXPECT_EQ(r.dispatch.unavailable.Code(), StatusCode::kUnavailable);
  EXPECT_EQ(erp_.Sales().size(), 0u);
  EXPECT_EQ(erp_.Calls(), 1);
  Later(3600);
  Sync();
  EXPECT_EQ(erp_.Sales().size(), 6u);
}

TEST_F(OrderSyncTest, AJournalTheErpRefusesIsFinancesNotOps) {
  // An order refusal is ops'; a journal refusal (closed period, wrong currency) is finance's.
  EXPECT_EQ(OwnerOf(settings_, kJournalRejected), "finance");
  EXPECT_EQ(OwnerOf(settings_, kJournalUnavailable), "finance");
  EXPECT_EQ(OwnerOf(settings_, kErpRejected), "ops");
  EXPECT_EQ(DescribeKey("order/206-1/sale"), "the ERP sale of order 206-1");
  EXPECT_EQ(DescribeKey("settlement/123/2026-11"), "the settlement journal of 123 for 2026-11");
}

}  // namespace
}  // namespace fbaflow::orders
