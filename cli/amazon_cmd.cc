#include "cli/amazon_cmd.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "adapters/archive/fs_document_archive.h"
#include "adapters/clock/system_clock.h"
#include "adapters/process/process_identity.h"
#include "adapters/store/sqlite_settlement_ledger.h"
#include "app/amazon_session.h"
#include "app/amazon_settings.h"
#include "app/data_dir.h"
#include "cli/amazon_flags.h"
#include "cli/app.h"
#include "cli/journal_files.h"
#include "cli/journal_post.h"
#include "cli/logging.h"
#include "engine/amazon/settlement_fetch.h"
#include "engine/amazon/settlement_handoff.h"

namespace fbaflow::cli {

using app::AmazonFlags;
using app::AmazonSettings;
using app::GetEnv;
using app::ParseSince;
using app::ProcessEnv;
using app::ResolveAmazonSettings;

namespace {

using Json = nlohmann::json;

struct Options {
  AmazonFlags flags;
  int verbosity = 0;
  std::string format = "text";
  // auth-check
  bool grantless = false;
  // orders
  std::string since;
  std::string until;
  bool updated = false;
  std::string fulfilled_by;
  std::vector<std::string> statuses;
  std::vector<std::string> included = {"FULFILLMENT", "PROCEEDS"};
  // inventory
  std::vector<std::string> skus;
  std::string changed_since;
  // reports list
  std::vector<std::string> report_types;
  std::vector<std::string> report_statuses;
  std::string reports_since;
  // settlements fetch
  std::string rules_file;
  std::string ruleset;
  std::string settlements_since;
  int max_reports = 0;
  int quarantine_after = 3;
  // settlements reprocess
  std::vector<std::string> reprocess_ids;
  bool reprocess_held = false;
  bool reprocess_quarantined = false;
  // settlements fetch / reprocess --post
  bool post = false;
};

// With --post: the ready journals of what was handed on go into the ERP's books, once.
int PostHandedOn(const Options& o, const std::vector<engine::HandoffResult>& handoffs) {
  if (!o.post) return kExitOk;
  std::vector<settlement::SettlementJournals> settlements;
  for (const engine::HandoffResult& h : handoffs) {
    settlements.insert(settlements.end(), h.settlements.begin(), h.settlements.end());
  }
  StoreFlags flags;
  flags.amazon = o.flags;
  return PostJournals(settlements, flags, std::cerr);
}

int Fail(std::string_view command, const Status& status) {
  std::cerr << "fbaflow amazon " << command << ": " << status.ToString() << "\n";
  if (status.IsRetryable()) std::cerr << "  (transient: run again later)\n";
  return app::ExitCodeFor(status);
}

std::string MoneyText(const std::optional<Money>& m) {
  if (!m) return "-";
  return m->ToString() + " " + std::string(m->GetCurrency().Code());
}

std::string Iso(const std::optional<Timestamp>& t) { return t ? t->ToIso8601() : "-"; }

Result<AmazonSettings> Settings(const Options& o) {
  ASSIGN_OR_RETURN(AmazonSettings s, ResolveAmazonSettings(o.flags, &ProcessEnv));
  std::string missing;
  if (s.client_id.empty()) missing += " FBAFLOW_LWA_CLIENT_ID";
  if (s.client_secret.Empty()) missing += " FBAFLOW_LWA_CLIENT_SECRET";
  if (s.refresh_token.Empty() && !o.grantless) missing += " FBAFLOW_LWA_REFRESH_TOKEN";
  if (!missing.empty()) {
    return FailedPrecondition("missing credentials:" + missing +
                              " (environment variables, or client_id / client_secret / "
                              "refresh_token in the [amazon] table of --config)");
  }
  return s;
}

// ---- auth-check --------------------------------------------------------------------------------

int AuthCheck(const Options& o) {
  auto settings = Settings(o);
  if (!settings.Ok()) return Fail("auth-check", settings.GetStatus());
  app::AmazonSession session(*settings);
  auto check = session.Api().CheckCredentials(o.grantless);
  if (!check.Ok()) return Fail("auth-check", check.GetStatus());
  if (o.format == "json") {
    std::cout << Json{{"seller_token", check->seller_token},
                      {"seller_token_expires_in", check->seller_token_expires_in.count()},
                      {"grantless_token", check->grantless_token},
                      {"endpoint", settings->endpoint},
                      {"region", amazon::RegionCode(settings->region)},
                      {"probe", check->api_probe}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  fmt::print("endpoint       {} (region {})\n", settings->endpoint,
             amazon::RegionCode(settings->region));
  fmt::print("token endpoint {}\n", settings->lwa_endpoint);
  for (const std::string& origin : settings->origins) fmt::print("  {}\n", origin);
  if (check->seller_token) {
    fmt::print("seller token   ok, expires in {} s (client {}, refresh token {})\n",
               check->seller_token_expires_in.count(), settings->client_id,
               settings->refresh_token.Describe());
  }
  if (check->grantless_token) fmt::print("grantless      ok\n");
  fmt::print("api            {}\n", check->api_probe);
  return kExitOk;
}

// ---- orders ------------------------------------------------------------------------------------

Json OrderJson(const amazon::Order& o) {
  Json items = Json::array();
  for (const amazon::OrderItem& i : o.items) {
    items.push_back(Json{{"order_item_id", i.order_item_id},
                         {"seller_sku", i.seller_sku},
                         {"asin", i.asin},
                         {"quantity_ordered", i.quantity_ordered},
                         {"quantity_fulfilled", i.quantity_fulfilled.value_or(0)},
                         {"unit_price", i.unit_price ? i.unit_price->ToString() : ""},
                         {"proceeds_total", i.proceeds_total ? i.proceeds_total->ToString() : ""}});
  }
  return Json{{"order_id", o.order_id},
              {"created", o.created_time.ToIso8601()},
              {"last_updated", o.last_updated_time.ToIso8601()},
              {"marketplace_id", o.marketplace_id},
              {"fulfilled_by", amazon::FulfilledByName(o.fulfilled_by)},
              {"status", o.fulfillment_status},
              {"grand_total", o.grand_total ? o.grand_total->ToString() : ""},
              {"currency", o.grand_total ? std::string(o.grand_total->GetCurrency().Code()) : ""},
              {"items", items}};
}

int Orders(const Options& o) {
  auto settings = Settings(o);
  if (!settings.Ok()) return Fail("orders", settings.GetStatus());
  app::AmazonSession session(*settings);
  const Timestamp now = session.GetClock().WallTimestamp();
  auto since = ParseSince(o.since, now);
  if (!since.Ok()) return Fail("orders", since.GetStatus());
  amazon::OrderQuery query;
  std::optional<Timestamp> until;
  if (!o.until.empty()) {
    auto u = ParseSince(o.until, now, /*allow_future=*/true);
    if (!u.Ok()) return Fail("orders", u.GetStatus());
    until = *u;
  }
  if (o.updated) {
    query.last_updated_after = *since;
    query.last_updated_before = until;
  } else {
    query.created_after = *since;
    query.created_before = until;
  }
  query.marketplace_ids = settings->marketplace_ids;
  if (o.fulfilled_by == "amazon") query.fulfilled_by = {amazon::FulfilledBy::kAmazon};
  if (o.fulfilled_by == "merchant") query.fulfilled_by = {amazon::FulfilledBy::kMerchant};
  query.fulfillment_statuses = o.statuses;
  query.included_data = o.included;

  int64_t rejects = 0;
  const bool json = o.format == "json";
  if (!json) {
    fmt::print("{:<21} {:<20} {:<17} {:<8} {:<14} {:>5} {:>14}\n", "order", "created", "status",
               "by", "marketplace", "items", "total");
  }
  auto result = session.Api().SearchOrders(query, [&](amazon::OrdersPage& page) {
    for (const amazon::Order& order : page.orders) {
      if (json) {
        std::cout << OrderJson(order).dump() << "\n";
        continue;
      }
      int64_t units = 0;
      for (const auto& i : order.items) units += i.quantity_ordered;
      fmt::print("{:<21} {:<20} {:<17} {:<8} {:<14} {:>5} {:>14}\n", order.order_id,
                 order.created_time.ToIso8601(),
                 order.fulfillment_status.empty() ? "-" : order.fulfillment_status,
                 amazon::FulfilledByName(order.fulfilled_by), order.marketplace_id, units,
                 MoneyText(order.grand_total));
    }
    for (const amazon::RecordReject& r : page.rejects) {
      ++rejects;
      std::cerr << "unreadable order " << (r.record_id.empty() ? "(no id)" : r.record_id) << ": "
                << r.reason << "\n";
    }
    return OkStatus();
  });
  if (!result.Ok()) return Fail("orders", result.GetStatus());
  std::cerr << result->paging.records << " order(s) in " << result->paging.pages
            << " page(s); window ends " << result->window_end.ToIso8601() << " (the next --since)";
  if (result->paging.restarts > 0) std::cerr << "; restarted " << result->paging.restarts << "x";
  std::cerr << "\n";
  return rejects > 0 ? kExitHeld : kExitOk;
}

// ---- inventory ---------------------------------------------------------------------------------

int Inventory(const Options& o) {
  auto settings = Settings(o);
  if (!settings.Ok()) return Fail("inventory", settings.GetStatus());
  if (settings->marketplace_ids.size() != 1) {
    return Fail("inventory", InvalidArgument("inventory needs exactly one --marketplace"));
  }
  app::AmazonSession session(*settings);
  amazon::InventoryQuery query;
  query.marketplace_id = settings->marketplace_ids.front();
  query.seller_skus = o.skus;
  if (!o.changed_since.empty()) {
    auto t = ParseSince(o.changed_since, session.GetClock().WallTimestamp());
    if (!t.Ok()) return Fail("inventory", t.GetStatus());
    query.start_date_time = *t;
  }
  auto listing = session.Api().GetInventorySummaries(query);
  if (!listing.Ok()) return Fail("inventory", listing.GetStatus());
  if (o.format == "json") {
    for (const amazon::InventorySummary& s : listing->summaries) {
      std::cout << Json{{"seller_sku", s.seller_sku},
                        {"fnsku", s.fnsku},
                        {"asin", s.asin},
                        {"condition", s.condition},
                        {"total", s.total_quantity},
                        {"fulfillable", s.fulfillable},
                        {"inbound_working", s.inbound_working},
                        {"inbound_shipped", s.inbound_shipped},
                        {"inbound_receiving", s.inbound_receiving},
                        {"reserved", s.reserved.total},
                        {"researching", s.researching},
                        {"unfulfillable", s.unfulfillable.total},
                        {"last_updated", Iso(s.last_updated)}}
                       .dump()
                << "\n";
    }
  } else {
    fmt::print("{:<24} {:<12} {:<12} {:>11} {:>9} {:>8} {:>13} {:>7}\n", "sku", "fnsku", "asin",
               "fulfillable", "inbound", "reserved", "unfulfillable", "total");
    for (const amazon::InventorySummary& s : listing->summaries) {
      fmt::print("{:<24} {:<12} {:<12} {:>11} {:>9} {:>8} {:>13} {:>7}\n", s.seller_sku, s.fnsku,
                 s.asin, s.fulfillable, s.inbound_working + s.inbound_shipped + s.inbound_receiving,
                 s.reserved.total, s.unfulfillable.total, s.total_quantity);
    }
  }
  for (const amazon::RecordReject& r : listing->rejects) {
    std::cerr << "unreadable inventory summary " << r.record_id << ": " << r.reason << "\n";
  }
  std::cerr << listing->summaries.size() << " SKU(s) in " << listing->paging.pages << " page(s)";
  if (listing->paging.restarts > 0) {
    std::cerr << "; the listing restarted " << listing->paging.restarts
              << "x after expired page tokens";
  }
  if (listing->paging.repeated_token) std::cerr << "; Amazon repeated a page token (ended there)";
  std::cerr << "\n";
  return listing->rejects.empty() ? kExitOk : kExitHeld;
}

// ---- reports list ------------------------------------------------------------------------------

int ReportsList(const Options& o) {
  auto settings = Settings(o);
  if (!settings.Ok()) return Fail("reports list", settings.GetStatus());
  app::AmazonSession session(*settings);
  amazon::ReportsQuery query;
  query.report_types = o.report_types;
  if (query.report_types.empty()) {
    query.report_types = {std::string(amazon::kSettlementReportType)};
  }
  for (const std::string& s : o.report_statuses) {
    const amazon::ProcessingStatus status = amazon::ParseProcessingStatus(s);
    if (status == amazon::ProcessingStatus::kUnknown) {
      return Fail("reports list", InvalidArgument("unknown status '" + s +
                                                  "' (IN_QUEUE, IN_PROGRESS, DONE, CANCELLED, "
                                                  "FATAL)"));
    }
    query.statuses.push_back(status);
  }
  query.marketplace_ids = settings->marketplace_ids;
  if (!o.reports_since.empty()) {
    auto t = ParseSince(o.reports_since, session.GetClock().WallTimestamp());
    if (!t.Ok()) return Fail("reports list", t.GetStatus());
    query.created_since = *t;
  }
  auto reports = session.Api().GetReports(query);
  if (!reports.Ok()) return Fail("reports list", reports.GetStatus());
  if (o.format != "json") {
    fmt::print("{:<14} {:<11} {:<20} {:<20} {:<20} {:<}\n", "report", "status", "created",
               "data start", "data end", "type / document");
  }
  for (const amazon::ReportInfo& r : *reports) {
    if (o.format == "json") {
      std::cout << Json{{"report_id", r.report_id},
                        {"report_type", r.report_type},
                        {"status", amazon::ProcessingStatusName(r.status)},
                        {"created", r.created_time.ToIso8601()},
                        {"data_start", Iso(r.data_start)},
                        {"data_end", Iso(r.data_end)},
                        {"marketplace_ids", r.marketplace_ids},
                        {"document_id", r.document_id}}
                       .dump()
                << "\n";
      continue;
    }
    fmt::print("{:<14} {:<11} {:<20} {:<20} {:<20} {} {}\n", r.report_id,
               amazon::ProcessingStatusName(r.status), r.created_time.ToIso8601(),
               Iso(r.data_start), Iso(r.data_end), r.report_type,
               r.document_id.empty() ? "" : r.document_id);
  }
  std::cerr << reports->size() << " report(s)\n";
  return kExitOk;
}

// ---- settlements fetch / reprocess ------------------------------------------------------------

// The data folder, the archive and the ledger of one seller and region, and how this process
// claims reports and hands them to the settlement pipeline.
struct SettlementStore {
  std::unique_ptr<FsDocumentArchive> archive;
  std::unique_ptr<SqliteSettlementLedger> ledger;
  engine::SettlementClaimOptions claim;
  engine::SettlementHandoffOptions handoff;
  std::filesystem::path journals_dir;

  engine::SettlementHandler Handler() {
    return [this](const engine::FetchedSettlement& s) {
      return engine::HandSettlementToPipeline(*archive, s, handoff);
    };
  }
};

Result<std::unique_ptr<SettlementStore>> OpenSettlementStore(const AmazonSettings& settings,
                                                             const Options& o) {
  auto store = std::make_unique<SettlementStore>();
  ASSIGN_OR_RETURN(app::DataDir data_dir, app::DataDir::Open(settings.data_dir));
  ASSIGN_OR_RETURN(store->archive, FsDocumentArchive::Open(data_dir.Documents()));
  // Whatever a killed download left behind.
  auto removed = store->archive->RemoveStaleTemporaries();
  if (!removed.Ok()) spdlog::warn("{}", removed.GetStatus().ToString());
  if (removed.Ok() && *removed > 0) {
    spdlog::warn("removed {} partial download(s) left by a stopped run", *removed);
  }
  const std::string scope = (settings.seller_id.empty() ? settings.client_id : settings.seller_id) +
                            "/" + std::string(amazon::RegionCode(settings.region));
  ASSIGN_OR_RETURN(store->ledger, SqliteSettlementLedger::Open(data_dir.Database(), scope));
  store->claim.owner = ThisProcess();
  store->claim.owner_gone = &OwnerIsGone;
  store->claim.quarantine_after = o.quarantine_after;
  ASSIGN_OR_RETURN(store->handoff.rules, LoadRuleSet(o.rules_file, o.ruleset));
  store->handoff.keep_audit = true;
  store->journals_dir = data_dir.Journals();
  store->handoff.publish = [dir = store->journals_dir](
                               const engine::FetchedSettlement& s,
                               const engine::SettlementPipelineResult& result) {
    return WriteJournalFiles(dir / s.report.report_id, result);
  };
  return store;
}

void PrintHandedOn(const std::vector<engine::FetchedSettlement>& handed,
                   const std::vector<engine::HandoffResult>& handoffs, bool json) {
  for (std::size_t i = 0; i < handed.size(); ++i) {
    const engine::FetchedSettlement& s = handed[i];
    const ArchivedDocument& a = s.document.archived;
    if (json) {
      std::cout << Json{{"report_id", s.report.report_id},
                        {"data_start", Iso(s.report.data_start)},
                        {"data_end", Iso(s.report.data_end)},
                        {"archived", a.location},
                        {"bytes", a.size},
                        {"sha256", a.sha256},
                        {"gzip", s.document.gzip},
                        {"charset", s.document.charset_label},
                        {"handoff", handoffs[i].summary}}
                       .dump()
                << "\n";
    } else {
      fmt::print("{} {} .. {}  {}  ({} bytes{}, charset {}; {})\n", s.report.report_id,
                 Iso(s.report.data_start), Iso(s.report.data_end), a.location, a.size,
                 s.document.gzip ? ", gzip" : "",
                 s.document.charset_label.empty() ? "unlabelled" : s.document.charset_label,
                 handoffs[i].summary);
    }
  }
}

void PrintFindings(const std::vector<Finding>& findings, bool json) {
  for (const Finding& f : findings) {
    if (json) {
      std::cout << Json{{"finding", f.type},
                        {"owner", f.owner},
                        {"subject", f.subject},
                        {"message", f.message}}
                       .dump()
                << "\n";
    } else {
      fmt::print("[{}] {} ({}): {}\n", f.owner, f.type, f.subject, f.message);
    }
  }
}

// "listed 3: new 1; processed before 1; held 1" — every bucket that is not empty, adding up.
std::string BucketLine(const engine::SettlementFetchReport& r) {
  const engine::SettlementBuckets& b = r.buckets;
  std::string line = "listed " + std::to_string(r.listed);
  if (r.earlier > 0) line += " (+" + std::to_string(r.earlier) + " from earlier runs)";
  line += ": new " + std::to_string(b.fetched_now) + "; processed before " +
          std::to_string(b.processed_before);
  const std::pair<const char*, int> rest[] = {{"held", b.held},
                                              {"quarantined", b.quarantined},
                                              {"claimed by a live worker", b.busy},
                                              {"failed", b.failed},
                                              {"not ready at Amazon", b.not_ready},
                                              {"FATAL/CANCELLED at Amazon", b.amazon_failed},
                                              {"left for the next run (--max)", b.deferred}};
  for (const auto& [name, n] : rest) {
    if (n > 0) line += "; " + std::string(name) + " " + std::to_string(n);
  }
  return line;
}

int SettlementsFetch(const Options& o) {
  auto settings = Settings(o);
  if (!settings.Ok()) return Fail("settlements fetch", settings.GetStatus());
  app::AmazonSession session(*settings);
  auto store = OpenSettlementStore(*settings, o);
  if (!store.Ok()) return Fail("settlements fetch", store.GetStatus());

  engine::SettlementFetchOptions options;
  options.marketplace_ids = settings->marketplace_ids;
  options.max_reports = o.max_reports;
  options.claim = (*store)->claim;
  if (!o.settlements_since.empty()) {
    auto t = ParseSince(o.settlements_since, session.GetClock().WallTimestamp());
    if (!t.Ok()) return Fail("settlements fetch", t.GetStatus());
    options.created_since = *t;
  }
  auto report = engine::FetchNewSettlements(session.Api(), *(*store)->ledger, *(*store)->archive,
                                            session.GetClock(), options, (*store)->Handler());
  if (!report.Ok()) return Fail("settlements fetch", report.GetStatus());

  const bool json = o.format == "json";
  PrintHandedOn(report->fetched, report->handoffs, json);
  PrintFindings(report->findings, json);
  std::cerr << "settlement reports since " << report->listed_since.ToIso8601() << ": "
            << BucketLine(*report) << "; findings: " << report->findings.size() << "\n";
  return std::max(report->findings.empty() ? kExitOk : kExitHeld,
                  PostHandedOn(o, report->handoffs));
}

int SettlementsReprocess(const Options& o) {
  if (o.reprocess_ids.empty() && !o.reprocess_held && !o.reprocess_quarantined) {
    return Fail("settlements reprocess",
                InvalidArgument("name the report(s) to reprocess, or give --held / --quarantined"));
  }
  auto settings = Settings(o);
  if (!settings.Ok()) return Fail("settlements reprocess", settings.GetStatus());
  SystemClock clock;
  auto store = OpenSettlementStore(*settings, o);
  if (!store.Ok()) return Fail("settlements reprocess", store.GetStatus());
  engine::SettlementReprocessOptions options;
  options.report_ids = o.reprocess_ids;
  options.held = o.reprocess_held;
  options.quarantined = o.reprocess_quarantined;
  options.claim = (*store)->claim;
  auto report = engine::ReprocessSettlements(*(*store)->ledger, *(*store)->archive, clock, options,
                                             (*store)->Handler());
  if (!report.Ok()) return Fail("settlements reprocess", report.GetStatus());
  const bool json = o.format == "json";
  PrintHandedOn(report->reprocessed, report->handoffs, json);
  PrintFindings(report->findings, json);
  std::cerr << "settlement reports reprocessed: " << report->reprocessed.size()
            << "; findings: " << report->findings.size() << "\n";
  return std::max(report->findings.empty() ? kExitOk : kExitHeld,
                  PostHandedOn(o, report->handoffs));
}

}  // namespace

void RegisterAmazonCommands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<Options>();
  CLI::App* amazon = app.add_subcommand(
      "amazon",
      "Amazon Selling Partner API: check credentials, list orders, inventory and reports, fetch "
      "settlements.\nCredentials come from FBAFLOW_LWA_CLIENT_ID, FBAFLOW_LWA_CLIENT_SECRET and "
      "FBAFLOW_LWA_REFRESH_TOKEN, or the [amazon] table of --config.\nExit codes: 0 ok; 1 "
      "findings, "
      "unreadable records, or a transient failure (retry later); 2 bad input, configuration or "
      "credentials.");
  amazon->require_subcommand(1);
  amazon->fallthrough();
  AddAmazonFlags(*amazon, options->flags);
  amazon->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"text", "json"}));
  amazon->add_flag("-v,--verbose", options->verbosity, "more logging (-vv: every HTTP call)");

  auto run = [options, &exit_code](int (*command)(const Options&)) {
    return [options, &exit_code, command] {
      ConfigureLogging(options->verbosity);
      exit_code = command(*options);
    };
  };

  CLI::App* auth = amazon->add_subcommand(
      "auth-check", "exchange the credentials with Login with Amazon and make one API call");
  auth->add_flag("--grantless", options->grantless,
                 "also check the client-credentials grant (notifications)");
  auth->callback(run(&AuthCheck));

  CLI::App* orders = amazon->add_subcommand("orders", "list orders (Orders API 2026-01-01)");
  orders
      ->add_option("--since", options->since,
                   "created (or --updated) at or after: 2026-01-05, an ISO time, or 36h / 7d")
      ->required();
  orders->add_option("--until", options->until, "and before (clamped to two minutes ago)");
  orders->add_flag("--updated", options->updated, "select by last update instead of creation");
  orders->add_option("--fulfilled-by", options->fulfilled_by, "amazon (FBA) or merchant (FBM)")
      ->check(CLI::IsMember({"amazon", "merchant"}));
  orders
      ->add_option("--status", options->statuses,
                   "fulfillment status filter (UNSHIPPED, SHIPPED, ...); repeatable")
      ->allow_extra_args(false);
  orders
      ->add_option("--include", options->included,
                   "includedData sets (default FULFILLMENT PROCEEDS); repeatable")
      ->allow_extra_args(false);
  orders->callback(run(&Orders));

  CLI::App* inventory = amazon->add_subcommand(
      "inventory", "FBA inventory of one marketplace (getInventorySummaries, details)");
  inventory->add_option("--sku", options->skus, "only these seller SKUs; repeatable")
      ->allow_extra_args(false);
  inventory->add_option("--changed-since", options->changed_since,
                        "only SKUs changed since (2026-01-05, ISO time, 36h, 7d)");
  inventory->callback(run(&Inventory));

  CLI::App* reports = amazon->add_subcommand("reports", "Reports API 2021-06-30");
  reports->require_subcommand(1);
  CLI::App* list = reports->add_subcommand("list", "reports Amazon holds (getReports)");
  list->add_option("--type", options->report_types,
                   "report type (default GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2); repeatable")
      ->allow_extra_args(false);
  list->add_option("--status", options->report_statuses, "processing status; repeatable")
      ->allow_extra_args(false);
  list->add_option("--since", options->reports_since, "created since (Amazon keeps 90 days)");
  list->callback(run(&ReportsList));

  CLI::App* settlements = amazon->add_subcommand("settlements", "settlement reports");
  settlements->require_subcommand(1);
  CLI::App* fetch = settlements->add_subcommand(
      "fetch",
      "fetch settlement reports not processed yet: archive the raw bytes under --data-dir, hand "
      "each to the settlement pipeline, report gaps and retention risks (exit 1)");
  fetch->add_option("--since", options->settlements_since,
                    "list from this time instead of the last run's cursor");
  fetch->add_option("--max", options->max_reports, "fetch at most this many this run")
      ->check(CLI::Range(0, 1000000));
  CLI::App* reprocess = settlements->add_subcommand(
      "reprocess",
      "run archived settlement documents through the pipeline again (never downloading them), "
      "with today's rules: after fixing the rules of a held settlement, or the cause of a "
      "quarantined one");
  reprocess->add_option("REPORT_ID", options->reprocess_ids, "report ids to reprocess");
  reprocess->add_flag("--held", options->reprocess_held, "every held settlement");
  reprocess->add_flag("--quarantined", options->reprocess_quarantined,
                      "every quarantined settlement report");
  for (CLI::App* command : {fetch, reprocess}) {
    auto* rules = command->add_option("--rules", options->rules_file,
                                      "mapping rules file (TOML, see docs/rules.md)");
    command
        ->add_option("--ruleset", options->ruleset,
                     "built-in rule set; default: the one that suits each settlement's currency")
        ->excludes(rules);
    command
        ->add_option("--quarantine-after", options->quarantine_after,
                     "quarantine a report that fails the same way this many times in a row")
        ->check(CLI::Range(1, 1000));
    command->add_flag("--post", options->post,
                      "also post each ready journal into the ERP's books (FBAFLOW_ERP_*), once; "
                      "held settlements are exceptions for finance");
  }
  fetch->callback(run(&SettlementsFetch));
  reprocess->callback(run(&SettlementsReprocess));
}

}  // namespace fbaflow::cli
