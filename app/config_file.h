#pragma once
// The TOML config file (--config or FBAFLOW_CONFIG), read once by one reader for every table:
//
//   [amazon]  client_id, client_secret, refresh_token, region, sandbox, endpoint, lwa_endpoint,
//             seller_id, marketplaces (array), data_dir, rate_scale, call_timeout_seconds
//   [erp]     kind ("tryton"), url, database, user, password, timeout_seconds,
//             customer_code_prefix, fba_warehouse, own_warehouse, journal
//   [store]   url: "postgresql://..." for PostgreSQL; absent: SQLite in the data folder
//   [orders]  since, overlap_seconds, exception_after_attempts, retry_base_seconds,
//             retry_max_seconds, carrier_code, carrier_name
//   [orders.owners]  exception type = "finance" | "ops" | "ecommerce"
//
// An unknown table or key, or a value of the wrong type, is kInvalidArgument naming the file,
// the line and the key. A file holding secrets that others can read is warned about.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace fbaflow::app {

struct AmazonFileSettings {
  std::optional<std::string> client_id, client_secret, refresh_token, region, endpoint,
      lwa_endpoint, seller_id, data_dir;
  std::optional<bool> sandbox;
  std::optional<std::vector<std::string>> marketplaces;
  std::optional<double> rate_scale;
  std::optional<int64_t> call_timeout_seconds;
};

struct ErpFileSettings {
  std::optional<std::string> kind, url, database, user, password, customer_code_prefix,
      fba_warehouse, own_warehouse, journal;
  std::optional<int64_t> timeout_seconds;
};

struct StoreFileSettings {
  std::optional<std::string> url;
};

struct OrdersFileSettings {
  std::optional<std::string> since, carrier_code, carrier_name;
  std::optional<int64_t> overlap_seconds, exception_after_attempts, retry_base_seconds,
      retry_max_seconds;
  std::map<std::string, std::string> owners;
};

struct ConfigFile {
  std::string path;  // "" when no file was given
  AmazonFileSettings amazon;
  ErpFileSettings erp;
  StoreFileSettings store;
  OrdersFileSettings orders;
};

Result<ConfigFile> ReadConfigFile(const std::string& path);

// Reads an environment variable (ProcessEnv in production, a map in tests); nullopt when unset
// or empty.
using GetEnv = std::function<std::optional<std::string>(const std::string& name)>;

// The config file's path: `flag` (--config), else FBAFLOW_CONFIG, else "" (no file).
std::string ConfigPath(const std::string& flag, const GetEnv& env);

// One setting from, highest first, its flag, its environment variable, the config file; each
// pick records where the value came from in `origins` (never the value itself).
class SettingPicker {
 public:
  SettingPicker(const GetEnv& env, std::string config_path, std::vector<std::string>& origins)
      : env_(env), config_(std::move(config_path)), origins_(origins) {}

  // `var` may be null (a setting with no variable); "" when none of them gives it.
  std::string operator()(std::string_view what, const std::string& flag, const char* var,
                         const std::optional<std::string>& from_file) const;

 private:
  const GetEnv& env_;
  std::string config_;
  std::vector<std::string>& origins_;
};

}  // namespace fbaflow::app
