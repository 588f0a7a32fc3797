#include "engine/amazon/settlement_fetch.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "ports/http.h"

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
  // A held settlement is archived and handed on: nothing to fetch, nothing to lose at Amazon.
  r.processed = e.state == SettlementState::kProcessed || e.state == SettlementState::kHeld;
  return r;
}

amazon::ReportInfo ReportFromLedger(const SettlementLedgerEntry& e) {
  amazon::ReportInfo report;
  report.report_id = e.report_id;
  report.report_type = std::string(amazon::kSettlementReportType);
  report.created_time = e.created_time;
  report.data_start = e.data_start;
  report.data_end = e.data_end;
  report.status = amazon::ProcessingStatus::kDone;
  report.document_id = e.document_id;
  return report;
}

std::string ReprocessHint(std::string_view report_id) {
  return "fbaflow amazon settlements reprocess " + std::string(report_id);
}

Finding FetchFailure(std::string_view report_id, const Status& status) {
  return Finding{
      "settlement-fetch-failed", std::string(kOwnerFinance), "report " + std::string(report_id),
      "settlement report " + std::string(report_id) + " could not be fetched or handed on (" +
          status.ToString() + "); it will be retried on the next run"};
}

Finding QuarantineFinding(std::string_view report_id, std::string_view error, int failures) {
  return Finding{"settlement-quarantined", std::string(kOwnerFinance),
                 "report " + std::string(report_id),
                 "settlement report " + std::string(report_id) + " failed " +
                     std::to_string(failures) + " times the same way (" + std::string(error) +
                     "); it is not retried until the cause is fixed and it is reprocessed (" +
                     ReprocessHint(report_id) + ")"};
}

Finding StillHeld(const SettlementLedgerEntry& e) {
  return Finding{"settlement-held", std::string(kOwnerFinance), "report " + e.report_id,
                 "held since " + (e.processed_at ? e.processed_at->ToIso8601() : "an earlier run") +
                     ": " + e.hold + "; once the rules are fixed, " + ReprocessHint(e.report_id)};
}

// The hold reasons of a hand-off, as the ledger keeps them.
std::string HoldText(const HandoffResult& handed) {
  std::string hold;
  for (const Finding& f : handed.findings) {
    if (f.type != "settlement-held") continue;
    if (!hold.empty()) hold += "; ";
    hold += f.subject + " " + f.message;
  }
  return hold;
}

