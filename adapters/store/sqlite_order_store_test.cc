#include "adapters/store/sqlite_order_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "adapters/store/order_store_schema.h"
#include "adapters/testing/temp_dir.h"
#include "ports/testing/order_store_contract.h"

namespace fbaflow::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The contract's stores: each `make` a fresh file, `reopen` a new object on the last one.
struct SqliteFiles {
  std::unique_ptr<TempDir> dir;
  std::filesystem::path last;
  int made = 0;
};
SqliteFiles& Files() {
  static SqliteFiles files;
  return files;
}

std::unique_ptr<OrderStore> OpenOrDie(const std::filesystem::path& path) {
  auto opened = SqliteOrderStore::Open(path);
  if (!opened.Ok()) {
    ADD_FAILURE() << opened.GetStatus().ToString();
    return nullptr;
  }
  return std::move(opened).Value();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OrderStoreContract,
                         ::testing::Values(OrderStoreFactory{
                             "sqlite",
                             [] {
                               SqliteFiles& f = Files();
                               if (!f.dir) f.dir = std::make_unique<TempDir>();
                               f.last = f.dir->Path() / ("store-" + std::to_string(f.made++)) /
                                        "fbaflow.db";
                               return OpenOrDie(f.last);
                             },
                             [] { return OpenOrDie(Files().last); }}),
                         OrderStoreFactoryName);

