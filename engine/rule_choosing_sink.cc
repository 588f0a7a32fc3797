#include "engine/rule_choosing_sink.h"

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "engine/settlement_pipeline.h"

namespace fbaflow::engine {

using settlement::RuleSet;

namespace {

// Built-in rule sets are parsed and validated once per process: a daemon or a test that runs the
// pipeline thousands of times should not re-read 200 rules each time.
Result<std::shared_ptr<const RuleSet>> SharedBuiltin(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const RuleSet>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  ASSIGN_OR_RETURN(RuleSet rules, RuleSet::Builtin(name));
  auto shared = std::make_shared<const RuleSet>(std::move(rules));
  cache.emplace(std::string(name), shared);
  return shared;
}

}  // namespace

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
  if (rules_ == nullptr) {
    ASSIGN_OR_RETURN(rules_, SharedBuiltin(RuleSet::DefaultBuiltinFor(summary.currency)));
  }
  if (options_.rollover_account.empty()) return OkStatus();
  auto chosen = std::make_shared<RuleSet>(*rules_);
  RETURN_IF_ERROR(chosen->SetRolloverAccount(options_.rollover_account));
  rules_ = std::move(chosen);
  return OkStatus();
}

}  // namespace fbaflow::engine
