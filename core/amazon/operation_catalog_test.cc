#include "core/amazon/operation_catalog.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace fbaflow::amazon {
namespace {

TEST(OperationCatalog, CarriesAmazonsPublishedLimits) {
  const OperationSpec* search = FindOperation("searchOrders");
  ASSERT_NE(search, nullptr);
  EXPECT_EQ(search->method, "GET");
  EXPECT_EQ(search->path, "/orders/2026-01-01/orders");
  EXPECT_DOUBLE_EQ(search->rate, 0.0056);
  EXPECT_EQ(search->burst, 20);

  const OperationSpec* summaries = FindOperation("getInventorySummaries");
  ASSERT_NE(summaries, nullptr);
  EXPECT_DOUBLE_EQ(summaries->rate, 2);
  EXPECT_EQ(summaries->burst, 2);

  const OperationSpec* document = FindOperation("getReportDocument");
  ASSERT_NE(document, nullptr);
  EXPECT_DOUBLE_EQ(document->rate, 0.0167);
  EXPECT_EQ(document->burst, 15);

  // Orders v0's one operation that outlives its retired reads (rate 2/s, burst 10 in
  // ordersV0.json).
  const OperationSpec* confirm = FindOperation("confirmShipment");
  ASSERT_NE(confirm, nullptr);
  EXPECT_EQ(confirm->model, "ordersV0");
  EXPECT_EQ(confirm->method, "POST");
  EXPECT_EQ(confirm->path, "/orders/v0/orders/{orderId}/shipmentConfirmation");
  EXPECT_DOUBLE_EQ(confirm->rate, 2);
  EXPECT_EQ(confirm->burst, 10);
  EXPECT_FALSE(confirm->grantless);

  ASSERT_NE(FindOperation("createDestination"), nullptr);
  EXPECT_TRUE(FindOperation("createDestination")->grantless);
  EXPECT_FALSE(FindOperation("createSubscription")->grantless);
}

TEST(OperationCatalog, LeavesOutRetiredOperationsAndDisambiguatesByModel) {
  // Orders v0's reads are retired and its other writes unused: only confirmShipment is listed.
  EXPECT_EQ(FindOperation("getOrders"), nullptr);
  EXPECT_EQ(FindOperation("getOrder", "ordersV0"), nullptr);
  EXPECT_EQ(FindOperation("updateShipmentStatus"), nullptr);
  ASSERT_NE(FindOperation("getOrder", "orders_2026-01-01"), nullptr);
  EXPECT_EQ(FindOperation("getOrder", "orders_2026-01-01")->path,
            "/orders/2026-01-01/orders/{orderId}");
  EXPECT_EQ(FindOperation("noSuchOperation"), nullptr);
}

// The generated table must match what the generator makes of the vendored models today.
TEST(OperationCatalog, MatchesTheVendoredModels) {
  const std::string source = FBAFLOW_SOURCE_DIR;
  const std::string cmd = "/usr/bin/python3 " + source + "/scripts/gen-operation-catalog.py " +
                          source + "/third_party/spapi-models";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  ASSERT_NE(pipe, nullptr);
  std::string generated;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) generated.append(buf.data(), n);
  std::ifstream in(source + "/core/amazon/operation_catalog.cc");
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(generated, committed.str())
      << "run scripts/gen-operation-catalog.py > core/amazon/operation_catalog.cc";
}

}  // namespace
}  // namespace fbaflow::amazon
