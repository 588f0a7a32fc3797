#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "app/config_file.h"
#include "app/erp_settings.h"
#include "app/orders_settings.h"

namespace fbaflow::app {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const auto path =
        std::filesystem::path(::testing::TempDir()) /
        (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".toml");
    std::ofstream(path) << text;
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return path.string();
  }
  GetEnv Env() {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }
  std::map<std::string, std::string> env_;
};

TEST_F(SettingsTest, EveryTableIsReadByOneReader) {
  const std::string path = Write(R"(
[amazon]
seller_id = "A1SELLER"
marketplaces = ["UK"]
[erp]
url = "http://127.0.0.1:8000"
database = "fbaflow"
user = "admin"
password = "pw"
timeout_seconds = 30
[store]
url = "postgresql://localhost/fbaflow"
[orders]
overlap_seconds = 600
[orders.owners]
unmapped-sku = "ops"
)");
  Result<ConfigFile> file = ReadConfigFile(path);
  ASSERT_TRUE(file.Ok()) << file.GetStatus().ToString();
  EXPECT_EQ(*file->amazon.seller_id, "A1SELLER");
  EXPECT_EQ(*file->erp.timeout_seconds, 30);
  EXPECT_EQ(*file->store.url, "postgresql://localhost/fbaflow");
  EXPECT_EQ(*file->orders.overlap_seconds, 600);
  EXPECT_EQ(file->orders.owners.at("unmapped-sku"), "ops");
}

TEST_F(SettingsTest, UnknownTablesAndKeysAreErrorsNamingTheLineAndTheKey) {
  Result<ConfigFile> r = ReadConfigFile(Write("[erp]\nurl = \"http://x\"\ndatabse = \"d\"\n"));
  ASSERT_FALSE(r.Ok());
  EXPECT_EQ(r.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.GetStatus().Message().find(":3: unknown key erp.databse; did you mean database?"),
            std::string::npos)
      << r.GetStatus().Message();
  r = ReadConfigFile(Write("[ordres]\nsince = \"7d\"\n"));
  ASSERT_FALSE(r.Ok());
  EXPECT_NE(r.GetStatus().Message().find("unknown table 'ordres'"), std::string::npos)
      << r.GetStatus().Message();
  EXPECT_NE(r.GetStatus().Message().find("did you mean [orders]"), std::string::npos);
  r = ReadConfigFile(Write("[erp]\ntimeout_seconds = \"30\"\n"));
  ASSERT_FALSE(r.Ok());
  EXPECT_NE(r.GetStatus().Message().find("erp.timeout_seconds must be an integer"),
            std::string::npos);
}

TEST_F(SettingsTest, TheErpComesFromFlagsThenEnvironmentThenTheFile) {
  const std::string path = Write(
      "[erp]\nurl = \"http://file:8000\"\ndatabase = \"filedb\"\nuser = \"fileuser\"\n"
      "password = \"filepw\"\n");
  env_["FBAFLOW_ERP_DATABASE"] = "envdb";
  ErpFlags flags;
  flags.config = path;
  flags.user = "flaguser";
  Result<ErpSettings> s = ResolveErpSettings(flags, Env());
  ASSERT_TRUE(s.Ok()) << s.GetStatus().ToString();
  EXPECT_EQ(s->tryton.url, "http://file:8000/");
  EXPECT_EQ(s->tryton.database, "envdb");
  EXPECT_EQ(s->tryton.user, "flaguser");
  EXPECT_EQ(s->tryton.password.RevealForWire(), "filepw");
}

TEST_F(SettingsTest, AMissingErpSaysWhatToSet) {
  Result<ErpSettings> s = ResolveErpSettings({}, Env());
  ASSERT_FALSE(s.Ok());
  EXPECT_NE(s.GetStatus().Message().find("FBAFLOW_ERP_URL"), std::string::npos);
  env_ = {
      {"FBAFLOW_ERP_URL", "http://h:1"}, {"FBAFLOW_ERP_DATABASE", "d"}, {"FBAFLOW_ERP_USER", "u"}};
  s = ResolveErpSettings({}, Env());
  ASSERT_FALSE(s.Ok());
  EXPECT_NE(s.GetStatus().Message().find("FBAFLOW_ERP_PASSWORD"), std::string::npos);
  env_["FBAFLOW_ERP_PASSWORD"] = "p";
  env_["FBAFLOW_ERP_KIND"] = "sap";
  s = ResolveErpSettings({}, Env());
  ASSERT_FALSE(s.Ok());
  EXPECT_NE(s.GetStatus().Message().find("'sap' is not supported"), std::string::npos);
}

TEST_F(SettingsTest, OrderSettingsCheckOwnersAndSpans) {
  AmazonSettings amazon;
  amazon.seller_id = "A1SELLER";
  amazon.marketplace_ids = {"A1F83G8C2ARO7P"};
  const Timestamp now{1'780'000'000, 0};
  OrdersFlags flags;
  flags.since = "2d";
  Result<orders::OrderSettings> s = ResolveOrderSettings(flags, amazon, Env(), now);
  ASSERT_TRUE(s.Ok()) << s.GetStatus().ToString();
  EXPECT_EQ(s->account, "A1SELLER");
  EXPECT_EQ(s->since->utc_seconds, now.utc_seconds - 2 * 86400);
  flags.config = Write("[orders.owners]\nunmapped-sku = \"marketing\"\n");
  s = ResolveOrderSettings(flags, amazon, Env(), now);
  ASSERT_FALSE(s.Ok());
  EXPECT_NE(s.GetStatus().Message().find("finance, ops or ecommerce"), std::string::npos);
  EXPECT_FALSE(ResolveOrderSettings({"", "yesterday"}, amazon, Env(), now).Ok());
}

TEST_F(SettingsTest, TheStoreUrlComesFromTheFlagTheEnvironmentOrTheFile) {
  EXPECT_EQ(*ResolveStoreUrl("", "", Env()), "");
  const std::string path = Write("[store]\nurl = \"postgresql://file/db\"\n");
  EXPECT_EQ(*ResolveStoreUrl("", path, Env()), "postgresql://file/db");
  env_["FBAFLOW_STORE_URL"] = "postgresql://env/db";
  EXPECT_EQ(*ResolveStoreUrl("", path, Env()), "postgresql://env/db");
  EXPECT_EQ(*ResolveStoreUrl("postgresql://flag/db", path, Env()), "postgresql://flag/db");
}

}  // namespace
}  // namespace fbaflow::app
