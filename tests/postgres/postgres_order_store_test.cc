// PostgresOrderStore on a real PostgreSQL 15: the OrderStore contract, plus what only a server
// shows (migrations, a newer schema, writers in parallel). The server is the CTest fixture's
// (server.sh); run by hand:
//   tests/postgres/server.sh start build/test/postgres-tests
//   build/test/tests/postgres/fbaflow_postgres_tests
//   tests/postgres/server.sh stop build/test/postgres-tests
// Without a server every test skips.

#include "adapters/store/postgres_order_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "adapters/store/order_store_schema.h"
#include "ports/testing/order_store_contract.h"

namespace fbaflow::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The fixture's server URL ("postgresql:///postgres?host=...&port=..."), "" when none runs.
std::string ServerUrl() {
  const char* env = std::getenv("FBAFLOW_POSTGRES_TEST_DIR");
  std::ifstream in(std::string(env != nullptr ? env : FBAFLOW_POSTGRES_TEST_DIR) + "/url");
  std::string url;
  std::getline(in, url);
  return url;
}

// The URL of `database` on the fixture's server.
std::string UrlOf(const std::string& database) {
  std::string url = ServerUrl();
  const std::string from = ":///postgres?";
  url.replace(url.find(from), from.size(), ":///" + database + "?");
  return url;
}

// A new, empty database on the server; its URL.
std::string FreshDatabase() {
  static std::atomic<int> counter{0};
  const std::string name =
      "fbaflow_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  pqxx::connection admin(ServerUrl());
  pqxx::nontransaction tx(admin);
  tx.exec("DROP DATABASE IF EXISTS " + name);
  tx.exec("CREATE DATABASE " + name);
  return UrlOf(name);
}

std::unique_ptr<OrderStore> OpenOrDie(const std::string& url) {
  auto opened = PostgresOrderStore::Open(url);
  if (!opened.Ok()) {
    ADD_FAILURE() << opened.GetStatus().ToString();
    return nullptr;
  }
  return std::move(opened).Value();
}

std::string& LastDatabase() {
  static std::string url;
  return url;
}

// Without a server `make` returns no store and the contract's tests skip.
INSTANTIATE_TEST_SUITE_P(Postgres, OrderStoreContract,
                         ::testing::Values(OrderStoreFactory{
                             "postgres",
                             []() -> std::unique_ptr<OrderStore> {
                               if (ServerUrl().empty()) return nullptr;
                               LastDatabase() = FreshDatabase();
                               return OpenOrDie(LastDatabase());
                             },
                             [] { return OpenOrDie(LastDatabase()); }}),
                         OrderStoreFactoryName);

Timestamp At(int64_t s) { return Timestamp{1'780'000'000 + s, 0}; }

StoreBatch NumberedBatch(int w, int n, int orders) {
  StoreBatch b;
  for (int i = 0; i < orders; ++i) {
    const std::string id = std::to_string(w) + "-" + std::to_string(n) + "-" + std::to_string(i);
    OrderRecord o;
    o.order_id = id;
    o.account = "A1SELLER";
    o.fulfilled_by = "AMAZON";
    o.created_time = o.last_updated_time = At(n);
    o.lines.push_back({"1", "MUG", 1, Money::FromMinor(999, *Currency::FromCode("GBP"))});
    b.orders.push_back(o);
    OutboxItem item;
    item.key = "order/" + id + "/sale";
    item.kind = "erp.sale";
    item.entity = "order " + id;
    item.created_at = item.next_attempt_at = At(n);
    b.enqueue.push_back(item);
    b.audit.push_back({At(n), "fbaflow", "order seen", "order " + id, ""});
  }
  // Both writers raise the same exception: only one may open it.
  b.raise.push_back({"erp-rejected", "ecommerce", "order shared", "m", "", At(n)});
  return b;
}

std::string Query(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::nontransaction tx(c);
  return tx.exec1(sql)[0].c_str();
}

class PostgresOrderStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (ServerUrl().empty()) GTEST_SKIP() << "no PostgreSQL fixture (tests/postgres/server.sh)";
    url_ = FreshDatabase();
  }
  std::string url_;
};