// Renews a claim's lease on a thread of its own while the report is worked on, so that a long
// download is not taken over by another worker. Stops (and joins) when destroyed.
class ClaimHeartbeat {
 public:
  ClaimHeartbeat(SettlementLedger& ledger, Clock& clock, std::string report_id,
                 const SettlementClaimOptions& options)
      : thread_([this, &ledger, &clock, id = std::move(report_id), options] {
          std::unique_lock<std::mutex> lock(mu_);
          while (!cv_.wait_for(lock, options.heartbeat, [this] { return stop_; })) {
            const Status renewed =
                ledger.RenewClaim(id, options.owner, clock.WallTimestamp(), options.lease_seconds);
            if (!renewed.Ok()) spdlog::warn("settlement report {}: {}", id, renewed.ToString());
          }
        }) {}
  ~ClaimHeartbeat() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  ClaimHeartbeat(const ClaimHeartbeat&) = delete;
  ClaimHeartbeat& operator=(const ClaimHeartbeat&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

ClaimRequest Request(const SettlementClaimOptions& o, Timestamp now) {
  return ClaimRequest{o.owner, now, o.lease_seconds, o.owner_gone, o.quarantine_after};
}

enum class Verdict : unsigned char { kReady, kHeld, kFailed, kQuarantined };

// What one report's attempt produced, collected by both fetch and reprocess.
struct Attempts {
  std::vector<FetchedSettlement> handed;
  std::vector<HandoffResult> handoffs;
  std::vector<Finding> findings;
};

// Records a failed attempt on a claimed report. Transient failures do not count towards
// quarantine: the document is not at fault.
Result<Verdict> RecordFailure(SettlementLedger& ledger, std::string_view report_id,
                              const Status& status, const SettlementClaimOptions& claim,
                              Attempts& out) {
  const std::string error = status.ToString();
  ASSIGN_OR_RETURN(SettlementState state, ledger.MarkFailed(report_id, error, !status.IsRetryable(),
                                                            claim.quarantine_after));
  if (state == SettlementState::kQuarantined) {
    out.findings.push_back(QuarantineFinding(report_id, error, claim.quarantine_after));
    return Verdict::kQuarantined;
  }
  out.findings.push_back(FetchFailure(report_id, status));
  return Verdict::kFailed;
}

// Hands an archived document on and records the verdict in the ledger.
Result<Verdict> HandOn(SettlementLedger& ledger, Clock& clock, FetchedSettlement settlement,
                       const SettlementHandler& handler, const SettlementClaimOptions& claim,
                       Attempts& out) {
  const std::string& id = settlement.report.report_id;
  auto handed = handler(settlement);
  if (!handed.Ok()) {
    spdlog::error("settlement report {} archived at {} but not accepted: {}", id,
                  settlement.document.archived.location, handed.GetStatus().ToString());
    return RecordFailure(ledger, id, handed.GetStatus(), claim, out);
  }
  const std::string hold = HoldText(*handed);
  RETURN_IF_ERROR(
      ledger.MarkProcessed(id, settlement.document.archived.location, clock.WallTimestamp(), hold));
  for (Finding& f : handed->findings) out.findings.push_back(std::move(f));
  out.handoffs.push_back(std::move(handed).Value());
  out.handed.push_back(std::move(settlement));
  return hold.empty() ? Verdict::kReady : Verdict::kHeld;
}

// Held and quarantined reports this run did not touch stay findings until they are resolved.
Status StandingFindings(SettlementLedger& ledger, const std::set<std::string>& touched,
                        std::vector<Finding>& findings) {
  ASSIGN_OR_RETURN(std::vector<SettlementLedgerEntry> entries, ledger.All());
  for (const SettlementLedgerEntry& e : entries) {
    if (touched.count(e.report_id) != 0) continue;
    if (e.state == SettlementState::kHeld) findings.push_back(StillHeld(e));
    if (e.state == SettlementState::kQuarantined) {
      findings.push_back(QuarantineFinding(e.report_id, e.last_error, e.failures));
    }
  }
  return OkStatus();
}

}  // namespace

int SettlementBuckets::Total() const {
  return fetched_now + processed_before + held + quarantined + busy + failed + not_ready +
         amazon_failed + deferred;
}

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

  ASSIGN_OR_RETURN(std::vector<SettlementLedgerEntry> before, ledger.All());
  std::set<std::string> quarantined_before;
  for (const SettlementLedgerEntry& e : before) {
    if (e.state == SettlementState::kQuarantined) quarantined_before.insert(e.report_id);
  }
  ASSIGN_OR_RETURN(std::vector<amazon::SettlementRecord> known, known_records());
  amazon::SettlementPlan plan = amazon::PlanSettlementFetch(known);
  out.findings = std::move(plan.findings);

