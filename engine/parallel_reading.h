#pragma once
// Reading a settlement report with several threads. The caller's thread reads the source in
// chunks of whole lines; worker threads (row_workers.h) read the chunks' detail rows, each into
// a part of the journal builder; the caller's thread merges the parts in file order and keeps
// the reader's line count, so the outcome is exactly what one thread would have produced:
// journals, rejects, exceptions, families, audit, line numbers and errors.
//
// What is read on the caller's thread instead, through the reader as usual: everything up to the
// point where the reader can fork (the header, the summary row, and rows until the decimal style
// is known; in practice the first chunk), and, from the first chunk a worker could not read
// exactly, everything after it. A worker cannot when a chunk holds a summary row (a file with
// more than one settlement), an error that ends the reading (binary data, a cut-off file), or
// amounts so large that their sums could overflow; and no chunk can be cut where a line runs on
// for more than a mebibyte. Memory: at most 2 * threads + 2 chunks are in flight.
// Thread safety: one call at a time per reader and sink.

#include <cstddef>
#include <cstdint>

#include "core/base/status.h"
#include "core/settlement/reader.h"
#include "engine/rule_choosing_sink.h"
#include "ports/byte_source.h"

namespace fbaflow::engine {

struct ParallelReadOptions {
  int threads = 2;              // worker threads (at least 1)
  std::size_t chunk_bytes = 0;  // chunk size; 0: chosen (at most 1 MiB)
};

// How the work went (for tests and `inspect`).
struct ParallelReadStats {
  int threads = 0;                  // worker threads started (0: none)
  uint64_t chunks_in_parallel = 0;  // chunks read by workers and merged
  uint64_t chunks_in_sequence = 0;  // chunks read on the caller's thread
  bool handed_back = false;  // the workers stopped early and the caller's thread read the rest
};

// Reads all of `source` into `reader` (whose Sink is `sink`); the caller calls reader.Finish().
// Errors: the source's read errors and the reader's, as reading on one thread would give them.
Status ReadInParallel(ByteSource& source, settlement::SettlementReader& reader,
                      RuleChoosingSink& sink, const ParallelReadOptions& options,
                      ParallelReadStats* stats);

}  // namespace fbaflow::engine
