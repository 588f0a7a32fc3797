#include "core/settlement/line_scanner.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fbaflow::settlement {
namespace {

inline void Record(uint32_t offset, uint32_t* tab_offsets, uint32_t capacity, uint32_t& count) {
  if (count < capacity) tab_offsets[count] = offset;
  ++count;
}

}  // namespace

LineScan ScanLinePortable(const char* begin, const char* limit, uint32_t* tab_offsets,
                          uint32_t capacity) {
  LineScan out;
  unsigned char high = 0;
  bool control = false;
  const char* p = begin;
  for (; p < limit; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') break;
    if (c == '\t') {
      Record(static_cast<uint32_t>(p - begin), tab_offsets, capacity, out.tabs);
    } else if (c < 0x20 && c != '\r') {
      control = true;
    }
    high = static_cast<unsigned char>(high | c);
  }
  out.end = p;
  out.non_ascii = high >= 0x80;
  out.control = control;
  return out;
}

#if defined(__SSE2__)

// Sixteen bytes per step: one compare each for newline, tab and CR, the sign bits for non-ASCII,
// and an unsigned min to find every byte <= 0x1F. Settlement rows are ~200-600 bytes with ~24
// tabs, so this touches each byte once and spends a few instructions per tab.
LineScan ScanLine(const char* begin, const char* limit, uint32_t* tab_offsets, uint32_t capacity) {
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i max_control = _mm_set1_epi8(0x1F);
  LineScan out;
  unsigned high = 0;
  unsigned control = 0;
  const char* p = begin;
  while (limit - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto nl_mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
    auto tab_mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab)));
    auto high_mask = static_cast<unsigned>(_mm_movemask_epi8(v));
    const auto cr_mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)));
    const auto low_mask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, max_control), v)));
    auto control_mask = low_mask & ~tab_mask & ~cr_mask & ~nl_mask;
    if (nl_mask != 0) {
      const unsigned before = (nl_mask & (0u - nl_mask)) - 1;  // bits below the first newline
      tab_mask &= before;
      high_mask &= before;
      control_mask &= before;
    }
    const auto base = static_cast<uint32_t>(p - begin);
    while (tab_mask != 0) {
      Record(base + static_cast<uint32_t>(__builtin_ctz(tab_mask)), tab_offsets, capacity, out.tabs);
      tab_mask &= tab_mask - 1;
    }
    high |= high_mask;
    control |= control_mask;
    if (nl_mask != 0) {
      out.end = p + __builtin_ctz(nl_mask);
      out.non_ascii = high != 0;
      out.control = control != 0;
      return out;
    }
    p += 16;
  }
  // The last few bytes, one at a time: never read past `limit`.
  for (; p < limit; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') break;
    if (c == '\t') {
      Record(static_cast<uint32_t>(p - begin), tab_offsets, capacity, out.tabs);
    } else if (c < 0x20 && c != '\r') {
      control = 1;
    }
    if (c >= 0x80) high = 1;
  }
  out.end = p;
  out.non_ascii = high != 0;
  out.control = control != 0;
  return out;
}

#else

LineScan ScanLine(const char* begin, const char* limit, uint32_t* tab_offsets, uint32_t capacity) {
  return ScanLinePortable(begin, limit, tab_offsets, capacity);
}

#endif

}  // namespace fbaflow::settlement
