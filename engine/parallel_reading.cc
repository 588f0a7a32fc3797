#include "engine/parallel_reading.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "core/settlement/row_parser.h"
#include "engine/line_chunker.h"
#include "engine/row_workers.h"

namespace fbaflow::engine {
namespace {

// The first chunk is read on the caller's thread (the header and summary come first): keep it
// small so that the workers start soon.
constexpr std::size_t kFirstChunkBytes = std::size_t{64} << 10;
// What the chunks in flight may hold together, and the bounds on one chunk. Chunks beyond a
// mebibyte no longer fit a core's L2 cache next to the parse's own data: measured slower.
constexpr std::size_t kInFlightBytes = std::size_t{24} << 20;
constexpr std::size_t kMinChunkBytes = std::size_t{256} << 10;
constexpr std::size_t kMaxChunkBytes = std::size_t{1} << 20;

class ParallelReading {
 public:
  ParallelReading(ByteSource& source, settlement::SettlementReader& reader, RuleChoosingSink& sink,
                  const ParallelReadOptions& options, ParallelReadStats& stats)
      : source_(source),
        reader_(reader),
        sink_(sink),
        threads_(std::max(options.threads, 1)),
        pool_size_(2 * static_cast<std::size_t>(threads_) + 2),
        chunk_bytes_(options.chunk_bytes > 0
                         ? options.chunk_bytes
                         : std::clamp(kInFlightBytes / pool_size_, kMinChunkBytes, kMaxChunkBytes)),
        stats_(stats) {}

  Status Run() {
    LineChunker chunker(source_, settlement::kMaxLineBytes);
    bool first = true;
    for (;;) {
      ASSIGN_OR_RETURN(RowChunk * chunk, Acquire());
      const std::size_t target = first ? std::min(kFirstChunkBytes, chunk_bytes_) : chunk_bytes_;
      first = false;
      Result<bool> next = chunker.Next(chunk->bytes, target);
      if (!next.Ok() || !*next) {
        free_.push_back(chunk);
        // Everything read before a read failure is read first, as one thread would have done.
        RETURN_IF_ERROR(Drain());
        if (!next.Ok()) return next.GetStatus();
        break;
      }
      if (mode_ != Mode::kParallel) {
        // The reader must have read every earlier chunk before it can be forked.
        RETURN_IF_ERROR(Drain());
        if (mode_ == Mode::kSequential && chunk->bytes.whole_lines && CanFork()) StartWorkers();
      } else if (!chunk->bytes.whole_lines) {
        // Not whole lines (the end of a file without a final line end, an over-long line, the
        // bytes before a read failure): the workers' chunks are merged, then the reader reads
        // on from here.
        RETURN_IF_ERROR(Drain());
        if (mode_ == Mode::kParallel) HandBack(/*for_good=*/true);
      }
      in_flight_.push_back(chunk);
      if (mode_ == Mode::kParallel) {
        workers_->Submit(chunk);
        RETURN_IF_ERROR(MergeDone());
      } else {
        RETURN_IF_ERROR(Drain());
      }
    }
    if (workers_) workers_->Stop();
    return OkStatus();
  }

 private:
  enum class Mode : unsigned char {
    kSequential,  // not forked: chunks go to the reader, until it can be forked
    kParallel,    // chunks go to the workers and their parts are merged
    kHandedBack,  // the workers are stopped for good: every chunk left goes to the reader
  };

  bool CanFork() {
    return reader_.CanForkRows() && sink_.GetStatus().Ok() && sink_.Builder() != nullptr;
  }

  void StartWorkers() {
    try {
      workers_.emplace(threads_, reader_, *sink_.Builder());
    } catch (const std::system_error&) {
      // No threads to be had (a process or container limit): one thread reads it all.
      workers_.reset();
      mode_ = Mode::kHandedBack;
      return;
    }
    mode_ = Mode::kParallel;
    stats_.threads = threads_;
    ++stats_.forks;
  }

  // Stops the workers; the chunks in flight are then read by the reader. Not `for_good` (the
  // next settlement of a file begins): the reader is forked again once it has read its summary.
  void HandBack(bool for_good) {
    workers_->Stop();
    mode_ = for_good ? Mode::kHandedBack : Mode::kSequential;
    stats_.handed_back = true;
  }

  Result<RowChunk*> Acquire() {
    if (free_.empty()) {
      if (pool_.size() < pool_size_) {
        pool_.push_back(std::make_unique<RowChunk>());
        return pool_.back().get();
      }
      RETURN_IF_ERROR(MergeFront());  // every chunk is in flight: wait for the oldest
    }
    RowChunk* chunk = free_.back();
    free_.pop_back();
    return chunk;
  }

  // Merges the oldest chunk in flight into the builder, or has the reader read it.
  Status MergeFront() {
    RowChunk* chunk = in_flight_.front();
    in_flight_.pop_front();
    Status status;
    if (mode_ == Mode::kParallel) {
      workers_->WaitDone(chunk);
      settlement::JournalBuilder& builder = *sink_.Builder();
      if (chunk->complete && builder.CanMergePart(*chunk->part)) {
        builder.MergePart(*chunk->part, reader_.Info().lines);
        reader_.AddForkedLines(chunk->lines, chunk->windows1252_lines);
        ++stats_.chunks_in_parallel;
      } else {
        // This chunk and every one in flight after it: read as one thread would.
        HandBack(/*for_good=*/!chunk->next_settlement);
      }
    }
    if (mode_ != Mode::kParallel) {
      status = reader_.Feed(chunk->bytes.View());
      if (status.Ok()) status = sink_.GetStatus();
      ++stats_.chunks_in_sequence;
    }
    // Nothing looks at the chunk's bytes any more (the parts and the reader copy what they keep).
    source_.ReleaseBefore(chunk->bytes.end_offset);
    chunk->Reset();
    free_.push_back(chunk);
    return status;
  }

  // Merges the chunks at the front that the workers have finished, without waiting.
  Status MergeDone() {
    while (!in_flight_.empty() && mode_ == Mode::kParallel &&
           workers_->IsDone(in_flight_.front())) {
      RETURN_IF_ERROR(MergeFront());
    }
    return OkStatus();
  }

  Status Drain() {
    while (!in_flight_.empty()) RETURN_IF_ERROR(MergeFront());
    return OkStatus();
  }

  ByteSource& source_;
  settlement::SettlementReader& reader_;
  RuleChoosingSink& sink_;
  const int threads_;
  const std::size_t pool_size_;
  const std::size_t chunk_bytes_;
  ParallelReadStats& stats_;

  Mode mode_ = Mode::kSequential;
  std::vector<std::unique_ptr<RowChunk>> pool_;
  std::vector<RowChunk*> free_;
  std::deque<RowChunk*> in_flight_;  // in file order
  // Last member: destroyed (workers stopped and joined) before the chunks they may be reading.
  std::optional<RowWorkers> workers_;
};

}  // namespace

Status ReadInParallel(ByteSource& source, settlement::SettlementReader& reader,
                      RuleChoosingSink& sink, const ParallelReadOptions& options,
                      ParallelReadStats* stats) {
  ParallelReadStats ignored;
  return ParallelReading(source, reader, sink, options, stats != nullptr ? *stats : ignored).Run();
}

}  // namespace fbaflow::engine
