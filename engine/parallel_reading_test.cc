// Reading with worker threads gives exactly what reading on one thread gives: the JSON of every
// settlement (journals, holds, exceptions with first lines, families, rejects with lines and
// raw text), the file information, the audit trail, and the errors, over generated files of
// every marketplace and layout, damaged files, and the real samples; with chunks small enough to
// put a chunk boundary at every line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/pipeline_test_support.h"
#include "engine/settlement_files_test_support.h"

namespace fbaflow::engine {
namespace {

using ::testing::AllOf;
using testing::Damage;
using testing::FileSpec;
using testing::Generate;
using ::testing::HasSubstr;
using testing::Join;
using testing::Lines;
using testing::ReplaceField;
using testing::RunOptions;
using testing::RunToText;
using ::testing::StartsWith;

// Runs `text` on one thread and with workers, and expects the same outcome.
void ExpectSameAsOneThread(const std::string& text, const std::string& what,
                           std::vector<std::size_t> chunk_sizes = {1, 333, 0},
                           std::vector<int> threads = {2},
                           ParallelReadStats* last_stats = nullptr) {
  RunOptions one;
  one.threads = 1;
  const std::string expected = RunToText(text, one);
  one.in_place = true;
  ASSERT_EQ(RunToText(text, one), expected) << what << ": one thread, bytes in place";
  for (const int n : threads) {
    for (const std::size_t chunk : chunk_sizes) {
      for (const bool in_place : {true, false}) {
        RunOptions run;
        run.threads = n;
        run.chunk_bytes = chunk;
        run.in_place = in_place;
        ParallelReadStats stats;
        const std::string actual = RunToText(text, run, &stats);
        ASSERT_EQ(actual, expected) << what << ": " << n << " threads, chunks of " << chunk
                                    << (in_place ? ", bytes in place" : ", bytes read");
        if (last_stats != nullptr) *last_stats = stats;
      }
    }
  }
}

TEST(ParallelReading, GeneratedFilesOfEveryMarketplaceAndLayout) {
  int parallel_runs = 0;
  for (const auto marketplace : {sim::Marketplace::kUS, sim::Marketplace::kUK,
                                 sim::Marketplace::kDE, sim::Marketplace::kFR}) {
    for (const auto layout :
         {sim::FileLayout::kV2, sim::FileLayout::kV2NoPromotionId, sim::FileLayout::kLegacy}) {
      for (const uint64_t rows : {1UL, 40UL, 2500UL}) {
        FileSpec spec;
        spec.marketplace = marketplace;
        spec.layout = layout;
        spec.rows = rows;
        spec.seed = rows * 7 + static_cast<uint64_t>(marketplace);
        const std::string text = Generate(spec);
        const std::string what = std::string(sim::FileLayoutName(layout)) + " file of " +
                                 std::to_string(rows) + " rows, marketplace " +
                                 std::to_string(static_cast<int>(marketplace));
        ParallelReadStats stats;
        ExpectSameAsOneThread(text, what, {1, 333, 0}, {2}, &stats);
        if (rows >= 2500) {
          // The default chunks of a file this small: the first one is read on the caller's
          // thread, the others by the workers.
          RunOptions run;
          run.threads = 3;
          run.chunk_bytes = 4096;
          ASSERT_THAT(RunToText(text, run, &stats), StartsWith("{"));
          EXPECT_EQ(stats.threads, 3) << what;
          EXPECT_GT(stats.chunks_in_parallel, 10U) << what;
          EXPECT_FALSE(stats.handed_back) << what;
          ++parallel_runs;
        }
      }
    }
  }
  EXPECT_EQ(parallel_runs, 12);
}

TEST(ParallelReading, LineEndsEncodingsAndByteOrderMarks) {
  for (const bool crlf : {false, true}) {
    for (const auto encoding : {sim::TextEncoding::kUtf8, sim::TextEncoding::kWindows1252}) {
      for (const auto marketplace : {sim::Marketplace::kUK, sim::Marketplace::kDE}) {
        FileSpec spec;
        spec.marketplace = marketplace;
        spec.rows = 1500;
        spec.seed = 11;
        spec.crlf = crlf;
        spec.encoding = encoding;
        spec.bom = encoding == sim::TextEncoding::kUtf8 && crlf;
        const std::string text = Generate(spec);
        ExpectSameAsOneThread(text, "crlf " + std::to_string(crlf) + " encoding " +
                                        std::to_string(static_cast<int>(encoding)));
      }
    }
  }
}

TEST(ParallelReading, RejectsBlankLinesAndUnmappedFeesAnywhere) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    FileSpec spec;
    spec.marketplace = seed % 2 == 0 ? sim::Marketplace::kFR : sim::Marketplace::kUS;
    spec.rows = 1200;
    spec.seed = seed;
    spec.crlf = seed % 3 == 0;
    const std::string text = Damage(Generate(spec), seed, 3 + static_cast<int>(seed));
    RunOptions one;
    one.threads = 1;
    const std::string expected = RunToText(text, one);
    ASSERT_THAT(expected, HasSubstr("\"rejected_rows\":"));
    ASSERT_THAT(expected, HasSubstr("unmapped_fee_type"));
    ExpectSameAsOneThread(text, "damaged file " + std::to_string(seed), {1, 50, 777, 0}, {2, 4});
  }
}

