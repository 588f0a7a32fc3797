#include "core/settlement/journal_assembly.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kKeysNamedInHold = 5;

std::string MonthName(int month_index) {
  static constexpr std::array<const char*, 12> kNames = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const int year = month_index / 12;
  const int month = month_index % 12;
  return std::string(kNames[static_cast<std::size_t>(month)]) + " " + std::to_string(year);
}

std::string PeriodOf(int month_index) {
  return CivilDate{month_index / 12, month_index % 12 + 1, 1}.MonthString();
}

std::string FamilyText(const TallyKey& key) {
  return key.transaction_type + " / " + key.amount_type + " / " + key.amount_description;
}

std::string KeyText(const TallyKey& key) {
  return FamilyText(key) + " / " + (key.marketplace.empty() ? "(no marketplace)" : key.marketplace);
}

// How lines are told apart and ordered inside a journal: postings by account code, then
// suspense; within an account by tax code, then Amazon marketplaces before Multi-Channel
// Fulfilment. `detail` keeps each unmapped fee type on a suspense line of its own.
struct LineKey {
  int rank = 0;  // 0 posting, 1 suspense
  std::string account_code;
  std::string account;
  std::string tax_code;
  bool multi_channel = false;
  std::string marketplace;
  std::string detail;
  friend auto operator<=>(const LineKey&, const LineKey&) = default;
};

struct LineDraft {
  LineKind kind = LineKind::kPosting;
  std::string description;
  bool mixed_descriptions = false;
  uint64_t rows = 0;
  Money amount;
  uint32_t index = 0;  // position in the journal, once known
};

struct AccountInfo {
  std::string code;
  std::string type;
};

class Assembler {
 public:
  Assembler(JournalTally& tally, const RuleSet& rules, const JournalOptions& options)
      : tally_(tally), rules_(rules), options_(options), currency_(tally.GetSummary().currency) {}

  SettlementJournals Run() {
    out_.summary = tally_.GetSummary();
    out_.rules_name = rules_.Name();
    out_.clearing_account = rules_.ClearingAccount();
    out_.default_tax_code = rules_.DefaultTaxCode();
    out_.rows = tally_.Rows();
    out_.entries = tally_.Entries();
    out_.non_monetary_rows = tally_.NonMonetaryRows();
    out_.rejected_rows = tally_.RejectedRows();
    out_.rows_sum = tally_.RowsSum();
    out_.rejects = tally_.TakeRejects();
    out_.non_monetary_lines = tally_.TakeNonMonetaryLines();

    PlanJournals();
    GroupLines();
    EmitJournals();
    DecideHolds();
    BuildFamilies();
    ResolveAudit();
    return std::move(out_);
  }

 private:
  AccountInfo Chart(const std::string& account) const {
    const Account* found = rules_.FindAccount(account);
    if (found == nullptr) return {};
    return {found->code, found->type};
  }

  // The months that get a journal of their own. The last journal is the settlement end's month
  // (or a later posted month, should a row be dated after the end), and carries the clearing line.
  void PlanJournals() {
    const Summary& summary = tally_.GetSummary();
    end_date_ = summary.end.LocalDate();
    // Without a summary (only possible when the reader failed) the epoch end date is earlier than
    // every row, so the rows decide.
    int final_month = end_date_.MonthIndex();
    std::set<int> months;
    for (const TallyCell& cell : tally_.Cells()) {
      months.insert(cell.month);
      final_month = std::max(final_month, cell.month);
    }
    if (options_.split == SplitMode::kNone) {
      final_month = tally_.HasSummary() ? end_date_.MonthIndex() : final_month;
      months.clear();
    }
    for (const TallyCell& cell : tally_.Cells()) {
      if ((options_.split == SplitMode::kNone || cell.month == final_month) &&
          cell.last_date > last_posted_in_final_) {
        last_posted_in_final_ = cell.last_date;
      }
    }
    for (const int month : months) {
      if (month < final_month) months_.push_back(month);
    }
    months_.push_back(final_month);
  }

