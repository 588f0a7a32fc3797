#pragma once
// RowWorkers: threads that read runs of one settlement's detail rows. Each worker holds its own
// fork of the reader's row parser (core/settlement/row_parser.h) and reads every chunk handed to
// it into a new part of the journal builder (JournalBuilder::NewPart), numbering the chunk's
// lines from 1. The owner merges the parts back in file order.
// Thread safety: Submit, IsDone, WaitDone and Stop are called by the owner's thread only. A
// worker touches a chunk from Submit until it marks it done; the owner reads the chunk's results
// only once IsDone or WaitDone has said so.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/settlement/journal.h"
#include "core/settlement/reader.h"
#include "core/settlement/row_parser.h"
#include "engine/line_chunker.h"

namespace fbaflow::engine {

struct RowChunk {
  ByteChunk bytes;
  // Written by the worker that read the chunk:
  std::unique_ptr<settlement::JournalBuilder> part;
  uint64_t lines = 0;              // lines read
  uint64_t windows1252_lines = 0;  // of which converted from windows-1252
  // Every line was read: no summary row (another settlement) met, no error, no exception. Only
  // then is the part what the reader itself would have made of the lines.
  bool complete = false;
  // Not complete because a summary row was met: the next settlement of the file begins there.
  bool next_settlement = false;

  void Reset();  // before the chunk is reused

 private:
  friend class RowWorkers;
  bool done_ = false;  // guarded by the workers' mutex
};

class RowWorkers {
 public:
  // Starts `threads` workers reading as `reader` would from where it stands, into parts of
  // `builder`. Requires reader.CanForkRows() and an open settlement in `builder`. Throws
  // std::system_error when a thread cannot be started (none is left running then).
  RowWorkers(int threads, const settlement::SettlementReader& reader,
             const settlement::JournalBuilder& builder);
  ~RowWorkers();
  RowWorkers(const RowWorkers&) = delete;
  RowWorkers& operator=(const RowWorkers&) = delete;

  void Submit(RowChunk* chunk);
  bool IsDone(const RowChunk* chunk);
  void WaitDone(const RowChunk* chunk);
  // Lets the workers finish the chunks they are reading and joins them; chunks not yet started
  // stay not done. Idempotent.
  void Stop();

 private:
  struct Worker {
    std::unique_ptr<settlement::JournalBuilder> proto;  // what each chunk's part is made from
    settlement::RowParser parser;
  };
  void Run(Worker& worker);
  static void Read(Worker& worker, RowChunk& chunk);

  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable chunk_done_;
  std::deque<RowChunk*> queue_;  // guarded by mutex_
  bool stopping_ = false;        // guarded by mutex_
};

}  // namespace fbaflow::engine
