// The adapter's wire shapes against a scripted Tryton. What Tryton does with them is proved
// against the real server in tests/tryton/.
#include "adapters/erp/tryton_erp.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/testing/tryton_test_server.h"

namespace fbaflow::erp {
namespace {

using ::testing::HasSubstr;
using testing::Json;
using testing::TrytonTestServer;

TrytonSettings Settings() {
  TrytonSettings s;
  s.url = "http://erp.test/";
  s.database = "fbaflow";
  s.user = "admin";
  s.password = Secret("x");
  return s;
}

Money Gbp(int64_t minor) { return Money::FromMinor(minor, *Currency::FromCode("GBP")); }

ErpSaleRequest FbaSale() {
  ErpSaleRequest r;
  r.reference = "206-1234567-7654321";
  r.marketplace = "UK";
  r.role = FulfilmentRole::kAmazonFba;
  r.sale_date = {2026, 11, 20};
  r.lines = {{"FBA-1", 2, Gbp(1299)}, {"ITM-2", 1, Gbp(2049)}};
  return r;
}

// A Tryton with two products, the UK customer, both warehouses and GBP.
void ScriptCatalogue(TrytonTestServer& server) {
  server.Answer("model.product.product.search_read", [](const Json& params) {
    Json out = Json::array();
    for (const Json& code : params[0][0][2]) {
      if (code == "FBA-1") out.push_back({{"id", 11}, {"code", "FBA-1"}, {"sale_uom", 1}});
      if (code == "ITM-2") out.push_back({{"id", 12}, {"code", "ITM-2"}, {"sale_uom", 1}});
    }
    return TrytonTestServer::Ok(out);
  });
  server.AnswerOk("model.party.party.search_read", Json::array({{{"id", 3}}}));
  server.AnswerOk("model.party.address.search_read",
                  Json::array({{{"id", 30}, {"invoice", true}}}));
  server.AnswerOk("model.currency.currency.search_read", Json::array({{{"id", 2}}}));
  server.Answer("model.stock.location.search_read", [](const Json& params) {
    return TrytonTestServer::Ok(Json::array({{{"id", params[0][0][2] == "FBA" ? 12 : 5}}}));
  });
}

TEST(TrytonErpTest, CreatesAConfirmedSaleWithExactPricesWhenTheReferenceIsNew) {
  TrytonTestServer server;
  ScriptCatalogue(server);
  int searches = 0;
  server.Answer("model.sale.sale.search_read", [&](const Json&) {
    if (++searches == 1) return TrytonTestServer::Ok(Json::array());
    return TrytonTestServer::Ok(Json::array({{{"id", 40},
                                              {"reference", "206-1234567-7654321"},
                                              {"number", "7"},
                                              {"state", "processing"},
                                              {"warehouse", 12},
                                              {"shipments", Json::array({90})},
                                              {"moves", {91, 92}}}}));
  });
  server.AnswerOk("model.sale.sale.create", Json::array({40}));
  server.AnswerOk("model.sale.sale.quote", nullptr);
  server.AnswerOk("model.sale.sale.confirm", nullptr);
  TrytonErp erp(Settings(), server.GetHttp());

  Result<ErpSale> sale = erp.EnsureSale(FbaSale());
  ASSERT_TRUE(sale.Ok()) << sale.GetStatus().ToString();
  EXPECT_TRUE(sale->created);
  EXPECT_EQ(sale->id, "40");
  EXPECT_EQ(sale->number, "7");
  EXPECT_EQ(sale->role, FulfilmentRole::kAmazonFba);
  EXPECT_EQ(sale->state, ErpSaleState::kProcessing);

  const auto creates = server.CallsTo("model.sale.sale.create");
  ASSERT_EQ(creates.size(), 1U);
  const Json& values = creates[0].params[0][0];
  EXPECT_EQ(values["reference"], "206-1234567-7654321");
  EXPECT_EQ(values["party"], 3);
  EXPECT_EQ(values["invoice_address"], 30);
  EXPECT_EQ(values["warehouse"], 12);
  EXPECT_EQ(values["currency"], 2);
  EXPECT_EQ(values["invoice_method"], "manual");
  EXPECT_EQ(values["sale_date"], Json::parse(R"({"__class__":"date","year":2026,"month":11,
                                                "day":20})"));
  EXPECT_EQ(values["lines"][0][0], "create");
  const Json& line = values["lines"][0][1][0];
  EXPECT_EQ(line["product"], 11);
  EXPECT_EQ(line["quantity"], 2.0);
  EXPECT_EQ(line["unit_price"], Json::parse(R"({"__class__":"Decimal","decimal":"12.99"})"));
  EXPECT_EQ(values["lines"][0][1][1]["unit_price"]["decimal"], "20.49");
  EXPECT_EQ(server.CallsTo("model.sale.sale.quote")[0].params[0], Json::array({40}));
  EXPECT_EQ(server.CallsTo("model.sale.sale.confirm").size(), 1U);
}

TEST(TrytonErpTest, AKnownReferenceIsReturnedWithoutCreating) {
  TrytonTestServer server;
  ScriptCatalogue(server);
  server.AnswerOk("model.sale.sale.search_read", Json::array({{{"id", 40},
                                                               {"reference", "206-1234567-7654321"},
                                                               {"number", "7"},
                                                               {"state", "processing"},
                                                               {"warehouse", 5},
                                                               {"shipments", Json::array({90})},
                                                               {"moves", Json::array({91})}}}));
  TrytonErp erp(Settings(), server.GetHttp());
  Result<ErpSale> sale = erp.EnsureSale(FbaSale());
  ASSERT_TRUE(sale.Ok()) << sale.GetStatus().ToString();
  EXPECT_FALSE(sale->created);
  EXPECT_EQ(sale->role, FulfilmentRole::kOwnWarehouse);
  EXPECT_TRUE(server.CallsTo("model.sale.sale.create").empty());
  EXPECT_TRUE(server.CallsTo("model.sale.sale.confirm").empty());
}

TEST(TrytonErpTest, ASaleLeftInDraftByACrashIsConfirmedByTheRetry) {
  TrytonTestServer server;
  ScriptCatalogue(server);
  server.AnswerOk("model.sale.sale.search_read", Json::array({{{"id", 40},
                                                               {"reference", "206-1234567-7654321"},
                                                               {"state", "draft"},
                                                               {"warehouse", 12},
                                                               {"shipments", Json::array()}}}));
  server.AnswerOk("model.sale.sale.quote", nullptr);
  server.AnswerOk("model.sale.sale.confirm", nullptr);
  TrytonErp erp(Settings(), server.GetHttp());
  ASSERT_TRUE(erp.EnsureSale(FbaSale()).Ok());
  EXPECT_TRUE(server.CallsTo("model.sale.sale.create").empty());
  EXPECT_EQ(server.CallsTo("model.sale.sale.quote").size(), 1U);
  EXPECT_EQ(server.CallsTo("model.sale.sale.confirm").size(), 1U);
}

TEST(TrytonErpTest, UnknownItemsAreNamedAndNothingIsCreated) {
  TrytonTestServer server;
  ScriptCatalogue(server);
  server.AnswerOk("model.sale.sale.search_read", Json::array());
  TrytonErp erp(Settings(), server.GetHttp());
  ErpSaleRequest r = FbaSale();
  r.lines.push_back({"NOPE-1", 1, Gbp(100)});
  r.lines.push_back({"NOPE-2", 1, Gbp(100)});
  const Status s = erp.EnsureSale(r).GetStatus();
  EXPECT_EQ(s.Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.Message(), HasSubstr("no item NOPE-1, NOPE-2"));
  EXPECT_TRUE(server.CallsTo("model.sale.sale.create").empty());

  Result<std::vector<std::string>> missing = erp.MissingItems({"FBA-1", "NOPE-1", "FBA-1"});
  ASSERT_TRUE(missing.Ok());
  EXPECT_EQ(*missing, std::vector<std::string>{"NOPE-1"});
  // One look-up for the batch; "FBA-1" asked once.
  EXPECT_EQ(server.CallsTo("model.product.product.search_read").back().params[0][0][2],
            Json::parse(R"(["FBA-1", "NOPE-1"])"));
}

TEST(TrytonErpTest, MoveLinesAreDebitsAndCreditsInDecimalText) {
  TrytonTestServer server;
  server.AnswerOk("model.account.journal.search_read", Json::array({{{"id", 5}}}));
  server.AnswerOk("model.account.move.search_read", Json::array());
  server.AnswerOk("model.company.company.read",
                  Json::parse(R"([{"id": 1, "currency.": {"id": 2, "code": "GBP"}}])"));
  server.AnswerOk("model.account.account.search_read",
                  Json::parse(R"([{"id": 8, "code": "1200"}, {"id": 14, "code": "4000"}])"));
  server.AnswerOk("model.account.period.search_read",
                  Json::parse(R"([{"id": 23, "state": "open"}])"));
  server.AnswerOk("model.account.move.create", Json::array({77}));
  server.AnswerOk("model.account.move.post", nullptr);
  server.AnswerOk("model.account.move.read", Json::parse(R"([{"id": 77, "post_number": "12"}])"));
  TrytonErp erp(Settings(), server.GetHttp());
  ErpMoveRequest m;
  m.reference = "settlement-1-2026-11";
  m.date = {2026, 11, 30};
  m.description = "Amazon settlement 1";
  m.lines = {{"1200", Gbp(10000), "deposit"}, {"4000", Gbp(-10000), ""}};
  Result<ErpMove> move = erp.EnsurePostedMove(m);
  ASSERT_TRUE(move.Ok()) << move.GetStatus().ToString();
  EXPECT_EQ(move->number, "12");
  EXPECT_TRUE(move->created);
  const Json values = server.CallsTo("model.account.move.create")[0].params[0][0];
  EXPECT_EQ(values["journal"], 5);
  EXPECT_EQ(values["period"], 23);
  EXPECT_EQ(values["description"], "settlement-1-2026-11");
  const Json& lines = values["lines"][0][1];
  EXPECT_EQ(lines[0]["account"], 8);
  EXPECT_EQ(lines[0]["debit"]["decimal"], "100.00");
  EXPECT_EQ(lines[0]["credit"]["decimal"], "0.00");
  EXPECT_EQ(lines[1]["debit"]["decimal"], "0.00");
  EXPECT_EQ(lines[1]["credit"]["decimal"], "100.00");
  EXPECT_EQ(lines[1]["description"], "Amazon settlement 1");
  EXPECT_EQ(server.CallsTo("model.account.move.post")[0].params[0], Json::array({77}));
}

}  // namespace
}  // namespace fbaflow::erp
