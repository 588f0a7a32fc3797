#pragma once
// Reading a settlement report with several threads. The caller's thread reads the source in
// chunks of whole lines; worker threads (row_workers.h) read the chunks' detail rows, each into
// a part of the journal builder; the caller's thread merges the parts in file order and keeps
// the reader's line count, so the outcome is exactly what one thread would have produced:
// journals, rejects, exceptions, families, audit, line numbers and errors.
//
// What is read on the caller's thread instead, through the reader as usual: everything up to the
// point where the reader can fork (the header, the summary row, and rows until the decimal style
// is known; in practice the first chunk), and every chunk a worker could not read exactly. A
// worker cannot when a chunk holds a summary row (the next settlement of a combined file: the
// workers are stopped, the reader reads on and is forked again after that summary), an error that
// ends the reading (binary data, a cut-off file), or amounts so large that they pass the bound
// on a settlement's sums (kMaxSettlementMinorUnits: then the reader reads everything left). The
// bytes after a file's last line end, a line longer than a mebibyte and the bytes before a read
// failure are not whole lines: the reader reads those, and everything after them. Memory: at most 2
// * threads + 2 chunks are in flight. Thread safety: one call at a time per reader and sink.

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
  int forks = 0;                    // times workers were started: once per settlement they read
  uint64_t chunks_in_parallel = 0;  // chunks read by workers and merged
  uint64_t chunks_in_sequence = 0;  // chunks read on the caller's thread
  // The workers were stopped before the end (a summary row, an error, ...) and the caller's thread
  // read on.
  bool handed_back = false;
};

// Reads all of `source` into `reader` (whose Sink is `sink`); the caller calls reader.Finish().
// Errors: the source's read errors and the reader's, as reading on one thread would give them.
Status ReadInParallel(ByteSource& source, settlement::SettlementReader& reader,
                      RuleChoosingSink& sink, const ParallelReadOptions& options,
                      ParallelReadStats* stats);

}  // namespace fbaflow::engine
