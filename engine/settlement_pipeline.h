#pragma once
// The settlement pipeline: bytes of a settlement report in, journals and their verdict out.
//
// Streams the source through SettlementReader into a JournalBuilder, so memory stays flat for any
// file size. When no rule set is given, the built-in set that suits the first settlement's
// currency is used (RuleSet::DefaultBuiltinFor).
// Errors: the reader's fatal errors (not a settlement report, truncated, binary) and read failures
// come back as the Status; held settlements are a normal result (SettlementJournals::status).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/settlement/journal.h"
#include "core/settlement/reader.h"
#include "core/settlement/rules.h"
#include "ports/byte_source.h"

namespace fbaflow::engine {

struct SettlementPipelineOptions {
  settlement::ReaderOptions reader;  // source_name is taken from the ByteSource when empty
  settlement::JournalOptions journal;
  std::string rollover_account;  // overrides the rule set's when not empty
};

struct SettlementPipelineResult {
  settlement::FileInfo file;
  std::shared_ptr<const settlement::RuleSet> rules;  // the set actually used
  std::vector<settlement::SettlementJournals> settlements;

  bool AnyHeld() const;
};

// The same pipeline for sources that push their bytes (an archived document decoded on the fly):
// Feed chunks of any size, then Finish once. Feed's errors are the reader's fatal ones; after an
// error the pipeline is spent.
// Thread safety: one pipeline per thread.
class SettlementPipeline {
 public:
  // `rules` may be null (see RunSettlementPipeline); `source_name` names the input in messages.
  SettlementPipeline(std::shared_ptr<const settlement::RuleSet> rules,
                     const SettlementPipelineOptions& options, const std::string& source_name);
  ~SettlementPipeline();
  SettlementPipeline(const SettlementPipeline&) = delete;
  SettlementPipeline& operator=(const SettlementPipeline&) = delete;

  Status Feed(std::string_view bytes);
  Result<SettlementPipelineResult> Finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// `rules` may be null: then the built-in set for the settlement's currency is chosen.
Result<SettlementPipelineResult> RunSettlementPipeline(
    ByteSource& source, std::shared_ptr<const settlement::RuleSet> rules,
    const SettlementPipelineOptions& options);

}  // namespace fbaflow::engine
