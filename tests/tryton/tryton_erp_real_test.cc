// TrytonErp against the real Tryton 6.0: what the adapter creates is read back from Tryton's own
// records (search_read), so routing and exactly-once are proved in the ERP, not in our code.
// The server is the CTest fixture's (server.sh); each test gets a fresh copy of the prepared
// database under a name of its own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/erp/tryton_erp.h"
#include "adapters/http/curl_http.h"
#include "sim/amazon/world.h"
#include "sim/amazon/world_catalogue.h"
#include "tests/tryton/tryton_test_db.h"

namespace fbaflow::erp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Json = nlohmann::json;

Money Gbp(int64_t minor) { return Money::FromMinor(minor, *Currency::FromCode("GBP")); }

class TrytonRealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<TrytonSettings> db = FreshTrytonDatabase();
    if (!db) GTEST_SKIP() << "no Tryton test server (run through ctest, with trytond installed)";
    settings_ = *db;
    database_ = settings_.database;
    erp_ = std::make_unique<TrytonErp>(settings_, http_);

    // The emulator's catalogue for the fixture's seed, marketplace and SKU count.
    const sim::World world(sim::CatalogueConfig(7, "UK", 40));
    for (const sim::Sku& s : world.Skus()) {
      std::vector<sim::Sku>& kind = s.erp_reach == sim::ErpReach::kExact   ? exact_
                                    : s.erp_reach == sim::ErpReach::kAlias ? alias_
                                                                           : missing_;
      kind.push_back(s);
    }
    ASSERT_FALSE(exact_.empty());
    ASSERT_FALSE(alias_.empty());
    ASSERT_FALSE(missing_.empty());
  }

  ErpSaleRequest Sale(std::string reference, FulfilmentRole role) const {
    ErpSaleRequest r;
    r.reference = std::move(reference);
    r.marketplace = "UK";
    r.role = role;
    r.sale_date = {2026, 11, 20};
    r.lines = {{exact_[0].erp_item_code, 2, exact_[0].price},
               {alias_[0].erp_item_code, 1, alias_[0].price}};
    return r;
  }

  // Tryton's own records.
  Json SearchRead(const std::string& model, Json domain, Json fields) {
    Result<Json> r =
        erp_->Rpc().Call("model." + model + ".search_read",
                         Json::array({std::move(domain), 0, nullptr, nullptr, std::move(fields)}));
    EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
    return r.Ok() ? *r : Json::array();
  }

  Json SaleRecord(const std::string& reference) {
    const Json found =
        SearchRead("sale.sale", Json::array({Json::array({"reference", "=", reference})}),
                   {"state", "warehouse.name", "shipments", "total_amount"});
    EXPECT_EQ(found.size(), 1U) << reference;
    return found.empty() ? Json::object() : found[0];
  }

  Json ShipmentRecords(const Json& sale) {
    return SearchRead("stock.shipment.out",
                      Json::array({Json::array({"id", "in", sale["shipments"]})}),
                      {"state", "effective_date", "warehouse.name", "moves"});
  }

  static ErpMoveRequest Move(std::string reference, int64_t clearing_minor) {
    ErpMoveRequest m;
    m.reference = std::move(reference);
    m.date = {2026, 11, 30};
    m.description = "Amazon settlement 123 (2026-11)";
    m.lines = {{"1200", Gbp(clearing_minor), "deposit"},
               {"4000", Gbp(-12'345), "Amazon Sales"},
               {"5010", Gbp(2'345), "FBA fees"}};
    return m;
  }

  TrytonSettings settings_;
  std::string database_;
  CurlHttp http_;
  std::unique_ptr<TrytonErp> erp_;
  std::vector<sim::Sku> exact_, alias_, missing_;
};

TEST_F(TrytonRealTest, FbaSaleLandsInAmazonFbaAndShipsOnAmazonsDate) {
  Result<ErpSale> sale = erp_->EnsureSale(Sale("206-0000001-0000001", FulfilmentRole::kAmazonFba));
  ASSERT_TRUE(sale.Ok()) << sale.GetStatus().ToString();
  EXPECT_TRUE(sale->created);
  EXPECT_EQ(sale->role, FulfilmentRole::kAmazonFba);
  EXPECT_EQ(sale->state, ErpSaleState::kProcessing);
  const CivilDate shipped{2026, 11, 21};
  Result<ErpShipment> shipment = erp_->MarkShipped("206-0000001-0000001", shipped);
  ASSERT_TRUE(shipment.Ok()) << shipment.GetStatus().ToString();
  EXPECT_EQ(shipment->state, ErpShipmentState::kDone);
  EXPECT_EQ(shipment->shipped_on, shipped);

  const Json record = SaleRecord("206-0000001-0000001");
  EXPECT_EQ(record["warehouse."]["name"], "Amazon FBA");
  EXPECT_EQ(record["state"], "done");
  // The exact total: 2 x price + 1 x price, as Tryton computed it.
  const Money expected = exact_[0].price + exact_[0].price + alias_[0].price;
  EXPECT_EQ(*DecodeMoney(record["total_amount"], expected.GetCurrency()), expected);
  const Json shipments = ShipmentRecords(record);
  ASSERT_EQ(shipments.size(), 1U);
  EXPECT_EQ(shipments[0]["state"], "done");
  EXPECT_EQ(shipments[0]["warehouse."]["name"], "Amazon FBA");
  EXPECT_EQ(*DecodeDate(shipments[0]["effective_date"]), shipped);
  // Every stock move of the shipment is dated by Amazon's ship date.
  const Json moves =
      SearchRead("stock.move", Json::array({Json::array({"id", "in", shipments[0]["moves"]})}),
                 {"state", "effective_date"});
  ASSERT_FALSE(moves.empty());
  for (const Json& m : moves) {
    EXPECT_EQ(m["state"], "done");
    EXPECT_EQ(*DecodeDate(m["effective_date"]), shipped);
  }
  // Marking again changes nothing.
  EXPECT_EQ(erp_->MarkShipped("206-0000001-0000001", {2026, 11, 25})->shipped_on, shipped);
}

TEST_F(TrytonRealTest, FbmSaleWaitsInTheOwnWarehouseUntilTheTeamShipsIt) {
  ASSERT_TRUE(erp_->EnsureSale(Sale("206-0000002-0000002", FulfilmentRole::kOwnWarehouse)).Ok());
  const Json record = SaleRecord("206-0000002-0000002");
  EXPECT_EQ(record["warehouse."]["name"], "Own warehouse");
  EXPECT_EQ(record["state"], "processing");
  EXPECT_EQ(erp_->ShipmentOf("206-0000002-0000002")->state, ErpShipmentState::kWaiting);
  // fbaflow never ships from the own warehouse.
  EXPECT_EQ(erp_->MarkShipped("206-0000002-0000002", {2026, 11, 21}).GetStatus().Code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ShipmentRecords(record)[0]["state"], "waiting");

  // The warehouse team ships it in Tryton.
  const Json ids = record["shipments"];
  for (const char* button : {"assign_force", "pick", "pack", "done"}) {
    ASSERT_TRUE(erp_->Rpc()
                    .Call(std::string("model.stock.shipment.out.") + button, Json::array({ids}))
                    .Ok())
        << button;
  }
  Result<ErpShipment> shipped = erp_->ShipmentOf("206-0000002-0000002");
  ASSERT_TRUE(shipped.Ok());
  EXPECT_EQ(shipped->state, ErpShipmentState::kDone);
  EXPECT_TRUE(shipped->shipped_on.has_value());
}

TEST_F(TrytonRealTest, ASecondCreateWithTheSameReferenceReturnsTheFirstSale) {
  Result<ErpSale> first = erp_->EnsureSale(Sale("206-0000003-0000003", FulfilmentRole::kAmazonFba));
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  // A fresh adapter (a restarted fbaflow) with no memory of the first call.
  TrytonErp again(settings_, http_);
  Result<ErpSale> second =
      again.EnsureSale(Sale("206-0000003-0000003", FulfilmentRole::kAmazonFba));
  ASSERT_TRUE(second.Ok()) << second.GetStatus().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(
      SearchRead("sale.sale", Json::array({Json::array({"reference", "=", "206-0000003-0000003"})}),
                 {"id"})
          .size(),
      1U);
  EXPECT_EQ(SearchRead("stock.shipment.out", Json::array(), Json::array({"id"})).size(), 1U);
}

TEST_F(TrytonRealTest, CancelledSalesStayCancelledAndShippedOnesRefuse) {
  ASSERT_TRUE(erp_->EnsureSale(Sale("206-0000004-0000004", FulfilmentRole::kOwnWarehouse)).Ok());
  ASSERT_TRUE(erp_->CancelSale("206-0000004-0000004").Ok());
  EXPECT_EQ((*erp_->FindSale("206-0000004-0000004"))->state, ErpSaleState::kCancelled);
  EXPECT_EQ(erp_->ShipmentOf("206-0000004-0000004")->state, ErpShipmentState::kCancelled);
  EXPECT_EQ(ShipmentRecords(SaleRecord("206-0000004-0000004"))[0]["state"], "cancelled");
  ASSERT_TRUE(erp_->CancelSale("206-0000004-0000004").Ok());  // again: nothing to do

  ASSERT_TRUE(erp_->EnsureSale(Sale("206-0000005-0000005", FulfilmentRole::kAmazonFba)).Ok());
  ASSERT_TRUE(erp_->MarkShipped("206-0000005-0000005", {2026, 11, 21}).Ok());
  const Status shipped = erp_->CancelSale("206-0000005-0000005");
  EXPECT_EQ(shipped.Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(shipped.Message(), HasSubstr("has shipped"));
  EXPECT_EQ(erp_->CancelSale("206-nope").Code(), StatusCode::kNotFound);
}

TEST_F(TrytonRealTest, UnknownItemCodesAreReportedPerCode) {
  // Exact and alias codes exist; a missing SKU's code does not, and neither does an alias SKU's
  // seller SKU (it reaches the ERP only through its mapping).
  Result<std::vector<std::string>> missing =
      erp_->MissingItems({exact_[0].erp_item_code, alias_[0].erp_item_code,
                          missing_[0].erp_item_code, alias_[0].seller_sku});
  ASSERT_TRUE(missing.Ok()) << missing.GetStatus().ToString();
  EXPECT_THAT(*missing, ElementsAre(missing_[0].erp_item_code, alias_[0].seller_sku));

  ErpSaleRequest r = Sale("206-0000006-0000006", FulfilmentRole::kAmazonFba);
  r.lines.push_back({missing_[0].erp_item_code, 1, missing_[0].price});
  const Status s = erp_->EnsureSale(r).GetStatus();
  EXPECT_EQ(s.Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.Message(), HasSubstr(missing_[0].erp_item_code));
  EXPECT_TRUE(SearchRead("sale.sale", Json::array(), Json::array({"id"})).empty());
}

TEST_F(TrytonRealTest, ABalancedMovePostsOnceAndAnUnbalancedOneIsRefused) {
  Result<ErpMove> move = erp_->EnsurePostedMove(Move("settlement-123-2026-11", 10'000));
  ASSERT_TRUE(move.Ok()) << move.GetStatus().ToString();
  EXPECT_TRUE(move->created);
  EXPECT_FALSE(move->number.empty());
  Result<ErpMove> again = erp_->EnsurePostedMove(Move("settlement-123-2026-11", 10'000));
  ASSERT_TRUE(again.Ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->id, move->id);
  const Json moves = SearchRead(
      "account.move", Json::array({Json::array({"description", "=", "settlement-123-2026-11"})}),
      {"state", "journal.code", "lines"});
  ASSERT_EQ(moves.size(), 1U);
  EXPECT_EQ(moves[0]["state"], "posted");
  EXPECT_EQ(moves[0]["journal."]["code"], "AMZ");
  const Json lines =
      SearchRead("account.move.line", Json::array({Json::array({"move", "=", moves[0]["id"]})}),
                 {"account.code", "debit", "credit"});
  ASSERT_EQ(lines.size(), 3U);
  for (const Json& l : lines) {
    if (l["account."]["code"] == "1200") {
      EXPECT_EQ(*DecodeMoney(l["debit"], Gbp(0).GetCurrency()), Gbp(10'000));
    }
    if (l["account."]["code"] == "4000") {
      EXPECT_EQ(*DecodeMoney(l["credit"], Gbp(0).GetCurrency()), Gbp(12'345));
    }
  }

  const Status unbalanced =
      erp_->EnsurePostedMove(Move("settlement-124-2026-11", 9'999)).GetStatus();
  EXPECT_EQ(unbalanced.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unbalanced.Message(), HasSubstr("debits and credits differ by -0.01 GBP"));
  EXPECT_EQ(SearchRead("account.move", Json::array(), Json::array({"id"})).size(), 1U);
}

TEST_F(TrytonRealTest, TrytonsOwnRefusalOfAnUnbalancedMoveIsAnErrorForAPerson) {
  // Past our own check (a move written in Tryton by hand), Tryton refuses to post it, and the
  // adapter reports Tryton's words as kFailedPrecondition.
  const Json journal = SearchRead(
      "account.journal", Json::array({Json::array({"code", "=", "AMZ"})}), Json::array({"id"}));
  const Json period = SearchRead(
      "account.period", Json::array({Json::array({"type", "=", "standard"})}), Json::array({"id"}));
  const Json account = SearchRead(
      "account.account", Json::array({Json::array({"code", "=", "1200"})}), Json::array({"id"}));
  ASSERT_FALSE(journal.empty());
  ASSERT_FALSE(period.empty());
  ASSERT_FALSE(account.empty());
  Result<Json> ids = erp_->Rpc().Call(
      "model.account.move.create",
      Json::array({Json::array(
          {{{"journal", journal[0]["id"]},
            {"period", period[0]["id"]},
            {"date", EncodeDate({2025, 1, 15})},
            {"description", "by hand"},
            {"lines", Json::array({Json::array(
                          {"create", Json::array({{{"account", account[0]["id"]},
                                                   {"debit", EncodeMoney(Gbp(100))},
                                                   {"credit", EncodeMoney(Gbp(0))}}})})})}}})}));
  ASSERT_TRUE(ids.Ok()) << ids.GetStatus().ToString();
  const Status s = erp_->Rpc().Call("model.account.move.post", Json::array({*ids})).GetStatus();
  EXPECT_EQ(s.Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.Message(), HasSubstr("balance"));
}

TEST_F(TrytonRealTest, AMissingAccountCodeIsReportedAndNothingPosts) {
  Result<std::vector<std::string>> missing = erp_->MissingAccounts({"1200", "5999", "2200"});
  ASSERT_TRUE(missing.Ok()) << missing.GetStatus().ToString();
  EXPECT_THAT(*missing, ElementsAre("5999"));
  ErpMoveRequest m = Move("settlement-125-2026-11", 10'000);
  m.lines[2].account_code = "5999";
  const Status s = erp_->EnsurePostedMove(m).GetStatus();
  EXPECT_EQ(s.Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.Message(), HasSubstr("no account 5999"));
  EXPECT_TRUE(SearchRead("account.move", Json::array(), Json::array({"id"})).empty());
}

TEST_F(TrytonRealTest, AWrongPasswordIsAConfigurationError) {
  TrytonSettings wrong = settings_;
  wrong.password = Secret("not-the-password");
  TrytonErp erp(wrong, http_);
  const Status s = erp.MissingItems({"X"}).GetStatus();
  EXPECT_EQ(s.Code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(s.Message(), HasSubstr("refused the login"));
  EXPECT_FALSE(s.IsRetryable());
}

TEST_F(TrytonRealTest, AnUnknownDatabaseIsAConfigurationErrorNamingIt) {
  TrytonSettings wrong = settings_;
  wrong.database = "no_such_database";
  TrytonErp erp(wrong, http_);
  const Status s = erp.MissingItems({"X"}).GetStatus();
  EXPECT_EQ(s.Code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(s.Message(), HasSubstr("no database 'no_such_database'"));
}

}  // namespace
}  // namespace fbaflow::erp
