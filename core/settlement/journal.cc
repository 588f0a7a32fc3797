#include "core/settlement/journal.h"

#include <optional>
#include <utility>

#include "core/settlement/journal_assembly.h"
#include "core/settlement/journal_tally.h"

namespace fbaflow::settlement {

std::string_view LineKindName(LineKind kind) {
  switch (kind) {
    case LineKind::kPosting:
      return "posting";
    case LineKind::kSuspense:
      return "suspense";
    case LineKind::kClearing:
      return "clearing";
    case LineKind::kRollover:
      return "rollover";
  }
  return "posting";
}

class JournalBuilder::Impl {
 public:
  Impl(const RuleSet& rules, JournalOptions options) : rules_(rules), options_(options) {}

  void OnSummary(const Summary& summary) {
    if (current_ && current_->CanAdoptSummary()) {
      current_->AdoptSummary(summary);
      return;
    }
    Close();
    current_.emplace(rules_, options_.keep_audit, summary, true);
  }

  // The reader emits the summary first; should it ever not, the amounts are still kept and the
  // settlement is held for want of a summary.
  void OnEntry(const Entry& entry) { Current().AddEntry(entry); }
  void OnNonMonetaryRow(uint64_t line) { Current().AddNonMonetaryRow(line); }
  void OnReject(Reject reject) { Current().AddReject(std::move(reject)); }

  std::vector<SettlementJournals> Finish() {
    Close();
    return std::move(done_);
  }

 private:
  JournalTally& Current() {
    if (!current_) current_.emplace(rules_, options_.keep_audit, Summary{}, false);
    return *current_;
  }

  void Close() {
    if (!current_) return;
    done_.push_back(AssembleJournals(*current_, rules_, options_));
    current_.reset();
  }

  const RuleSet& rules_;
  JournalOptions options_;
  std::optional<JournalTally> current_;
  std::vector<SettlementJournals> done_;
};

JournalBuilder::JournalBuilder(const RuleSet& rules, JournalOptions options)
    : impl_(std::make_unique<Impl>(rules, options)) {}

JournalBuilder::~JournalBuilder() = default;

void JournalBuilder::OnSummary(const Summary& summary) { impl_->OnSummary(summary); }
void JournalBuilder::OnEntry(const Entry& entry) { impl_->OnEntry(entry); }
void JournalBuilder::OnNonMonetaryRow(uint64_t line) { impl_->OnNonMonetaryRow(line); }
void JournalBuilder::OnReject(Reject reject) { impl_->OnReject(std::move(reject)); }
std::vector<SettlementJournals> JournalBuilder::Finish() { return impl_->Finish(); }

}  // namespace fbaflow::settlement
