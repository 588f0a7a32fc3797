#pragma once
// Settlement discovery and fetch, wired over the ports: list the settlement reports Amazon
// published since the last run, record each in the ledger, claim and fetch the ones never
// processed (oldest first), archive their raw bytes, hand each archived document to the
// settlement pipeline, and say what finance must look at (core/amazon/settlement_discovery.h).
//
// Each report id is processed at most once across runs and workers: the ledger's claim is taken
// before the download (and renewed while the worker works on it) and the report is marked
// processed (or held) only after the pipeline accepted it. A report whose download or hand-off
// failed goes back to "seen" with its error and is retried on the next run; the failure is also a
// finding, so the run does not look clean. A report that fails the same way `quarantine_after`
// times in a row (transient failures such as network outages do not count) is quarantined: a
// `settlement-quarantined` finding on every run, and never retried until someone reprocesses it.
// Held settlements are `settlement-held` findings on every run until reprocessed.
// ReprocessSettlements runs archived documents through the hand-off again (today's rules), never
// downloading them.
// Thread safety: one call at a time per ledger scope is the intent, but concurrent calls are safe
// (claims keep them apart).

#include <chrono>
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

// How a worker claims reports (ports/settlement_ledger.h).
struct SettlementClaimOptions {
  ClaimOwner owner{"localhost", 1, "test"};  // the CLI passes ThisProcess()
  // Whether a claim's owner is dead (the CLI passes OwnerIsGone); empty: leases only.
  std::function<bool(std::string_view owner)> owner_gone;
  int lease_seconds = 600;
  // The lease is renewed this often (real time) while a report is being worked on.
  std::chrono::milliseconds heartbeat{std::chrono::seconds(60)};
  int quarantine_after = 3;  // failures the same way in a row that quarantine a report
};

struct SettlementFetchOptions {
  amazon::SettlementPolicy policy;
  std::vector<std::string> marketplace_ids;  // getReports filter; empty: all of the account
  std::optional<Timestamp> created_since;    // overrides the ledger's cursor (--since)
  SettlementClaimOptions claim;
  int max_reports = 0;  // fetch at most this many this run; 0: all
};

// Where each report of a run ended: every listed report (and every report of an earlier listing
// that this run worked on) is counted in exactly one bucket, so Total() == listed + earlier.
struct SettlementBuckets {
  int fetched_now = 0;       // processed in this run, ready
  int processed_before = 0;  // processed by an earlier run
  int held = 0;              // held (in this run or before) until reprocessed
  int quarantined = 0;       // quarantined (in this run or before)
  int busy = 0;              // claimed by another live worker
  int failed = 0;            // failed in this run; retried next run
  int not_ready = 0;         // Amazon still generating it
  int amazon_failed = 0;     // FATAL or CANCELLED at Amazon
  int deferred = 0;          // left for the next run by --max
  int Total() const;
};

struct SettlementFetchReport {
  int listed = 0;   // settlement reports getReports returned
  int earlier = 0;  // reports of earlier listings, unfinished, that this run took up
  SettlementBuckets buckets;
  std::vector<FetchedSettlement> fetched;  // handed on in this run (ready or held), oldest first
  std::vector<HandoffResult> handoffs;     // parallel to `fetched`
  std::vector<Finding> findings;           // for finance: gaps, retention, failures, holds
  Timestamp listed_since;                  // the createdSince used
};

Result<SettlementFetchReport> FetchNewSettlements(amazon::AmazonApi& api, SettlementLedger& ledger,
                                                  DocumentArchive& archive, Clock& clock,
                                                  const SettlementFetchOptions& options,
                                                  const SettlementHandler& handler);

struct SettlementReprocessOptions {
  std::vector<std::string> report_ids;  // these reports (processed, held or quarantined)
  bool held = false;                    // and every held one
  bool quarantined = false;             // and every quarantined one
  SettlementClaimOptions claim;
};

struct SettlementReprocessReport {
  std::vector<FetchedSettlement> reprocessed;  // handed on again, in ledger order
  std::vector<HandoffResult> handoffs;         // parallel to `reprocessed`
  std::vector<Finding> findings;               // holds that remain, failures
};

// Runs archived settlement documents through `handler` again and records the new verdict
// (processed, held, or failed/quarantined as in a fetch). Errors: kNotFound for a report id the
// ledger does not know; kFailedPrecondition for one never processed (fetch it) or without an
// archived document; kUnavailable when another live worker holds it.
Result<SettlementReprocessReport> ReprocessSettlements(SettlementLedger& ledger,
                                                       DocumentArchive& archive, Clock& clock,
                                                       const SettlementReprocessOptions& options,
                                                       const SettlementHandler& handler);

}  // namespace fbaflow::engine
