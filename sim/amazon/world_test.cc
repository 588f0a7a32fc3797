#include "sim/amazon/world.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/settlement_render.h"
#include "sim/amazon/text_encoding.h"

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

constexpr SimMillis kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

WorldConfig Config(uint64_t seed = 7) {
  WorldConfig c;
  c.seed = seed;
  c.start = kStart;
  c.history_days = 30;
  c.sku_count = 20;
  c.orders_per_day = 80;
  return c;
}

std::string Fingerprint(const World& w) {
  std::string out;
  for (const Order& o : w.Orders())
    out += o.order_id + std::string(OrderStatusName(o.status)) + ";";
  for (const Sku& s : w.Skus()) out += s.seller_sku + ":" + std::to_string(s.fulfillable) + ";";
  out += std::to_string(w.Ledger().size());
  return out;
}

TEST(WorldTest, SameSeedSameWorld) {
  World a(Config(7));
  World b(Config(7));
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  a.AdvanceTo(kStart + 3 * kDay);
  b.AdvanceTo(kStart + kDay);  // stepping in different increments reaches the same state
  b.AdvanceTo(kStart + 2 * kDay);
  b.AdvanceTo(kStart + 3 * kDay);
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  World c(Config(8));
  EXPECT_NE(Fingerprint(a), Fingerprint(c));
}

TEST(WorldTest, RequestsDoNotChangeTheOrders) {
  World a(Config(3));
  World b(Config(3));
  ReportRequest req{"GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", {"ATVPDKIKX0DER"}, {}, {}, {}};
  ASSERT_TRUE(b.CreateReport(req).Ok());
  a.AdvanceTo(kStart + 2 * kDay);
  b.AdvanceTo(kStart + 2 * kDay);
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
}

TEST(WorldTest, StockIsConservedAndNeverNegative) {
  World w(Config(11));
  ASSERT_TRUE(w.CheckInvariants().Ok()) << w.CheckInvariants().ToString();
  for (int day = 1; day <= 40; ++day) {
    w.AdvanceTo(kStart + day * kDay);
    const Status s = w.CheckInvariants();
    ASSERT_TRUE(s.Ok()) << "day " << day << ": " << s.ToString();
  }
  // The ledger saw every kind of movement over 70 days of trading.
  std::set<std::string> types;
  for (const LedgerEvent& e : w.Ledger()) types.insert(e.event_type);
  EXPECT_TRUE(types.count("Receipts"));
  EXPECT_TRUE(types.count("Shipments"));
  EXPECT_TRUE(types.count("CustomerReturns"));
  EXPECT_TRUE(types.count("Adjustments"));
}

TEST(WorldTest, OrdersMoveThroughRealStatuses) {
  World w(Config(5));
  int shipped = 0, cancelled = 0, afn = 0, mfn = 0;
  for (const Order& o : w.Orders()) {
    shipped += o.status == OrderStatus::kShipped;
    cancelled += o.status == OrderStatus::kCancelled;
    afn += o.afn;
    mfn += !o.afn;
    EXPECT_GE(o.last_updated, o.created);
    if (o.status == OrderStatus::kShipped) {
      EXPECT_GT(o.shipped, o.created);
      for (const OrderLine& i : o.items) EXPECT_EQ(i.quantity_shipped, i.quantity);
    }
  }
  EXPECT_GT(shipped, 1000);
  EXPECT_GT(cancelled, 0);
  EXPECT_GT(afn, 0);
  EXPECT_GT(mfn, 0);
  // Recent orders are still pending or unshipped.
  EXPECT_NE(w.Orders().back().status, OrderStatus::kShipped);
}

TEST(WorldTest, SettlementsEveryFourteenDaysTieToTheirRows) {
  World w(Config(9));
  ASSERT_EQ(w.Settlements().size(), 2u);  // 30 days of history: two closed periods
  const SettlementPeriod& p = w.Settlements()[0];
  EXPECT_EQ(p.end - p.start, 14 * kDay);
  EXPECT_EQ(w.Settlements()[1].start, p.end);
  const std::string text = RenderSettlementReport(p);
  EXPECT_THAT(text, HasSubstr("settlement-id\tsettlement-start-date"));
  EXPECT_THAT(text, HasSubstr("\t" + p.Total().ToString() + "\tUSD\t"));
  EXPECT_THAT(text, HasSubstr("\tOrder\t"));
  EXPECT_THAT(text, HasSubstr("MarketplaceFacilitatorTax-Principal"));
  // Every shipped order of the period is in it.
  std::set<std::string> in_file;
  for (const SettlementRow& r : p.rows) in_file.insert(r.order_id);
  for (const Order& o : w.Orders()) {
    if (o.status == OrderStatus::kShipped && o.shipped >= p.start && o.shipped < p.end) {
      EXPECT_TRUE(in_file.count(o.order_id)) << o.order_id;
    }
  }
  // The settlement report is listed, DONE, with a document.
  int settlement_reports = 0;
  for (const Report& r : w.Reports()) {
    if (r.report_type != "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2") continue;
    ++settlement_reports;
    EXPECT_EQ(r.status, ProcessingStatus::kDone);
    ASSERT_NE(w.FindDocument(r.document_id), nullptr);
  }
  EXPECT_EQ(settlement_reports, 2);
}

