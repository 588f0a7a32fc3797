#include "cli/orders_cmd.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/amazon_session.h"
#include "app/erp_connection.h"
#include "app/erp_settings.h"
#include "app/exit_code.h"
#include "app/orders_settings.h"
#include "cli/amazon_flags.h"
#include "cli/logging.h"
#include "cli/store_cmd_support.h"
#include "engine/orders/order_sync.h"

namespace fbaflow::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop = true; }

struct Options {
  int verbosity = 0;
  StoreFlags store;
  app::ErpFlags erp;
  bool once = false;
  std::string since;
  int interval_seconds = 300;
};

nlohmann::json ReportJson(const orders::SyncReport& r) {
  return {{"pull",
           {{"pages", r.pull.pages},
            {"orders", r.pull.orders},
            {"recorded", r.pull.recorded},
            {"unchanged", r.pull.unchanged},
            {"queued", r.pull.queued},
            {"waiting", r.pull.waiting},
            {"problems", r.pull.problems},
            {"rejects", r.pull.rejects},
            {"from", r.pull.from.ToIso8601()},
            {"cursor", r.pull.cursor.ToIso8601()}}},
          {"dispatch",
           {{"sent", r.dispatch.sent},
            {"found", r.dispatch.found},
            {"retrying", r.dispatch.retrying},
            {"exceptions", r.dispatch.exceptions},
            {"withdrawn", r.dispatch.withdrawn}}},
          {"warehouse", {{"watched", r.watch.watched}, {"shipped", r.watch.shipped}}},
          {"erp_unavailable",
           r.dispatch.unavailable.Ok() ? "" : app::FailureText(r.dispatch.unavailable)},
          {"outbox",
           {{"pending", r.outbox.pending}, {"parked", r.outbox.parked}, {"done", r.outbox.done}}},
          {"open_exceptions", r.open_exceptions}};
}

void PrintReport(const orders::SyncReport& r) {
  fmt::print(
      "orders: {} from Amazon since {} ({} new or changed, {} already seen, {} waiting for a "
      "price), {} page(s)\n",
      r.pull.orders, r.pull.from.ToIso8601(), r.pull.recorded, r.pull.unchanged, r.pull.waiting,
      r.pull.pages);
  fmt::print(
      "writes: {} sent ({} found already in the ERP), {} retrying later, {} became "
      "exceptions, {} withdrawn\n",
      r.dispatch.sent, r.dispatch.found, r.dispatch.retrying, r.dispatch.exceptions,
      r.dispatch.withdrawn);
  fmt::print(
      "own warehouse: {} sale(s) waiting, {} shipped (confirmations to Amazon queued){}\n",
      r.watch.watched - r.watch.shipped, r.watch.shipped,
      r.watch.unavailable.Ok() ? "" : "; stopped early: " + app::FailureText(r.watch.unavailable));
  fmt::print("outbox: {} pending, {} parked, {} done; open exceptions: {}{}\n", r.outbox.pending,
             r.outbox.parked, r.outbox.done, r.open_exceptions,
             r.open_exceptions > 0 ? " (fbaflow exceptions list)" : "");
  if (!r.dispatch.unavailable.Ok()) {
    fmt::print("the ERP did not answer, so this pass stopped early: {}\n",
               app::FailureText(r.dispatch.unavailable));
  }
}

// --once: 0 only when nothing is left waiting. Open exceptions, writes backing off after a
// transient failure, and an ERP that stopped answering are all 1 (look, or run again later).
int PassExitCode(const orders::SyncReport& r) {
  const bool waiting = r.open_exceptions > 0 || r.dispatch.retrying > 0 ||
                       !r.dispatch.unavailable.Ok() || !r.watch.unavailable.Ok();
  return waiting ? app::kExitHeld : app::kExitOk;
}

int Sync(const Options& o) {
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("orders sync", opened.GetStatus());
  app::ErpFlags erp_flags = o.erp;
  erp_flags.config = o.store.amazon.config;
  Result<app::ErpSettings> erp_settings = app::ResolveErpSettings(erp_flags, &app::ProcessEnv);
  if (!erp_settings.Ok()) return Fail("orders sync", erp_settings.GetStatus());
  app::AmazonSession session(opened->amazon);
  Result<orders::OrderSettings> settings =
      app::ResolveOrderSettings({o.store.amazon.config, o.since}, opened->amazon, &app::ProcessEnv,
                                session.GetClock().WallTimestamp());
  if (!settings.Ok()) return Fail("orders sync", settings.GetStatus());
  std::unique_ptr<Erp> erp = app::MakeErp(*erp_settings, session.GetHttp());

  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  for (;;) {
    Result<orders::SyncReport> report =
        orders::SyncOrdersOnce(session.Api(), *erp, *opened->store, session.GetClock(), *settings);
    if (!report.Ok()) {
      if (o.once || !report.GetStatus().IsRetryable())
        return Fail("orders sync", report.GetStatus());
      spdlog::warn("orders sync: {}; trying again in {} s", app::FailureText(report.GetStatus()),
                   o.interval_seconds);
    } else {
      if (o.store.format == "json") {
        std::cout << ReportJson(*report).dump() << std::endl;
      } else {
        PrintReport(*report);
      }
      if (o.once) return PassExitCode(*report);
    }
    // A later --since would read the backfill again on every pass: only the first one takes it.
    settings->since.reset();
    for (int waited = 0; waited < o.interval_seconds * 5 && !g_stop; ++waited) {
      session.GetClock().SleepFor(std::chrono::milliseconds(200));
    }
    if (g_stop) return app::kExitOk;
  }
}

}  // namespace

void RegisterOrdersCommands(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<Options>();
  CLI::App* orders = app.add_subcommand(
      "orders",
      "Amazon orders into the ERP: FBA sales from the Amazon FBA warehouse, merchant-fulfilled "
      "ones from the own warehouse, shipments confirmed to Amazon.\nExit codes: 0 every order "
      "moved; 1 exceptions are open or a transient failure; 2 bad input or configuration.");
  orders->require_subcommand(1);
  CLI::App* sync = orders->add_subcommand("sync",
                                          "pull, route and post orders (every "
                                          "--interval seconds, or --once)");
  AddAmazonFlags(*sync, o->store.amazon);
  sync->add_option("--store", o->store.store,
                   "a postgresql:// URL (FBAFLOW_STORE_URL; default: SQLite in the data folder)");
  sync->add_option("--format", o->store.format, "output format")
      ->check(CLI::IsMember({"text", "json"}));
  sync->add_option("--erp-url", o->erp.url, "the ERP's URL (FBAFLOW_ERP_URL)");
  sync->add_option("--erp-database", o->erp.database, "the ERP's database (FBAFLOW_ERP_DATABASE)");
  sync->add_option("--erp-user", o->erp.user,
                   "the ERP user (FBAFLOW_ERP_USER; the password "
                   "only from FBAFLOW_ERP_PASSWORD or [erp])");
  sync->add_flag("--once", o->once, "one pass, then exit");
  sync->add_option("--since", o->since,
                   "first pull (or a backfill): orders changed since 2026-01-05, an ISO time, or "
                   "36h / 7d");
  sync->add_option("--interval", o->interval_seconds, "seconds between passes (default 300)")
      ->check(CLI::Range(1, 86400));
  sync->add_flag("-v,--verbose", o->verbosity, "more logging (-vv: every HTTP call)");
  sync->callback([o, &exit_code] {
    ConfigureLogging(o->verbosity);
    exit_code = Sync(*o);
  });
}

}  // namespace fbaflow::cli
