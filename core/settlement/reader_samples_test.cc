// SettlementReader on the real settlement files in ../shared/samples (skipped when absent): every
// detail row accounted for, no rejects, and the entries sum exactly to the summary's total.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <tuple>

#include "core/settlement/reader.h"
#include "core/settlement/recording_sink.h"

namespace fbaflow::settlement {
namespace {

struct Sample {
  std::string file;
  Format format;
  int columns;
  std::string total;
  std::string currency;
  DecimalStyle style;
  std::string date_style;
};

void PrintTo(const Sample& sample, std::ostream* os) { *os << sample.file; }

const std::vector<Sample>& Samples() {
  static const std::vector<Sample> kSamples = {
      {"v2-flatfile_UK_GBP_23395380562.txt", Format::kV2, 24, "253.43", "GBP",
       DecimalStyle::kDotDecimal, "DD.MM.YYYY HH:MM:SS UTC"},
      {"v2-flatfile_FR_EUR_23347038192.txt", Format::kV2, 24, "0.00", "EUR",
       DecimalStyle::kCommaDecimal, "DD.MM.YYYY HH:MM:SS UTC"},
      {"legacy-flatfile_CA_CAD_50044020356.txt", Format::kLegacy, 36, "4630.23", "CAD",
       DecimalStyle::kDotDecimal, "YYYY-MM-DDTHH:MM:SS+HH:MM"},
      {"legacy-flatfile_CA_CAD_50051020370.txt", Format::kLegacy, 36, "3894.24", "CAD",
       DecimalStyle::kDotDecimal, "YYYY-MM-DDTHH:MM:SS+HH:MM"},
  };
  return kSamples;
}

std::string SamplePath(const std::string& file) {
  return std::string(FBAFLOW_SAMPLES_DIR) + "/" + file;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

class RealFiles : public ::testing::TestWithParam<Sample> {};

TEST_P(RealFiles, EveryRowIsAccountedForAndSumsToTheTotal) {
  const Sample& sample = GetParam();
  std::string bytes;
  if (!ReadFile(SamplePath(sample.file), &bytes)) GTEST_SKIP() << "no " << SamplePath(sample.file);

  ReaderOptions options;
  options.source_name = sample.file;
  ReadResult r = ReadAll(bytes, options, 65536);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, sample.format);
  EXPECT_EQ(r.info.columns, sample.columns);
  EXPECT_EQ(r.info.decimal_style, sample.style);
  EXPECT_EQ(r.info.date_style, sample.date_style);
  EXPECT_FALSE(r.info.crlf);
  EXPECT_EQ(r.info.windows1252_lines, 0u);

  ASSERT_EQ(r.sink.summaries.size(), 1u);
  const Summary& summary = r.sink.summaries[0];
  EXPECT_EQ(summary.total.ToString(), sample.total);
  EXPECT_EQ(summary.currency.Code(), sample.currency);
  EXPECT_TRUE(r.sink.rejects.empty()) << r.sink.rejects[0].reason;

  // Every detail line (all but the header and the summary) is in exactly one bucket.
  const uint64_t lines = static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  EXPECT_EQ(r.info.lines, lines);
  std::set<uint64_t> seen;
  for (const OwnedEntry& e : r.sink.entries) seen.insert(e.line);
  for (uint64_t n : r.sink.non_monetary) EXPECT_TRUE(seen.insert(n).second) << n;
  for (const Reject& j : r.sink.rejects) EXPECT_TRUE(seen.insert(j.line).second) << j.line;
  EXPECT_EQ(seen.size(), lines - 2);
  EXPECT_EQ(*seen.begin(), 3u);
  EXPECT_EQ(*seen.rbegin(), lines);

  Money sum = Money::Zero(summary.currency);
  for (const OwnedEntry& e : r.sink.entries) {
    sum += e.amount;
    EXPECT_LE(summary.start.UtcDate(), e.posted_date) << e.line;
    EXPECT_LE(e.posted_date, summary.end.UtcDate()) << e.line;
  }
  EXPECT_EQ(sum, summary.total) << sample.file << ": rows sum to " << sum.ToString();

  // Byte-by-byte feeding changes nothing.
  EXPECT_EQ(ReadAll(bytes, options, 1).Dump(), r.Dump());
}

INSTANTIATE_TEST_SUITE_P(Samples, RealFiles, ::testing::ValuesIn(Samples()),
                         [](const ::testing::TestParamInfo<Sample>& param) {
                           std::string name =
                               param.param.file.substr(0, param.param.file.find('.'));
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// The keys the reader produces from the real files are exactly those the reference lists for
// them: V2 (transaction-type, amount-type, amount-description) and legacy (transaction-type,
// column naming the kind, its value).
TEST(RealFiles, KeysMatchTheObservedValuesReference) {
  std::string reference;
  if (!ReadFile(std::string(FBAFLOW_SHARED_DIR) + "/reference/settlement-observed-values.tsv",
                &reference)) {
    GTEST_SKIP() << "no observed-values reference";
  }
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::set<Key> expected;
  std::istringstream lines(reference);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::size_t at = 0;
    while (true) {
      const std::size_t tab = line.find('\t', at);
      f.push_back(line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    ASSERT_EQ(f.size(), 6u) << line;
    const bool in_samples = f[5].find("V2-FR") != std::string::npos ||
                            f[5].find("V2-UK") != std::string::npos ||
                            f[5].find("LEGACY-CA") != std::string::npos;
    if (!in_samples || f[2] == "(quantity-only row)") continue;
    expected.insert({f[0] == "V2" ? "v2" : "legacy", f[1], f[2], f[3]});
  }
  std::set<Key> found;
  for (const Sample& sample : Samples()) {
    std::string bytes;
    if (!ReadFile(SamplePath(sample.file), &bytes)) GTEST_SKIP() << "no " << sample.file;
    ReadResult r = ReadAll(bytes);
    ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
    for (const OwnedEntry& e : r.sink.entries) {
      found.insert({std::string(FormatName(r.info.format)), e.transaction_type, e.amount_type,
                    e.amount_description});
    }
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
}  // namespace fbaflow::settlement
