#include "adapters/store/sqlite_settlement_ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "adapters/testing/temp_dir.h"

namespace fbaflow {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

SettlementLedgerEntry Entry(std::string id, int64_t created) {
  SettlementLedgerEntry e;
  e.report_id = std::move(id);
  e.created_time = Timestamp{created, 0};
  return e;
}

class SqliteSettlementLedgerTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteSettlementLedger> OpenLedger(std::string scope = "SELLER/eu") {
    auto opened = SqliteSettlementLedger::Open(dir_.Path() / "state" / "fbaflow.db", scope);
    EXPECT_TRUE(opened.Ok()) << opened.GetStatus().ToString();
    return opened.Ok() ? std::move(opened).Value() : nullptr;
  }
  testing::TempDir dir_;
};

TEST_F(SqliteSettlementLedgerTest, RecordsSeenReportsOnceAndFillsMissingFields) {
  auto ledger = OpenLedger();
  SettlementLedgerEntry e = Entry("100", 5000);
  ASSERT_TRUE(ledger->RecordSeen(e).Ok());
  e.document_id = "DOC-100";
  e.data_start = Timestamp{1000, 0};
  e.data_end = Timestamp{2000, 0};
  e.marketplaces = "A1F83G8C2ARO7P";
  ASSERT_TRUE(ledger->RecordSeen(e).Ok());
  ASSERT_TRUE(ledger->RecordSeen(Entry("050", 4000)).Ok());
  const auto all = ledger->All();
  ASSERT_TRUE(all.Ok());
  ASSERT_THAT(*all, SizeIs(2));
  EXPECT_EQ((*all)[0].report_id, "050");  // oldest first
  const SettlementLedgerEntry& got = (*all)[1];
  EXPECT_EQ(got.document_id, "DOC-100");
  EXPECT_EQ(got.data_start, (Timestamp{1000, 0}));
  EXPECT_EQ(got.data_end, (Timestamp{2000, 0}));
  EXPECT_EQ(got.marketplaces, "A1F83G8C2ARO7P");
  EXPECT_EQ(got.state, SettlementState::kSeen);
}

TEST_F(SqliteSettlementLedgerTest, EachReportIsProcessedOnceAcrossRuns) {
  {
    auto run1 = OpenLedger();
    ASSERT_TRUE(run1->RecordSeen(Entry("7", 100)).Ok());
    const auto claimed = run1->TryClaim("7", Timestamp{200, 0}, 600);
    ASSERT_TRUE(claimed.Ok());
    EXPECT_TRUE(*claimed);
    ASSERT_TRUE(run1->MarkProcessed("7", "/data/settlement/7.raw", Timestamp{210, 0}).Ok());
  }
  auto run2 = OpenLedger();                             // a new process, the same file
  ASSERT_TRUE(run2->RecordSeen(Entry("7", 100)).Ok());  // listed again
  const auto again = run2->TryClaim("7", Timestamp{5000, 0}, 600);
  ASSERT_TRUE(again.Ok());
  EXPECT_FALSE(*again);
  const auto all = run2->All();
  ASSERT_TRUE(all.Ok());
  ASSERT_THAT(*all, SizeIs(1));
  EXPECT_EQ((*all)[0].state, SettlementState::kProcessed);
  EXPECT_EQ((*all)[0].archive_location, "/data/settlement/7.raw");
  EXPECT_EQ((*all)[0].processed_at, (Timestamp{210, 0}));
  EXPECT_EQ((*all)[0].attempts, 1);
}

TEST_F(SqliteSettlementLedgerTest, ALiveClaimBlocksOthersAnExpiredOneDoesNot) {
  auto a = OpenLedger();
  auto b = OpenLedger();
  ASSERT_TRUE(a->RecordSeen(Entry("9", 100)).Ok());
  EXPECT_TRUE(*a->TryClaim("9", Timestamp{1000, 0}, 60));
  EXPECT_FALSE(*b->TryClaim("9", Timestamp{1030, 0}, 60));  // a's claim is live
  EXPECT_TRUE(*b->TryClaim("9", Timestamp{1061, 0}, 60));   // a crashed; its claim expired
}

TEST_F(SqliteSettlementLedgerTest, FailureReturnsTheReportToSeenWithItsError) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("11", 100)).Ok());
  ASSERT_TRUE(*ledger->TryClaim("11", Timestamp{1000, 0}, 60));
  ASSERT_TRUE(ledger->MarkFailed("11", "UNAVAILABLE: download failed").Ok());
  auto all = ledger->All();
  EXPECT_EQ((*all)[0].state, SettlementState::kSeen);
  EXPECT_EQ((*all)[0].last_error, "UNAVAILABLE: download failed");
  EXPECT_TRUE(*ledger->TryClaim("11", Timestamp{1001, 0}, 60));
  EXPECT_EQ((*ledger->All())[0].attempts, 2);
}

TEST_F(SqliteSettlementLedgerTest, MarkProcessedNeedsAClaim) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("12", 100)).Ok());
  const Status s = ledger->MarkProcessed("12", "x", Timestamp{1, 0});
  EXPECT_EQ(s.Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.Message(), HasSubstr("not claimed"));
}

TEST_F(SqliteSettlementLedgerTest, ScopesAreSeparate) {
  auto eu = OpenLedger("SELLER/eu");
  auto na = OpenLedger("SELLER/na");
  ASSERT_TRUE(eu->RecordSeen(Entry("1", 100)).Ok());
  EXPECT_THAT(*na->All(), SizeIs(0));
  ASSERT_TRUE(na->SetCursor("settlements", Timestamp{42, 0}).Ok());
  EXPECT_FALSE(eu->GetCursor("settlements")->has_value());
  EXPECT_EQ(**na->GetCursor("settlements"), (Timestamp{42, 0}));
  ASSERT_TRUE(na->SetCursor("settlements", Timestamp{43, 0}).Ok());
  EXPECT_EQ(**na->GetCursor("settlements"), (Timestamp{43, 0}));
}

TEST_F(SqliteSettlementLedgerTest, ConcurrentWorkersClaimEachReportExactlyOnce) {
  auto seed = OpenLedger();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(seed->RecordSeen(Entry(std::to_string(i), i)).Ok());
  std::atomic<int> claims{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      auto ledger = OpenLedger();
      for (int i = 0; i < 20; ++i) {
        auto got = ledger->TryClaim(std::to_string(i), Timestamp{1000, 0}, 600);
        if (got.Ok() && *got) ++claims;
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claims.load(), 20);
}

TEST_F(SqliteSettlementLedgerTest, UsesWriteAheadLogging) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("1", 1)).Ok());
  EXPECT_TRUE(std::filesystem::exists(dir_.Path() / "state" / "fbaflow.db-wal"));
}

}  // namespace
}  // namespace fbaflow
