// End-to-end tests of the `fbaflow` binary, run the way a user runs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fbaflow {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

const std::string kFbaflow = std::string(FBAFLOW_BINARY_DIR) + "/cli/fbaflow";
const std::string kGen = std::string(FBAFLOW_BINARY_DIR) + "/sim/fbaflow-gen";

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("fbaflow_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult Sh(const std::string& command) {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string full = command + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(full.c_str());
    RunResult run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = Slurp(out);
    run.err = Slurp(err);
    return run;
  }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  fs::path Generate(const std::string& marketplace, int rows, int seed,
                    const std::string& extra = "") {
    const fs::path p = dir_ / (marketplace + "_" + std::to_string(seed) + ".txt");
    const RunResult gen =
        Sh(kGen + " settlement --rows " + std::to_string(rows) + " --marketplace " + marketplace +
           " --seed " + std::to_string(seed) + " -o " + p.string() + " -q " + extra);
    EXPECT_EQ(gen.exit_code, 0) << gen.err;
    return p;
  }

  fs::path dir_;
};

// A small V2 settlement in UK formats with every detail row mapped by the built-in rules.
std::string UkSettlement(const std::string& total, const std::string& extra_rows = "") {
  const std::string header =
      "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-"
      "amount\tcurrency\t"
      "transaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-"
      "name\t"
      "amount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\t"
      "order-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-"
      "purchased\t"
      "promotion-id\n";
  const std::string summary =
      "111\t15.11.2024 08:59:45 UTC\t29.11.2024 08:59:44 UTC\t01.12.2024 08:59:44 UTC\t" + total +
      "\tGBP" + std::string(18, '\t') + "\n";
  auto row = [](const std::string& type, const std::string& desc, const std::string& amount,
                const std::string& date) {
    return "111\t\t\t\t\t\tOrder\t204-1\t204-1\t\tS1\tAmazon.co.uk\t" + type + "\t" + desc + "\t" +
           amount + "\tAFN\t" + date + "\t" + date + " 10:00:37 UTC\t1\t\t\tSKU-1\t1\t\n";
  };
  return header + summary + row("ItemPrice", "Principal", "39.99", "15.11.2024") +
         row("ItemPrice", "Tax", "8.00", "15.11.2024") +
         row("ItemFees", "FBAPerUnitFulfillmentFee", "-3.96", "20.11.2024") +
         row("ItemFees", "Commission", "-8.64", "20.11.2024") + extra_rows;
}

TEST_F(CliTest, JournalOfASoundSettlementIsReadyAndTiesToTheDeposit) {
  const fs::path file = Write("s.txt", UkSettlement("35.39"));
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string() + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["settlement_id"], "111");
  EXPECT_EQ(j["currency"], "GBP");
  EXPECT_EQ(j["total_amount"], "35.39");
  EXPECT_EQ(j["rows_sum"], "35.39");
  EXPECT_EQ(j["status"], "ready");
  ASSERT_EQ(j["journals"].size(), 1u);
  long long sum = 0, clearing = 0;
  for (const auto& line : j["journals"][0]["lines"]) {
    const std::string amount = line["amount"];
    const long long minor = std::llround(std::stod(amount) * 100);  // test-only: 2-decimal strings
    sum += minor;
    if (line["account"] == j["clearing_account"]) clearing += minor;
  }
  EXPECT_EQ(sum, 0);
  EXPECT_EQ(clearing, 3539);
  EXPECT_THAT(run.err, HasSubstr("settlement 111: ready"));
}

TEST_F(CliTest, InconsistentTotalIsHeldWithExitOneAndTheDifference) {
  const fs::path file = Write("s.txt", UkSettlement("35.40"));
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string());
  EXPECT_EQ(run.exit_code, 1);
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["status"], "held");
  EXPECT_THAT(j["hold_reasons"].dump(), HasSubstr("inconsistent"));
  EXPECT_THAT(run.err, HasSubstr("0.01"));
}

TEST_F(CliTest, UnmappedFeeTypeHoldsTheSettlement) {
  const std::string extra =
      "111\t\t\t\t\t\tother-transaction\t\t\t\t\t\tother-transaction\tBrand New "
      "Fee\t-1.00\t\t21.11.2024\t"
      "21.11.2024 10:00:00 UTC\t\t\t\t\t\t\n";
  const fs::path file = Write("s.txt", UkSettlement("34.39", extra));
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Brand New Fee"));
  EXPECT_THAT(run.out, HasSubstr("unmapped"));
}

