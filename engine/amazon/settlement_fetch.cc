#include "engine/amazon/settlement_fetch.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

namespace fbaflow::engine {

namespace {

constexpr std::string_view kCursor = "settlement-reports-created";

std::string JoinIds(const std::vector<std::string>& ids) {
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const std::string& id : sorted) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

amazon::SettlementRecord FromLedger(const SettlementLedgerEntry& e) {
  amazon::SettlementRecord r;
  r.report_id = e.report_id;
  r.document_id = e.document_id;
  r.status = "DONE";  // only finished reports enter the ledger
  r.created_time = e.created_time;
  r.data_start = e.data_start;
  r.data_end = e.data_end;
  r.marketplaces = e.marketplaces;
  r.processed = e.state == SettlementState::kProcessed;
  return r;
}

Finding FetchFailure(const amazon::ReportInfo& report, const Status& status) {
  return Finding{"settlement-fetch-failed", std::string(kOwnerFinance),
                 "report " + report.report_id,
                 "settlement report " + report.report_id + " could not be fetched or handed on (" +
                     status.ToString() + "); it will be retried on the next run"};
}

}  // namespace

Result<SettlementFetchReport> FetchNewSettlements(amazon::AmazonApi& api, SettlementLedger& ledger,
                                                  DocumentArchive& archive, Clock& clock,
                                                  const SettlementFetchOptions& options,
                                                  const SettlementHandler& handler) {
  SettlementFetchReport out;
  const Timestamp now = clock.WallTimestamp();
  ASSIGN_OR_RETURN(std::optional<Timestamp> cursor, ledger.GetCursor(kCursor));
  out.listed_since =
      options.created_since
          ? amazon::SettlementListingStart(
                Timestamp{
                    options.created_since->utc_seconds + options.policy.listing_overlap_seconds, 0},
                now, options.policy)
          : amazon::SettlementListingStart(cursor, now, options.policy);

  amazon::ReportsQuery query;
  query.report_types = {std::string(amazon::kSettlementReportType)};
  query.marketplace_ids = options.marketplace_ids;
  query.created_since = out.listed_since;
  ASSIGN_OR_RETURN(std::vector<amazon::ReportInfo> listed, api.GetReports(query));
  out.listed = static_cast<int>(listed.size());

  std::map<std::string, amazon::ReportInfo> by_id;
  std::optional<Timestamp> newest = cursor;
  std::optional<Timestamp> oldest_unfinished;
  for (const amazon::ReportInfo& r : listed) {
    by_id[r.report_id] = r;
    if (!amazon::IsFinal(r.status) && (!oldest_unfinished || r.created_time < *oldest_unfinished)) {
      oldest_unfinished = r.created_time;
    }
    if (r.status != amazon::ProcessingStatus::kDone) continue;
    SettlementLedgerEntry entry;
    entry.report_id = r.report_id;
    entry.document_id = r.document_id;
    entry.created_time = r.created_time;
    entry.data_start = r.data_start;
    entry.data_end = r.data_end;
    entry.marketplaces = JoinIds(r.marketplace_ids);
    RETURN_IF_ERROR(ledger.RecordSeen(entry));
    if (!newest || *newest < r.created_time) newest = r.created_time;
  }

  auto known_records = [&]() -> Result<std::vector<amazon::SettlementRecord>> {
    ASSIGN_OR_RETURN(std::vector<SettlementLedgerEntry> entries, ledger.All());
    std::vector<amazon::SettlementRecord> known;
    for (const SettlementLedgerEntry& e : entries) known.push_back(FromLedger(e));
    for (const auto& [id, r] : by_id) {
      if (r.status == amazon::ProcessingStatus::kDone) continue;  // in the ledger already
      amazon::SettlementRecord rec;
      rec.report_id = r.report_id;
      rec.status = std::string(amazon::ProcessingStatusName(r.status));
      rec.created_time = r.created_time;
      rec.data_start = r.data_start;
      rec.data_end = r.data_end;
      rec.marketplaces = JoinIds(r.marketplace_ids);
      known.push_back(std::move(rec));
    }
    return known;
  };

  ASSIGN_OR_RETURN(std::vector<amazon::SettlementRecord> known, known_records());
  for (const amazon::SettlementRecord& r : known) {
    if (r.processed && by_id.count(r.report_id) != 0) ++out.already_processed;
  }
  amazon::SettlementPlan plan = amazon::PlanSettlementFetch(known);
  out.findings = std::move(plan.findings);

  int fetched = 0;
  for (const amazon::SettlementRecord& record : plan.to_fetch) {
    if (options.max_reports > 0 && fetched >= options.max_reports) break;
    ASSIGN_OR_RETURN(bool mine, ledger.TryClaim(record.report_id, clock.WallTimestamp(),
                                                options.claim_lease_seconds));
    if (!mine) {
      spdlog::info("settlement report {} is being fetched by another worker", record.report_id);
      continue;
    }
    ++fetched;
    amazon::ReportInfo report;
    if (auto it = by_id.find(record.report_id); it != by_id.end()) {
      report = it->second;
    } else {
      report.report_id = record.report_id;
      report.report_type = std::string(amazon::kSettlementReportType);
      report.created_time = record.created_time;
      report.data_start = record.data_start;
      report.data_end = record.data_end;
      report.status = amazon::ProcessingStatus::kDone;
      report.document_id = record.document_id;
    }
    const std::string note = std::string(amazon::kSettlementReportType) + " " + record.marketplaces;
    auto document = api.FetchReportDocument(
        record.document_id, ArchiveKey{"settlement", record.report_id}, archive, note);
    if (!document.Ok()) {
      spdlog::error("settlement report {}: {}", record.report_id, document.GetStatus().ToString());
      RETURN_IF_ERROR(ledger.MarkFailed(record.report_id, document.GetStatus().ToString()));
      out.findings.push_back(FetchFailure(report, document.GetStatus()));
      continue;
    }
    FetchedSettlement settlement{report, std::move(document).Value()};
    auto handed = handler(settlement);
    if (!handed.Ok()) {
      spdlog::error("settlement report {} archived at {} but not accepted: {}", record.report_id,
                    settlement.document.archived.location, handed.GetStatus().ToString());
      RETURN_IF_ERROR(ledger.MarkFailed(record.report_id, handed.GetStatus().ToString()));
      out.findings.push_back(FetchFailure(report, handed.GetStatus()));
      continue;
    }
    RETURN_IF_ERROR(ledger.MarkProcessed(record.report_id, settlement.document.archived.location,
                                         clock.WallTimestamp()));
    for (Finding& f : handed->findings) out.findings.push_back(std::move(f));
    handed->findings.clear();
    out.handoffs.push_back(std::move(handed).Value());
    out.fetched.push_back(std::move(settlement));
  }

  // The cursor never passes a report Amazon is still generating, so the next listing sees it done.
  if (newest && oldest_unfinished && *oldest_unfinished < *newest) newest = oldest_unfinished;
  if (newest && (!cursor || *cursor < *newest)) RETURN_IF_ERROR(ledger.SetCursor(kCursor, *newest));

  ASSIGN_OR_RETURN(std::vector<amazon::SettlementRecord> after, known_records());
  for (Finding& f : amazon::AssessSettlementCoverage(after, now, options.policy)) {
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace fbaflow::engine
