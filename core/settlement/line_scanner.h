#pragma once
// The settlement reader's inner loop: one pass over a line that finds its end, its tabs, and
// whether it holds anything other than printable ASCII. Internal to the reader; exposed so the
// vectorised and portable versions can be tested against each other.

#include <cstdint>

namespace fbaflow::settlement {

struct LineScan {
  const char* end = nullptr;  // the '\n' that ends the line, or `limit` when there is none
  uint32_t tabs = 0;          // tabs found (the line has tabs + 1 fields); may exceed capacity
  bool non_ascii = false;     // some byte is >= 0x80
  bool control = false;       // some byte is < 0x20 other than tab and CR (NUL, ESC, ...)
};

// Scans [begin, limit) up to the first '\n'. The offsets (from `begin`) of the first `capacity`
// tabs go to `tab_offsets`; later tabs are only counted. The line must be shorter than 4 GiB.
// Uses SSE2 where the target has it (every x86-64), else ScanLinePortable.
LineScan ScanLine(const char* begin, const char* limit, uint32_t* tab_offsets, uint32_t capacity);

// Byte-at-a-time version, the reference the vectorised one is tested against.
LineScan ScanLinePortable(const char* begin, const char* limit, uint32_t* tab_offsets,
                          uint32_t capacity);

}  // namespace fbaflow::settlement