  std::size_t JournalOf(const TallyCell& cell) const {
    if (months_.size() == 1) return 0;
    return static_cast<std::size_t>(std::lower_bound(months_.begin(), months_.end(), cell.month) -
                                    months_.begin());
  }

  void GroupLines() {
    std::set<std::string_view> amazon_marketplaces;
    for (const TallyKey& key : tally_.Keys()) {
      if (!key.marketplace.empty() && !IsMultiChannelMarketplace(key.marketplace)) {
        amazon_marketplaces.insert(key.marketplace);
      }
    }
    const bool split_marketplaces = amazon_marketplaces.size() > 1;

    drafts_.resize(months_.size());
    cell_lines_.reserve(tally_.Cells().size());
    for (const TallyCell& cell : tally_.Cells()) {
      const TallyKey& key = tally_.Keys()[cell.key];
      LineKey line_key;
      std::string description;
      LineKind kind = LineKind::kPosting;
      if (key.rule != nullptr) {
        line_key.account = key.rule->account;
        line_key.tax_code = key.rule->tax_code;
        description = key.rule->description.empty() ? key.rule->account : key.rule->description;
      } else {
        kind = LineKind::kSuspense;
        line_key.rank = 1;
        line_key.account = rules_.SuspenseAccount();
        line_key.tax_code = rules_.DefaultTaxCode();
        line_key.detail = FamilyText(key);
        description = "Unmapped fee type: " + line_key.detail;
      }
      line_key.account_code = Chart(line_key.account).code;
      line_key.multi_channel = IsMultiChannelMarketplace(key.marketplace);
      if (line_key.multi_channel || split_marketplaces) line_key.marketplace = key.marketplace;

      const std::size_t journal = JournalOf(cell);
      auto [it, inserted] = drafts_[journal].try_emplace(std::move(line_key));
      LineDraft& draft = it->second;
      if (inserted) {
        draft.kind = kind;
        draft.description = std::move(description);
        draft.amount = Money::Zero(currency_);
      } else if (draft.description != description) {
        draft.mixed_descriptions = true;
      }
      draft.rows += cell.rows;
      draft.amount -= tally_.ToMoney(cell.total);  // an amount owed to the seller is a credit
      cell_lines_.emplace_back(journal, &draft);
    }
  }

  JournalLine MakeLine(LineKind kind, const std::string& account, std::string tax_code,
                       std::string description, Money amount, uint64_t rows) const {
    JournalLine line;
    line.kind = kind;
    line.account = account;
    const AccountInfo info = Chart(account);
    line.account_code = info.code;
    line.account_type = info.type;
    line.tax_code = std::move(tax_code);
    line.description = std::move(description);
    line.amount = amount;
    line.rows = rows;
    return line;
  }

  std::string Narration(std::size_t journal) const {
    const Summary& summary = tally_.GetSummary();
    std::string text = "Amazon settlement " + summary.settlement_id + " (" +
                       summary.start.LocalDate().ToString() + " to " + end_date_.ToString() + ")";
    if (months_.size() > 1) {
      text += ", part " + std::to_string(journal + 1) + " of " + std::to_string(months_.size()) +
              " (" + MonthName(months_[journal]) + ")";
    }
    return text;
  }

  CivilDate JournalDate(std::size_t journal) const {
    if (journal + 1 < months_.size()) {
      const int month = months_[journal];
      return CivilDate{month / 12, month % 12 + 1, 1}.LastDayOfMonth();
    }
    if (!tally_.HasSummary() && !tally_.Cells().empty()) return last_posted_in_final_;
    if (options_.split == SplitMode::kNone || months_.back() == end_date_.MonthIndex()) {
      return end_date_;
    }
    return last_posted_in_final_;  // rows dated after the settlement end's month
  }

