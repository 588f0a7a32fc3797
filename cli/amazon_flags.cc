#include "cli/amazon_flags.h"

#include <CLI/CLI.hpp>

namespace fbaflow::cli {

void AddAmazonFlags(CLI::App& c, app::AmazonFlags& flags) {
  c.add_option("--config", flags.config, "TOML config file (FBAFLOW_CONFIG)");
  c.add_option("--region", flags.region, "SP-API region: na, eu or fe");
  c.add_flag("--sandbox", flags.sandbox, "use Amazon's sandbox endpoints");
  c.add_option("--endpoint", flags.endpoint,
               "SP-API base URL (e.g. the emulator: http://127.0.0.1:8080)");
  c.add_option("--lwa-endpoint", flags.lwa_endpoint,
               "Login with Amazon token URL (e.g. http://127.0.0.1:8080/auth/o2/token)");
  c.add_option("--marketplace", flags.marketplaces,
               "marketplace id or country code (UK, DE, US, ...); repeatable")
      ->allow_extra_args(false);
  c.add_option("--seller-id", flags.seller_id, "the selling partner's id");
  c.add_option("--data-dir", flags.data_dir,
               "where documents, journals and the store are kept (default ./fbaflow-data)");
  c.add_option("--rate-scale", flags.rate_scale,
               "an emulator's time scale: rate limits x X, token lifetimes / X")
      ->check(CLI::Range(0.001, 1e6));
  c.add_option("--timeout", flags.call_timeout_seconds,
               "seconds one API call may take, throttling and retries included (1 to 86400)")
      ->check(CLI::Range(1, 86400));
}

}  // namespace fbaflow::cli
