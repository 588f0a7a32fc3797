#include "ports/testing/fake_erp.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Currency Gbp() { return *Currency::FromCode("GBP"); }
Money Gbp(int64_t minor) { return Money::FromMinor(minor, Gbp()); }

FakeErp MakeErp() { return FakeErp({"FBA-1", "ITM-2"}, {"1200", "4000", "5000"}, Gbp()); }

ErpSaleRequest Sale(std::string reference, FulfilmentRole role, std::string item = "FBA-1") {
  ErpSaleRequest r;
  r.reference = std::move(reference);
  r.marketplace = "UK";
  r.role = role;
  r.sale_date = {2026, 11, 20};
  r.lines.push_back({std::move(item), 2, Gbp(1299)});
  return r;
}

ErpMoveRequest Move(std::string reference, int64_t clearing = 10000) {
  ErpMoveRequest m;
  m.reference = std::move(reference);
  m.date = {2026, 11, 30};
  m.lines = {{"1200", Gbp(clearing), "deposit"},
             {"4000", Gbp(-12000), "sales"},
             {"5000", Gbp(2000), "fees"}};
  return m;
}

TEST(FakeErpTest, ASecondCreateWithTheSameReferenceFindsTheFirst) {
  FakeErp erp = MakeErp();
  Result<ErpSale> first = erp.EnsureSale(Sale("206-1", FulfilmentRole::kAmazonFba));
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  EXPECT_TRUE(first->created);
  Result<ErpSale> second = erp.EnsureSale(Sale("206-1", FulfilmentRole::kAmazonFba));
  ASSERT_TRUE(second.Ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(erp.Sales().size(), 1U);
}

TEST(FakeErpTest, ALostReplyIsFoundByTheRetry) {
  FakeErp erp = MakeErp();
  erp.LoseNextReply(Unavailable("connection reset"));
  Result<ErpSale> lost = erp.EnsureSale(Sale("206-2", FulfilmentRole::kAmazonFba));
  EXPECT_EQ(lost.GetStatus().Code(), StatusCode::kUnavailable);
  Result<ErpSale> retry = erp.EnsureSale(Sale("206-2", FulfilmentRole::kAmazonFba));
  ASSERT_TRUE(retry.Ok());
  EXPECT_FALSE(retry->created);
  EXPECT_EQ(erp.Sales().size(), 1U);
}

TEST(FakeErpTest, AFailedCallChangesNothing) {
  FakeErp erp = MakeErp();
  erp.FailNext(DeadlineExceeded("timeout"));
  EXPECT_EQ(erp.EnsureSale(Sale("206-3", FulfilmentRole::kAmazonFba)).GetStatus().Code(),
            StatusCode::kDeadlineExceeded);
  EXPECT_THAT(erp.Sales(), IsEmpty());
}

TEST(FakeErpTest, UnknownItemsAreNamedAndNothingIsCreated) {
  FakeErp erp = MakeErp();
  Result<std::vector<std::string>> missing = erp.MissingItems({"FBA-1", "NOPE", "X", "NOPE"});
  ASSERT_TRUE(missing.Ok());
  EXPECT_THAT(*missing, ElementsAre("NOPE", "X"));
  Result<ErpSale> sale = erp.EnsureSale(Sale("206-4", FulfilmentRole::kAmazonFba, "NOPE"));
  EXPECT_EQ(sale.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(sale.GetStatus().Message(), HasSubstr("NOPE"));
  EXPECT_THAT(erp.Sales(), IsEmpty());
}

TEST(FakeErpTest, FbaShipsOnAmazonsDateAndOwnWarehouseWaitsForTheTeam) {
  FakeErp erp = MakeErp();
  ASSERT_TRUE(erp.EnsureSale(Sale("fba", FulfilmentRole::kAmazonFba)).Ok());
  ASSERT_TRUE(erp.EnsureSale(Sale("own", FulfilmentRole::kOwnWarehouse, "ITM-2")).Ok());
  Result<ErpShipment> fba = erp.MarkShipped("fba", {2026, 11, 21});
  ASSERT_TRUE(fba.Ok());
  EXPECT_EQ(fba->state, ErpShipmentState::kDone);
  EXPECT_EQ(fba->shipped_on, (CivilDate{2026, 11, 21}));
  // Marking again keeps the first date.
  EXPECT_EQ(erp.MarkShipped("fba", {2026, 11, 25})->shipped_on, (CivilDate{2026, 11, 21}));

  EXPECT_EQ(erp.MarkShipped("own", {2026, 11, 21}).GetStatus().Code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(erp.ShipmentOf("own")->state, ErpShipmentState::kWaiting);
  ASSERT_TRUE(erp.WarehouseShips("own", {2026, 11, 23}).Ok());
  EXPECT_EQ(erp.ShipmentOf("own")->state, ErpShipmentState::kDone);
  EXPECT_EQ(erp.ShipmentOf("nope").GetStatus().Code(), StatusCode::kNotFound);
}

TEST(FakeErpTest, CancelIsIdempotentAndRefusedAfterShipping) {
  FakeErp erp = MakeErp();
  ASSERT_TRUE(erp.EnsureSale(Sale("c1", FulfilmentRole::kOwnWarehouse)).Ok());
  ASSERT_TRUE(erp.CancelSale("c1").Ok());
  ASSERT_TRUE(erp.CancelSale("c1").Ok());
  EXPECT_EQ((*erp.FindSale("c1"))->state, ErpSaleState::kCancelled);
  EXPECT_EQ(erp.ShipmentOf("c1")->state, ErpShipmentState::kCancelled);
  ASSERT_TRUE(erp.EnsureSale(Sale("c2", FulfilmentRole::kAmazonFba)).Ok());
  ASSERT_TRUE(erp.MarkShipped("c2", {2026, 11, 21}).Ok());
  EXPECT_EQ(erp.CancelSale("c2").Code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(erp.CancelSale("c3").Code(), StatusCode::kNotFound);
}

TEST(FakeErpTest, MovesBalanceAndNameTheirMissingAccounts) {
  FakeErp erp = MakeErp();
  Result<ErpMove> posted = erp.EnsurePostedMove(Move("stl-1"));
  ASSERT_TRUE(posted.Ok()) << posted.GetStatus().ToString();
  EXPECT_TRUE(posted->created);
  EXPECT_FALSE(erp.EnsurePostedMove(Move("stl-1"))->created);
  EXPECT_EQ(erp.Moves().size(), 1U);

  Result<ErpMove> unbalanced = erp.EnsurePostedMove(Move("stl-2", 9999));
  EXPECT_EQ(unbalanced.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unbalanced.GetStatus().Message(), HasSubstr("differ by -0.01 GBP"));

  ErpMoveRequest unknown = Move("stl-3");
  unknown.lines[2].account_code = "5999";
  Result<ErpMove> refused = erp.EnsurePostedMove(unknown);
  EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.GetStatus().Message(), HasSubstr("5999"));
  EXPECT_THAT(*erp.MissingAccounts({"1200", "5999"}), ElementsAre("5999"));
  EXPECT_EQ(erp.Moves().size(), 1U);
}

TEST(ErpRequestTest, ValidationRefusesWhatNoErpCouldTake) {
  ErpSaleRequest no_ref = Sale("", FulfilmentRole::kAmazonFba);
  EXPECT_EQ(ValidateSaleRequest(no_ref).Code(), StatusCode::kInvalidArgument);
  ErpSaleRequest zero = Sale("r", FulfilmentRole::kAmazonFba);
  zero.lines[0].quantity = 0;
  EXPECT_THAT(ValidateSaleRequest(zero).Message(), HasSubstr("quantity 0"));
  ErpSaleRequest mixed = Sale("r", FulfilmentRole::kAmazonFba);
  mixed.lines.push_back({"ITM-2", 1, Money::FromMinor(100, *Currency::FromCode("EUR"))});
  EXPECT_THAT(ValidateSaleRequest(mixed).Message(), HasSubstr("more than one currency"));
  EXPECT_TRUE(ValidateSaleRequest(Sale("r", FulfilmentRole::kAmazonFba)).Ok());
  ErpMoveRequest one_line = Move("m");
  one_line.lines.resize(1);
  EXPECT_EQ(ValidateMoveRequest(one_line).Code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateMoveRequest(Move("m")).Ok());
  EXPECT_THAT(UniqueCodes({"b", "a", "b"}), ElementsAre("b", "a"));
}

}  // namespace
}  // namespace fbaflow::testing