TEST(WorldTest, ReportLifecycleQueuedInProgressDone) {
  World w(Config(2));
  Result<std::string> id =
      w.CreateReport({"GET_LEDGER_DETAIL_VIEW_DATA", {"ATVPDKIKX0DER"}, {}, {}, {}});
  ASSERT_TRUE(id.Ok());
  EXPECT_EQ(w.FindReport(*id)->status, ProcessingStatus::kInQueue);
  w.AdvanceTo(kStart + 61 * kSecond);
  EXPECT_EQ(w.FindReport(*id)->status, ProcessingStatus::kInProgress);
  w.AdvanceTo(kStart + 5 * kMinute);
  const Report* r = w.FindReport(*id);
  ASSERT_EQ(r->status, ProcessingStatus::kDone);
  const Document* doc = w.FindDocument(r->document_id);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->content_type, "text/plain;charset=UTF-8");
  EXPECT_THAT(doc->bytes, HasSubstr("Date\tFNSKU\tASIN\tMSKU\tTitle\tEventType"));
  EXPECT_THAT(doc->bytes, HasSubstr("\tShipments\t"));
  // The world raised REPORT_PROCESSING_FINISHED.
  bool finished = false;
  for (const WorldNotification& n : w.TakeNotifications()) {
    finished =
        finished || (n.type == "REPORT_PROCESSING_FINISHED" &&
                     n.body["payload"]["reportProcessingFinishedNotification"]["reportId"] == *id);
  }
  EXPECT_TRUE(finished);
}

TEST(WorldTest, FatalCancelledGzipAndWindows1252Faults) {
  WorldConfig c = Config(2);
  c.report_fatal = 1.0;
  World fatal(c);
  Result<std::string> id = fatal.CreateReport(
      {"GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", {"ATVPDKIKX0DER"}, {}, {}, {}});
  ASSERT_TRUE(id.Ok());
  fatal.AdvanceTo(kStart + 10 * kMinute);
  EXPECT_EQ(fatal.FindReport(*id)->status, ProcessingStatus::kFatal);

  c = Config(2);
  c.report_cancelled = 1.0;
  World cancelled(c);
  id = cancelled.CreateReport(
      {"GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", {"ATVPDKIKX0DER"}, {}, {}, {}});
  cancelled.AdvanceTo(kStart + 10 * kMinute);
  EXPECT_EQ(cancelled.FindReport(*id)->status, ProcessingStatus::kCancelled);
  EXPECT_TRUE(cancelled.FindReport(*id)->document_id.empty());

  c = Config(2);
  c.document_gzip = 1.0;
  c.document_cp1252 = 1.0;
  World encoded(c);
  id = encoded.CreateReport(
      {"GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", {"ATVPDKIKX0DER"}, {}, {}, {}});
  encoded.AdvanceTo(kStart + 10 * kMinute);
  const Document* doc = encoded.FindDocument(encoded.FindReport(*id)->document_id);
  ASSERT_NE(doc, nullptr);
  EXPECT_TRUE(doc->gzip);
  EXPECT_EQ(doc->content_type, "text/plain;charset=windows-1252");
  Result<std::string> plain = Gunzip(doc->bytes);
  ASSERT_TRUE(plain.Ok());
  EXPECT_THAT(*plain, HasSubstr("Caf\xE9 "));  // "Café" in windows-1252
  EXPECT_THAT(*plain, HasSubstr(" \x96 "));    // the en dash
}

TEST(WorldTest, SettlementCannotBeRequestedAndUnknownTypesAreRefused) {
  World w(Config(2));
  Result<std::string> r =
      w.CreateReport({"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2", {"ATVPDKIKX0DER"}, {}, {}, {}});
  ASSERT_FALSE(r.Ok());
  EXPECT_THAT(r.GetStatus().Message(), HasSubstr("cannot be requested"));
  r = w.CreateReport({"GET_NOTHING", {"ATVPDKIKX0DER"}, {}, {}, {}});
  EXPECT_THAT(r.GetStatus().Message(), HasSubstr("Invalid reportType GET_NOTHING"));
  r = w.CreateReport({"GET_LEDGER_DETAIL_VIEW_DATA", {"A1F83G8C2ARO7P"}, {}, {}, {}});
  EXPECT_THAT(r.GetStatus().Message(), HasSubstr("Invalid marketplaceId"));
}

TEST(WorldTest, LedgerSummaryBalancesAgainstDetail) {
  World w(Config(4));
  ReportRequest req{"GET_LEDGER_SUMMARY_VIEW_DATA",
                    {"ATVPDKIKX0DER"},
                    {{"aggregatedByTimePeriod", "DAILY"}},
                    kStart - 10 * kDay,
                    kStart - 1};
  Result<std::string> id = w.CreateReport(req);
  ASSERT_TRUE(id.Ok());
  w.AdvanceTo(kStart + 10 * kMinute);
  const Document* doc = w.FindDocument(w.FindReport(*id)->document_id);
  ASSERT_NE(doc, nullptr);
  // Each row: ending = starting + the sum of the movement columns.
  std::istringstream in(doc->bytes);
  std::string line;
  std::getline(in, line);
  int rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 21u) << line;
    int64_t sum = 0;
    for (int c = 6; c <= 17; ++c) sum += std::stoll(cells[static_cast<size_t>(c)]);
    EXPECT_EQ(sum, std::stoll(cells[18])) << line;
    ++rows;
  }
  EXPECT_GT(rows, 20);
}