Timestamp At(int64_t s) { return Timestamp{1'780'000'000 + s, 0}; }

// Batch `n` of writer `w`: `orders` orders, each with its outbox item and audit line.
StoreBatch NumberedBatch(int w, int n, int orders) {
  StoreBatch b;
  for (int i = 0; i < orders; ++i) {
    const std::string id = std::to_string(w) + "-" + std::to_string(n) + "-" + std::to_string(i);
    OrderRecord o;
    o.order_id = id;
    o.account = "A1SELLER";
    o.marketplace = "UK";
    o.fulfilled_by = "AMAZON";
    o.amazon_status = "SHIPPED";
    o.created_time = At(n);
    o.last_updated_time = At(n);
    o.lines.push_back({"1", "MUG", 1, Money::FromMinor(999, *Currency::FromCode("GBP"))});
    o.queued.Add(OrderTransition::kSale);
    b.orders.push_back(o);
    OutboxItem item;
    item.key = "order/" + id + "/sale";
    item.kind = "erp.sale";
    item.entity = "order " + id;
    item.created_at = item.next_attempt_at = At(n);
    b.enqueue.push_back(item);
    b.audit.push_back(
        {At(n), "fbaflow", "order seen", "order " + id, "batch " + std::to_string(n)});
  }
  b.cursors = {{"orders/" + std::to_string(w), At(n)}};
  return b;
}

// The first column of the first row of `sql`, read through a connection of its own.
std::string Query(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &q, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::string out = "(no row)";
  if (sqlite3_step(q) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(q, 0);
    out = text == nullptr ? "NULL" : reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

int64_t CountRows(const std::filesystem::path& path, const char* sql) {
  const std::string text = Query(path, sql);
  char* end = nullptr;
  const int64_t n = std::strtoll(text.c_str(), &end, 10);
  EXPECT_TRUE(end != nullptr && *end == '\0' && !text.empty()) << sql << " gave " << text;
  return n;
}

void Exec(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

class SqliteOrderStoreTest : public ::testing::Test {
 protected:
  std::filesystem::path Db() const { return dir_.Path() / "data" / "fbaflow.db"; }
  TempDir dir_;
};

TEST_F(SqliteOrderStoreTest, MigrationsAreAppliedOnceAndRecorded) {
  ASSERT_NE(OpenOrDie(Db()), nullptr);
  ASSERT_NE(OpenOrDie(Db()), nullptr);  // a second open finds the schema current
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(OrderStoreMigrations().size()));
  EXPECT_EQ(CountRows(Db(), "SELECT MAX(version) FROM schema_migrations"),
            OrderStoreSchemaVersion());
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(*) FROM schema_migrations WHERE applied_at LIKE '20%Z'"),
            static_cast<int64_t>(OrderStoreMigrations().size()));
  EXPECT_EQ(Query(Db(), "PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteOrderStoreTest, ADatabaseFromANewerVersionIsRefused) {
  ASSERT_NE(OpenOrDie(Db()), nullptr);
  const int newer = OrderStoreSchemaVersion() + 1;
  Exec(Db(), ("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
              ", '2030-01-01T00:00:00Z')")
                 .c_str());
  auto refused = SqliteOrderStore::Open(Db());
  ASSERT_FALSE(refused.Ok());
  EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.GetStatus().Message(),
              AllOf(HasSubstr(Db().string()), HasSubstr("version " + std::to_string(newer)),
                    HasSubstr("version " + std::to_string(OrderStoreSchemaVersion()))));
}

TEST_F(SqliteOrderStoreTest, NotADatabaseIsDataLossNamingTheFile) {
  std::filesystem::create_directories(Db().parent_path());
  std::ofstream(Db()) << std::string(4096, 'x');
  auto opened = SqliteOrderStore::Open(Db());
  ASSERT_FALSE(opened.Ok());
  EXPECT_EQ(opened.GetStatus().Code(), StatusCode::kDataLoss) << opened.GetStatus().ToString();
  EXPECT_THAT(opened.GetStatus().Message(), HasSubstr(Db().string()));
}

TEST_F(SqliteOrderStoreTest, AmountsAndInstantsAreStoredAsExactText) {
  auto store = OpenOrDie(Db());
  ASSERT_TRUE(store->Apply(NumberedBatch(0, 0, 1)).Ok());
  EXPECT_EQ(CountRows(Db(),
                      "SELECT COUNT(*) FROM order_lines WHERE unit_price = '9.99' AND "
                      "currency = 'GBP' AND typeof(unit_price) = 'text'"),
            1);
  // The audit log cannot be rewritten.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Db().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_THAT(sqlite3_errmsg(db), HasSubstr("append-only"));
  sqlite3_close(db);
}

TEST_F(SqliteOrderStoreTest, TwoStoresOnOneFileInTwoThreadsLoseNothing) {
  ASSERT_NE(OpenOrDie(Db()), nullptr);
  constexpr int kBatches = 40, kOrders = 20;
  auto writer = [&](int w) {
    auto store = OpenOrDie(Db());
    ASSERT_NE(store, nullptr);
    for (int n = 0; n < kBatches; ++n) {
      const Status s = store->Apply(NumberedBatch(w, n, kOrders));
      ASSERT_TRUE(s.Ok()) << s.ToString();
    }
  };
  std::thread a(writer, 1), b(writer, 2);
  a.join();
  b.join();
  auto store = OpenOrDie(Db());
  EXPECT_EQ(store->CountOutbox()->pending, 2 * kBatches * kOrders);
  EXPECT_EQ(store->Audit("", -1)->size(), static_cast<size_t>(2 * kBatches * kOrders));
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(*) FROM orders"), 2 * kBatches * kOrders);
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(DISTINCT seq) FROM outbox"), 2 * kBatches * kOrders);
  EXPECT_EQ(**store->Cursor("orders/1"), At(kBatches - 1));
}

TEST_F(SqliteOrderStoreTest, AProcessKilledMidWayLeavesOnlyWholeBatches) {
  ASSERT_NE(OpenOrDie(Db()), nullptr);
  constexpr int kOrders = 50;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A fresh connection of the child's own: never one inherited across fork.
    auto opened = SqliteOrderStore::Open(Db());
    if (!opened.Ok()) ::_exit(2);
    for (int n = 0;; ++n) {
      if (!(*opened)->Apply(NumberedBatch(1, n, kOrders)).Ok()) ::_exit(3);
      if (n == 5) {
        const char c = 'r';
        if (::write(ready[1], &c, 1) != 1) ::_exit(4);
      }
    }
  }
  ::close(ready[1]);
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);  // a few batches are in; more are being written
  ::usleep(20'000);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(ready[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child ended by itself: " << status;

  auto store = OpenOrDie(Db());
  ASSERT_NE(store, nullptr);
  const int64_t orders = CountRows(Db(), "SELECT COUNT(*) FROM orders");
  EXPECT_GE(orders, 6 * kOrders);
  EXPECT_EQ(orders % kOrders, 0) << "a batch was cut in half";
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(*) FROM outbox"), orders);
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(*) FROM audit"), orders);
  EXPECT_EQ(CountRows(Db(), "SELECT COUNT(*) FROM order_lines"), orders);
  // The cursor names the last whole batch.
  const int64_t batches = orders / kOrders;
  EXPECT_EQ(**store->Cursor("orders/1"), At(batches - 1));
  EXPECT_EQ(Query(Db(), "PRAGMA integrity_check"), "ok");
}

TEST_F(SqliteOrderStoreTest, ManyThreadsShareOneStore) {
  auto store = OpenOrDie(Db());
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      for (int n = 0; n < 10; ++n) {
        EXPECT_TRUE(store->Apply(NumberedBatch(w, n, 5)).Ok());
        EXPECT_TRUE(store->DueOutbox(At(100), 10).Ok());
        EXPECT_TRUE(store->FindOrders({std::to_string(w) + "-" + std::to_string(n) + "-0"}).Ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(store->CountOutbox()->pending, 4 * 10 * 5);
}

TEST_F(SqliteOrderStoreTest, ADatabaseLockedBeyondTheBusyTimeoutIsUnavailable) {
  ASSERT_NE(OpenOrDie(Db()), nullptr);
  SqliteOrderStoreOptions quick;
  quick.busy_timeout_ms = 50;
  auto opened = SqliteOrderStore::Open(Db(), quick);
  ASSERT_TRUE(opened.Ok()) << opened.GetStatus().ToString();
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(Db().c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const Status s = (*opened)->Apply(NumberedBatch(0, 0, 1));
  EXPECT_EQ(s.Code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_THAT(s.Message(), AllOf(HasSubstr(Db().string()), HasSubstr("apply a batch")));
  // Readers are not blocked by a writer (WAL).
  EXPECT_TRUE((*opened)->CountOutbox().Ok());
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_TRUE((*opened)->Apply(NumberedBatch(0, 0, 1)).Ok());
}

}  // namespace
}  // namespace fbaflow::testing
