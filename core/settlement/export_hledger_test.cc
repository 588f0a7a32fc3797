// The hledger output is checked by the real hledger (Debian package): it must accept the journal
// and the clearing account's balance must equal the deposits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/settlement/export.h"
#include "core/settlement/journal_test_support.h"
#include "core/settlement/random_settlement_test_support.h"

namespace fbaflow::settlement {
namespace {

using ::testing::HasSubstr;
using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)

bool HaveHledger() { return std::system("command -v hledger >/dev/null 2>&1") == 0; }

struct CommandRun {
  int status = -1;
  std::string output;
};

// Runs a shell command (arguments are test-controlled paths and fixed words) and captures
// stdout and stderr.
CommandRun RunCommand(const std::string& command) {
  CommandRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.output.append(buffer.data(), n);
  run.status = pclose(pipe);
  return run;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string Hledger(const std::vector<SettlementJournals>& settlements) {
  std::ostringstream out;
  WriteHledger(settlements, out);
  return out.str();
}

// `hledger bal` on the clearing account, as "amount commodity" strings per commodity.
std::map<std::string, std::string> ClearingBalance(const std::string& path) {
  const CommandRun run = RunCommand(
      "hledger -f '" + path + "' bal '^assets:Amazon Clearing$' --flat --no-total --no-elide");
  EXPECT_EQ(run.status, 0) << run.output;
  std::map<std::string, std::string> balances;
  std::istringstream lines(run.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string amount;
    std::string commodity;
    if (words >> amount >> commodity) balances[commodity] = amount;
  }
  return balances;
}

std::vector<SettlementJournals> Mixed() {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  // Held: two months, an unmapped fee, 0.03 unexplained.
  feeder.Summarise(
      MakeSummary("23395380562", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 25343));
  feeder.Add(Principal(30000, D(2024, 10, 30)));
  feeder.Add(FbaFee(-4000, D(2024, 11, 2), "Non-Amazon UK"));
  feeder.Add(
      {"Order", "NewFeeType", "Fee; with \"odd\" text", "Amazon.co.uk", D(2024, 11, 3), -660});
  // Ready, negative.
  feeder.Summarise(
      MakeSummary("23395380999", D(2024, 11, 8), D(2024, 11, 22), D(2024, 11, 24), -1500));
  feeder.Add({"Refund", "ItemPrice", "Principal", "Amazon.co.uk", D(2024, 11, 10), -1500});
  // Ready, JPY.
  feeder.Summarise(
      MakeSummary("5001", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 2680, "JPY"));
  feeder.Add(Principal(3000, D(2024, 11, 2), "Amazon.co.jp"));
  feeder.Add(FbaFee(-320, D(2024, 11, 2), "Amazon.co.jp"));
  return builder.Finish();
}

TEST(WriteHledgerTest, TextShape) {
  const std::string text = Hledger(Mixed());
  EXPECT_THAT(text, HasSubstr("commodity 1000.00 GBP\n"));
  EXPECT_THAT(text, HasSubstr("commodity 1000. JPY\n"));
  EXPECT_THAT(text, HasSubstr("account assets:Amazon Clearing  ; type: A\n"));
  EXPECT_THAT(text, HasSubstr("account income:Amazon Sales  ; type: R\n"));
  EXPECT_THAT(text, HasSubstr("account liabilities:Amazon Suspense  ; type: L\n"));
  EXPECT_THAT(text, HasSubstr("2024-10-31 ! (23395380562) Amazon settlement 23395380562"));
  EXPECT_THAT(text,
              HasSubstr("    ; hold inconsistent - rows sum to 253.40 but total-amount is 253.43"));
  EXPECT_THAT(text, HasSubstr("2024-11-22 (23395380999) Amazon settlement 23395380999"))
      << "ready settlements carry no pending flag";
  EXPECT_THAT(text, HasSubstr("-3000 JPY"));
}

TEST(WriteHledgerTest, AccountNamesHledgerCannotMisread) {
  JournalLine line;
  line.account = "Fees;  odd\tname";
  line.account_type = "expense";
  EXPECT_EQ(HledgerAccountName(line), "expenses:Fees- odd name");
  line.account = "(Virtual?)";
  line.account_type = "";
  EXPECT_EQ(HledgerAccountName(line), "unclassified:(Virtual?)");
  line.kind = LineKind::kClearing;
  line.account = "Amazon Clearing";
  EXPECT_EQ(HledgerAccountName(line), "assets:Amazon Clearing");
  line.kind = LineKind::kSuspense;
  line.account = "Suspense";
  EXPECT_EQ(HledgerAccountName(line), "liabilities:Suspense");
}

TEST(WriteHledgerTest, RealHledgerAcceptsItAndClearingEqualsTheDeposits) {
  if (!HaveHledger()) GTEST_SKIP() << "hledger is not installed";
  const std::string path = WriteTemp("settlements.journal", Hledger(Mixed()));
  const CommandRun check = RunCommand("hledger -f '" + path + "' check --strict");
  EXPECT_EQ(check.status, 0) << check.output;
  const auto balances = ClearingBalance(path);
  EXPECT_EQ(balances.size(), 2U);
  EXPECT_EQ(balances.at("GBP"), "238.43") << "253.43 + (-15.00)";
  EXPECT_EQ(balances.at("JPY"), "2680");
}

TEST(WriteHledgerTest, RealHledgerOnRandomSettlements) {
  if (!HaveHledger()) GTEST_SKIP() << "hledger is not installed";
  std::mt19937_64 rng(7);
  std::vector<SettlementJournals> settlements;
  std::map<std::string, Money> deposits;
  for (int i = 0; i < 150; ++i) {
    const RandomSettlement in = RandomSettlement::Make(rng, i);
    JournalBuilder builder(TestRules(),
                           {.split = i % 3 == 0 ? SplitMode::kNone : SplitMode::kMonth});
    in.Feed(builder);
    auto out = builder.Finish();
    const std::string code(in.summary.currency.Code());
    auto [it, inserted] = deposits.try_emplace(code, in.summary.total);
    if (!inserted) it->second += in.summary.total;
    settlements.push_back(std::move(out.at(0)));
  }
  const std::string path = WriteTemp("random.journal", Hledger(settlements));
  const CommandRun check = RunCommand("hledger -f '" + path + "' check --strict");
  ASSERT_EQ(check.status, 0) << check.output;
  const auto balances = ClearingBalance(path);
  for (const auto& [code, total] : deposits) {
    if (total.IsZero()) continue;  // hledger omits zero balances
    EXPECT_EQ(balances.count(code), 1U) << code;
    if (balances.count(code) == 1) {
      EXPECT_EQ(balances.at(code), total.ToString()) << code;
    }
  }
  // Every transaction balances by itself: hledger print shows none with an implicit amount
  // (check --strict already refused unbalanced ones); and nothing is left on the rollover account.
  const CommandRun rollover = RunCommand(
      "hledger -f '" + path + "' bal '^assets:Amazon Settlement Rollover$' --flat --no-total");
  EXPECT_EQ(rollover.status, 0) << rollover.output;
  EXPECT_EQ(rollover.output, "") << "the rollover account nets to zero";
}

}  // namespace
}  // namespace fbaflow::settlement