  Attempts attempts;
  std::set<std::string> touched;  // claimed by this run
  std::map<std::string, Verdict> verdicts;
  int fetched = 0;
  for (const amazon::SettlementRecord& record : plan.to_fetch) {
    if (quarantined_before.count(record.report_id) != 0) continue;
    if (options.max_reports > 0 && fetched >= options.max_reports) break;
    ASSIGN_OR_RETURN(
        ClaimResult claim,
        ledger.TryClaim(record.report_id, Request(options.claim, clock.WallTimestamp())));
    if (claim == ClaimResult::kBusy) {
      spdlog::info("settlement report {} is being fetched by another worker", record.report_id);
      continue;
    }
    if (claim == ClaimResult::kNotClaimable) continue;
    touched.insert(record.report_id);
    if (claim == ClaimResult::kQuarantinedNow) {
      ASSIGN_OR_RETURN(std::vector<SettlementLedgerEntry> now_entries, ledger.All());
      for (const SettlementLedgerEntry& e : now_entries) {
        if (e.report_id != record.report_id) continue;
        attempts.findings.push_back(QuarantineFinding(e.report_id, e.last_error, e.failures));
      }
      verdicts[record.report_id] = Verdict::kQuarantined;
      continue;
    }
    ++fetched;
    ClaimHeartbeat heartbeat(ledger, clock, record.report_id, options.claim);
    amazon::ReportInfo report;
    if (auto it = by_id.find(record.report_id); it != by_id.end()) {
      report = it->second;
    } else {
      SettlementLedgerEntry e;
      e.report_id = record.report_id;
      e.created_time = record.created_time;
      e.data_start = record.data_start;
      e.data_end = record.data_end;
      e.document_id = record.document_id;
      report = ReportFromLedger(e);
    }
    const std::string note = std::string(amazon::kSettlementReportType) + " " + record.marketplaces;
    auto document = api.FetchReportDocument(
        record.document_id, ArchiveKey{"settlement", record.report_id}, archive, note);
    if (!document.Ok()) {
      spdlog::error("settlement report {}: {}", record.report_id, document.GetStatus().ToString());
      ASSIGN_OR_RETURN(
          verdicts[record.report_id],
          RecordFailure(ledger, record.report_id, document.GetStatus(), options.claim, attempts));
      continue;
    }
    ASSIGN_OR_RETURN(verdicts[record.report_id],
                     HandOn(ledger, clock, FetchedSettlement{report, std::move(document).Value()},
                            handler, options.claim, attempts));
  }
  for (Finding& f : attempts.findings) out.findings.push_back(std::move(f));
  out.fetched = std::move(attempts.handed);
  out.handoffs = std::move(attempts.handoffs);
  RETURN_IF_ERROR(StandingFindings(ledger, touched, out.findings));

  // The cursor never passes a report Amazon is still generating, so the next listing sees it done.
  if (newest && oldest_unfinished && *oldest_unfinished < *newest) newest = oldest_unfinished;
  if (newest && (!cursor || *cursor < *newest)) RETURN_IF_ERROR(ledger.SetCursor(kCursor, *newest));

  // Every report of the run in exactly one bucket.
  ASSIGN_OR_RETURN(std::vector<SettlementLedgerEntry> after_entries, ledger.All());
  std::map<std::string, SettlementState> state_of;
  for (const SettlementLedgerEntry& e : after_entries) state_of[e.report_id] = e.state;
  std::set<std::string> ids;
  for (const auto& [id, r] : by_id) ids.insert(id);
  for (const std::string& id : touched) {
    if (by_id.count(id) == 0) ++out.earlier;
    ids.insert(id);
  }
  SettlementBuckets& b = out.buckets;
  for (const std::string& id : ids) {
    if (auto it = by_id.find(id);
        it != by_id.end() && it->second.status != amazon::ProcessingStatus::kDone) {
      ++(amazon::IsFinal(it->second.status) ? b.amazon_failed : b.not_ready);
      continue;
    }
    const auto verdict = verdicts.find(id);
    switch (state_of.count(id) != 0 ? state_of[id] : SettlementState::kSeen) {
      case SettlementState::kProcessed:
        ++(verdict != verdicts.end() ? b.fetched_now : b.processed_before);
        break;
      case SettlementState::kHeld:
        ++b.held;
        break;
      case SettlementState::kQuarantined:
        ++b.quarantined;
        break;
      case SettlementState::kClaimed:
        ++b.busy;
        break;
      case SettlementState::kSeen:
        ++(verdict != verdicts.end() ? b.failed : b.deferred);
        break;
    }
  }

