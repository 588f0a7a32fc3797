#pragma once
// Settlement discovery and fetch, wired over the ports: list the settlement reports Amazon
// published since the last run, record each in the ledger, claim and fetch the ones never
// processed (oldest first), archive their raw bytes, hand each archived document to the
// settlement pipeline, and say what finance must look at (core/amazon/settlement_discovery.h).
//
// Each report id is processed at most once across runs and workers: the ledger's claim is taken
// before the download and the report is marked processed only after the pipeline accepted it. A
// report whose download or hand-off failed goes back to "seen" with its error and is retried on
// the next run; the failure is also a finding, so the run does not look clean.
// Thread safety: one call at a time per ledger scope is the intent, but concurrent calls are safe
// (claims keep them apart).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/amazon/settlement_discovery.h"
#include "core/findings/finding.h"
#include "core/settlement/journal.h"
#include "ports/amazon_api.h"
#include "ports/clock.h"
#include "ports/document_archive.h"
#include "ports/settlement_ledger.h"

namespace fbaflow::engine {

// One settlement document fetched and archived in this run.
struct FetchedSettlement {
  amazon::ReportInfo report;
  amazon::FetchedDocument document;
};

// What the pipeline said about a document (see settlement_handoff.h).
struct HandoffResult {
  std::string summary;  // one line for the operator
  // The settlements the document held, journals built (normally one).
  std::vector<settlement::SettlementJournals> settlements;
  // Added to the run's findings (a held settlement: unmapped fees, rows that do not sum).
  std::vector<Finding> findings;
};

using SettlementHandler = std::function<Result<HandoffResult>(const FetchedSettlement&)>;

struct SettlementFetchOptions {
  amazon::SettlementPolicy policy;
  std::vector<std::string> marketplace_ids;  // getReports filter; empty: all of the account
  std::optional<Timestamp> created_since;    // overrides the ledger's cursor (--since)
  int claim_lease_seconds = 3600;
  int max_reports = 0;  // fetch at most this many this run; 0: all
};

struct SettlementFetchReport {
  int listed = 0;                          // settlement reports getReports returned
  int already_processed = 0;               // of those, processed by earlier runs
  std::vector<FetchedSettlement> fetched;  // processed in this run, oldest first
  std::vector<HandoffResult> handoffs;     // parallel to `fetched`
  std::vector<Finding> findings;           // for finance: gaps, retention, failures
  Timestamp listed_since;                  // the createdSince used
};

Result<SettlementFetchReport> FetchNewSettlements(amazon::AmazonApi& api, SettlementLedger& ledger,
                                                  DocumentArchive& archive, Clock& clock,
                                                  const SettlementFetchOptions& options,
                                                  const SettlementHandler& handler);

}  // namespace fbaflow::engine
