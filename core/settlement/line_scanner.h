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
// On x86-64 it works 64 bytes at a time with AVX2 when the CPU has it (checked once), else SSE2;
// elsewhere it is ScanLinePortable.
LineScan ScanLine(const char* begin, const char* limit, uint32_t* tab_offsets, uint32_t capacity);

// Byte-at-a-time version, the reference the vectorised ones are tested against.
LineScan ScanLinePortable(const char* begin, const char* limit, uint32_t* tab_offsets,
                          uint32_t capacity);

// The SSE2 version whatever the CPU (the portable one off x86-64), so tests cover both.
LineScan ScanLineSse2ForTesting(const char* begin, const char* limit, uint32_t* tab_offsets,
                                uint32_t capacity);

}  // namespace fbaflow::settlement
