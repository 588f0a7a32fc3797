#pragma once
// What the orders flow needs to know about the seller and how hard to try, filled in by the
// composition root from flags, environment and the config file.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time/civil.h"

namespace fbaflow::orders {

struct OrderSettings {
  std::string account;                       // the selling partner id: the SKU mappings' scope
  std::vector<std::string> marketplace_ids;  // Amazon's ids, e.g. "A1F83G8C2ARO7P"
  // First pull without a cursor: orders updated since then (default: 7 days before now).
  std::optional<Timestamp> since;
  int overlap_seconds = 300;  // each pull re-reads this much before its cursor (late writes)
  int page_size = 100;        // searchOrders maxResultsPerPage
  int dispatch_batch = 200;   // outbox items per store round trip
  // Transient failures (ERP or Amazon down) back off from retry_base_seconds, doubling to
  // retry_max_seconds; after exception_after_attempts the order is also an exception for ops
  // (it keeps being retried, and the exception closes when it lands).
  int retry_base_seconds = 30;
  int retry_max_seconds = 3600;
  int exception_after_attempts = 5;
  // confirmShipment: the carrier as Amazon knows it ("Other" needs carrier_name).
  std::string carrier_code = "Other";
  std::string carrier_name = "Own warehouse";
  // Exception type → owning team; types not named go to DefaultOwner(type).
  std::map<std::string, std::string> owners;
};

}  // namespace fbaflow::orders