TEST_F(CliTest, HledgerOutputPassesHledgerCheck) {
  if (std::system("command -v hledger >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "hledger not installed";
  const fs::path file = Generate("UK", 3000, 7);
  const fs::path ledger = dir_ / "out.journal";
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string() +
                           " --format hledger -o " + ledger.string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const RunResult check = Sh("hledger -f " + ledger.string() + " check");
  EXPECT_EQ(check.exit_code, 0) << check.err << Slurp(ledger).substr(0, 2000);
}

TEST_F(CliTest, GeneratedSettlementsOfEveryMarketplaceAreReady) {
  for (const std::string mp : {"US", "UK", "DE", "FR"}) {
    const fs::path file = Generate(mp, 2000, 11);
    const RunResult run = Sh(kFbaflow + " settlement journal " + file.string() + " --format json");
    EXPECT_EQ(run.exit_code, 0) << mp << ": " << run.err;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["status"], "ready") << mp;
    EXPECT_EQ(j["rows_sum"], j["total_amount"]) << mp;
    EXPECT_TRUE(j["rejects"].empty()) << mp;
  }
}

TEST_F(CliTest, CsvAndAuditAreWritten) {
  const fs::path file = Generate("DE", 500, 3);
  const fs::path csv = dir_ / "j.csv", audit = dir_ / "audit.csv";
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string() + " --format csv -o " +
                           csv.string() + " --audit " + audit.string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(Slurp(csv), HasSubstr("*Narration"));
  // Every detail row of the file appears in the audit.
  const std::string audit_text = Slurp(audit);
  const auto audit_lines = std::count(audit_text.begin(), audit_text.end(), '\n');
  EXPECT_GE(audit_lines, 500);
}

TEST_F(CliTest, ThreadsNeverChangeTheOutput) {
  const fs::path file = Generate("UK", 3000, 8);
  std::string expected_json, expected_audit;
  for (const std::string threads : {"1", "0", "2 --chunk-bytes 2000", "3 --chunk-bytes 1"}) {
    const fs::path json = dir_ / "j.json", audit = dir_ / "audit.csv";
    const RunResult run =
        Sh(kFbaflow + " settlement journal " + file.string() + " --format json -o " +
           json.string() + " --audit " + audit.string() + " --threads " + threads);
    ASSERT_EQ(run.exit_code, 0) << threads << ": " << run.err;
    if (expected_json.empty()) {
      expected_json = Slurp(json);
      expected_audit = Slurp(audit);
      continue;
    }
    EXPECT_EQ(Slurp(json), expected_json) << "--threads " << threads;
    EXPECT_EQ(Slurp(audit), expected_audit) << "--threads " << threads;
  }
  EXPECT_EQ(Sh(kFbaflow + " settlement journal " + file.string() + " --threads -1").exit_code, 2);
}

TEST_F(CliTest, InspectShowsFamiliesAndFormat) {
  const fs::path file = Generate("FR", 400, 5);
  const RunResult run = Sh(kFbaflow + " settlement inspect " + file.string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Format: v2"));
  EXPECT_THAT(run.out, HasSubstr("comma"));
  EXPECT_THAT(run.out, HasSubstr("Principal"));
}

TEST_F(CliTest, MalformedInputExitsTwoNamingTheLine) {
  const std::string good = UkSettlement("35.39");
  // Truncated in the middle of the last row.
  const fs::path truncated = Write("truncated.txt", good.substr(0, good.size() - 40));
  RunResult run = Sh(kFbaflow + " settlement journal " + truncated.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("truncated.txt:6"));

  // Not a settlement report at all.
  const fs::path orders =
      Write("orders.txt", "amazon-order-id\tmerchant-order-id\tpurchase-date\n1\t2\t3\n");
  run = Sh(kFbaflow + " settlement journal " + orders.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("orders.txt:1"));

  // Garbage bytes.
  std::string garbage(4096, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) % 251);
  const fs::path bin = Write("garbage.bin", garbage);
  run = Sh(kFbaflow + " settlement journal " + bin.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("garbage.bin:1"));

  // Empty and missing files.
  run = Sh(kFbaflow + " settlement journal " + Write("empty.txt", "").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("empty.txt"));
  run = Sh(kFbaflow + " settlement journal " + (dir_ / "nope.txt").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("nope.txt"));
}

TEST_F(CliTest, BadRowIsRejectedAndTheRestCarriesOn) {
  const std::string bad_row =
      "111\t\t\t\t\t\tOrder\t204-2\t204-2\t\tS1\tAmazon.co.uk\tItemPrice\tPrincipal\t12,3,4\tAFN\t"
      "16.11.2024\t16.11.2024 10:00:37 UTC\t1\t\t\tSKU-1\t1\t\n";
  const fs::path file = Write("s.txt", UkSettlement("35.39", bad_row));
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string());
  EXPECT_EQ(run.exit_code, 1);
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["rejects"].size(), 1u);
  EXPECT_EQ(j["rejects"][0]["line"], 7);
  EXPECT_EQ(j["rows_sum"], "35.39");  // the good rows still count
}

