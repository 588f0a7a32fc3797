#pragma once
// RuleChoosingSink: the settlement pipeline's Sink. It forwards the reader's output to a
// JournalBuilder created at the first summary, when the settlement's currency (and so the
// fitting built-in rule set) is known.
// Errors: choosing the rules can fail (a rollover account the rule set does not define); then
// GetStatus() says why and nothing more is kept.
// Thread safety: one thread at a time.

#include <memory>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/settlement/journal.h"
#include "core/settlement/rules.h"

namespace fbaflow::engine {

class RuleChoosingSink final : public settlement::Sink {
 public:
  // `rules` may be null: the built-in set for the first settlement's currency is chosen.
  // `rollover_account`, when not empty, replaces the chosen set's.
  RuleChoosingSink(std::shared_ptr<const settlement::RuleSet> rules,
                   settlement::JournalOptions journal, std::string rollover_account);

  void OnSummary(const settlement::Summary& summary) override;
  void OnEntry(const settlement::Entry& entry) override;
  void OnNonMonetaryRow(uint64_t line) override;
  void OnReject(settlement::Reject reject) override;

  const Status& GetStatus() const { return status_; }
  std::shared_ptr<const settlement::RuleSet> Rules() const { return rules_; }
  // The builder, once the first summary has been read (nullptr before).
  settlement::JournalBuilder* Builder() { return builder_.get(); }
  std::vector<settlement::SettlementJournals> Finish();

 private:
  Status ChooseRules(const settlement::Summary& summary);

  std::shared_ptr<const settlement::RuleSet> rules_;
  settlement::JournalOptions journal_;
  std::string rollover_account_;
  std::unique_ptr<settlement::JournalBuilder> builder_;
  Status status_;
};

}  // namespace fbaflow::engine
