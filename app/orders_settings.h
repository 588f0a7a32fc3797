#pragma once
// Settings of the orders flow: the [orders] table of the config file and the flags of
// `fbaflow orders sync`, on top of the Amazon settings (the seller and marketplaces).

#include <string>

#include "app/amazon_settings.h"
#include "engine/orders/order_settings.h"

namespace fbaflow::app {

struct OrdersFlags {
  std::string config;
  std::string since;  // --since: a time or a span back ("7d")
};

// kInvalidArgument for a bad --since, a non-positive number, or an owner that is not finance,
// ops or ecommerce.
Result<orders::OrderSettings> ResolveOrderSettings(const OrdersFlags& flags,
                                                   const AmazonSettings& amazon, const GetEnv& env,
                                                   Timestamp now);

}  // namespace fbaflow::app
