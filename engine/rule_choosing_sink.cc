#include "engine/rule_choosing_sink.h"

#include <utility>

#include "engine/builtin_rules.h"

namespace fbaflow::engine {

using settlement::RuleSet;

RuleChoosingSink::RuleChoosingSink(std::shared_ptr<const RuleSet> rules,
                                   settlement::JournalOptions journal, std::string rollover_account)
    : rules_(std::move(rules)),
      journal_(std::move(journal)),
      rollover_account_(std::move(rollover_account)) {}

void RuleChoosingSink::OnSummary(const settlement::Summary& summary) {
  if (builder_ == nullptr && status_.Ok()) {
    status_ = ChooseRules(summary);
    if (!status_.Ok()) return;
    builder_ = std::make_unique<settlement::JournalBuilder>(*rules_, journal_);
  }
  if (builder_ != nullptr) builder_->OnSummary(summary);
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
  return builder_ == nullptr ? std::vector<settlement::SettlementJournals>{} : builder_->Finish();
}

Status RuleChoosingSink::ChooseRules(const settlement::Summary& summary) {
  if (rules_ == nullptr) {
    ASSIGN_OR_RETURN(rules_, SharedBuiltinRules(RuleSet::DefaultBuiltinFor(summary.currency)));
  }
  if (rollover_account_.empty()) return OkStatus();
  auto chosen = std::make_shared<RuleSet>(*rules_);
  RETURN_IF_ERROR(chosen->SetRolloverAccount(rollover_account_));
  rules_ = std::move(chosen);
  return OkStatus();
}

}  // namespace fbaflow::engine
