#pragma once
// SeededRandom: a small, fast pseudo-random generator whose output depends only on its seed.
//
// The simulators must produce the same bytes for the same seed on every machine, compiler and
// standard library, so they never use <random>'s distributions (whose algorithms are left to the
// implementation). This is xoshiro256** seeded through SplitMix64, with integer-only helpers.
// Not for cryptography. Values, not thread-safe: one per thread.

#include <cstdint>

namespace fbaflow::sim {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& word : s_) word = SplitMix64(x);
  }

  // SplitMix64 step: advances `state` and returns a well-mixed value. Also a good hash of a seed.
  static uint64_t SplitMix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. (The modulo bias, below 2^-40 for the small n used here, is
  // irrelevant to a simulation.)
  uint64_t Below(uint64_t n) { return Next() % n; }

  // Uniform in [lo, hi]; lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability per_million / 1,000,000.
  bool Chance(uint32_t per_million) { return Below(1'000'000) < per_million; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace fbaflow::sim