  ASSIGN_OR_RETURN(std::vector<amazon::SettlementRecord> after, known_records());
  for (Finding& f : amazon::AssessSettlementCoverage(after, now, options.policy)) {
    out.findings.push_back(std::move(f));
  }
  return out;
}

Result<SettlementReprocessReport> ReprocessSettlements(SettlementLedger& ledger,
                                                       DocumentArchive& archive, Clock& clock,
                                                       const SettlementReprocessOptions& options,
                                                       const SettlementHandler& handler) {
  ASSIGN_OR_RETURN(std::vector<SettlementLedgerEntry> entries, ledger.All());
  std::vector<const SettlementLedgerEntry*> chosen;
  for (const std::string& id : options.report_ids) {
    const auto it =
        std::find_if(entries.begin(), entries.end(),
                     [&id](const SettlementLedgerEntry& e) { return e.report_id == id; });
    if (it == entries.end()) {
      return NotFound("settlement report " + id +
                      " is not in the ledger (see `fbaflow amazon "
                      "reports list`; fetch it first)");
    }
    chosen.push_back(&*it);
  }
  for (const SettlementLedgerEntry& e : entries) {
    const bool wanted = (options.held && e.state == SettlementState::kHeld) ||
                        (options.quarantined && e.state == SettlementState::kQuarantined);
    if (wanted && std::find(chosen.begin(), chosen.end(), &e) == chosen.end()) {
      chosen.push_back(&e);
    }
  }

  // Every chosen report must have its archived document before any is handed on, so a missing
  // one refuses the whole request instead of stopping it half-way with some reports republished.
  std::vector<ArchivedDocument> documents;
  for (const SettlementLedgerEntry* e : chosen) {
    ASSIGN_OR_RETURN(std::optional<ArchivedDocument> archived,
                     archive.Find(ArchiveKey{"settlement", e->report_id}));
    if (!archived) {
      return FailedPrecondition("settlement report " + e->report_id +
                                " has no archived document to reprocess (state " +
                                std::string(SettlementStateName(e->state)) +
                                "); `fbaflow amazon settlements fetch` downloads it");
    }
    documents.push_back(std::move(*archived));
  }

  SettlementReprocessReport out;
  Attempts attempts;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const SettlementLedgerEntry* e = chosen[i];
    std::optional<ArchivedDocument> archived = std::move(documents[i]);
    ASSIGN_OR_RETURN(
        ClaimResult claim,
        ledger.ClaimForReprocess(e->report_id, Request(options.claim, clock.WallTimestamp())));
    if (claim == ClaimResult::kBusy) {
      return Unavailable("settlement report " + e->report_id +
                         " is being worked on by another worker");
    }
    if (claim != ClaimResult::kClaimed) {
      return FailedPrecondition("settlement report " + e->report_id +
                                " was never processed (state " +
                                std::string(SettlementStateName(e->state)) +
                                "); `fbaflow amazon settlements fetch` processes it");
    }
    ClaimHeartbeat heartbeat(ledger, clock, e->report_id, options.claim);
    amazon::FetchedDocument document;
    document.document_id = e->document_id;
    document.gzip = archived->metadata.compression == "GZIP";
    document.charset_label = ParameterOf(archived->metadata.content_type, "charset");
    document.archived = std::move(*archived);
    ASSIGN_OR_RETURN(
        Verdict verdict,
        HandOn(ledger, clock, FetchedSettlement{ReportFromLedger(*e), std::move(document)}, handler,
               options.claim, attempts));
    (void)verdict;
  }
  out.reprocessed = std::move(attempts.handed);
  out.handoffs = std::move(attempts.handoffs);
  out.findings = std::move(attempts.findings);
  return out;
}

}  // namespace fbaflow::engine
