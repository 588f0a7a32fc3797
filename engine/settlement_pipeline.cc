#include "engine/settlement_pipeline.h"

#include <map>
#include <mutex>
#include <string_view>
#include <utility>

namespace fbaflow::engine {
namespace {

using settlement::Entry;
using settlement::JournalBuilder;
using settlement::Reject;
using settlement::RuleSet;
using settlement::Summary;

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
    if (rules_ == nullptr) {
      ASSIGN_OR_RETURN(rules_, SharedBuiltin(RuleSet::DefaultBuiltinFor(summary.currency)));
    }
    if (options_.rollover_account.empty()) return OkStatus();
    auto chosen = std::make_shared<RuleSet>(*rules_);
    RETURN_IF_ERROR(chosen->SetRolloverAccount(options_.rollover_account));
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

class SettlementPipeline::Impl {
 public:
  Impl(std::shared_ptr<const RuleSet> rules, const SettlementPipelineOptions& options,
       const std::string& source_name)
      : options_(options),
        sink_(std::move(rules), options_),
        reader_(ReaderOptionsFor(source_name), sink_) {}

  Status Feed(std::string_view bytes) {
    RETURN_IF_ERROR(reader_.Feed(bytes));
    return sink_.GetStatus();
  }

  Result<SettlementPipelineResult> Finish() {
    RETURN_IF_ERROR(reader_.Finish());
    RETURN_IF_ERROR(sink_.GetStatus());
    SettlementPipelineResult result;
    result.file = reader_.Info();
    result.rules = sink_.Rules();
    result.settlements = sink_.Finish();
    return result;
  }

 private:
  settlement::ReaderOptions ReaderOptionsFor(const std::string& source_name) const {
    settlement::ReaderOptions reader_options = options_.reader;
    if (reader_options.source_name.empty() || reader_options.source_name == "<input>") {
      reader_options.source_name = source_name;
    }
    return reader_options;
  }

  const SettlementPipelineOptions options_;
  RuleChoosingSink sink_;
  settlement::SettlementReader reader_;
};

SettlementPipeline::SettlementPipeline(std::shared_ptr<const RuleSet> rules,
                                       const SettlementPipelineOptions& options,
                                       const std::string& source_name)
    : impl_(std::make_unique<Impl>(std::move(rules), options, source_name)) {}
SettlementPipeline::~SettlementPipeline() = default;
Status SettlementPipeline::Feed(std::string_view bytes) { return impl_->Feed(bytes); }
Result<SettlementPipelineResult> SettlementPipeline::Finish() { return impl_->Finish(); }

Result<SettlementPipelineResult> RunSettlementPipeline(ByteSource& source,
                                                       std::shared_ptr<const RuleSet> rules,
                                                       const SettlementPipelineOptions& options) {
  SettlementPipeline pipeline(std::move(rules), options, source.Name());
  std::vector<char> buffer(kChunkBytes);
  for (;;) {
    ASSIGN_OR_RETURN(const std::size_t n, source.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    RETURN_IF_ERROR(pipeline.Feed({buffer.data(), n}));
  }
  return pipeline.Finish();
}

}  // namespace fbaflow::engine
