#include "adapters/store/open_order_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/store/sqlite_order_store.h"
#include "adapters/testing/temp_dir.h"

namespace fbaflow {
namespace {

TEST(OpenOrderStore, APathOpensSqlite) {
  testing::TempDir dir;
  auto store = OpenOrderStore((dir.Path() / "fbaflow.db").string());
  ASSERT_TRUE(store.Ok()) << store.GetStatus().ToString();
  EXPECT_NE(dynamic_cast<SqliteOrderStore*>(store->get()), nullptr);
  EXPECT_TRUE(std::filesystem::exists(dir.Path() / "fbaflow.db"));
}

TEST(OpenOrderStore, AUrlOpensPostgres) {
  // Nothing listens on port 1: the PostgreSQL store was chosen and could not connect.
  auto store = OpenOrderStore("postgresql://fbaflow@127.0.0.1:1/fbaflow");
  ASSERT_FALSE(store.Ok());
  EXPECT_EQ(store.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_THAT(store.GetStatus().Message(), ::testing::HasSubstr("postgresql://"));
}

}  // namespace
}  // namespace fbaflow

namespace fbaflow {
namespace {

TEST(OpenOrderStore, AMistypedStoreIsRefusedNotCreatedAsAFile) {
  for (const char* location : {"postgresq://u:secret@h/db", "mysql://h/db", "host=db dbname=x"}) {
    auto store = OpenOrderStore(location);
    EXPECT_EQ(store.GetStatus().Code(), StatusCode::kInvalidArgument) << location;
    EXPECT_FALSE(std::filesystem::exists(location)) << location;
    EXPECT_EQ(store.GetStatus().Message().find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace fbaflow
