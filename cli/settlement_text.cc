#include "cli/settlement_text.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/settlement/entry.h"

namespace fbaflow::cli {
namespace {

using settlement::SettlementJournals;
using settlement::SettlementStatus;

std::string StatusWord(const SettlementJournals& s) {
  return s.status == SettlementStatus::kReady ? "READY" : "HELD";
}

void PrintHeader(const SettlementJournals& s, std::ostream& out) {
  const std::string ccy(s.summary.currency.Code());
  fmt::print(out, "Settlement {}  {}  {} to {}  deposit {}  total {} {}\n", s.summary.settlement_id,
             ccy, s.summary.start.LocalDate().ToString(), s.summary.end.LocalDate().ToString(),
             s.summary.deposit.LocalDate().ToString(), s.summary.total.ToString(), ccy);
  fmt::print(
      out,
      "  rows {} (amounts {}, without amount {}, rejected {})  rows sum {}  rules {}  status {}\n",
      s.rows, s.entries, s.non_monetary_rows, s.rejected_rows, s.rows_sum.ToString(), s.rules_name,
      StatusWord(s));
  for (const auto& hold : s.holds) fmt::print(out, "  HOLD {}: {}\n", hold.code, hold.message);
  for (const auto& e : s.exceptions) {
    fmt::print(out, "  EXCEPTION {} (owner {}): {}\n", e.type, settlement::OwnerName(e.owner),
               e.message);
  }
}

}  // namespace

void PrintJournalsText(const engine::SettlementPipelineResult& result, std::ostream& out) {
  if (!result.settlements.empty()) {
    fmt::print(out,
               "Amounts are signed: positive is a debit, negative (-) a credit. Each journal's "
               "amounts sum to zero.\n\n");
  }
  for (const auto& s : result.settlements) {
    PrintHeader(s, out);
    for (std::size_t j = 0; j < s.journals.size(); ++j) {
      const auto& journal = s.journals[j];
      fmt::print(out, "\n  Journal {}/{}  {}  {}\n", j + 1, s.journals.size(),
                 journal.date.ToString(), journal.narration);
      std::size_t width = 7;
      for (const auto& line : journal.lines) {
        width = std::max(width, line.account_code.size() + line.account.size() + 1 +
                                    (line.marketplace.empty() ? 0 : line.marketplace.size() + 3));
      }
      fmt::print(out, "    {:<{}}  {:<14} {:>14} {:>9}\n", "account", width, "tax code", "amount",
                 "rows");
      for (const auto& line : journal.lines) {
        std::string name =
            line.account_code.empty() ? line.account : line.account_code + " " + line.account;
        if (!line.marketplace.empty()) name += " [" + line.marketplace + "]";
        fmt::print(out, "    {:<{}}  {:<14} {:>14} {:>9}\n", name, width, line.tax_code,
                   line.amount.ToString(), line.rows);
      }
    }
    out << '\n';
  }
}

void PrintInspection(const engine::SettlementPipelineResult& result, std::ostream& out) {
  const auto& f = result.file;
  fmt::print(
      out, "Format: {} ({} columns), charset {}{}, line endings {}{}, decimals {}, dates \"{}\"\n",
      settlement::FormatName(f.format), f.columns,
      f.windows1252_lines > 0 ? "windows-1252 (converted)" : "UTF-8",
      f.windows1252_lines > 0 ? fmt::format(" on {} lines", f.windows1252_lines) : "",
      f.crlf ? "CRLF" : "LF", f.bom ? ", byte-order mark" : "", DecimalStyleName(f.decimal_style),
      f.date_style);
  // Each settlement's rule set, once each, in file order (one name for a file of one currency).
  std::vector<std::string_view> seen;
  std::string rules;
  for (const auto& s : result.settlements) {
    if (std::find(seen.begin(), seen.end(), s.rules_name) != seen.end()) continue;
    seen.push_back(s.rules_name);
    rules += (rules.empty() ? "" : ", ") + s.rules_name;
  }
  fmt::print(out, "Lines: {}   Rules: {}\n\n", f.lines, rules.empty() ? "(none)" : rules);
  for (const auto& s : result.settlements) {
    PrintHeader(s, out);
    std::size_t w1 = 16, w2 = 11, w3 = 18;
    for (const auto& fam : s.families) {
      w1 = std::max(w1, fam.transaction_type.size());
      w2 = std::max(w2, fam.amount_type.size());
      w3 = std::max(w3, fam.amount_description.size());
    }
    fmt::print(out, "\n  {:<{}}  {:<{}}  {:<{}}  {:>8} {:>14}  {}\n", "transaction-type", w1,
               "amount-type", w2, "amount-description", w3, "rows", "total", "account");
    for (const auto& fam : s.families) {
      fmt::print(out, "  {:<{}}  {:<{}}  {:<{}}  {:>8} {:>14}  {}{}\n", fam.transaction_type, w1,
                 fam.amount_type, w2, fam.amount_description, w3, fam.rows, fam.total.ToString(),
                 fam.account, fam.mapped ? "" : "  (UNMAPPED)");
    }
    if (!s.rejects.empty()) {
      fmt::print(out, "\n  Rejected rows ({}):\n", s.rejects.size());
      const std::size_t shown = std::min<std::size_t>(s.rejects.size(), 20);
      for (std::size_t i = 0; i < shown; ++i) {
        const auto& r = s.rejects[i];
        fmt::print(out, "    line {} column {}{}: {}\n", r.line, r.column,
                   r.column_name.empty() ? "" : " (" + r.column_name + ")", r.reason);
      }
      if (shown < s.rejects.size()) fmt::print(out, "    ... {} more\n", s.rejects.size() - shown);
    }
    out << '\n';
  }
}

void PrintVerdicts(const engine::SettlementPipelineResult& result, std::ostream& out) {
  for (const auto& s : result.settlements) {
    fmt::print(out, "settlement {}: {}, {} journal(s), {} rows, clearing {} {}",
               s.summary.settlement_id, s.status == SettlementStatus::kReady ? "ready" : "HELD",
               s.journals.size(), s.rows, s.summary.total.ToString(), s.summary.currency.Code());
    for (const auto& hold : s.holds) fmt::print(out, "; {}: {}", hold.code, hold.message);
    out << '\n';
  }
}

}  // namespace fbaflow::cli
