#include "engine/rule_choosing_sink.h"

#include <utility>

#include "engine/builtin_rules.h"

namespace fbaflow::engine {

using settlement::RuleSet;

RuleChoosingSink::RuleChoosingSink(std::shared_ptr<const RuleSet> rules,
                                   settlement::JournalOptions journal, std::string rollover_account)
    : given_(std::move(rules)),
      journal_(std::move(journal)),
      rollover_account_(std::move(rollover_account)) {}

void RuleChoosingSink::OnSummary(const settlement::Summary& summary) {
  if (!status_.Ok()) return;
  auto rules = ChooseRules(summary);
  if (!rules.Ok()) {
    status_ = rules.GetStatus();
    return;
  }
  if (first_rules_ == nullptr) first_rules_ = *rules;
  if (builder_ == nullptr || *rules != builder_rules_) {
    // Another rule set: the settlements so far are finished with theirs.
    if (builder_ != nullptr) {
      for (auto& s : builder_->Finish()) done_.push_back(std::move(s));
    }
    builder_rules_ = *rules;
    builder_ = std::make_unique<settlement::JournalBuilder>(*builder_rules_, journal_);
  }
  builder_->OnSummary(summary);
}

void RuleChoosingSink::OnEntry(const settlement::Entry& entry) {
  if (builder_ != nullptr) builder_->OnEntry(entry);
}

void RuleChoosingSink::OnNonMonetaryRow(uint64_t line) {
  if (builder_ != nullptr) builder_->OnNonMonetaryRow(line);
}

void RuleChoosingSink::OnReject(settlement::Reject reject) {
  if (builder_ != nullptr) builder_->OnReject(std::move(reject));
}

std::vector<settlement::SettlementJournals> RuleChoosingSink::Finish() {
  if (builder_ != nullptr) {
    for (auto& s : builder_->Finish()) done_.push_back(std::move(s));
    builder_.reset();
  }
  return std::move(done_);
}

Result<std::shared_ptr<const RuleSet>> RuleChoosingSink::ChooseRules(
    const settlement::Summary& summary) {
  const std::string name =
      given_ != nullptr ? std::string() : std::string(RuleSet::DefaultBuiltinFor(summary.currency));
  if (auto it = chosen_.find(name); it != chosen_.end()) return it->second;
  std::shared_ptr<const RuleSet> rules = given_;
  if (rules == nullptr) {
    ASSIGN_OR_RETURN(rules, SharedBuiltinRules(name));
  }
  if (!rollover_account_.empty()) {
    auto changed = std::make_shared<RuleSet>(*rules);
    RETURN_IF_ERROR(changed->SetRolloverAccount(rollover_account_));
    rules = std::move(changed);
  }
  chosen_.emplace(name, rules);
  return rules;
}

}  // namespace fbaflow::engine