TEST(ParallelReading, ShortReadsAsFromAPipe) {
  FileSpec spec;
  spec.rows = 2000;
  const std::string text = Damage(Generate(spec), 5, 4);
  RunOptions one;
  one.threads = 1;
  const std::string expected = RunToText(text, one);
  for (const std::size_t max_read : {1UL, 100UL, 5000UL}) {
    RunOptions run;
    run.threads = 2;
    run.chunk_bytes = 1000;
    run.max_read = max_read;
    EXPECT_EQ(RunToText(text, run), expected) << "reads of " << max_read;
  }
}

TEST(ParallelReading, EachSettlementOfACombinedFileIsReadByTheWorkers) {
  std::string text;
  for (int i = 0; i < 3; ++i) {
    FileSpec spec;
    spec.rows = 1500;
    spec.seed = 3 + static_cast<uint64_t>(i);
    spec.settlement_id = std::string(11, static_cast<char>('1' + i));
    const std::vector<std::string> lines = Lines(Generate(spec));
    text += Join({lines.begin() + (i == 0 ? 0 : 1), lines.end()});  // one header
  }
  ParallelReadStats stats;
  ExpectSameAsOneThread(text, "three settlements", {1, 333, 4096}, {2}, &stats);
  EXPECT_TRUE(stats.handed_back);
  // The workers stop at each summary row and start again after it.
  EXPECT_EQ(stats.forks, 3);
  EXPECT_GT(stats.chunks_in_parallel, 3U * 20U);
  RunOptions one;
  EXPECT_THAT(RunToText(text, one), HasSubstr("\"settlement_id\":\"33333333333\""));
}

TEST(ParallelReading, ErrorsThatEndTheReadingAreTheSameErrors) {
  FileSpec spec;
  spec.rows = 1500;
  const std::string good = Generate(spec);
  std::vector<std::string> lines = Lines(good);

  // Binary data in the middle of the file.
  std::vector<std::string> binary = lines;
  binary[900] = std::string("\0\0\0garbage\n", 11);
  ExpectSameAsOneThread(Join(binary), "NUL bytes");
  RunOptions one;
  EXPECT_THAT(RunToText(Join(binary), one), HasSubstr("test.tsv:901: column 1: NUL byte"));

  // Cut off in the middle of the last row.
  const std::string cut = good.substr(0, good.size() - 30);
  ExpectSameAsOneThread(cut, "truncated");
  EXPECT_THAT(RunToText(cut, one), HasSubstr("truncated at line"));

  // No line end after the last row: still a whole file.
  ExpectSameAsOneThread(good.substr(0, good.size() - 1), "no final line end");

  // A read failure: what came before it is read first, as on one thread.
  for (const std::size_t fail_at : {std::size_t{100}, good.size() / 2}) {
    RunOptions failing_one;
    failing_one.fail_at = fail_at;
    const std::string expected = RunToText(good, failing_one);
    EXPECT_THAT(expected, HasSubstr("read failed"));
    RunOptions failing;
    failing.threads = 2;
    failing.chunk_bytes = 777;
    failing.fail_at = fail_at;
    EXPECT_EQ(RunToText(good, failing), expected) << fail_at;
  }
}

