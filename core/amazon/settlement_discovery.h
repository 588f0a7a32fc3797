#pragma once
// Settlement discovery: which settlement reports to fetch, and what a finance team must hear about
// the ones it cannot get. Pure functions over report lists; the engine does the listing, the
// ledger and the downloads (engine/settlement_fetch.h).
//
// Amazon generates one GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 per settlement period (usually
// 14 days) per account and region, cannot be asked for one, and keeps each for 90 days. So:
//   - each report id is fetched once, oldest first;
//   - consecutive periods must touch: a hole between one period's end and the next one's start
//     means a settlement fbaflow never saw (finding "settlement-gap");
//   - an unprocessed report close to its 90-day retention is about to be lost from the API
//     (finding "settlement-retention"), and one past it is lost ("settlement-expired");
//   - a settlement report Amazon ended FATAL or CANCELLED has no document to fetch
//     ("settlement-report-failed").
// Every finding is owned by finance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/findings/finding.h"
#include "core/time/civil.h"

namespace fbaflow::amazon {

inline constexpr std::string_view kSettlementReportType =
    "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";

struct SettlementPolicy {
  int retention_days = 90;                  // Amazon keeps reports this long
  int warn_days_before_expiry = 15;         // raise "settlement-retention" this close to it
  int64_t gap_tolerance_seconds = 3600;     // periods whose end/start differ by less still touch
  int64_t listing_overlap_seconds = 86400;  // re-list this far behind the cursor (late arrivals)
};

// One settlement report as discovery knows it: from getReports and the ledger together.
struct SettlementRecord {
  std::string report_id;
  std::string document_id;
  std::string status;  // Amazon's processingStatus ("DONE", "FATAL", ...)
  Timestamp created_time;
  std::optional<Timestamp> data_start;
  std::optional<Timestamp> data_end;
  std::string marketplaces;  // the report's marketplace ids, comma-joined; periods are compared
                             // within one such group (an EU account settles UK and EU apart)
  bool processed = false;
};

// createdSince for the next getReports: the cursor minus the overlap, but never earlier than
// Amazon allows (now − retention, plus a minute so the request is not refused at the edge).
Timestamp SettlementListingStart(std::optional<Timestamp> cursor, Timestamp now,
                                 const SettlementPolicy& policy);

struct SettlementPlan {
  std::vector<SettlementRecord> to_fetch;  // unprocessed DONE reports with a document, oldest first
  std::vector<Finding> findings;           // FATAL / CANCELLED settlement reports
};

// `known`: every settlement report the ledger and the latest listing know of (one entry per
// report id; the listing's status wins).
SettlementPlan PlanSettlementFetch(const std::vector<SettlementRecord>& known);

// Gaps between consecutive periods and unprocessed reports near or past retention, given what is
// processed now (after this run's fetches). Findings are ordered: gaps by date, then retention.
std::vector<Finding> AssessSettlementCoverage(const std::vector<SettlementRecord>& known,
                                              Timestamp now, const SettlementPolicy& policy);

}  // namespace fbaflow::amazon
