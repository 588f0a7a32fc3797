#pragma once
// Rng: the emulator's deterministic random numbers.
//
// SplitMix64 with hand-written distributions, so a seed gives the same sequence with every
// compiler and standard library (std::uniform_int_distribution and friends are not specified
// bit-for-bit). Never used for anything secret. Thread-compatible: one owner at a time.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace fbaflow::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n); n must be positive.
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }

  // Uniform in [lo, hi] (inclusive).
  int64_t Range(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability p (p <= 0 never, p >= 1 always).
  bool Chance(double p) {
    if (p <= 0.0) return false;
    if (p >= 1.0) return true;
    return Unit() < p;
  }

  // Exponentially distributed with the given mean (inter-arrival times of a Poisson process).
  double Exponential(double mean) { return -mean * std::log(1.0 - Unit()); }

  // `n` characters drawn from `alphabet`.
  std::string Chars(std::string_view alphabet, int n) {
    std::string out;
    out.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) out.push_back(alphabet[Below(alphabet.size())]);
    return out;
  }
  std::string Digits(int n) { return Chars("0123456789", n); }
  std::string UpperAlnum(int n) { return Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n); }
  std::string Hex(int n) { return Chars("0123456789abcdef", n); }
  // A random version-4-shaped UUID ("8-4-4-4-12" hex digits), drawn left to right.
  std::string Uuid() {
    std::string out = Hex(8);
    for (int n : {4, 4, 4, 12}) {
      out += '-';
      out += Hex(n);
    }
    return out;
  }

  // A derived generator: same parent state and `salt` give the same child.
  Rng Fork(uint64_t salt) { return Rng(Next() ^ (salt * 0xD1B54A32D192ED03ULL)); }

 private:
  uint64_t state_;
};

}  // namespace fbaflow::sim