TEST_F(CliTest, RulesErrorsNameTheLineAndUsageErrorsExitTwo) {
  const fs::path rules = Write("bad.toml", "[ruleset]\nname = \"x\"\nbogus_key = 1\n");
  RunResult run = Sh(kFbaflow + " rules check " + rules.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("bad.toml:"));
  run = Sh(kFbaflow + " settlement journal " + Write("s.txt", UkSettlement("35.39")).string() +
           " --rules " + rules.string());
  EXPECT_EQ(run.exit_code, 2);
  run = Sh(kFbaflow + " settlement journal --format yaml x.txt");
  EXPECT_EQ(run.exit_code, 2);
  run = Sh(kFbaflow + " --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("Exit codes"));
  run = Sh(kFbaflow + " rules show uk-eu-vat");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("[[rule]]"));
}

TEST_F(CliTest, RealSamplesAreReady) {
  const fs::path samples = FBAFLOW_SAMPLES_DIR;
  if (!fs::exists(samples)) GTEST_SKIP() << "no samples folder";
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(samples)) {
    if (entry.path().extension() != ".txt" || entry.path().filename() == "README.txt") continue;
    ++seen;
    const RunResult run =
        Sh(kFbaflow + " settlement journal " + entry.path().string() + " --format json");
    EXPECT_EQ(run.exit_code, 0) << entry.path() << ": " << run.err;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["rows_sum"], j["total_amount"]) << entry.path();
    EXPECT_EQ(j["status"], "ready") << entry.path() << " " << j["hold_reasons"].dump();
  }
  if (seen == 0) GTEST_SKIP() << "no sample files";
}

// Outputs never destroy what they name: the input, another output, a link, a device or a FIFO.
TEST_F(CliTest, AnOutputThatIsTheInputOrAnotherOutputIsRefused) {
  const std::string report = UkSettlement("35.39");
  const fs::path file = Write("t.txt", report);
  RunResult run = Sh(kFbaflow + " settlement journal " + file.string() + " -o " + file.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("-o " + file.string() +
                                 " is the same file as the settlement "
                                 "report " +
                                 file.string()));
  EXPECT_EQ(Slurp(file), report);

  // Through a link to the input, and as the audit file.
  fs::create_symlink(file, dir_ / "alias.txt");
  run = Sh(kFbaflow + " settlement journal " + file.string() + " -o /dev/null --audit " +
           (dir_ / "alias.txt").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(Slurp(file), report);

  // Two outputs naming one new file, and the rules file as an output.
  const fs::path x = dir_ / "x.json";
  run = Sh(kFbaflow + " settlement journal " + file.string() + " -o " + x.string() + " --audit " +
           x.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--audit " + x.string()));
  EXPECT_FALSE(fs::exists(x));
  const fs::path rules = Write("my.toml", "");  // any file: refused before it is read
  run = Sh(kFbaflow + " settlement journal " + file.string() + " --rules " + rules.string() +
           " -o " + rules.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("the rules file"));
}

TEST_F(CliTest, OutputsGoThroughLinksAndIntoFifosAndDescriptors) {
  const fs::path file = Write("s.txt", UkSettlement("35.39"));
  const RunResult expected = Sh(kFbaflow + " settlement journal " + file.string() + " -q");
  ASSERT_EQ(expected.exit_code, 0) << expected.err;

  fs::create_directories(dir_ / "real");
  fs::create_symlink("real/j.json", dir_ / "link.json");
  RunResult run = Sh(kFbaflow + " settlement journal " + file.string() + " -q -o " +
                     (dir_ / "link.json").string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir_ / "link.json")));
  EXPECT_EQ(Slurp(dir_ / "real" / "j.json"), expected.out);

  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Grouped, so that Sh's redirection of standard output applies to fbaflow.
  run = Sh("{ (cat " + fifo.string() + " > " + (dir_ / "from_fifo").string() + " &); " + kFbaflow +
           " settlement journal " + file.string() + " -q --audit " + fifo.string() +
           " -o /dev/stdout; sleep 0.2; }");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::is_fifo(fs::status(fifo)));
  EXPECT_EQ(run.out, expected.out);
  EXPECT_THAT(Slurp(dir_ / "from_fifo"), HasSubstr("line,column"));

  // `>>` redirection kept: /dev/stdout is the descriptor the shell opened, appended to.
  const fs::path log = Write("log.txt", "before\n");
  run = Sh("{ " + kFbaflow + " settlement journal " + file.string() + " -q -o /dev/stdout >> " +
           log.string() + "; }");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Slurp(log), "before\n" + expected.out);
}

