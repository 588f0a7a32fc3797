#include "engine/row_workers.h"

#include <utility>

namespace fbaflow::engine {

void RowChunk::Reset() {
  part.reset();
  lines = 0;
  windows1252_lines = 0;
  complete = false;
  next_settlement = false;
}

RowWorkers::RowWorkers(int threads, const settlement::SettlementReader& reader,
                       const settlement::JournalBuilder& builder) {
  // Forks and prototypes are made here, on the owner's thread, so that the workers never touch
  // the reader or the builder.
  for (int i = 0; i < threads; ++i) {
    auto proto = builder.NewPart();
    settlement::RowParser parser = reader.ForkRows(*proto);
    workers_.push_back(std::make_unique<Worker>(Worker{std::move(proto), std::move(parser)}));
  }
  threads_.reserve(workers_.size());
  try {
    for (auto& worker : workers_) threads_.emplace_back([this, w = worker.get()] { Run(*w); });
  } catch (...) {
    Stop();  // joins the threads that did start
    throw;
  }
}

RowWorkers::~RowWorkers() { Stop(); }

void RowWorkers::Submit(RowChunk* chunk) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    chunk->done_ = false;
    queue_.push_back(chunk);
  }
  work_ready_.notify_one();
}

bool RowWorkers::IsDone(const RowChunk* chunk) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return chunk->done_;
}

void RowWorkers::WaitDone(const RowChunk* chunk) {
  std::unique_lock<std::mutex> lock(mutex_);
  chunk_done_.wait(lock, [chunk] { return chunk->done_; });
}

void RowWorkers::Stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    queue_.clear();
  }
  work_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void RowWorkers::Run(Worker& worker) {
  for (;;) {
    RowChunk* chunk = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      chunk = queue_.front();
      queue_.pop_front();
    }
    Read(worker, *chunk);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      chunk->done_ = true;
    }
    chunk_done_.notify_all();
  }
}

void RowWorkers::Read(Worker& worker, RowChunk& chunk) {
  // Any failure leaves the chunk incomplete: the owner then reads it on its own thread, where
  // the same error (or exception) arises exactly as it would have without workers.
  try {
    chunk.part = worker.proto->NewPart();
    worker.parser.SetSink(*chunk.part);
    worker.parser.RestartCounts();
    const Status status = worker.parser.ParseLines(chunk.bytes.View());
    chunk.lines = worker.parser.Info().lines;
    chunk.windows1252_lines = worker.parser.Info().windows1252_lines;
    chunk.next_settlement = status.Ok() && worker.parser.StoppedAtSummary();
    chunk.complete = status.Ok() && !chunk.next_settlement;
  } catch (...) {  // NOLINT(bugprone-empty-catch): the owner redoes the chunk and sees it again
    chunk.complete = false;
    chunk.next_settlement = false;
  }
}

}  // namespace fbaflow::engine
