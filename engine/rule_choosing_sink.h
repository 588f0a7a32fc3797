#pragma once
// RuleChoosingSink: the settlement pipeline's Sink. It forwards the reader's output to a
// JournalBuilder created at the first summary, when the settlement's currency (and so the
// fitting built-in rule set) is known.
// Errors: choosing the rules can fail (a rollover account the rule set does not define); then
// GetStatus() says why and nothing more is kept.
// Thread safety: one thread at a time.

#include <memory>
#include <vector>

#include "core/base/status.h"
#include "core/settlement/journal.h"
#include "core/settlement/rules.h"

namespace fbaflow::engine {

struct SettlementPipelineOptions;

class RuleChoosingSink final : public settlement::Sink {
 public:
  // `rules` may be null: the built-in set for the first settlement's currency is chosen.
  // `options` must outlive the sink.
  RuleChoosingSink(std::shared_ptr<const settlement::RuleSet> rules,
                   const SettlementPipelineOptions& options);

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
  const SettlementPipelineOptions& options_;
  std::unique_ptr<settlement::JournalBuilder> builder_;
  Status status_;
};

}  // namespace fbaflow::engine
