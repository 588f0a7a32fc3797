#include "core/settlement/line_scanner.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define FBAFLOW_SCAN_X86 1
#endif

namespace fbaflow::settlement {
namespace {

struct Scan {
  uint32_t count = 0;
  bool high = false;
  bool control = false;
};

inline void RecordTab(uint32_t offset, uint32_t* tab_offsets, uint32_t capacity, uint32_t& count) {
  if (count < capacity) tab_offsets[count] = offset;
  ++count;
}

// Bytes past the last full block, one at a time (never reads past `limit`).
inline LineScan FinishScalar(const char* begin, const char* p, const char* limit,
                             uint32_t* tab_offsets, uint32_t capacity, Scan s) {
  for (; p < limit; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') break;
    if (c == '\t') {
      RecordTab(static_cast<uint32_t>(p - begin), tab_offsets, capacity, s.count);
    } else if (c < 0x20 && c != '\r') {
      s.control = true;
    } else if (c >= 0x80) {
      s.high = true;
    }
  }
  LineScan out;
  out.end = p;
  out.tabs = s.count;
  out.non_ascii = s.high;
  out.control = s.control;
  return out;
}

#if defined(FBAFLOW_SCAN_X86)

// Records the tabs of one 64-byte block. A row has ~24 tabs in ~200 bytes, so this loop is most
// of the work: skip the capacity check whenever the whole block fits.
inline void RecordTabs(uint64_t mask, uint32_t base, uint32_t* tab_offsets, uint32_t capacity,
                       uint32_t& count) {
  if (count + 64 <= capacity) {
    while (mask != 0) {
      tab_offsets[count++] = base + static_cast<uint32_t>(__builtin_ctzll(mask));
      mask &= mask - 1;
    }
  } else {
    while (mask != 0) {
      RecordTab(base + static_cast<uint32_t>(__builtin_ctzll(mask)), tab_offsets, capacity, count);
      mask &= mask - 1;
    }
  }
}

// Handles a block that holds something other than printable ASCII and tabs: a line end, a CR,
// a non-ASCII or control byte. Returns true when the line ends in this block.
inline bool SpecialBlock(uint64_t tabs, uint64_t newlines, uint64_t high, uint64_t low,
                         uint64_t crs, const char* block, const char* begin, uint32_t* tab_offsets,
                         uint32_t capacity, Scan& s, LineScan& out) {
  const uint64_t before = newlines != 0 ? (newlines & (0 - newlines)) - 1 : ~uint64_t{0};
  RecordTabs(tabs & before, static_cast<uint32_t>(block - begin), tab_offsets, capacity, s.count);
  s.high = s.high || (high & before) != 0;
  s.control = s.control || (low & ~tabs & ~newlines & ~crs & before) != 0;
  if (newlines == 0) return false;
  out.end = block + __builtin_ctzll(newlines);
  out.tabs = s.count;
  out.non_ascii = s.high;
  out.control = s.control;
  return true;
}

inline uint64_t Mask16(__m128i v) { return static_cast<uint16_t>(_mm_movemask_epi8(v)); }

LineScan ScanSse2(const char* begin, const char* limit, uint32_t* tab_offsets, uint32_t capacity) {
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i max_control = _mm_set1_epi8(0x1F);
  Scan s;
  LineScan out;
  const char* p = begin;
  while (limit - p >= 64) {
    __m128i v[4];
    uint64_t tabs = 0, special = 0;
    for (int k = 0; k < 4; ++k) {
      v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      tabs |= Mask16(_mm_cmpeq_epi8(v[k], tab)) << (16 * k);
      // Signed compare: true for bytes below 0x20 and for every byte >= 0x80.
      special |= Mask16(_mm_cmplt_epi8(v[k], space)) << (16 * k);
    }
    if ((special & ~tabs) != 0) {
      uint64_t newlines = 0, high = 0, low = 0, crs = 0;
      for (int k = 0; k < 4; ++k) {
        newlines |= Mask16(_mm_cmpeq_epi8(v[k], newline)) << (16 * k);
        high |= Mask16(v[k]) << (16 * k);
        low |= Mask16(_mm_cmpeq_epi8(_mm_min_epu8(v[k], max_control), v[k])) << (16 * k);
        crs |= Mask16(_mm_cmpeq_epi8(v[k], cr)) << (16 * k);
      }
      if (SpecialBlock(tabs, newlines, high, low, crs, p, begin, tab_offsets, capacity, s, out))
        return out;
    } else {
      RecordTabs(tabs, static_cast<uint32_t>(p - begin), tab_offsets, capacity, s.count);
    }
    p += 64;
  }
  return FinishScalar(begin, p, limit, tab_offsets, capacity, s);
}

__attribute__((target("avx2"))) inline uint64_t Mask32x2(__m256i a, __m256i b) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(a)) |
         (static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(b))) << 32);
}

