#pragma once
// The orders benchmark's table: one row per figure with its target and verdict, detail lines
// under it, in the style of bench/run.sh's tables. Remembers whether any target was missed.

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace fbaflow::bench {

// 1234567.8 → "1,234,568".
inline std::string Grouped(double value) {
  std::string digits = fmt::format("{:.0f}", value);
  const size_t start = digits[0] == '-' ? 1 : 0;
  for (int at = static_cast<int>(digits.size()) - 3; at > static_cast<int>(start); at -= 3) {
    digits.insert(static_cast<size_t>(at), ",");
  }
  return digits;
}

class BenchTable {
 public:
  void Header() const { fmt::print("{:<52} {:>20}  {:<16} {}\n", "", "measured", "target", ""); }
  // A judged figure: PASS or FAIL.
  void Judged(const std::string& what, const std::string& measured, const std::string& target,
              bool pass) {
    fmt::print("{:<52} {:>20}  {:<16} {}\n", what, measured, target, pass ? "PASS" : "FAIL");
    if (!pass) failed_ = true;
  }
  // A figure printed for information, with no target.
  void Shown(const std::string& what, const std::string& measured, const std::string& note) const {
    fmt::print("{:<52} {:>20}  {}\n", what, measured, note);
  }
  // A part that could not run here: not a failure of fbaflow, but said plainly.
  void Skipped(const std::string& what, const std::string& why) const {
    fmt::print("{:<52} {:>20}  {}\n", what, "skipped", why);
  }
  // A part that ran and broke (an error, or a result that does not add up): a failure.
  void Broken(const std::string& what, const std::string& why) {
    fmt::print("{:<52} {:>20}  {}\n", what, "ERROR", why);
    failed_ = true;
  }
  void Detail(const std::string& text) const { fmt::print("    {}\n", text); }
  bool Failed() const { return failed_; }

 private:
  bool failed_ = false;
};

}  // namespace fbaflow::bench