TEST(WorldTest, ListingQuantityAppliesAfterTheDelay) {
  World w(Config(6));
  const Sku* mfn = nullptr;
  const Sku* afn = nullptr;
  for (const Sku& s : w.Skus()) (s.afn ? afn : mfn) = &s;
  ASSERT_TRUE(mfn && afn);
  const std::string sku = mfn->seller_sku;
  ASSERT_TRUE(w.SubmitQuantity({sku, 7}).Ok());
  w.AdvanceTo(kStart + 31 * kSecond);
  EXPECT_EQ(w.FindSku(sku)->mfn_quantity, 7);
  EXPECT_EQ(w.SubmitQuantity({afn->seller_sku, 3}).GetStatus().Code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(w.SubmitQuantity({"NOPE", 3}).GetStatus().Code(), StatusCode::kNotFound);
}

TEST(WorldTest, JsonListingsFeedSetsQuantitiesAndReportsIssues) {
  World w(Config(6));
  std::string mfn, afn;
  for (const Sku& s : w.Skus()) (s.afn ? afn : mfn) = s.seller_sku;
  const std::string doc = w.CreateFeedUpload("application/json; charset=UTF-8");
  const std::string body =
      R"({"header":{"sellerId":")" + w.SellerId() +
      R"(","version":"2.0"},"messages":[)"
      R"({"messageId":1,"sku":")" +
      mfn +
      R"(","operationType":"PATCH","productType":"PRODUCT","patches":[{"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":42}]}]},)"
      R"({"messageId":2,"sku":"UNKNOWN-SKU","operationType":"PATCH","productType":"PRODUCT","patches":[]},)"
      R"({"messageId":3,"sku":")" +
      afn +
      R"(","operationType":"PATCH","productType":"PRODUCT","patches":[{"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":1}]}]}]})";
  EXPECT_EQ(w.Upload(doc, "text/plain", body).Code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(w.Upload(doc, "application/json; charset=UTF-8", body).Ok());
  Result<std::string> feed = w.CreateFeed("JSON_LISTINGS_FEED", {"ATVPDKIKX0DER"}, doc);
  ASSERT_TRUE(feed.Ok());
  w.AdvanceTo(kStart + 10 * kMinute);
  const Feed* f = w.FindFeed(*feed);
  ASSERT_EQ(f->status, ProcessingStatus::kDone);
  EXPECT_EQ(w.FindSku(mfn)->mfn_quantity, 42);
  const Document* result = w.FindDocument(f->result_document_id);
  ASSERT_NE(result, nullptr);
  const auto report = nlohmann::json::parse(result->bytes);
  EXPECT_EQ(report["summary"]["messagesProcessed"], 3);
  EXPECT_EQ(report["summary"]["messagesAccepted"], 1);
  EXPECT_EQ(report["summary"]["messagesInvalid"], 2);
}

TEST(IsoTimeTest, FormatsAndParses) {
  EXPECT_EQ(FormatIso(kStart), "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatHttpDate(kStart), "Thu, 01 Jan 2026 00:00:00 GMT");
  EXPECT_EQ(*ParseIso("2026-01-01T00:00:00Z"), kStart);
  EXPECT_EQ(*ParseIso("2026-01-01"), kStart);
  EXPECT_EQ(*ParseIso("2026-01-01T01:00:00+01:00"), kStart);
  EXPECT_EQ(*ParseIso("2025-12-31T19:00-0500"), kStart);
  EXPECT_EQ(*ParseIso("2026-01-01T00:00:00.250Z"), kStart + 250);
  EXPECT_THAT(ParseIso("2026-13-01").GetStatus().Message(), HasSubstr("no such calendar date"));
  EXPECT_THAT(ParseIso("yesterday").GetStatus().Message(), HasSubstr("expected YYYY-MM-DD"));
  EXPECT_THAT(ParseIso("2026-01-01T10:00:00Zjunk").GetStatus().Message(),
              HasSubstr("unexpected text"));
}

TEST(TextEncodingTest, Windows1252AndGzipRoundTrip) {
  EXPECT_EQ(Utf8ToWindows1252("Café – €5 ✓"),
            "Caf\xE9 \x96 \x80"
            "5 ?");
  const std::string data(10000, 'x');
  Result<std::string> back = Gunzip(Gzip(data));
  ASSERT_TRUE(back.Ok());
  EXPECT_EQ(*back, data);
  EXPECT_THAT(Gunzip("plain text").GetStatus().Message(), HasSubstr("not a complete gzip stream"));
}

}  // namespace
}  // namespace fbaflow::sim
