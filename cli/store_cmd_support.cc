#include "cli/store_cmd_support.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "adapters/store/open_order_store.h"
#include "adapters/store/postgres_order_store.h"
#include "app/data_dir.h"
#include "app/erp_settings.h"
#include "app/exit_code.h"

namespace fbaflow::cli {

void AddStoreFlags(CLI::App& c, StoreFlags& flags) {
  c.add_option("--config", flags.amazon.config, "TOML config file (FBAFLOW_CONFIG)");
  c.add_option("--seller-id", flags.amazon.seller_id,
               "the selling partner whose mappings these are (FBAFLOW_AMAZON_SELLER_ID)");
  c.add_option("--data-dir", flags.amazon.data_dir,
               "the data folder holding fbaflow.db (default ./fbaflow-data)");
  c.add_option("--store", flags.store,
               "the store: a postgresql:// URL (FBAFLOW_STORE_URL; default: SQLite in the data "
               "folder)");
  c.add_option("--format", flags.format, "output format")->check(CLI::IsMember({"text", "json"}));
  c.add_option("--actor", flags.actor, "who is acting, for the audit log (default $USER)");
}

Result<OpenedStore> OpenStore(const StoreFlags& flags) {
  OpenedStore out;
  ASSIGN_OR_RETURN(out.amazon, app::ResolveAmazonSettings(flags.amazon, &app::ProcessEnv));
  out.account = out.amazon.seller_id.empty() ? "default" : out.amazon.seller_id;
  ASSIGN_OR_RETURN(std::string url,
                   app::ResolveStoreUrl(flags.store, flags.amazon.config, &app::ProcessEnv));
  if (url.empty()) {
    ASSIGN_OR_RETURN(app::DataDir dir, app::DataDir::Open(out.amazon.data_dir));
    url = dir.Database().string();
    out.location = url;
  } else {
    out.location = PostgresOrderStore::Redacted(url);
  }
  ASSIGN_OR_RETURN(out.store, OpenOrderStore(url));
  return out;
}

std::string Actor(const StoreFlags& flags) {
  if (!flags.actor.empty()) return flags.actor;
  if (auto user = app::ProcessEnv("USER")) return *user;
  return "cli";
}

int Fail(std::string_view command, const Status& status) {
  std::cerr << "fbaflow " << command << ": " << app::FailureText(status) << "\n";
  return app::ExitCodeFor(status);
}

}  // namespace fbaflow::cli