  void EmitJournals() {
    const Summary& summary = tally_.GetSummary();
    const std::size_t count = months_.size();
    out_.journals.resize(count);
    std::vector<Money> carried;  // per earlier journal: what its rollover line carries forward
    for (std::size_t j = 0; j < count; ++j) {
      Journal& journal = out_.journals[j];
      journal.date = JournalDate(j);
      journal.period =
          options_.split == SplitMode::kNone ? journal.date.MonthString() : PeriodOf(months_[j]);
      journal.narration = Narration(j);
      Money sum = Money::Zero(currency_);
      for (auto& [key, draft] : drafts_[j]) {
        std::string description = draft.mixed_descriptions ? key.account : draft.description;
        if (key.multi_channel) {
          description = "Multi-Channel Fulfilment (" + key.marketplace + "): " + description;
        } else if (!key.marketplace.empty()) {
          description += " (" + key.marketplace + ")";
        }
        JournalLine line = MakeLine(draft.kind, key.account, key.tax_code, std::move(description),
                                    draft.amount, draft.rows);
        line.marketplace = key.marketplace;
        draft.index = static_cast<uint32_t>(journal.lines.size());
        journal.lines.push_back(std::move(line));
        sum += draft.amount;
      }

      if (j + 1 < count) {
        // An earlier month: its activity is carried to the last journal through the rollover
        // account, so this journal balances on its own.
        carried.push_back(sum);
        if (!sum.IsZero()) {
          journal.lines.push_back(MakeLine(LineKind::kRollover, rules_.RolloverAccount(),
                                           rules_.DefaultTaxCode(),
                                           "Carried to the " + MonthName(months_.back()) +
                                               " journal of settlement " + summary.settlement_id,
                                           -sum, 0));
        }
        continue;
      }

      const Money difference = summary.total - out_.rows_sum;
      if (!difference.IsZero()) {
        // The rows do not explain the deposit. The clearing line still equals total-amount, so
        // the gap sits on suspense, visible, until someone explains it (the settlement is held).
        journal.lines.push_back(
            MakeLine(LineKind::kSuspense, rules_.SuspenseAccount(), rules_.DefaultTaxCode(),
                     "Unexplained difference: rows sum to " + out_.rows_sum.ToString() +
                         " but total-amount is " + summary.total.ToString(),
                     -difference, 0));
      }
      for (std::size_t e = 0; e + 1 < count; ++e) {
        if (carried[e].IsZero()) continue;
        journal.lines.push_back(MakeLine(LineKind::kRollover, rules_.RolloverAccount(),
                                         rules_.DefaultTaxCode(),
                                         "Brought forward from the " + MonthName(months_[e]) +
                                             " journal of settlement " + summary.settlement_id,
                                         carried[e], 0));
      }
      journal.lines.push_back(
          MakeLine(LineKind::kClearing, rules_.ClearingAccount(), rules_.DefaultTaxCode(),
                   "Amazon settlement " + summary.settlement_id + " payout, deposit " +
                       summary.deposit.LocalDate().ToString(),
                   summary.total, 0));
    }
  }

