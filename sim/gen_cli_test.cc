// fbaflow-gen and fbaflow-sim, the executables: options, exit codes, files.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/flat_file_for_test.h"

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

struct GenRun {
  int exit_code;
  std::string out;  // standard output and standard error together
};

// Runs an executable of the build tree ("sim/fbaflow-gen") with `args`.
GenRun Tool(const std::string& tool, const std::string& args) {
  const std::string command = std::string(FBAFLOW_BINARY_DIR) + "/" + tool + " " + args + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

GenRun Gen(const std::string& args) { return Tool("sim/fbaflow-gen", args); }

std::string TempPath(const std::string& name) {
  return std::string(FBAFLOW_BINARY_DIR) + "/sim/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GenCliTest, HelpExitsZero) {
  const GenRun run = Gen("settlement --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("--marketplace"));
  EXPECT_THAT(run.out, HasSubstr("--encoding"));
  EXPECT_EQ(Gen("--help").exit_code, 0);
}

TEST(GenCliTest, UsageErrorsExitTwo) {
  for (const char* args :
       {"", "settlement --marketplace JP", "settlement --rows -3", "settlement --rows x",
        "settlement --start 2024-13-01", "settlement --encoding latin9", "settlement --layout v3",
        "settlement --scenario lossy", "settlement --bom --encoding windows-1252",
        "settlement --settlement-id 12a", "settlement --no-such-option", "frobnicate"}) {
    const GenRun run = Gen(args);
    EXPECT_EQ(run.exit_code, 2) << args << "\n" << run.out;
  }
  EXPECT_THAT(Gen("settlement --marketplace JP").out, HasSubstr("unknown marketplace 'JP'"));
  EXPECT_THAT(Gen("settlement --start 2024-02-30").out, HasSubstr("not a date"));
}

TEST(GenCliTest, WritesTheFileAndReportsIt) {
  const std::string path = TempPath("gen_cli_test_uk.tsv");
  std::remove(path.c_str());
  const GenRun run = Gen("settlement --rows 250 --marketplace UK --seed 9 -o " + path);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("250 rows"));
  EXPECT_THAT(run.out, HasSubstr("GBP"));
  const testing::FlatFile file = testing::ParseFlatFile(ReadFile(path));
  EXPECT_EQ(file.DetailRows(), 250u);
  EXPECT_EQ(file.Summary()[5], "GBP");
  EXPECT_EQ(testing::ParseMinor(file.Summary()[4], '.'), testing::SumAmounts(file, '.'));
  std::remove(path.c_str());
}

TEST(GenCliTest, StandardOutputByDefaultAndTheSameBytesForTheSameSeed) {
  const GenRun a = Gen("settlement --rows 40 --marketplace DE --seed 3 --quiet");
  const GenRun b = Gen("settlement --rows 40 --marketplace DE --seed 3 -q");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
  const testing::FlatFile file = testing::ParseFlatFile(a.out);
  EXPECT_EQ(file.DetailRows(), 40u);
  EXPECT_EQ(file.Summary()[5], "EUR");
}

TEST(GenCliTest, EncodingLineEndsLayoutStartAndId) {
  const GenRun run =
      Gen("settlement --rows 3000 --marketplace FR --seed 1 --encoding windows-1252 --crlf -q "
          "--start 2024-02-20 --settlement-id 4242 --scenario zero");
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("CAF\xC9-MUG-350"));
  const testing::FlatFile file = testing::ParseFlatFile(run.out);
  EXPECT_TRUE(file.every_line_crlf);
  EXPECT_EQ(file.Summary()[0], "4242");
  EXPECT_EQ(file.Summary()[1].substr(0, 10), "20.02.2024");
  EXPECT_EQ(file.Summary()[4], "0,00");

  const GenRun legacy = Gen("settlement --rows 30 --layout legacy -q");
  ASSERT_EQ(legacy.exit_code, 0);
  EXPECT_EQ(testing::ParseFlatFile(legacy.out).header.size(), 36u);
}

TEST(GenCliTest, UnwritableOutputExitsOne) {
  const GenRun run = Gen("settlement --rows 5 -o /nonexistent-dir/x.tsv");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("/nonexistent-dir/x.tsv: cannot write"));
}

// fbaflow-gen writes through fbaflow's OutputFile: a link is written through, a write error is
// reported and leaves nothing behind.
TEST(GenCliTest, OutputGoesThroughLinksAndReportsWriteErrors) {
  namespace fs = std::filesystem;
  const fs::path dir = TempPath("gen_output_test");
  fs::remove_all(dir);
  fs::create_directories(dir / "real");
  fs::create_symlink("real/s.tsv", dir / "link.tsv");
  GenRun run = Gen("settlement --rows 20 -q -o " + (dir / "link.tsv").string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "link.tsv")));
  EXPECT_EQ(ReadFile((dir / "real" / "s.tsv").string()), Gen("settlement --rows 20 -q").out);

  // /dev/full, named through a link of our own: a writer that replaced its target would replace
  // only the link.
  fs::create_symlink("/dev/full", dir / "full");
  run = Gen("settlement --rows 2000 -q -o " + (dir / "full").string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("No space left on device"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "full")));
  fs::remove_all(dir);
}

// ---- fbaflow-sim
// ---------------------------------------------------------------------------------

TEST(SimCliTest, NoArgumentsPrintsUsageAndExitsTwo) {
  const GenRun run = Tool("sim/amazon/fbaflow-sim", "");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("amazon"));
  EXPECT_THAT(run.out, HasSubstr("Usage"));
}

TEST(SimCliTest, AMistypedEmulatorIsNamedWithTheNearest) {
  const GenRun run = Tool("sim/amazon/fbaflow-sim", "amazn --port 0");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("did you mean 'amazon'?"));
}

}  // namespace
}  // namespace fbaflow::sim
