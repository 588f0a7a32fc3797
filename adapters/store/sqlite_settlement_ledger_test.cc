#include "adapters/store/sqlite_settlement_ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "adapters/testing/temp_dir.h"

namespace fbaflow {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

ClaimRequest At(int64_t now, int lease = 600, std::string owner = "hostA 100 t1") {
  ClaimRequest r;
  r.owner = *ClaimOwner::Parse(owner);
  r.now = Timestamp{now, 0};
  r.lease_seconds = lease;
  return r;
}

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
    const auto claimed = run1->TryClaim("7", At(200));
    ASSERT_TRUE(claimed.Ok());
    EXPECT_EQ(*claimed, ClaimResult::kClaimed);
    ASSERT_TRUE(run1->MarkProcessed("7", "/data/settlement/7.raw", Timestamp{210, 0}, "").Ok());
  }
  auto run2 = OpenLedger();                             // a new process, the same file
  ASSERT_TRUE(run2->RecordSeen(Entry("7", 100)).Ok());  // listed again
  const auto again = run2->TryClaim("7", At(5000));
  ASSERT_TRUE(again.Ok());
  EXPECT_EQ(*again, ClaimResult::kNotClaimable);
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
  EXPECT_EQ(*a->TryClaim("9", At(1000, 60)), ClaimResult::kClaimed);
  EXPECT_EQ(*b->TryClaim("9", At(1030, 60, "hostB 7 t")), ClaimResult::kBusy);  // a's is live
  // a renews its lease while it works ...
  ASSERT_TRUE(a->RenewClaim("9", *ClaimOwner::Parse("hostA 100 t1"), Timestamp{1050, 0}, 60).Ok());
  EXPECT_EQ(*b->TryClaim("9", At(1061, 60, "hostB 7 t")), ClaimResult::kBusy);
  // ... then crashes: once the lease lapses its claim is taken over, and a cannot renew it.
  EXPECT_EQ(*b->TryClaim("9", At(1111, 60, "hostB 7 t")), ClaimResult::kClaimed);
  EXPECT_EQ(a->RenewClaim("9", *ClaimOwner::Parse("hostA 100 t1"), Timestamp{1112, 0}, 60).Code(),
            StatusCode::kFailedPrecondition);
  const auto all = b->All();
  EXPECT_EQ((*all)[0].claim_owner, "hostB 7 t");
  EXPECT_THAT((*all)[0].last_error, HasSubstr("stopped before finishing"));
  EXPECT_THAT((*all)[0].last_error, HasSubstr("(hostA 100 t1)"));
}

TEST_F(SqliteSettlementLedgerTest, AClaimWhoseOwnerIsGoneIsTakenOverAtOnce) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("9", 100)).Ok());
  ASSERT_EQ(*ledger->TryClaim("9", At(1000, 3600)), ClaimResult::kClaimed);
  ClaimRequest next = At(1001, 3600, "hostA 200 t2");
  std::vector<std::string> asked;
  next.owner_gone = [&asked](std::string_view owner) {
    asked.emplace_back(owner);
    return false;
  };
  EXPECT_EQ(*ledger->TryClaim("9", next), ClaimResult::kBusy);  // alive: the lease holds
  next.owner_gone = [](std::string_view owner) { return owner == "hostA 100 t1"; };
  EXPECT_EQ(*ledger->TryClaim("9", next), ClaimResult::kClaimed);  // dead: taken over now
  EXPECT_THAT(asked, ::testing::ElementsAre("hostA 100 t1"));
  EXPECT_EQ((*ledger->All())[0].failures, 1);
}

TEST_F(SqliteSettlementLedgerTest, ADocumentThatKillsEveryWorkerIsQuarantined) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("9", 100)).Ok());
  ClaimRequest r = At(1000, 60);
  r.quarantine_after = 3;
  ASSERT_EQ(*ledger->TryClaim("9", r), ClaimResult::kClaimed);
  r.now = Timestamp{2000, 0};
  ASSERT_EQ(*ledger->TryClaim("9", r), ClaimResult::kClaimed);  // 1st worker stopped
  r.now = Timestamp{3000, 0};
  ASSERT_EQ(*ledger->TryClaim("9", r), ClaimResult::kClaimed);  // 2nd
  r.now = Timestamp{4000, 0};
  EXPECT_EQ(*ledger->TryClaim("9", r), ClaimResult::kQuarantinedNow);  // 3rd
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kQuarantined);
  r.now = Timestamp{5000, 0};
  EXPECT_EQ(*ledger->TryClaim("9", r), ClaimResult::kNotClaimable);
}

