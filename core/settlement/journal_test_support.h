#pragma once
// Plain-value helpers for the journal and export tests: a small chart and rule set, and a way to
// feed a JournalBuilder the entries a reader would emit without needing a reader.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/money/currency.h"
#include "core/money/money.h"
#include "core/settlement/entry.h"
#include "core/settlement/journal.h"
#include "core/settlement/rules.h"
#include "core/time/civil.h"

namespace fbaflow::settlement::testing {

inline constexpr std::string_view kTestRulesToml = R"toml(
[ruleset]
name = "journal-tests"
clearing_account = "Amazon Clearing"
suspense_account = "Amazon Suspense"
rollover_account = "Amazon Settlement Rollover"
default_tax_code = "NONE"

[accounts]
"Amazon Clearing" = { code = "1200", type = "asset" }
"Amazon Reserved Balances" = { code = "1210", type = "asset" }
"Amazon Settlement Rollover" = { code = "1220", type = "asset" }
"Amazon Suspense" = { code = "9999", type = "liability" }
"Amazon Sales" = { code = "4000", type = "revenue" }
"Amazon Shipping Income" = { code = "4010", type = "revenue" }
"Amazon Refunds" = { code = "4050", type = "revenue" }
"Amazon Reimbursements" = { code = "4100", type = "revenue" }
"Amazon Seller Fees" = { code = "6000", type = "expense" }
"Amazon FBA Fees" = { code = "6010", type = "expense" }
"Amazon Promotions" = { code = "6020", type = "expense" }

[[rule]]
transaction_type = "Order"
amount_type = "ItemPrice"
amount_description = "Principal"
account = "Amazon Sales"
tax_code = "OUTPUT2"
description = "Sales"

[[rule]]
transaction_type = "Order"
amount_type = "ItemPrice"
amount_description = "Tax"
account = "Amazon Sales"
tax_code = "OUTPUT2"
description = "VAT on sales"

[[rule]]
transaction_type = "Order"
amount_type = "ItemPrice"
amount_description = "Shipping"
account = "Amazon Shipping Income"
tax_code = "OUTPUT2"
description = "Shipping charged"

[[rule]]
transaction_type = "Order"
amount_type = "ItemFees"
amount_description = "*"
account = "Amazon Seller Fees"
tax_code = "INPUT2"
description = "Amazon selling fees"

[[rule]]
transaction_type = "Order"
amount_type = "ItemFees"
amount_description = "FBAPerUnitFulfillmentFee"
account = "Amazon FBA Fees"
tax_code = "INPUT2"
description = "FBA fulfilment fees"

[[rule]]
transaction_type = "Order"
amount_type = "ItemFees"
amount_description = "DigitalServicesFee"
account = "Amazon Seller Fees"
tax_code = "NONE"
description = "Digital services fee"

[[rule]]
transaction_type = "Order"
amount_type = "Promotion"
amount_description = "*"
account = "Amazon Promotions"
tax_code = "OUTPUT2"

[[rule]]
transaction_type = "Refund"
amount_type = "*"
amount_description = "*"
account = "Amazon Refunds"
tax_code = "OUTPUT2"
description = "Refunds"

[[rule]]
transaction_type = "other-transaction"
amount_type = "other-transaction"
amount_description = "Current Reserve Amount"
account = "Amazon Reserved Balances"
tax_code = "NONE"
description = "Reserve held back"

[[rule]]
transaction_type = "other-transaction"
amount_type = "other-transaction"
amount_description = "Previous Reserve Amount Balance"
account = "Amazon Reserved Balances"
tax_code = "NONE"
description = "Reserve released"

[[rule]]
transaction_type = "other-transaction"
amount_type = "FBA Inventory Reimbursement"
amount_description = "*"
account = "Amazon Reimbursements"
tax_code = "NONE"
description = "FBA inventory reimbursements"
)toml";

inline const RuleSet& TestRules() {
  static const RuleSet* rules = [] {
    auto parsed = RuleSet::Parse(kTestRulesToml, "journal-tests.toml");
    if (!parsed.Ok()) {
      ADD_FAILURE() << parsed.GetStatus().ToString();
      std::abort();
    }
    return new RuleSet(std::move(parsed).Value());
  }();
  return *rules;
}

