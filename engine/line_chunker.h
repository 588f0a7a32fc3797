#pragma once
// LineChunker: cuts a ByteSource into chunks of whole lines, for reading a settlement report's
// rows on several threads. When the source has its bytes in place (ByteSource::InPlace, a mapped
// file), a chunk is a view of them and nothing is copied. Otherwise each chunk is read straight
// into its own buffer (one read(2) per chunk for a file); only the bytes after a chunk's last line
// end are copied, to begin the next.
// Memory: a chunk grows past its target only to reach a line end, and at most by
// `max_line_bytes`; past that it is handed out as it is.
// Errors: the source's read errors. The bytes read before a failure still come out first (as a
// chunk that is not whole lines), then the failure; the same Status every call after that.
// Thread safety: one thread at a time.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "ports/byte_source.h"

namespace fbaflow::engine {

// Bytes from the source: in a buffer of the chunk's own, reused from chunk to chunk, or in place.
struct ByteChunk {
  std::unique_ptr<char[]> data;
  std::size_t capacity = 0;
  std::size_t size = 0;
  const char* in_place = nullptr;  // set: the bytes are the source's own (InPlace), not `data`
  std::size_t end_offset = 0;      // the offset in the source just past the chunk
  // The bytes are whole lines: they end right after a '\n'. False for the bytes after a file's
  // last line end, for a run of more than max_line_bytes with no line end at all, and for the
  // bytes read before a read failure.
  bool whole_lines = false;

  std::string_view View() const { return {in_place != nullptr ? in_place : data.get(), size}; }
  void Reserve(std::size_t bytes);  // keeps the first `size` bytes of `data`
};

class LineChunker {
 public:
  LineChunker(ByteSource& source, std::size_t max_line_bytes);

  // Fills `out` with the next bytes of the source: whole lines of at least `target` bytes
  // (fewer at the end of the source) and usually at most 2 * target, up to the last line end
  // read; else what whole_lines describes. Returns false, with `out` empty, once everything has
  // been handed out.
  Result<bool> Next(ByteChunk& out, std::size_t target);

 private:
  Result<bool> NextRead(ByteChunk& out, std::size_t target);
  Result<bool> NextInPlace(ByteChunk& out, std::size_t target);
  Status ReadInto(ByteChunk& out);
  // Keeps `status` for the next call; hands out what `out` holds first, if anything.
  Result<bool> Failed(ByteChunk& out, Status status);

  ByteSource& source_;
  std::size_t max_line_bytes_;
  std::string_view in_place_;  // the source's bytes, when it has them in place
  std::size_t offset_ = 0;     // bytes handed out so far
  std::string carry_;          // bytes past the previous chunk's last line end
  bool end_ = false;           // the source said 0
  Status failed_;              // a read failed: every later call returns it
};

}  // namespace fbaflow::engine