TEST_F(CliTest, AWriteErrorExitsTwoNamingTheReason) {
  const fs::path file = Write("s.txt", UkSettlement("35.39"));
  // /dev/full fails every write (ENOSPC). Named through a link of our own, so that a build
  // without the fix replaces only that link, never the device.
  const fs::path full = dir_ / "full";
  fs::create_symlink("/dev/full", full);
  const RunResult run =
      Sh(kFbaflow + " settlement journal " + file.string() + " -o " + full.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, AllOf(HasSubstr(full.string()), HasSubstr("No space left on device")));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(full)));
  EXPECT_TRUE(fs::is_character_file(fs::status("/dev/full")));
}

TEST_F(CliTest, DirectoriesAndMissingFilesAreNamed) {
  const fs::path file = Write("s.txt", UkSettlement("35.39"));
  RunResult run = Sh(kFbaflow + " rules check " + dir_.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, AllOf(HasSubstr(dir_.string()), HasSubstr("is a directory")));
  run = Sh(kFbaflow + " settlement journal " + file.string() + " --rules " + dir_.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, AllOf(HasSubstr(dir_.string()), HasSubstr("is a directory")));
  run = Sh(kFbaflow + " settlement journal " + dir_.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, AllOf(HasSubstr(dir_.string()), HasSubstr("is a directory")));
  for (const std::string command : {"rules check", "settlement journal", "settlement inspect"}) {
    run = Sh(kFbaflow + " " + command + " " + (dir_ / "missing.txt").string());
    EXPECT_EQ(run.exit_code, 2) << command;
    EXPECT_THAT(run.err, AllOf(HasSubstr("missing.txt"), HasSubstr("No such file")));
  }
}

// A settlement whose amounts sum past 64 bits used to end the process (exit 134): the amount that
// passes the bound is a reject naming its line and column, the settlement is held, and one
// thread and several agree.
TEST_F(CliTest, AmountsWhoseSumPassesSixtyFourBitsAreRejectedNotAborted) {
  const fs::path generated = Generate("UK", 200, 3);
  std::string text = Slurp(generated);
  // Lines 11 and 12: amount (column 15) 50000000000000000.00 each.
  std::size_t at = 0;
  for (int line = 1; line < 11; ++line) at = text.find('\n', at) + 1;
  for (int line = 11; line <= 12; ++line) {
    std::size_t field = at;
    for (int tabs = 0; tabs < 14; ++tabs) field = text.find('\t', field) + 1;
    text.replace(field, text.find('\t', field) - field, "50000000000000000.00");
    at = text.find('\n', at) + 1;
  }
  const fs::path file = Write("o.txt", text);
  const RunResult one = Sh(kFbaflow + " settlement journal " + file.string() +
                           " --threads 1 --audit " + (dir_ / "a1.csv").string());
  EXPECT_EQ(one.exit_code, 1) << one.err;
  EXPECT_THAT(one.err, AllOf(HasSubstr("line 11"), HasSubstr("column 15")));
  const RunResult many =
      Sh(kFbaflow + " settlement journal " + file.string() +
         " --threads 4 --chunk-bytes 1000 --audit " + (dir_ / "a4.csv").string());
  EXPECT_EQ(many.exit_code, 1) << many.err;
  EXPECT_EQ(many.out, one.out);
  EXPECT_EQ(Slurp(dir_ / "a4.csv"), Slurp(dir_ / "a1.csv"));
  EXPECT_THAT(Slurp(dir_ / "a1.csv"), HasSubstr("50000000000000000.00"));
}

TEST_F(CliTest, TheTextJournalExplainsItsSigns) {
  const fs::path file = Write("s.txt", UkSettlement("35.39"));
  const RunResult run = Sh(kFbaflow + " settlement journal " + file.string() + " --format text -q");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("positive is a debit, negative (-) a credit"));
}

}  // namespace
}  // namespace fbaflow
