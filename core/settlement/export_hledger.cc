#include <map>
#include <set>
#include <string>

#include "core/settlement/export.h"

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kAmountColumn = 56;

struct TopLevel {
  std::string_view name;  // hledger's conventional top-level account
  std::string_view type;  // its account type letter, for `account ... ; type:`
};

TopLevel TopLevelFor(const JournalLine& line) {
  const std::string& t = line.account_type;
  if (t == "asset" || t == "assets") return {"assets", "A"};
  if (t == "liability" || t == "liabilities") return {"liabilities", "L"};
  if (t == "equity") return {"equity", "E"};
  if (t == "revenue" || t == "revenues" || t == "income") return {"income", "R"};
  if (t == "expense" || t == "expenses") return {"expenses", "X"};
  // A chart without types: the clearing and rollover accounts hold money in transit (assets),
  // suspense holds what is not yet explained (a liability until it is).
  switch (line.kind) {
    case LineKind::kClearing:
    case LineKind::kRollover:
      return {"assets", "A"};
    case LineKind::kSuspense:
      return {"liabilities", "L"};
    case LineKind::kPosting:
      break;
  }
  return {"unclassified", ""};
}

// hledger ends an account name at two spaces or a tab and starts a comment at ';': keep names and
// descriptions on one line, single-spaced, and free of those.
std::string Clean(std::string_view text, std::string_view forbidden) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (is_space) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += forbidden.find(c) == std::string_view::npos ? c : '-';
  }
  return out;
}

std::string CommodityExample(const Currency& currency) {
  // hledger wants a decimal mark in the directive even for currencies without minor units.
  std::string example = "1000.";
  example.append(static_cast<std::size_t>(currency.MinorUnits()), '0');
  return example + " " + std::string(currency.Code());
}

std::string Posting(const std::string& account, const Money& amount, std::string_view comment) {
  std::string text = "    " + account + "  ";
  const std::string value = amount.ToString() + " " + std::string(amount.GetCurrency().Code());
  const std::size_t used = text.size() + value.size();
  if (used < kAmountColumn) text.append(kAmountColumn - used, ' ');
  text += value;
  if (!comment.empty()) text += "  ; " + std::string(comment);
  return text + "\n";
}

std::string PostingComment(const JournalLine& line) {
  std::string comment;
  const auto add = [&comment](const std::string& part) {
    if (!comment.empty()) comment += ", ";
    comment += part;
  };
  if (line.rows > 0) add(std::to_string(line.rows) + (line.rows == 1 ? " row" : " rows"));
  // Tax codes matter on the lines that carry Amazon amounts, not on the clearing and rollover
  // lines (balance-sheet transfers).
  if (!line.tax_code.empty() &&
      (line.kind == LineKind::kPosting || line.kind == LineKind::kSuspense)) {
    add("tax " + line.tax_code);
  }
  if (!line.description.empty()) add(line.description);
  return Clean(comment, "");
}

}  // namespace

std::string HledgerAccountName(const JournalLine& line) {
  // ';' would start a comment; a leading '(' or '[' would make a virtual posting.
  return std::string(TopLevelFor(line).name) + ":" + Clean(line.account, ";");
}

void WriteHledger(const std::vector<SettlementJournals>& settlements, std::ostream& out) {
  std::map<std::string, std::string_view> accounts;  // name -> type letter
  std::map<std::string, std::string> commodities;    // code -> directive example
  for (const SettlementJournals& s : settlements) {
    commodities.emplace(std::string(s.summary.currency.Code()),
                        CommodityExample(s.summary.currency));
    for (const Journal& journal : s.journals) {
      for (const JournalLine& line : journal.lines) {
        accounts.emplace(HledgerAccountName(line), TopLevelFor(line).type);
      }
    }
  }

  std::string text =
      "; Amazon settlement journals. Held settlements are pending (!) and say why.\n";
  text += "decimal-mark .\n\n";
  for (const auto& [code, example] : commodities) text += "commodity " + example + "\n";
  text += "\n";
  for (const auto& [name, type] : accounts) {
    text += "account " + name;
    if (!type.empty()) text += "  ; type: " + std::string(type);
    text += "\n";
  }

  for (const SettlementJournals& s : settlements) {
    const bool held = s.status == SettlementStatus::kHeld;
    const std::string id = Clean(s.summary.settlement_id, "();|");
    text += "\n; Settlement " + id + ": total-amount " + s.summary.total.ToString() + " " +
            std::string(s.summary.currency.Code()) + ", " + std::to_string(s.rows) + " rows, " +
            (held ? "HELD" : "ready") + "\n";
    for (std::size_t j = 0; j < s.journals.size(); ++j) {
      const Journal& journal = s.journals[j];
      text += journal.date.ToString() + (held ? " ! " : " ") + "(" + id + ") " +
              Clean(journal.narration, ";|") + "  ; settlement:" + id +
              ", period:" + journal.period + ", status:" + (held ? "held" : "ready") + "\n";
      for (const Hold& hold : s.holds) {
        text += "    ; hold " + Clean(hold.code, "") + " - " + Clean(hold.message, "") + "\n";
      }
      for (const JournalLine& line : journal.lines) {
        text += Posting(HledgerAccountName(line), line.amount, PostingComment(line));
      }
    }
  }
  out << text;
}

}  // namespace fbaflow::settlement
