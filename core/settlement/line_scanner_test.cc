#include "core/settlement/line_scanner.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace fbaflow::settlement {
namespace {

struct Scanned {
  std::size_t length;
  uint32_t tabs;
  std::vector<uint32_t> offsets;
  bool non_ascii;
  bool control;
  friend bool operator==(const Scanned&, const Scanned&) = default;
};

template <typename F>
Scanned ScanWith(F scan, const std::string& s, uint32_t capacity) {
  std::vector<uint32_t> offsets(capacity + 1, 0xFFFFFFFF);
  const LineScan r = scan(s.data(), s.data() + s.size(), offsets.data(), capacity);
  offsets.resize(std::min(r.tabs, capacity));
  return {static_cast<std::size_t>(r.end - s.data()), r.tabs, offsets, r.non_ascii, r.control};
}

Scanned Fast(const std::string& s, uint32_t capacity = 64) {
  return ScanWith(ScanLine, s, capacity);
}

TEST(LineScanner, FindsTheLineEndTabsAndFlags) {
  Scanned a = Fast("ab\tc\t\td\nnext\tline");
  EXPECT_EQ(a.length, 7u);
  EXPECT_EQ(a.tabs, 3u);
  EXPECT_EQ(a.offsets, (std::vector<uint32_t>{2, 4, 5}));
  EXPECT_FALSE(a.non_ascii);
  EXPECT_FALSE(a.control);

  Scanned none = Fast("no line end here\tat all");
  EXPECT_EQ(none.length, 23u);
  EXPECT_EQ(none.tabs, 1u);

  EXPECT_TRUE(Fast("Caf\xE9\n").non_ascii);
  EXPECT_FALSE(Fast("ok\n\xE9").non_ascii);  // after the line end: not this line
  EXPECT_TRUE(Fast(std::string("a\0b", 3)).control);
  EXPECT_FALSE(Fast("crlf line\r\n").control);
  EXPECT_TRUE(Fast(std::string(40, 'x') + "\x1b" + "\n").control);
}

TEST(LineScanner, CountsTabsBeyondCapacity) {
  Scanned s = Fast("\t\t\t\t\t\n", 2);
  EXPECT_EQ(s.tabs, 5u);
  EXPECT_EQ(s.offsets, (std::vector<uint32_t>{0, 1}));
}

TEST(LineScanner, VectorAndPortableVersionsAgree) {
  std::mt19937 rng(1);
  const char alphabet[] = {'a',  '1',    '\t',   '\t',   '\n',   '\r',
                           '\0', '\x1f', '\x7f', '\x80', '\xe9', ' '};
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 300, 'x');
    const auto density = 1 + rng() % 40;
    for (char& c : s) {
      if (rng() % density == 0) c = alphabet[rng() % sizeof alphabet];
    }
    const auto capacity = static_cast<uint32_t>(rng() % 4 == 0 ? rng() % 100 : 512);
    const Scanned reference = ScanWith(ScanLinePortable, s, capacity);
    ASSERT_EQ(ScanWith(ScanLine, s, capacity), reference) << round;
    ASSERT_EQ(ScanWith(ScanLineSse2ForTesting, s, capacity), reference) << round;
  }
}

}  // namespace
}  // namespace fbaflow::settlement
