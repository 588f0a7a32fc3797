#pragma once
// Randomly built settlements for property tests (tests only: the core never uses randomness).
// Each one mixes mapped and unmapped keys, one to three Amazon marketplaces, Multi-Channel
// Fulfilment and marketplace-less rows, posted-dates over up to three months, legacy-style rows
// with two amounts, rows without an amount, rejects, and totals that sometimes do not match.

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/settlement/journal_test_support.h"

namespace fbaflow::settlement::testing {

inline bool IsMultiChannel(std::string_view marketplace) {
  return marketplace.starts_with("Non-Amazon");
}

struct RandomSettlement {
  Summary summary;
  std::vector<Row> rows;  // in file order, each with its line
  std::vector<uint64_t> non_monetary_lines;
  std::vector<Reject> rejects;
  uint64_t distinct_lines = 0;
  // File order of every event: 0 entry, 1 row without amount, 2 reject (index into its list).
  std::vector<std::pair<int, std::size_t>> order;

  static bool IsMapped(const Row& row) { return !row.transaction_type.starts_with("Mystery"); }

  std::size_t AmazonMarketplaces() const {
    std::set<std::string> seen;
    for (const Row& row : rows) {
      if (!row.marketplace.empty() && !IsMultiChannel(row.marketplace))
        seen.insert(row.marketplace);
    }
    return seen.size();
  }

  void Feed(JournalBuilder& builder) const {
    Feeder feeder(builder);
    feeder.Summarise(summary);
    for (const auto& [kind, index] : order) {
      if (kind == 0) {
        feeder.Add(rows[index]);
      } else if (kind == 1) {
        builder.OnNonMonetaryRow(non_monetary_lines[index]);
      } else {
        builder.OnReject(rejects[index]);
      }
    }
  }

  static RandomSettlement Make(std::mt19937_64& rng, int serial) {
    static constexpr std::array<std::array<const char*, 3>, 12> kMapped = {{
        {"Order", "ItemPrice", "Principal"},
        {"Order", "ItemPrice", "Tax"},
        {"Order", "ItemPrice", "Shipping"},
        {"Order", "ItemFees", "Commission"},
        {"Order", "ItemFees", "FBAPerUnitFulfillmentFee"},
        {"Order", "ItemFees", "DigitalServicesFee"},
        {"Order", "Promotion", "Shipping"},
        {"Refund", "ItemPrice", "Principal"},
        {"Refund", "ItemFees", "RefundCommission"},
        {"other-transaction", "other-transaction", "Current Reserve Amount"},
        {"other-transaction", "other-transaction", "Previous Reserve Amount Balance"},
        {"other-transaction", "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT"},
    }};
    static constexpr std::array<std::array<const char*, 3>, 3> kUnmapped = {{
        {"MysteryTransaction", "ItemFees", "NewFee"},
        {"MysteryAdjustment", "other-transaction", "Storage Surcharge"},
        {"MysteryTransaction", "Promotion", "Principal"},
    }};
    static constexpr std::array<const char*, 4> kCurrencies = {"GBP", "EUR", "JPY", "USD"};
    static constexpr std::array<const char*, 4> kMarketplaces = {"Amazon.co.uk", "Amazon.de",
                                                                 "Amazon.fr", "Amazon.it"};

    const auto uniform = [&rng](int64_t lo, int64_t hi) {
      return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    const auto chance = [&uniform](int percent) { return uniform(1, 100) <= percent; };

    RandomSettlement s;
    const CivilDate start = CivilDate::FromDaysSinceEpoch(uniform(19358, 20453));  // 2023..2025
    const CivilDate end = CivilDate::FromDaysSinceEpoch(start.DaysSinceEpoch() + uniform(0, 70));
    const std::string currency = kCurrencies[static_cast<std::size_t>(uniform(0, 3))];
    const CivilDate deposit = CivilDate::FromDaysSinceEpoch(end.DaysSinceEpoch() + 2);
    s.summary =
        MakeSummary(std::to_string(90000000000LL + serial), start, end, deposit, 0, currency);

    const auto marketplaces = static_cast<std::size_t>(chance(60) ? 1 : uniform(2, 4));
    const bool with_unmapped = chance(20);
    const bool with_rejects = chance(10);
    const int64_t count = chance(5) ? 0 : uniform(1, 160);

    uint64_t line = 3;
    bool last_was_entry = false;
    int64_t sum = 0;
    for (int64_t i = 0; i < count; ++i) {
      if (chance(3)) {
        s.order.emplace_back(1, s.non_monetary_lines.size());
        s.non_monetary_lines.push_back(line++);
        last_was_entry = false;
      }
      if (with_rejects && chance(4)) {
        Reject reject;
        reject.line = line++;
        reject.column = static_cast<int>(uniform(0, 24));
        reject.reason = "random reject";
        s.order.emplace_back(2, s.rejects.size());
        s.rejects.push_back(std::move(reject));
        last_was_entry = false;
      }
      Row row;
      const bool unmapped = with_unmapped && chance(5);
      const auto& key = unmapped ? kUnmapped[static_cast<std::size_t>(uniform(0, 2))]
                                 : kMapped[static_cast<std::size_t>(uniform(0, 11))];
      row.transaction_type = key[0];
      row.amount_type = key[1];
      row.amount_description = key[2];
      const int64_t where = uniform(1, 100);
      if (where <= 8) {
        row.marketplace = "";
      } else if (where <= 13) {
        row.marketplace = "Non-Amazon UK";
      } else {
        row.marketplace = kMarketplaces[static_cast<std::size_t>(
            uniform(0, static_cast<int64_t>(marketplaces) - 1))];
      }
      row.posted =
          CivilDate::FromDaysSinceEpoch(uniform(start.DaysSinceEpoch(), end.DaysSinceEpoch()));
      row.minor = chance(3) ? 0 : uniform(-50000, 50000);
      // A legacy row carries a second amount on the same line.
      const bool same_line = last_was_entry && chance(15);
      row.line = same_line ? line - 1 : line++;
      row.column = static_cast<uint16_t>(uniform(13, 36));
      sum += row.minor;
      s.order.emplace_back(0, s.rows.size());
      s.rows.push_back(std::move(row));
      last_was_entry = true;
    }
    int64_t total = sum;
    if (chance(15)) {
      int64_t delta = 0;
      while (delta == 0) delta = uniform(-500, 500);
      total += delta;
    }
    s.summary.total = Money::FromMinor(total, s.summary.currency);
    s.distinct_lines = line - 3;
    return s;
  }
};

}  // namespace fbaflow::settlement::testing
