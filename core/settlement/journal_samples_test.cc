// The whole settlement path on the real files in ../shared/samples (skipped when absent): reader,
// built-in rules, journals and the hledger check. Every sample ties to its deposit, every row is
// on a line, and the built-in rules leave nothing unmapped.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/settlement/export.h"
#include "core/settlement/journal.h"
#include "core/settlement/reader.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {
namespace {

struct SampleFile {
  std::string file;
  std::string currency;
};

void PrintTo(const SampleFile& sample, std::ostream* os) { *os << sample.file; }

const std::vector<SampleFile>& SampleFiles() {
  static const std::vector<SampleFile> kFiles = {
      {"v2-flatfile_UK_GBP_23395380562.txt", "GBP"},
      {"v2-flatfile_FR_EUR_23347038192.txt", "EUR"},
      {"legacy-flatfile_CA_CAD_50044020356.txt", "CAD"},
      {"legacy-flatfile_CA_CAD_50051020370.txt", "CAD"},
  };
  return kFiles;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

int RunQuiet(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output->append(buffer.data(), n);
  return pclose(pipe);
}

class SampleJournals : public ::testing::TestWithParam<SampleFile> {};

TEST_P(SampleJournals, TieToTheDepositWithEveryRowOnALine) {
  const SampleFile& sample = GetParam();
  const std::string path = std::string(FBAFLOW_SAMPLES_DIR) + "/" + sample.file;
  std::string bytes;
  if (!ReadFile(path, &bytes)) GTEST_SKIP() << "no " << path;

  auto currency = Currency::FromCode(sample.currency);
  ASSERT_TRUE(currency.Ok());
  auto rules = RuleSet::Builtin(RuleSet::DefaultBuiltinFor(*currency));
  ASSERT_TRUE(rules.Ok()) << rules.GetStatus().ToString();

  for (const SplitMode split : {SplitMode::kMonth, SplitMode::kNone}) {
    JournalBuilder builder(*rules, {.split = split, .keep_audit = true});
    SettlementReader reader({.source_name = sample.file}, builder);
    ASSERT_TRUE(reader.Feed(bytes).Ok());
    ASSERT_TRUE(reader.Finish().Ok());
    const auto settlements = builder.Finish();
    ASSERT_EQ(settlements.size(), 1U);
    const SettlementJournals& s = settlements[0];

    EXPECT_EQ(s.status, SettlementStatus::kReady)
        << (s.holds.empty() ? "" : s.holds[0].code + ": " + s.holds[0].message);
    EXPECT_EQ(s.rows_sum, s.summary.total);
    EXPECT_TRUE(s.exceptions.empty());
    EXPECT_EQ(s.audit.size(), s.entries);
    uint64_t line_rows = 0;
    Money clearing = Money::Zero(*currency);
    for (const Journal& journal : s.journals) {
      Money sum = Money::Zero(*currency);
      for (const JournalLine& line : journal.lines) {
        sum += line.amount;
        line_rows += line.rows;
        if (line.kind == LineKind::kClearing) clearing += line.amount;
      }
      EXPECT_TRUE(sum.IsZero()) << journal.narration;
    }
    EXPECT_EQ(line_rows, s.entries);
    EXPECT_EQ(clearing, s.summary.total);

    if (std::system("command -v hledger >/dev/null 2>&1") != 0) continue;
    std::ostringstream text;
    WriteHledger(settlements, text);
    const std::filesystem::path journal_path =
        std::filesystem::path(::testing::TempDir()) / (sample.file + ".journal");
    std::ofstream(journal_path) << text.str();
    std::string output;
    EXPECT_EQ(RunQuiet("hledger -f '" + journal_path.string() + "' check --strict", &output), 0)
        << output;
    output.clear();
    EXPECT_EQ(RunQuiet("hledger -f '" + journal_path.string() +
                           "' bal '^assets:Amazon Clearing$' --flat --no-total",
                       &output),
              0);
    if (!s.summary.total.IsZero()) {
      EXPECT_THAT(output, ::testing::HasSubstr(s.summary.total.ToString() + " " +
                                               std::string(currency->Code())));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(RealFiles, SampleJournals, ::testing::ValuesIn(SampleFiles()));

}  // namespace
}  // namespace fbaflow::settlement