TEST(ParallelReading, ALineLongerThanAMebibyteIsReadOnOneThread) {
  FileSpec spec;
  spec.rows = 1500;
  std::vector<std::string> lines = Lines(Generate(spec));
  lines[700] = std::string(3 << 20, 'x') + "\n";
  ParallelReadStats stats;
  ExpectSameAsOneThread(Join(lines), "long line", {333, 0}, {2}, &stats);
  EXPECT_TRUE(stats.handed_back);
}

TEST(ParallelReading, AmountsBeyondTheBoundAreReadOnOneThread) {
  FileSpec spec;
  spec.rows = 600;
  std::vector<std::string> lines = Lines(Generate(spec));
  // Huge amounts that cancel out: past the bound on a settlement's sums after ten of them, where
  // only one pass knows which are taken and which rejected.
  for (int i = 0; i < 400; ++i) {
    std::string big = lines[5];
    ReplaceField(big, 14, i % 2 == 0 ? "999999999999999.99" : "-999999999999999.99");
    lines.insert(lines.begin() + 300, big);
  }
  ParallelReadStats stats;
  ExpectSameAsOneThread(Join(lines), "huge amounts", {333, 5000}, {2}, &stats);
  EXPECT_TRUE(stats.handed_back);

  // Sums that would pass 64 bits (they used to end the process): the same rejects both ways.
  std::vector<std::string> overflow = lines;
  for (std::string& line : overflow) {
    const std::size_t at = line.find("\t-999999999999999.99\t");
    if (at != std::string::npos) line.replace(at, 21, "\t99999999999999999.99\t");
  }
  ExpectSameAsOneThread(Join(overflow), "overflowing amounts", {500}, {2}, &stats);
  RunOptions one;
  one.threads = 1;
  EXPECT_THAT(RunToText(Join(overflow), one),
              AllOf(HasSubstr("beyond 10000000000000000.00"), HasSubstr("rejected_rows")));
}

TEST(ParallelReading, ForksOnceTheDecimalStyleIsKnown) {
  FileSpec spec;
  spec.marketplace = sim::Marketplace::kDE;
  spec.rows = 800;
  std::vector<std::string> lines = Lines(Generate(spec));
  // A total and first rows that prove no decimal style ("0", whole numbers).

  ReplaceField(lines[1], 4, "0");                                        // total-amount
  for (std::size_t i = 2; i < 60; ++i) ReplaceField(lines[i], 14, "5");  // amount
  const std::string text = Join(lines);
  ParallelReadStats stats;
  ExpectSameAsOneThread(text, "decimal style learnt late", {1, 100, 2000}, {2}, &stats);
  EXPECT_EQ(stats.threads, 2);
  EXPECT_GT(stats.chunks_in_parallel, 0U);
}

TEST(ParallelReading, AuditTrailAndReadOptionsToo) {
  FileSpec spec;
  spec.marketplace = sim::Marketplace::kUK;
  spec.layout = sim::FileLayout::kLegacy;
  spec.rows = 1200;
  spec.encoding = sim::TextEncoding::kWindows1252;
  const std::string text = Damage(Generate(spec), 9, 3);
  for (const Charset charset : {Charset::kAuto, Charset::kUtf8, Charset::kWindows1252}) {
    RunOptions one;
    one.reader.charset = charset;
    const std::string expected = RunToText(text, one);
    ASSERT_THAT(expected, HasSubstr("--- audit"));
    for (const std::size_t chunk : {1UL, 400UL}) {
      RunOptions run = one;
      run.threads = 3;
      run.chunk_bytes = chunk;
      EXPECT_EQ(RunToText(text, run), expected)
          << "charset " << static_cast<int>(charset) << ", chunks of " << chunk;
    }
  }
}

TEST(ParallelReading, ThreadCounts) {
  EXPECT_EQ(EffectiveThreads(1), 1);
  EXPECT_EQ(EffectiveThreads(3), 3);
  EXPECT_EQ(EffectiveThreads(1000), 8);
  const int automatic = EffectiveThreads(0);
  EXPECT_GE(automatic, 1);
  EXPECT_LE(automatic, 8);
  EXPECT_EQ(EffectiveThreads(-1), automatic);
}

TEST(ParallelReading, RealSamples) {
  const std::filesystem::path dir = FBAFLOW_SAMPLES_DIR;
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no samples at " << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt" || entry.path().filename() == "README.txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    ExpectSameAsOneThread(bytes.str(), entry.path().filename().string(), {1, 64, 4096, 0}, {2, 3});
    ++files;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace fbaflow::engine
