#pragma once
// RuleChoosingSink: the settlement pipeline's Sink. It forwards the reader's output to a
// JournalBuilder made at each settlement's summary row, when the settlement's currency (and so
// the fitting built-in rule set) is known: in a file that holds several settlements, each one
// gets the set that suits its own currency. A rule set the caller gives applies to every one.
// Errors: choosing the rules can fail (a rollover account the rule set does not define); then
// GetStatus() says why and nothing more is kept.
// Thread safety: one thread at a time.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/settlement/journal.h"
#include "core/settlement/rules.h"

namespace fbaflow::engine {

class RuleChoosingSink final : public settlement::Sink {
 public:
  // `rules` may be null: each settlement gets the built-in set for its currency.
  // `rollover_account`, when not empty, replaces the chosen sets'.
  RuleChoosingSink(std::shared_ptr<const settlement::RuleSet> rules,
                   settlement::JournalOptions journal, std::string rollover_account);

  void OnSummary(const settlement::Summary& summary) override;
  void OnEntry(const settlement::Entry& entry) override;
  void OnNonMonetaryRow(uint64_t line) override;
  void OnReject(settlement::Reject reject) override;

  const Status& GetStatus() const { return status_; }
  // The set the first settlement was built with (null before its summary); each settlement's
  // own is named in SettlementJournals::rules_name.
  std::shared_ptr<const settlement::RuleSet> Rules() const { return first_rules_; }
  // The builder of the open settlement, once a summary has been read (nullptr before). A new
  // summary may replace it.
  settlement::JournalBuilder* Builder() { return builder_.get(); }
  std::vector<settlement::SettlementJournals> Finish();

 private:
  Result<std::shared_ptr<const settlement::RuleSet>> ChooseRules(
      const settlement::Summary& summary);

  std::shared_ptr<const settlement::RuleSet> given_;
  settlement::JournalOptions journal_;
  std::string rollover_account_;
  // The sets chosen so far, by built-in name ("" for the given set): they outlive the builders.
  std::map<std::string, std::shared_ptr<const settlement::RuleSet>, std::less<>> chosen_;
  std::shared_ptr<const settlement::RuleSet> first_rules_;
  std::shared_ptr<const settlement::RuleSet> builder_rules_;
  std::unique_ptr<settlement::JournalBuilder> builder_;
  std::vector<settlement::SettlementJournals> done_;  // settlements of earlier builders
  Status status_;
};

}  // namespace fbaflow::engine