TEST_F(SqliteSettlementLedgerTest, RepeatedFailuresTheSameWayQuarantineTransientOnesDoNot) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("5", 100)).Ok());
  auto fail = [&](std::string_view error, bool counts) {
    EXPECT_EQ(*ledger->TryClaim("5", At(1000)), ClaimResult::kClaimed);
    return *ledger->MarkFailed("5", error, counts, 3);
  };
  EXPECT_EQ(fail("DATA_LOSS: bad gzip", true), SettlementState::kSeen);
  EXPECT_EQ(fail("UNAVAILABLE: reset", false), SettlementState::kSeen);  // does not count
  EXPECT_EQ(fail("DATA_LOSS: bad gzip", true), SettlementState::kSeen);
  EXPECT_EQ((*ledger->All())[0].failures, 2);
  EXPECT_EQ(fail("INVALID_ARGUMENT: line 3", true), SettlementState::kSeen);  // another way
  EXPECT_EQ((*ledger->All())[0].failures, 1);
  EXPECT_EQ(fail("INVALID_ARGUMENT: line 3", true), SettlementState::kSeen);
  EXPECT_EQ(fail("INVALID_ARGUMENT: line 3", true), SettlementState::kQuarantined);
  const auto e = (*ledger->All())[0];
  EXPECT_EQ(e.failures, 3);
  EXPECT_EQ(e.attempts, 6);
  EXPECT_EQ(e.last_error, "INVALID_ARGUMENT: line 3");
  EXPECT_EQ(*ledger->TryClaim("5", At(2000)), ClaimResult::kNotClaimable);
  // Reprocessing claims it again, with a fresh count.
  EXPECT_EQ(*ledger->ClaimForReprocess("5", At(3000)), ClaimResult::kClaimed);
  EXPECT_EQ((*ledger->All())[0].failures, 0);
}

TEST_F(SqliteSettlementLedgerTest, HeldIsKeptWithItsReasonsAndOnlyReprocessingLeavesIt) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("6", 100)).Ok());
  ASSERT_EQ(*ledger->TryClaim("6", At(1000)), ClaimResult::kClaimed);
  ASSERT_TRUE(ledger->MarkProcessed("6", "/a/6.raw", Timestamp{1001, 0}, "fee X unmapped").Ok());
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kHeld);
  EXPECT_EQ((*ledger->All())[0].hold, "fee X unmapped");
  EXPECT_EQ(*ledger->TryClaim("6", At(2000)), ClaimResult::kNotClaimable);
  EXPECT_EQ(ledger->ClaimForReprocess("7", At(2000)).GetStatus().Code(), StatusCode::kNotFound);
  ASSERT_EQ(*ledger->ClaimForReprocess("6", At(2000)), ClaimResult::kClaimed);
  ASSERT_TRUE(ledger->MarkProcessed("6", "/a/6.raw", Timestamp{2001, 0}, "").Ok());
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kProcessed);
  EXPECT_EQ((*ledger->All())[0].hold, "");
}

TEST_F(SqliteSettlementLedgerTest, ALedgerOfTheFirstVersionIsMigrated) {
  const auto path = dir_.Path() / "state" / "fbaflow.db";
  std::filesystem::create_directories(path.parent_path());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE amazon_settlement_reports (scope TEXT NOT NULL, "
                           "report_id TEXT NOT NULL, document_id TEXT NOT NULL DEFAULT '', "
                           "created_time INTEGER NOT NULL, data_start INTEGER, data_end INTEGER, "
                           "marketplaces TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT "
                           "'seen' CHECK (state IN ('seen', 'claimed', 'processed')), "
                           "claim_expires INTEGER, archive_location TEXT NOT NULL DEFAULT '', "
                           "processed_at INTEGER, last_error TEXT NOT NULL DEFAULT '', attempts "
                           "INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (scope, report_id));"
                           "INSERT INTO amazon_settlement_reports (scope, report_id, created_time, "
                           "state, attempts) VALUES ('SELLER/eu', 'OLD', 5, 'processed', 1);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto ledger = OpenLedger();
  const auto all = ledger->All();
  ASSERT_TRUE(all.Ok()) << all.GetStatus().ToString();
  ASSERT_THAT(*all, SizeIs(1));
  EXPECT_EQ((*all)[0].state, SettlementState::kProcessed);
  ASSERT_TRUE(ledger->RecordSeen(Entry("NEW", 6)).Ok());
  ASSERT_EQ(*ledger->TryClaim("NEW", At(10)), ClaimResult::kClaimed);
  EXPECT_TRUE(ledger->MarkProcessed("NEW", "x", Timestamp{11, 0}, "held").Ok());
}

TEST_F(SqliteSettlementLedgerTest, FailureReturnsTheReportToSeenWithItsError) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("11", 100)).Ok());
  ASSERT_EQ(*ledger->TryClaim("11", At(1000, 60)), ClaimResult::kClaimed);
  ASSERT_TRUE(ledger->MarkFailed("11", "UNAVAILABLE: download failed", false, 3).Ok());
  auto all = ledger->All();
  EXPECT_EQ((*all)[0].state, SettlementState::kSeen);
  EXPECT_EQ((*all)[0].last_error, "UNAVAILABLE: download failed");
  EXPECT_EQ(*ledger->TryClaim("11", At(1001, 60)), ClaimResult::kClaimed);
  EXPECT_EQ((*ledger->All())[0].attempts, 2);
}

TEST_F(SqliteSettlementLedgerTest, MarkProcessedNeedsAClaim) {
  auto ledger = OpenLedger();
  ASSERT_TRUE(ledger->RecordSeen(Entry("12", 100)).Ok());
  const Status s = ledger->MarkProcessed("12", "x", Timestamp{1, 0}, "");
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
        auto got = ledger->TryClaim(std::to_string(i), At(1000));
        if (got.Ok() && *got == ClaimResult::kClaimed) ++claims;
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
