#pragma once
// Settings of the `fbaflow amazon` commands, from (highest first) command-line flags, environment
// variables and the [amazon] table of a TOML config file.
//
// Environment variables:
//   FBAFLOW_LWA_CLIENT_ID        Login with Amazon client id of the application
//   FBAFLOW_LWA_CLIENT_SECRET    its client secret
//   FBAFLOW_LWA_REFRESH_TOKEN    the selling partner's refresh token (Atzr|...)
//   FBAFLOW_AMAZON_REGION        na, eu or fe
//   FBAFLOW_AMAZON_ENDPOINT      SP-API base URL (the emulator's, for tests and demos)
//   FBAFLOW_LWA_ENDPOINT         Login with Amazon token URL (the emulator's)
//   FBAFLOW_AMAZON_SELLER_ID     the selling partner (merchant) id
//   FBAFLOW_AMAZON_MARKETPLACES  comma-separated marketplace ids or country codes
//   FBAFLOW_DATA_DIR             where documents and the ledger are kept
//   FBAFLOW_CONFIG               a TOML config file (also --config)
// Config file: the [amazon] table (app/config_file.h lists its keys).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/config_file.h"
#include "core/amazon/marketplaces.h"
#include "core/base/status.h"
#include "core/security/secret.h"
#include "core/time/civil.h"

namespace fbaflow::app {

// What the command line said (empty / unset: not given).
struct AmazonFlags {
  std::string config;
  std::string region;
  bool sandbox = false;
  std::string endpoint;
  std::string lwa_endpoint;
  std::string seller_id;
  std::vector<std::string> marketplaces;
  std::string data_dir;
  double rate_scale = 0;         // 0: not given
  int call_timeout_seconds = 0;  // 0: not given
};

struct AmazonSettings {
  std::string client_id;
  Secret client_secret;
  Secret refresh_token;
  amazon::Region region = amazon::Region::kNorthAmerica;
  bool sandbox = false;
  std::string endpoint;      // resolved: override or the region's default
  std::string lwa_endpoint;  // resolved: override or Login with Amazon's
  std::string seller_id;
  std::vector<std::string> marketplace_ids;  // resolved ids
  std::string data_dir = "fbaflow-data";
  double rate_scale = 1.0;
  int call_timeout_seconds = 900;
  std::vector<std::string> origins;  // "client_id from FBAFLOW_LWA_CLIENT_ID", ... (no values)
};

// kInvalidArgument for an unreadable config, an unknown key, a bad region or marketplace,
// marketplaces of another region than the one chosen, or an endpoint that is not an http(s) URL.
// All of these are configuration to fix, never worth retrying.
Result<AmazonSettings> ResolveAmazonSettings(const AmazonFlags& flags, const GetEnv& env);

// The data folder must be a folder this process can write (it is created when missing).
// kInvalidArgument naming the path and what to fix otherwise: a file in its place, a read-only
// folder, a parent that cannot hold it.
Status CheckDataDir(const std::filesystem::path& dir);

// "http://host[:port][/path]" or https; kInvalidArgument naming `what` otherwise.
Status CheckUrl(std::string_view what, const std::string& url);

// Reads the process environment.
std::optional<std::string> ProcessEnv(const std::string& name);

// "2026-01-05", "2026-01-05T10:00:00Z", or a span back from `now`: "36h", "7d", "90m".
// kInvalidArgument for anything else, and for a time after `now` unless `allow_future` (an
// --until, which the API clamps).
Result<Timestamp> ParseSince(std::string_view text, Timestamp now, bool allow_future = false);

}  // namespace fbaflow::app
