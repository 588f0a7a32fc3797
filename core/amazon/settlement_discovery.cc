#include "core/amazon/settlement_discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace fbaflow::amazon {

namespace {

constexpr int64_t kDay = 86400;

std::string Day(const Timestamp& t) { return t.UtcDate().ToString(); }

std::string Period(const SettlementRecord& r) {
  if (!r.data_start || !r.data_end) return "period unknown";
  return fmt::format("{} to {}", r.data_start->ToIso8601(), r.data_end->ToIso8601());
}

bool OlderFirst(const SettlementRecord& a, const SettlementRecord& b) {
  if (a.created_time != b.created_time) return a.created_time < b.created_time;
  return a.report_id < b.report_id;
}

// Whole days, rounded up, so "expires in 0.2 days" reads as 1 day.
int64_t DaysCeil(int64_t seconds) { return seconds <= 0 ? 0 : (seconds + kDay - 1) / kDay; }

}  // namespace

Timestamp SettlementListingStart(std::optional<Timestamp> cursor, Timestamp now,
                                 const SettlementPolicy& policy) {
  const int64_t earliest = now.utc_seconds - policy.retention_days * kDay + 60;
  int64_t start = earliest;
  if (cursor) start = std::max(earliest, cursor->utc_seconds - policy.listing_overlap_seconds);
  return Timestamp{std::min(start, now.utc_seconds), 0};
}

SettlementPlan PlanSettlementFetch(const std::vector<SettlementRecord>& known) {
  SettlementPlan plan;
  for (const SettlementRecord& r : known) {
    if (r.processed) continue;
    if (r.status == "FATAL" || r.status == "CANCELLED") {
      plan.findings.push_back(Finding{
          "settlement-report-failed", std::string(kOwnerFinance), "report " + r.report_id,
          fmt::format("settlement report {} ({}) ended {} at Amazon and has no document to fetch; "
                      "download this settlement from Seller Central (Payments > All statements)",
                      r.report_id, Period(r), r.status)});
      continue;
    }
    if (r.status != "DONE" || r.document_id.empty()) continue;  // not ready yet; next run
    plan.to_fetch.push_back(r);
  }
  std::sort(plan.to_fetch.begin(), plan.to_fetch.end(), OlderFirst);
  return plan;
}

std::vector<Finding> AssessSettlementCoverage(const std::vector<SettlementRecord>& known,
                                              Timestamp now, const SettlementPolicy& policy) {
  std::vector<Finding> findings;

  // Gaps, within each marketplace group, over reports whose period is known.
  std::map<std::string, std::vector<const SettlementRecord*>> groups;
  for (const SettlementRecord& r : known) {
    if (r.data_start && r.data_end && r.status != "FATAL" && r.status != "CANCELLED") {
      groups[r.marketplaces].push_back(&r);
    }
  }
  for (auto& [marketplaces, records] : groups) {
    std::sort(records.begin(), records.end(), [](const auto* a, const auto* b) {
      if (*a->data_start != *b->data_start) return *a->data_start < *b->data_start;
      return a->report_id < b->report_id;
    });
    const SettlementRecord* reach = records.front();  // the period reaching furthest so far
    for (std::size_t i = 1; i < records.size(); ++i) {
      const SettlementRecord* next = records[i];
      const int64_t hole = next->data_start->utc_seconds - reach->data_end->utc_seconds;
      if (hole > policy.gap_tolerance_seconds) {
        findings.push_back(Finding{
            "settlement-gap", std::string(kOwnerFinance),
            "reports " + reach->report_id + " and " + next->report_id,
            fmt::format("gap between settlement periods{}: report {} ends {}, report {} starts "
                        "{} ({:.1f} days with no settlement); find the missing settlement in "
                        "Seller Central and import it before Amazon's 90-day retention ends",
                        marketplaces.empty() ? "" : " (" + marketplaces + ")", reach->report_id,
                        reach->data_end->ToIso8601(), next->report_id,
                        next->data_start->ToIso8601(),
                        static_cast<double>(hole) / static_cast<double>(kDay))});
      }
      if (*next->data_end > *reach->data_end) reach = next;
    }
  }

  // Retention of what is still unprocessed.
  std::vector<const SettlementRecord*> pending;
  for (const SettlementRecord& r : known) {
    if (!r.processed && r.status != "FATAL" && r.status != "CANCELLED") pending.push_back(&r);
  }
  std::sort(pending.begin(), pending.end(),
            [](const auto* a, const auto* b) { return OlderFirst(*a, *b); });
  for (const SettlementRecord* r : pending) {
    const int64_t expires = r->created_time.utc_seconds + policy.retention_days * kDay;
    const int64_t left = expires - now.utc_seconds;
    if (left <= 0) {
      findings.push_back(
          Finding{"settlement-expired", std::string(kOwnerFinance), "report " + r->report_id,
                  fmt::format("settlement report {} ({}) was never processed and passed Amazon's "
                              "{}-day retention on {}; download it from Seller Central",
                              r->report_id, Period(*r), policy.retention_days,
                              Day(Timestamp{expires, 0}))});
    } else if (left <= policy.warn_days_before_expiry * kDay) {
      findings.push_back(Finding{
          "settlement-retention", std::string(kOwnerFinance), "report " + r->report_id,
          fmt::format("settlement report {} ({}) is still unprocessed and leaves Amazon on {} "
                      "({} days left){}",
                      r->report_id, Period(*r), Day(Timestamp{expires, 0}), DaysCeil(left),
                      r->document_id.empty() ? "" : "; run `fbaflow amazon settlements fetch`")});
    }
  }
  return findings;
}

}  // namespace fbaflow::amazon