TEST_F(PostgresOrderStoreTest, MigrationsAreAppliedOnceAndRecorded) {
  ASSERT_NE(OpenOrDie(url_), nullptr);
  ASSERT_NE(OpenOrDie(url_), nullptr);
  EXPECT_EQ(Query(url_, "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(OrderStoreMigrations().size()));
  EXPECT_EQ(Query(url_, "SELECT MAX(version) FROM schema_migrations"),
            std::to_string(OrderStoreSchemaVersion()));
}

TEST_F(PostgresOrderStoreTest, ADatabaseFromANewerVersionIsRefused) {
  ASSERT_NE(OpenOrDie(url_), nullptr);
  const int newer = OrderStoreSchemaVersion() + 1;
  Query(url_, "INSERT INTO schema_migrations (version) VALUES (" + std::to_string(newer) +
                  ") RETURNING version");
  auto refused = PostgresOrderStore::Open(url_);
  ASSERT_FALSE(refused.Ok());
  EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.GetStatus().Message(),
              AllOf(HasSubstr("version " + std::to_string(newer)),
                    HasSubstr("version " + std::to_string(OrderStoreSchemaVersion()))));
}

TEST_F(PostgresOrderStoreTest, AnUnreachableServerIsUnavailableAndTheMessageHasNoPassword) {
  auto opened = PostgresOrderStore::Open("postgresql://fbaflow:hunter2@127.0.0.1:1/none");
  ASSERT_FALSE(opened.Ok());
  EXPECT_EQ(opened.GetStatus().Code(), StatusCode::kUnavailable) << opened.GetStatus().ToString();
  EXPECT_THAT(opened.GetStatus().Message(), HasSubstr("postgresql://fbaflow@127.0.0.1:1/none"));
  EXPECT_THAT(opened.GetStatus().Message(), ::testing::Not(HasSubstr("hunter2")));
  EXPECT_EQ(PostgresOrderStore::Redacted("host=db password=s3cret user=x"),
            "host=db password=*** user=x");
}

TEST_F(PostgresOrderStoreTest, TwoStoresInTwoThreadsLoseNothing) {
  ASSERT_NE(OpenOrDie(url_), nullptr);
  constexpr int kBatches = 20, kOrders = 20;
  auto writer = [&](int w) {
    auto store = OpenOrDie(url_);
    ASSERT_NE(store, nullptr);
    for (int n = 0; n < kBatches; ++n) {
      const Status s = store->Apply(NumberedBatch(w, n, kOrders));
      ASSERT_TRUE(s.Ok()) << s.ToString();
    }
  };
  std::thread a(writer, 1), b(writer, 2);
  a.join();
  b.join();
  auto store = OpenOrDie(url_);
  EXPECT_EQ(store->CountOutbox()->pending, 2 * kBatches * kOrders);
  EXPECT_EQ(store->Audit("", -1)->size(), static_cast<size_t>(2 * kBatches * kOrders));
  EXPECT_EQ(Query(url_, "SELECT COUNT(*) FROM orders"), std::to_string(2 * kBatches * kOrders));
  auto shared = store->Exceptions({ExceptionStatus::kOpen, "", "", "order shared"});
  ASSERT_EQ(shared->size(), 1u);
  EXPECT_EQ((*shared)[0].attempts, 2 * kBatches);
}

TEST_F(PostgresOrderStoreTest, TheAuditLogIsAppendOnly) {
  auto store = OpenOrDie(url_);
  ASSERT_TRUE(store->Apply(NumberedBatch(0, 0, 1)).Ok());
  pqxx::connection c(url_);
  pqxx::work tx(c);
  EXPECT_THROW(tx.exec("DELETE FROM audit"), pqxx::sql_error);
}

}  // namespace
}  // namespace fbaflow::testing
