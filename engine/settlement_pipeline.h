#pragma once
// The settlement pipeline: bytes of a settlement report in, journals and their verdict out.
//
// Streams the source through SettlementReader into a JournalBuilder, so memory stays flat for any
// file size. When no rule set is given, the built-in set that suits the first settlement's
// currency is used (RuleSet::DefaultBuiltinFor). With more than one thread, the detail rows are
// read by worker threads in chunks and merged in file order (parallel_reading.h); the result is
// exactly the single-threaded one, line numbers and errors included.
// Errors: the reader's fatal errors (not a settlement report, truncated, binary) and read failures
// come back as the Status; held settlements are a normal result (SettlementJournals::status).
// Thread safety: the function may run concurrently on different sources.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/settlement/journal.h"
#include "core/settlement/reader.h"
#include "core/settlement/rules.h"
#include "engine/parallel_reading.h"
#include "ports/byte_source.h"

namespace fbaflow::engine {

struct SettlementPipelineOptions {
  settlement::ReaderOptions reader;  // source_name is taken from the ByteSource when empty
  settlement::JournalOptions journal;
  std::string rollover_account;  // overrides the rule set's when not empty
  // Threads reading rows: 0 for one per CPU (EffectiveThreads), 1 to read on the caller's thread
  // only.
  int threads = 0;
  // Bytes per chunk handed to a worker; 0 chooses (tests force small chunks).
  std::size_t chunk_bytes = 0;
};

struct SettlementPipelineResult {
  settlement::FileInfo file;
  std::shared_ptr<const settlement::RuleSet> rules;  // the set actually used
  std::vector<settlement::SettlementJournals> settlements;
  ParallelReadStats parallel;  // how the rows were read (threads 0: on one thread)

  bool AnyHeld() const;
};

// The thread count `threads` (SettlementPipelineOptions::threads) stands for: 0 is one per CPU
// the process may run on, and the result is between 1 and 8.
int EffectiveThreads(int threads);

// `rules` may be null: then the built-in set for the settlement's currency is chosen.
Result<SettlementPipelineResult> RunSettlementPipeline(
    ByteSource& source, std::shared_ptr<const settlement::RuleSet> rules,
    const SettlementPipelineOptions& options);

}  // namespace fbaflow::engine
