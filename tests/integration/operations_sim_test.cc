// The real connector against the in-process emulator for the operations the ERP side writes with
// or subscribes through: Listings Items quantities, JSON_LISTINGS_FEED quantity feeds, Finances
// transactions and Notifications destinations and subscriptions. Both sides run on one simulated
// clock (SimHarness), so feed processing and the listing's 30-second apply delay take no real time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "adapters/amazon/exact_json.h"
#include "tests/integration/sim_harness.h"

namespace fbaflow::testing {
namespace {

using amazon::ProcessingStatus;
using ::testing::HasSubstr;

constexpr int64_t kSimStartSeconds = kSimStart / 1000;
constexpr int64_t kDay = 86400;

// Merchant-fulfilled SKUs, found in the seller's merchant-fulfilled orders (only FBA SKUs are in
// the inventory), sorted.
std::vector<std::string> MerchantSkus(amazon::AmazonApi& api) {
  amazon::OrderQuery q;
  q.created_after = Timestamp{kSimStartSeconds - 20 * kDay, 0};
  q.marketplace_ids = {kUsMarketplace};
  q.fulfilled_by = {amazon::FulfilledBy::kMerchant};
  std::set<std::string> skus;
  auto r = api.SearchOrders(q, [&skus](amazon::OrdersPage& page) {
    for (const amazon::Order& o : page.orders) {
      for (const amazon::OrderItem& i : o.items) skus.insert(i.seller_sku);
    }
    return OkStatus();
  });
  EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
  return {skus.begin(), skus.end()};
}

std::string FbaSku(amazon::AmazonApi& api) {
  auto listing = api.GetInventorySummaries(UsInventory());
  EXPECT_TRUE(listing.Ok()) << listing.GetStatus().ToString();
  return listing.Ok() && !listing->summaries.empty() ? listing->summaries[0].seller_sku : "";
}

// What Amazon lists as the SKU's quantity: getListingsItem, through the same client.
int64_t ListedQuantity(SimHarness& h, const std::string& sku) {
  amazon::ApiCall call{
      amazon::FindOperation("getListingsItem"),
      {{"sellerId", h.Sim().Sellers()[0].seller_id}, {"sku", sku}},
      {{"marketplaceIds", kUsMarketplace}, {"includedData", "fulfillmentAvailability"}},
      {}};
  auto r = h.Client().Call(call);
  EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
  if (!r.Ok()) return -1;
  const amazon::Json* a = amazon::ArrayField(r->json, "fulfillmentAvailability");
  if (a == nullptr || a->empty()) return -1;
  return amazon::IntField((*a)[0], "quantity").value_or(-1);
}

amazon::QuantityUpdate Update(const std::string& sku, int64_t quantity) {
  amazon::QuantityUpdate u;
  u.sku = sku;
  u.quantity = quantity;
  return u;
}

// ---- Listings Items ---------------------------------------------------------------------------

TEST(OperationsSimTest, AMerchantQuantityIsAcceptedAndListedThirtySecondsLater) {
  SimHarness h;
  const std::vector<std::string> mfn = MerchantSkus(h.Api());
  ASSERT_FALSE(mfn.empty());
  const std::string seller = h.Sim().Sellers()[0].seller_id;
  ASSERT_NE(ListedQuantity(h, mfn[0]), 777);

  auto r = h.Api().PatchListingQuantity(seller, kUsMarketplace, Update(mfn[0], 777));
  ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
  EXPECT_EQ(r->status, "ACCEPTED");
  EXPECT_EQ(r->sku, mfn[0]);
  EXPECT_FALSE(r->submission_id.empty());
  EXPECT_TRUE(r->issues.empty());
  EXPECT_NE(ListedQuantity(h, mfn[0]), 777);  // not yet: Amazon applies it later

  h.SimClock().Advance(31 * sim::kSecond);
  EXPECT_EQ(ListedQuantity(h, mfn[0]), 777);
  EXPECT_EQ(h.Stat("patchListingsItem", "ok"), 1);
}

TEST(OperationsSimTest, AnFbaOrUnknownSkuIsInvalidWithItsIssue) {
  SimHarness h;
  const std::string seller = h.Sim().Sellers()[0].seller_id;
  const std::string fba = FbaSku(h.Api());
  ASSERT_FALSE(fba.empty());
  const int64_t before = ListedQuantity(h, fba);

  auto r = h.Api().PatchListingQuantity(seller, kUsMarketplace, Update(fba, before + 50));
  ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
  EXPECT_EQ(r->status, "INVALID");
  ASSERT_EQ(r->issues.size(), 1u);
  EXPECT_EQ(r->issues[0].code, "4000005");
  EXPECT_EQ(r->issues[0].severity, "ERROR");
  EXPECT_THAT(r->issues[0].message, HasSubstr("fulfilled by Amazon"));
  h.SimClock().Advance(31 * sim::kSecond);
  EXPECT_EQ(ListedQuantity(h, fba), before);  // FBA stock is not the seller's to set

  auto unknown = h.Api().PatchListingQuantity(seller, kUsMarketplace, Update("NO-SUCH-SKU", 5));
  ASSERT_TRUE(unknown.Ok()) << unknown.GetStatus().ToString();
  EXPECT_EQ(unknown->status, "INVALID");
  ASSERT_EQ(unknown->issues.size(), 1u);
  EXPECT_EQ(unknown->issues[0].code, "18027");
  EXPECT_THAT(unknown->issues[0].message, HasSubstr("NO-SUCH-SKU"));
}

// ---- Feeds ------------------------------------------------------------------------------------

TEST(OperationsSimTest, AQuantityFeedIsProcessedAndItsQuantitiesApplied) {
  SimHarness h;
  const std::vector<std::string> mfn = MerchantSkus(h.Api());
  ASSERT_GE(mfn.size(), 2u);
  const std::string fba = FbaSku(h.Api());
  ASSERT_FALSE(fba.empty());
  const std::string seller = h.Sim().Sellers()[0].seller_id;

  auto id = h.Api().SubmitQuantityFeed(seller, {kUsMarketplace},
                                       {Update(mfn[0], 311), Update(mfn[1], 0), Update(fba, 9)});
  ASSERT_TRUE(id.Ok()) << id.GetStatus().ToString();
  auto first = h.Api().GetFeed(*id);
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  EXPECT_FALSE(amazon::IsFinal(first->status));
  EXPECT_EQ(first->feed_type, "JSON_LISTINGS_FEED");

  amazon::PollOptions poll;
  poll.first_interval = std::chrono::seconds(15);
  poll.max_interval = std::chrono::seconds(60);
  auto done = h.Api().WaitForFeed(*id, poll);
  ASSERT_TRUE(done.Ok()) << done.GetStatus().ToString();
  ASSERT_EQ(done->status, ProcessingStatus::kDone);
  EXPECT_EQ(done->feed_id, *id);
  EXPECT_GT(h.Stat("getFeed", "requests"), 2);  // it polled
  ASSERT_FALSE(done->result_document_id.empty());

  auto text = h.Api().GetFeedResult(*done);
  ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
  const auto report = nlohmann::json::parse(*text);
  EXPECT_EQ(report["header"]["feedId"], *id);
  EXPECT_EQ(report["summary"]["messagesProcessed"], 3);
  EXPECT_EQ(report["summary"]["messagesAccepted"], 2);
  EXPECT_EQ(report["summary"]["messagesInvalid"], 1);
  ASSERT_EQ(report["issues"].size(), 1u);
  EXPECT_EQ(report["issues"][0]["messageId"], 3);  // the FBA SKU, third message
  EXPECT_EQ(report["issues"][0]["code"], "4000005");

  EXPECT_EQ(ListedQuantity(h, mfn[0]), 311);
  EXPECT_EQ(ListedQuantity(h, mfn[1]), 0);
}

// ---- Finances ---------------------------------------------------------------------------------

struct TransactionPull {
  Status status;
  amazon::PagingSummary paging;
  std::vector<amazon::Transaction> transactions;
};

TransactionPull PullTransactions(amazon::AmazonApi& api, int64_t from, int64_t to) {
  amazon::TransactionQuery q;
  q.posted_after = Timestamp{from, 0};
  q.posted_before = Timestamp{to, 0};
  q.marketplace_id = kUsMarketplace;
  TransactionPull out;
  auto r = api.ListTransactions(q, [&out](amazon::TransactionsPage& page) {
    EXPECT_TRUE(page.rejects.empty()) << page.rejects[0].reason;
    for (amazon::Transaction& t : page.transactions) out.transactions.push_back(std::move(t));
    return OkStatus();
  });
  out.status = r.GetStatus();
  if (r.Ok()) out.paging = *r;
  return out;
}

TEST(OperationsSimTest, TransactionsArePagedThroughWithExactAmounts) {
  SimHarness h;
  // A week (of the 20 simulated days) keeps the test fast under ASan.
  const int64_t from = kSimStartSeconds - 10 * kDay;
  const int64_t to = kSimStartSeconds - 3 * kDay;
  const TransactionPull all = PullTransactions(h.Api(), from, to);
  ASSERT_TRUE(all.status.Ok()) << all.status.ToString();

  // Hundreds of transactions over several 100-transaction pages, each once.
  EXPECT_GT(all.transactions.size(), 300u);
  EXPECT_EQ(all.paging.records, static_cast<int64_t>(all.transactions.size()));
  EXPECT_EQ(all.paging.pages, static_cast<int>((all.transactions.size() + 99) / 100));
  EXPECT_EQ(h.Stat("listTransactions", "requests"), all.paging.pages);
  std::set<std::string> ids;
  std::map<std::string, int> types;
  for (const amazon::Transaction& t : all.transactions) {
    ids.insert(t.transaction_id);
    ++types[t.transaction_type];
    EXPECT_EQ(t.transaction_status, "RELEASED");
    EXPECT_EQ(t.marketplace_id, kUsMarketplace);
    ASSERT_TRUE(t.posted_date.has_value());
    EXPECT_GE(t.posted_date->utc_seconds, from);
    EXPECT_LT(t.posted_date->utc_seconds, to);
    // Exact Money: the total is the sum of the breakdowns to the cent, and each breakdown the
    // sum of its parts (amounts arrive as JSON numbers, read without a double).
    ASSERT_TRUE(t.total_amount.has_value()) << t.transaction_id;
    EXPECT_EQ(t.total_amount->GetCurrency().Code(), "USD");
    EXPECT_FALSE(t.breakdowns.empty()) << t.transaction_id;
    Money sum = Money::Zero(t.total_amount->GetCurrency());
    for (const amazon::FinanceBreakdown& b : t.breakdowns) {
      ASSERT_TRUE(b.amount.has_value()) << t.transaction_id << " " << b.type;
      sum += *b.amount;
      Money parts = Money::Zero(b.amount->GetCurrency());
      for (const amazon::FinanceBreakdown& c : b.children) parts += c.amount.value();
      EXPECT_EQ(parts, *b.amount) << t.transaction_id << " " << b.type;
    }
    EXPECT_EQ(sum, *t.total_amount) << t.transaction_id;
  }
  EXPECT_EQ(ids.size(), all.transactions.size());
  EXPECT_GT(types["Shipment"], 0);
  EXPECT_GT(types["Refund"], 0);

  // The same window in two halves holds the same transactions.
  const int64_t mid = from + 3 * kDay;
  const TransactionPull first = PullTransactions(h.Api(), from, mid);
  const TransactionPull second = PullTransactions(h.Api(), mid, to);
  ASSERT_TRUE(first.status.Ok() && second.status.Ok());
  std::set<std::string> halves;
  for (const auto* pull : {&first, &second}) {
    for (const amazon::Transaction& t : pull->transactions) halves.insert(t.transaction_id);
  }
  EXPECT_EQ(halves, ids);
  EXPECT_EQ(h.Stat("listTransactions", "throttled"), 0);
}

// ---- Notifications ----------------------------------------------------------------------------

TEST(OperationsSimTest, AnSqsDestinationAndAnOrderChangeSubscriptionAreCreatedFoundAndDeleted) {
  SimHarness h;
  const std::string arn = "arn:aws:sqs:us-east-1:000000000000:fbaflow-operations-test";
  auto destination = h.Api().CreateSqsDestination("fbaflow-operations-test", arn);
  ASSERT_TRUE(destination.Ok()) << destination.GetStatus().ToString();
  EXPECT_FALSE(destination->destination_id.empty());
  EXPECT_EQ(destination->name, "fbaflow-operations-test");
  EXPECT_EQ(destination->sqs_arn, arn);
  EXPECT_EQ(h.Client().Lwa().Fetches(), 1);  // the grantless token, no seller token yet

  auto none = h.Api().GetSubscription("ORDER_CHANGE");
  ASSERT_TRUE(none.Ok()) << none.GetStatus().ToString();
  EXPECT_FALSE(none->has_value());
  auto created = h.Api().CreateSubscription("ORDER_CHANGE", destination->destination_id, "1.0");
  ASSERT_TRUE(created.Ok()) << created.GetStatus().ToString();
  EXPECT_FALSE(created->subscription_id.empty());
  EXPECT_EQ(created->destination_id, destination->destination_id);
  EXPECT_EQ(h.Client().Lwa().Fetches(), 2);  // and the seller's

  auto found = h.Api().GetSubscription("ORDER_CHANGE");
  ASSERT_TRUE(found.Ok()) << found.GetStatus().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->subscription_id, created->subscription_id);
  EXPECT_EQ((*found)->destination_id, destination->destination_id);
  EXPECT_EQ((*found)->payload_version, "1.0");

