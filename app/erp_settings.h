#pragma once
// Settings of the ERP fbaflow posts into, from (highest first) flags, environment variables and
// the [erp] table of the config file:
//   FBAFLOW_ERP_KIND      "tryton" (the only kind so far)
//   FBAFLOW_ERP_URL       "http://127.0.0.1:8000/"
//   FBAFLOW_ERP_DATABASE  the ERP's database
//   FBAFLOW_ERP_USER, FBAFLOW_ERP_PASSWORD
// and of the store: FBAFLOW_STORE_URL or [store] url ("postgresql://..."); none: SQLite in the
// data folder.

#include <string>
#include <vector>

#include "adapters/erp/tryton_rpc.h"
#include "app/amazon_settings.h"

namespace fbaflow::app {

struct ErpFlags {
  std::string config;
  std::string url;
  std::string database;
  std::string user;
};

struct ErpSettings {
  std::string kind = "tryton";
  erp::TrytonSettings tryton;
  std::vector<std::string> origins;  // where each setting came from (never a value)
};

// kInvalidArgument when no ERP is configured (naming the variables to set), for an unknown kind,
// a URL that is not http(s), or a missing database, user or password.
Result<ErpSettings> ResolveErpSettings(const ErpFlags& flags, const GetEnv& env);

// The store's URL: the flag, FBAFLOW_STORE_URL, [store] url, or "" for SQLite in the data folder.
Result<std::string> ResolveStoreUrl(const std::string& flag, const std::string& config,
                                    const GetEnv& env);

}  // namespace fbaflow::app
