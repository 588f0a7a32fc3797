#include "engine/settlement_pipeline.h"

#include <sched.h>

#include <algorithm>
#include <string_view>
#include <thread>
#include <utility>

#include "engine/rule_choosing_sink.h"

namespace fbaflow::engine {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;
// Beyond this many threads the reading thread is the bottleneck.
constexpr int kMaxThreads = 8;

// One thread: the reader reads every byte.
Status ReadInSequence(ByteSource& source, settlement::SettlementReader& reader,
                      const RuleChoosingSink& sink) {
  if (const std::string_view all = source.InPlace(); !all.empty()) {
    for (std::size_t at = 0; at < all.size(); at += kChunkBytes) {
      const std::string_view bytes = all.substr(at, kChunkBytes);
      RETURN_IF_ERROR(reader.Feed(bytes));
      RETURN_IF_ERROR(sink.GetStatus());
      source.ReleaseBefore(at + bytes.size());  // the reader copies the partial line it keeps
    }
    return OkStatus();
  }
  std::vector<char> buffer(kChunkBytes);
  for (;;) {
    ASSIGN_OR_RETURN(const std::size_t n, source.Read(buffer.data(), buffer.size()));
    if (n == 0) return OkStatus();
    RETURN_IF_ERROR(reader.Feed({buffer.data(), n}));
    RETURN_IF_ERROR(sink.GetStatus());
  }
}

}  // namespace

bool SettlementPipelineResult::AnyHeld() const {
  for (const auto& s : settlements) {
    if (s.status == settlement::SettlementStatus::kHeld) return true;
  }
  return false;
}

int EffectiveThreads(int threads) {
  if (threads <= 0) {
    // The CPUs this process may run on (a container or taskset may allow fewer than the machine
    // has), else the machine's.
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    threads = ::sched_getaffinity(0, sizeof cpus, &cpus) == 0
                  ? CPU_COUNT(&cpus)
                  : static_cast<int>(std::thread::hardware_concurrency());
  }
  return std::clamp(threads, 1, kMaxThreads);
}

Result<SettlementPipelineResult> RunSettlementPipeline(
    ByteSource& source, std::shared_ptr<const settlement::RuleSet> rules,
    const SettlementPipelineOptions& options) {
  RuleChoosingSink sink(std::move(rules), options.journal, options.rollover_account);
  settlement::ReaderOptions reader_options = options.reader;
  if (reader_options.source_name.empty() || reader_options.source_name == "<input>") {
    reader_options.source_name = source.Name();
  }
  settlement::SettlementReader reader(reader_options, sink);

  SettlementPipelineResult result;
  const int threads = EffectiveThreads(options.threads);
  if (threads > 1) {
    RETURN_IF_ERROR(
        ReadInParallel(source, reader, sink, {threads, options.chunk_bytes}, &result.parallel));
  } else {
    RETURN_IF_ERROR(ReadInSequence(source, reader, sink));
  }
  RETURN_IF_ERROR(reader.Finish());
  RETURN_IF_ERROR(sink.GetStatus());

  result.file = reader.Info();
  result.rules = sink.Rules();
  result.settlements = sink.Finish();
  return result;
}

}  // namespace fbaflow::engine
