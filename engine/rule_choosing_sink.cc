#include "engine/rule_choosing_sink.h"

#include <utility>

#include "engine/settlement_pipeline.h"

namespace fbaflow::engine {

using settlement::RuleSet;

RuleChoosingSink::RuleChoosingSink(std::shared_ptr<const RuleSet> rules,
                                   const SettlementPipelineOptions& options)
    : rules_(std::move(rules)), options_(options) {}

void RuleChoosingSink::OnSummary(const settlement::Summary& summary) {
  if (builder_ == nullptr && status_.Ok()) {
    status_ = ChooseRules(summary);
    if (!status_.Ok()) return;
    builder_ = std::make_unique<settlement::JournalBuilder>(*rules_, options_.journal);
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
  std::shared_ptr<RuleSet> chosen;
  if (rules_ != nullptr) {
    if (options_.rollover_account.empty()) return OkStatus();
    chosen = std::make_shared<RuleSet>(*rules_);
  } else {
    auto builtin = RuleSet::Builtin(RuleSet::DefaultBuiltinFor(summary.currency));
    if (!builtin.Ok()) return builtin.GetStatus();
    chosen = std::make_shared<RuleSet>(std::move(builtin).Value());
  }
  if (!options_.rollover_account.empty()) {
    RETURN_IF_ERROR(chosen->SetRolloverAccount(options_.rollover_account));
  }
  rules_ = std::move(chosen);
  return OkStatus();
}

}  // namespace fbaflow::engine
