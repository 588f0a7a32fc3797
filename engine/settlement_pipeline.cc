#include "engine/settlement_pipeline.h"

#include <utility>

namespace fbaflow::engine {
namespace {

using settlement::Entry;
using settlement::JournalBuilder;
using settlement::Reject;
using settlement::RuleSet;
using settlement::Summary;

// Forwards the reader's output to a JournalBuilder that is created at the first summary, when
// the settlement's currency (and so the fitting built-in rule set) is known.
class RuleChoosingSink final : public settlement::Sink {
 public:
  RuleChoosingSink(std::shared_ptr<const RuleSet> rules, const SettlementPipelineOptions& options)
      : rules_(std::move(rules)), options_(options) {}

  void OnSummary(const Summary& summary) override {
    if (builder_ == nullptr && status_.Ok()) {
      status_ = ChooseRules(summary);
      if (!status_.Ok()) return;
      builder_ = std::make_unique<JournalBuilder>(*rules_, options_.journal);
    }
    if (builder_ != nullptr) builder_->OnSummary(summary);
  }
  void OnEntry(const Entry& entry) override {
    if (builder_ != nullptr) builder_->OnEntry(entry);
  }
  void OnNonMonetaryRow(uint64_t line) override {
    if (builder_ != nullptr) builder_->OnNonMonetaryRow(line);
  }
  void OnReject(Reject reject) override {
    if (builder_ != nullptr) builder_->OnReject(std::move(reject));
  }

  const Status& GetStatus() const { return status_; }
  std::shared_ptr<const RuleSet> Rules() const { return rules_; }
  std::vector<settlement::SettlementJournals> Finish() {
    return builder_ == nullptr ? std::vector<settlement::SettlementJournals>{} : builder_->Finish();
  }

 private:
  Status ChooseRules(const Summary& summary) {
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

  std::shared_ptr<const RuleSet> rules_;
  const SettlementPipelineOptions& options_;
  std::unique_ptr<JournalBuilder> builder_;
  Status status_;
};

constexpr std::size_t kChunkBytes = 1 << 20;

}  // namespace

bool SettlementPipelineResult::AnyHeld() const {
  for (const auto& s : settlements) {
    if (s.status == settlement::SettlementStatus::kHeld) return true;
  }
  return false;
}

Result<SettlementPipelineResult> RunSettlementPipeline(ByteSource& source,
                                                       std::shared_ptr<const RuleSet> rules,
                                                       const SettlementPipelineOptions& options) {
  RuleChoosingSink sink(std::move(rules), options);
  settlement::ReaderOptions reader_options = options.reader;
  if (reader_options.source_name.empty() || reader_options.source_name == "<input>") {
    reader_options.source_name = source.Name();
  }
  settlement::SettlementReader reader(reader_options, sink);

  std::vector<char> buffer(kChunkBytes);
  for (;;) {
    ASSIGN_OR_RETURN(const std::size_t n, source.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    RETURN_IF_ERROR(reader.Feed({buffer.data(), n}));
    RETURN_IF_ERROR(sink.GetStatus());
  }
  RETURN_IF_ERROR(reader.Finish());
  RETURN_IF_ERROR(sink.GetStatus());

  SettlementPipelineResult result;
  result.file = reader.Info();
  result.rules = sink.Rules();
  result.settlements = sink.Finish();
  return result;
}

}  // namespace fbaflow::engine
