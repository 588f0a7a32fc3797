// A sweep over many generated files, each drawn at random from a seed: one to three settlements,
// every marketplace, layout, encoding and line end, with and without a byte-order mark and a
// final line end, damaged or clean, audit on or off, split by month or not. Reading with worker
// threads, in chunks of any size down to one line, with the bytes read or in place, the charset
// and decimal style learnt or forced, must give exactly what one thread gives.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/pipeline_test_support.h"
#include "engine/settlement_files_test_support.h"

namespace fbaflow::engine {
namespace {

using testing::Damage;
using testing::FileSpec;
using testing::Generate;
using testing::Join;
using testing::Lines;
using testing::RunOptions;
using testing::RunToText;

struct Drawn {
  std::string text;
  std::string what;  // how the file was drawn, for failure messages
  RunOptions run;
};

Drawn Draw(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&rng](uint64_t n) { return rng() % n; };
  constexpr sim::Marketplace kMarketplaces[] = {sim::Marketplace::kUS, sim::Marketplace::kUK,
                                                sim::Marketplace::kDE, sim::Marketplace::kFR};
  constexpr sim::FileLayout kLayouts[] = {sim::FileLayout::kV2, sim::FileLayout::kV2NoPromotionId,
                                          sim::FileLayout::kLegacy};
  FileSpec spec;
  spec.marketplace = kMarketplaces[pick(4)];
  spec.layout = kLayouts[pick(3)];
  spec.encoding = pick(3) == 0 ? sim::TextEncoding::kWindows1252 : sim::TextEncoding::kUtf8;
  spec.crlf = pick(2) == 0;
  spec.bom = spec.encoding == sim::TextEncoding::kUtf8 && pick(3) == 0;
  const uint64_t settlements = 1 + pick(3);
  const int damage = pick(2) == 0 ? 0 : static_cast<int>(1 + pick(8));
  const bool final_line_end = pick(4) != 0;

  Drawn drawn;
  for (uint64_t i = 0; i < settlements; ++i) {
    spec.rows = 1 + pick(i == 0 ? 2500 : 800);
    spec.seed = seed * 10 + i;
    spec.settlement_id = std::to_string(30000000000 + seed * 10 + i);
    // Now and then a settlement of another marketplace follows (another currency and style).
    if (i > 0 && pick(4) == 0) spec.marketplace = kMarketplaces[pick(4)];
    std::string text = Generate(spec);
    if (damage > 0) text = Damage(text, seed + i, damage);
    const std::vector<std::string> lines = Lines(text);
    drawn.text += Join({lines.begin() + (i == 0 ? 0 : 1), lines.end()});  // one header
  }
  if (!final_line_end) {
    while (!drawn.text.empty() && (drawn.text.back() == '\n' || drawn.text.back() == '\r')) {
      drawn.text.pop_back();
    }
  }
  drawn.run.audit = pick(2) == 0;
  // Now and then the charset or the decimal style is forced, rightly or wrongly.
  constexpr Charset kCharsets[] = {Charset::kAuto, Charset::kAuto, Charset::kUtf8,
                                   Charset::kWindows1252};
  constexpr DecimalStyle kStyles[] = {DecimalStyle::kUnknown, DecimalStyle::kUnknown,
                                      DecimalStyle::kDotDecimal, DecimalStyle::kCommaDecimal};
  drawn.run.reader.charset = kCharsets[pick(4)];
  drawn.run.reader.decimal_style = kStyles[pick(4)];
  drawn.run.split = pick(3) == 0 ? settlement::SplitMode::kNone : settlement::SplitMode::kMonth;
  drawn.what = "seed " + std::to_string(seed) + ": " + std::to_string(settlements) +
               " settlement(s), marketplace " + std::to_string(static_cast<int>(spec.marketplace)) +
               ", layout " + std::string(sim::FileLayoutName(spec.layout)) + ", encoding " +
               std::to_string(static_cast<int>(spec.encoding)) + ", crlf " +
               std::to_string(spec.crlf) + ", bom " + std::to_string(spec.bom) + ", damage " +
               std::to_string(damage) + "%, final line end " + std::to_string(final_line_end) +
               ", audit " + std::to_string(drawn.run.audit) + ", charset " +
               std::to_string(static_cast<int>(drawn.run.reader.charset)) + ", decimal style " +
               std::string(DecimalStyleName(drawn.run.reader.decimal_style));
  return drawn;
}

TEST(ParallelEquivalence, ManyDrawnFilesReadTheSameWithWorkers) {
  constexpr uint64_t kFiles = 60;
  uint64_t forked = 0;
  for (uint64_t seed = 1; seed <= kFiles; ++seed) {
    const Drawn drawn = Draw(seed);
    RunOptions one = drawn.run;
    one.threads = 1;
    const std::string expected = RunToText(drawn.text, one);
    std::mt19937_64 rng(seed ^ 0x5EEDULL);
    const std::size_t sizes[] = {1, 1 + rng() % 3000, 0};
    for (const std::size_t chunk : sizes) {
      RunOptions run = drawn.run;
      run.threads = 2 + static_cast<int>(rng() % 3);
      run.chunk_bytes = chunk;
      run.max_read = rng() % 4 == 0 ? 1 + rng() % 5000 : 0;  // short reads, as from a pipe
      run.in_place = rng() % 2 == 0;                         // as a mapped file
      ParallelReadStats stats;
      ASSERT_EQ(RunToText(drawn.text, run, &stats), expected)
          << drawn.what << "; " << run.threads << " threads, chunks of " << chunk << ", reads of "
          << run.max_read << ", in place " << run.in_place;
      if (chunk == 1 && stats.chunks_in_parallel > 0) ++forked;
    }
  }
  // The sweep must exercise the workers, not only the hand-backs.
  EXPECT_GT(forked, kFiles / 3);
}

}  // namespace
}  // namespace fbaflow::engine