  void DecideHolds() {
    const Summary& summary = tally_.GetSummary();
    if (!tally_.HasSummary()) {
      out_.holds.push_back(
          {"no_summary",
           "no settlement summary row was read; nothing here can be tied to a deposit"});
    }
    if (summary.total != out_.rows_sum) {
      out_.holds.push_back({"inconsistent", "rows sum to " + out_.rows_sum.ToString() +
                                                " but total-amount is " + summary.total.ToString() +
                                                " (difference " +
                                                (summary.total - out_.rows_sum).ToString() + ")"});
    }

    uint64_t unmapped_entries = 0;
    std::vector<const TallyKey*> unmapped;
    for (const TallyKey& key : tally_.Keys()) {
      if (key.rule != nullptr) continue;
      unmapped.push_back(&key);
      unmapped_entries += key.rows;
    }
    std::sort(unmapped.begin(), unmapped.end(),
              [](const TallyKey* a, const TallyKey* b) { return a->first_line < b->first_line; });
    if (!unmapped.empty()) {
      std::string message =
          std::to_string(unmapped_entries) + " amount" + (unmapped_entries == 1 ? "" : "s") +
          " of " + std::to_string(unmapped.size()) + " unmapped fee type" +
          (unmapped.size() == 1 ? "" : "s") + " posted to " + rules_.SuspenseAccount() + ": ";
      for (std::size_t i = 0; i < unmapped.size() && i < kKeysNamedInHold; ++i) {
        if (i > 0) message += "; ";
        message += KeyText(*unmapped[i]);
      }
      if (unmapped.size() > kKeysNamedInHold) {
        message += "; and " + std::to_string(unmapped.size() - kKeysNamedInHold) + " more";
      }
      out_.holds.push_back({"unmapped", std::move(message)});
    }
    for (const TallyKey* key : unmapped) {
      ExceptionRecord record;
      record.type = "unmapped_fee_type";
      record.owner = Owner::kFinance;
      record.key = KeyText(*key);
      record.rows = key->rows;
      record.amount = tally_.ToMoney(key->total);
      record.first_line = key->first_line;
      record.message = "No mapping rule matches " + record.key + ": " + std::to_string(key->rows) +
                       " amount" + (key->rows == 1 ? "" : "s") + " totalling " +
                       record.amount.ToString() + " " + std::string(currency_.Code()) +
                       " (first at line " + std::to_string(key->first_line) + ") posted to " +
                       rules_.SuspenseAccount() +
                       ". Add a rule for it to the rules file and rebuild the journal.";
      out_.exceptions.push_back(std::move(record));
    }

    if (out_.rejected_rows > 0) {
      const Reject& first = out_.rejects.front();
      std::string message = std::to_string(out_.rejected_rows) + " row" +
                            (out_.rejected_rows == 1 ? "" : "s") +
                            " could not be read (first at line " + std::to_string(first.line);
      if (first.column > 0) message += ", column " + std::to_string(first.column);
      message += ": " + first.reason + ")";
      out_.holds.push_back({"rejected_rows", std::move(message)});
    }
    out_.status = out_.holds.empty() ? SettlementStatus::kReady : SettlementStatus::kHeld;
  }

  void BuildFamilies() {
    using FamilyKey =
        std::tuple<std::string_view, std::string_view, std::string_view, std::string_view, bool>;
    std::map<FamilyKey, FamilyTotal> families;
    for (const TallyKey& key : tally_.Keys()) {
      const bool mapped = key.rule != nullptr;
      const std::string& account = mapped ? key.rule->account : rules_.SuspenseAccount();
      auto [it, inserted] = families.try_emplace(FamilyKey{
          key.transaction_type, key.amount_type, key.amount_description, account, !mapped});
      FamilyTotal& family = it->second;
      if (inserted) {
        family.transaction_type = key.transaction_type;
        family.amount_type = key.amount_type;
        family.amount_description = key.amount_description;
        family.account = account;
        family.mapped = mapped;
        family.total = Money::Zero(currency_);
      }
      family.rows += key.rows;
      family.total += tally_.ToMoney(key.total);
    }
    out_.families.reserve(families.size());
    for (auto& [key, family] : families) out_.families.push_back(std::move(family));
  }

  void ResolveAudit() {
    out_.audit = tally_.TakeAudit();
    for (AuditRecord& record : out_.audit) {
      const auto& [journal, draft] = cell_lines_[record.line_index];
      record.journal = static_cast<uint32_t>(journal);
      record.line_index = draft->index;
    }
  }

  JournalTally& tally_;
  const RuleSet& rules_;
  const JournalOptions& options_;
  Currency currency_;
  SettlementJournals out_;

  CivilDate end_date_;
  CivilDate last_posted_in_final_;
  std::vector<int> months_;                           // month index per journal, ascending
  std::vector<std::map<LineKey, LineDraft>> drafts_;  // per journal
  std::vector<std::pair<std::size_t, LineDraft*>> cell_lines_;  // per cell: journal, line
};

}  // namespace

bool IsMultiChannelMarketplace(std::string_view marketplace) {
  return marketplace.starts_with("Non-Amazon");
}

SettlementJournals AssembleJournals(JournalTally& tally, const RuleSet& rules,
                                    const JournalOptions& options) {
  return Assembler(tally, rules, options).Run();
}

}  // namespace fbaflow::settlement