__attribute__((target("avx2"))) LineScan ScanAvx2(const char* begin, const char* limit,
                                                  uint32_t* tab_offsets, uint32_t capacity) {
  const __m256i tab = _mm256_set1_epi8('\t');
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i space = _mm256_set1_epi8(0x20);
  const __m256i max_control = _mm256_set1_epi8(0x1F);
  Scan s;
  LineScan out;
  const char* p = begin;
  while (limit - p >= 64) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    const uint64_t tabs = Mask32x2(_mm256_cmpeq_epi8(a, tab), _mm256_cmpeq_epi8(b, tab));
    // Signed compare: true for bytes below 0x20 and for every byte >= 0x80.
    const uint64_t special = Mask32x2(_mm256_cmpgt_epi8(space, a), _mm256_cmpgt_epi8(space, b));
    if ((special & ~tabs) != 0) {
      const uint64_t newlines =
          Mask32x2(_mm256_cmpeq_epi8(a, newline), _mm256_cmpeq_epi8(b, newline));
      const uint64_t high = Mask32x2(a, b);
      const uint64_t low = Mask32x2(_mm256_cmpeq_epi8(_mm256_min_epu8(a, max_control), a),
                                    _mm256_cmpeq_epi8(_mm256_min_epu8(b, max_control), b));
      const uint64_t crs = Mask32x2(_mm256_cmpeq_epi8(a, cr), _mm256_cmpeq_epi8(b, cr));
      if (SpecialBlock(tabs, newlines, high, low, crs, p, begin, tab_offsets, capacity, s, out))
        return out;
    } else {
      RecordTabs(tabs, static_cast<uint32_t>(p - begin), tab_offsets, capacity, s.count);
    }
    p += 64;
  }
  return FinishScalar(begin, p, limit, tab_offsets, capacity, s);
}

using ScanFn = LineScan (*)(const char*, const char*, uint32_t*, uint32_t);

ScanFn PickScanner() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") ? ScanAvx2 : ScanSse2;
}

#endif  // FBAFLOW_SCAN_X86

}  // namespace

LineScan ScanLinePortable(const char* begin, const char* limit, uint32_t* tab_offsets,
                          uint32_t capacity) {
  return FinishScalar(begin, begin, limit, tab_offsets, capacity, Scan{});
}

LineScan ScanLine(const char* begin, const char* limit, uint32_t* tab_offsets, uint32_t capacity) {
#if defined(FBAFLOW_SCAN_X86)
  static const ScanFn kScan = PickScanner();
  return kScan(begin, limit, tab_offsets, capacity);
#else
  return ScanLinePortable(begin, limit, tab_offsets, capacity);
#endif
}

LineScan ScanLineSse2ForTesting(const char* begin, const char* limit, uint32_t* tab_offsets,
                                uint32_t capacity) {
#if defined(FBAFLOW_SCAN_X86)
  return ScanSse2(begin, limit, tab_offsets, capacity);
#else
  return ScanLinePortable(begin, limit, tab_offsets, capacity);
#endif
}

}  // namespace fbaflow::settlement
