#include "app/orders_settings.h"

#include <fmt/format.h>

#include "app/config_file.h"

namespace fbaflow::app {

Result<orders::OrderSettings> ResolveOrderSettings(const OrdersFlags& flags,
                                                   const AmazonSettings& amazon, const GetEnv& env,
                                                   Timestamp now) {
  const std::string config = ConfigPath(flags.config, env);
  ASSIGN_OR_RETURN(ConfigFile file, ReadConfigFile(config));
  const OrdersFileSettings& f = file.orders;
  orders::OrderSettings s;
  s.account = amazon.seller_id.empty() ? "default" : amazon.seller_id;
  s.marketplace_ids = amazon.marketplace_ids;
  const std::string since = !flags.since.empty() ? flags.since : f.since.value_or("");
  if (!since.empty()) {
    ASSIGN_OR_RETURN(Timestamp t, ParseSince(since, now));
    s.since = t;
  }
  auto positive = [](std::string_view key, const std::optional<int64_t>& v, int& slot) -> Status {
    if (!v) return OkStatus();
    if (*v <= 0 || *v > 1'000'000'000) {
      return InvalidArgument(fmt::format("orders.{} must be a positive number", key));
    }
    slot = static_cast<int>(*v);
    return OkStatus();
  };
  RETURN_IF_ERROR(positive("overlap_seconds", f.overlap_seconds, s.overlap_seconds));
  RETURN_IF_ERROR(
      positive("exception_after_attempts", f.exception_after_attempts, s.exception_after_attempts));
  RETURN_IF_ERROR(positive("retry_base_seconds", f.retry_base_seconds, s.retry_base_seconds));
  RETURN_IF_ERROR(positive("retry_max_seconds", f.retry_max_seconds, s.retry_max_seconds));
  if (f.carrier_code) s.carrier_code = *f.carrier_code;
  if (f.carrier_name) s.carrier_name = *f.carrier_name;
  for (const auto& [type, owner] : f.owners) {
    if (owner != "finance" && owner != "ops" && owner != "ecommerce") {
      return InvalidArgument(
          fmt::format("{}: orders.owners.{} is '{}': an owner is finance, ops or ecommerce", config,
                      type, owner));
    }
    s.owners[type] = owner;
  }
  return s;
}

}  // namespace fbaflow::app
