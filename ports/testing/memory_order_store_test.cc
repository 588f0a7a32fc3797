#include "ports/testing/memory_order_store.h"

#include "ports/testing/order_store_contract.h"

namespace fbaflow::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Memory, OrderStoreContract,
                         ::testing::Values(OrderStoreFactory{
                             "memory", [] { return std::make_unique<MemoryOrderStore>(); },
                             nullptr}),
                         OrderStoreFactoryName);

TEST(MemoryOrderStore, AFailedApplyWritesNothing) {
  MemoryOrderStore store;
  store.FailNextApply(Unavailable("disk on fire"));
  StoreBatch b;
  b.cursors = {{"c", Timestamp{1, 0}}};
  EXPECT_EQ(store.Apply(b).Code(), StatusCode::kUnavailable);
  EXPECT_FALSE(store.Cursor("c")->has_value());
  EXPECT_TRUE(store.Apply(b).Ok());
  EXPECT_TRUE(store.Cursor("c")->has_value());
}

}  // namespace
}  // namespace fbaflow::testing