inline Currency Cur(std::string_view code) { return *Currency::FromCode(code); }
inline Money M(int64_t minor, std::string_view code = "GBP") {
  return Money::FromMinor(minor, Cur(code));
}
inline CivilDate D(int y, int m, int d) { return CivilDate{y, m, d}; }

// One detail amount, owning its text (the builder sees views into it only during OnEntry).
struct Row {
  std::string transaction_type;
  std::string amount_type;
  std::string amount_description;
  std::string marketplace;
  CivilDate posted;
  int64_t minor = 0;
  uint64_t line = 0;  // 0: the next line
  uint16_t column = 15;
};

inline Summary MakeSummary(std::string id, CivilDate start, CivilDate end, CivilDate deposit,
                           int64_t total_minor, std::string_view currency = "GBP") {
  Summary s;
  s.line = 2;
  s.settlement_id = std::move(id);
  s.start = MakeTimestamp(start, 8, 59, 45, 0);
  s.end = MakeTimestamp(end, 8, 59, 44, 0);
  s.deposit = MakeTimestamp(deposit, 8, 59, 44, 0);
  s.currency = Cur(currency);
  s.total = Money::FromMinor(total_minor, s.currency);
  return s;
}

// Feeds rows as the reader would: lines numbered from 3 (after the header and summary rows)
// unless a row names its own line.
class Feeder {
 public:
  explicit Feeder(JournalBuilder& builder) : builder_(builder) {}

  void Summarise(const Summary& summary) {
    currency_ = summary.currency;
    builder_.OnSummary(summary);
  }

  void Add(const Row& row) {
    const uint64_t line = row.line != 0 ? row.line : next_line_;
    next_line_ = line + 1;
    Entry entry;
    entry.line = line;
    entry.column = row.column;
    entry.transaction_type = row.transaction_type;
    entry.amount_type = row.amount_type;
    entry.amount_description = row.amount_description;
    entry.marketplace = row.marketplace;
    entry.posted_date = row.posted;
    entry.posted_text = "";
    entry.amount = Money::FromMinor(row.minor, currency_);
    builder_.OnEntry(entry);
  }

  void AddAll(const std::vector<Row>& rows) {
    for (const Row& row : rows) Add(row);
  }

  uint64_t NextLine() const { return next_line_; }
  void SkipTo(uint64_t line) { next_line_ = line; }

 private:
  JournalBuilder& builder_;
  Currency currency_;
  uint64_t next_line_ = 3;
};

// Convenience rows.
inline Row Principal(int64_t minor, CivilDate posted, std::string marketplace = "Amazon.co.uk") {
  return {"Order", "ItemPrice", "Principal", std::move(marketplace), posted, minor};
}
inline Row Tax(int64_t minor, CivilDate posted, std::string marketplace = "Amazon.co.uk") {
  return {"Order", "ItemPrice", "Tax", std::move(marketplace), posted, minor};
}
inline Row FbaFee(int64_t minor, CivilDate posted, std::string marketplace = "Amazon.co.uk") {
  return {"Order", "ItemFees", "FBAPerUnitFulfillmentFee", std::move(marketplace), posted, minor};
}
inline Row Commission(int64_t minor, CivilDate posted, std::string marketplace = "Amazon.co.uk") {
  return {"Order", "ItemFees", "Commission", std::move(marketplace), posted, minor};
}

inline Money Sum(const Journal& journal) {
  Money sum;
  bool first = true;
  for (const JournalLine& line : journal.lines) {
    sum = first ? line.amount : sum + line.amount;
    first = false;
  }
  return sum;
}

inline std::vector<const JournalLine*> LinesOfKind(const Journal& journal, LineKind kind) {
  std::vector<const JournalLine*> out;
  for (const JournalLine& line : journal.lines) {
    if (line.kind == kind) out.push_back(&line);
  }
  return out;
}

inline const JournalLine* FindLine(const Journal& journal, std::string_view account,
                                   std::string_view marketplace = {}) {
  for (const JournalLine& line : journal.lines) {
    if (line.account == account && line.marketplace == marketplace) return &line;
  }
  return nullptr;
}

}  // namespace fbaflow::settlement::testing