  // deleteSubscriptionById and deleteDestination are grantless again.
  const Status unsubscribed = h.Api().DeleteSubscription("ORDER_CHANGE", created->subscription_id);
  ASSERT_TRUE(unsubscribed.Ok()) << unsubscribed.ToString();
  auto gone = h.Api().GetSubscription("ORDER_CHANGE");
  ASSERT_TRUE(gone.Ok()) << gone.GetStatus().ToString();
  EXPECT_FALSE(gone->has_value());

  const Status deleted = h.Api().DeleteDestination(destination->destination_id);
  ASSERT_TRUE(deleted.Ok()) << deleted.ToString();
  auto destinations = h.Api().GetDestinations();
  ASSERT_TRUE(destinations.Ok()) << destinations.GetStatus().ToString();
  for (const amazon::Destination& d : *destinations) {
    EXPECT_NE(d.destination_id, destination->destination_id);
  }
  EXPECT_EQ(h.Client().Lwa().Fetches(), 2);  // both tokens reused
  EXPECT_EQ(h.Stat("lwa", "ok"), 2);
  EXPECT_EQ(h.Stat("deleteSubscriptionById", "ok"), 1);
  EXPECT_EQ(h.Stat("deleteDestination", "ok"), 1);
}

}  // namespace
}  // namespace fbaflow::testing
