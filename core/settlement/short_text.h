#pragma once
// Equality and hashing of the short texts settlement rows are keyed by (settlement ids, dates,
// transaction and amount types: mostly under 40 bytes), without a call per comparison. Internal
// to the reader and the journal builder.

#include <cstdint>
#include <cstring>
#include <string_view>

namespace fbaflow::settlement {

namespace short_text_detail {
inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint32_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
}  // namespace short_text_detail

// a == b. Texts up to 16 bytes are compared with two overlapping loads each.
inline bool SameText(std::string_view a, std::string_view b) {
  using short_text_detail::Load4;
  using short_text_detail::Load8;
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n >= 8) {
    if (n > 16) return std::memcmp(x, y, n) == 0;
    return Load8(x) == Load8(y) && Load8(x + n - 8) == Load8(y + n - 8);
  }
  if (n >= 4) return Load4(x) == Load4(y) && Load4(x + n - 4) == Load4(y + n - 4);
  if (n == 0) return true;
  return x[0] == y[0] && x[n / 2] == y[n / 2] && x[n - 1] == y[n - 1];
}

// Mixes the length and up to the first and last eight bytes of `text` into `h`. Texts that differ
// only in their middle collide, which costs a comparison, never a wrong answer.
inline uint64_t MixShortText(uint64_t h, std::string_view text) {
  using short_text_detail::Load4;
  using short_text_detail::Load8;
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  const std::size_t n = text.size();
  const char* p = text.data();
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = Load8(p);
    b = Load8(p + n - 8);
  } else if (n >= 4) {
    a = Load4(p);
    b = Load4(p + n - 4);
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) | (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
        (uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
  }
  h = (h ^ a ^ (uint64_t{n} << 56)) * kMultiplier;
  h = (h ^ (h >> 29) ^ b) * kMultiplier;
  return h ^ (h >> 32);
}

}  // namespace fbaflow::settlement
