// fbaflow-gen: writes realistic Amazon settlement flat files.
//
//   fbaflow-gen settlement --rows N --marketplace US|UK|DE|FR --seed S [-o FILE]
//       [--start YYYY-MM-DD] [--encoding utf-8|windows-1252] [--crlf] [--bom]
//       [--layout v2|v2-23|legacy] [--scenario auto|normal|loss|zero] [--settlement-id ID]
//
// Exit codes: 0 written; 1 the file could not be written; 2 bad usage.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

// A main is a composition root: fbaflow-gen may use the files adapter although the sim library
// depends on the core only (docs/architecture.md).
#include "adapters/files/output_file.h"
#include "sim/settlement_gen.h"

namespace fbaflow::sim {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitWriteFailed = 1;
constexpr int kExitUsage = 2;

struct Args {
  uint64_t rows = 1000;
  std::string marketplace = "US";
  uint64_t seed = 1;
  std::string output = "-";
  std::string start = "2024-10-25";
  std::string encoding = "utf-8";
  std::string layout = "v2";
  std::string scenario = "auto";
  std::string settlement_id;
  bool crlf = false;
  bool bom = false;
  bool ascii_only = false;
  bool quiet = false;
};

Result<CivilDate> ParseDate(const std::string& text) {
  CivilDate date;
  char tail = 0;
  if (text.size() != 10 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &date.year, &date.month, &date.day, &tail) != 3 ||
      !date.IsValid()) {
    return InvalidArgument("--start '" + text + "' is not a date YYYY-MM-DD");
  }
  return date;
}

int Generate(const Args& args) {
  auto fail = [](const Status& status, int code) {
    std::cerr << "fbaflow-gen: " << status.Message() << "\n";
    return code;
  };
  Result<Marketplace> marketplace = MarketplaceFromCode(args.marketplace);
  if (!marketplace.Ok()) return fail(marketplace.GetStatus(), kExitUsage);
  Result<CivilDate> start = ParseDate(args.start);
  if (!start.Ok()) return fail(start.GetStatus(), kExitUsage);
  Result<TextEncoding> encoding = TextEncodingFromName(args.encoding);
  if (!encoding.Ok()) return fail(encoding.GetStatus(), kExitUsage);
  Result<FileLayout> layout = FileLayoutFromName(args.layout);
  if (!layout.Ok()) return fail(layout.GetStatus(), kExitUsage);
  Result<Scenario> scenario = ScenarioFromName(args.scenario);
  if (!scenario.Ok()) return fail(scenario.GetStatus(), kExitUsage);
  if (args.bom && *encoding != TextEncoding::kUtf8) {
    return fail(InvalidArgument("--bom needs --encoding utf-8"), kExitUsage);
  }
  if (args.settlement_id.find_first_not_of("0123456789") != std::string::npos) {
    return fail(InvalidArgument("--settlement-id must be digits"), kExitUsage);
  }

  RandomSettlementOptions options;
  options.marketplace = *marketplace;
  options.rows = args.rows;
  options.seed = args.seed;
  options.start = *start;
  options.scenario = *scenario;
  options.non_ascii_skus = !args.ascii_only;
  options.settlement_id = args.settlement_id;
  const RandomSettlement settlement(options);

  RenderOptions render;
  render.layout = *layout;
  render.encoding = *encoding;
  render.crlf = args.crlf;
  render.utf8_bom = args.bom;

  // The same output file as fbaflow's: atomic for a regular file, straight into a device, a FIFO
  // or standard output. Dropped uncommitted on failure, it leaves an existing file as it was.
  auto out = OutputFile::Open(args.output);
  if (!out.Ok()) return fail(out.GetStatus(), kExitWriteFailed);
  const auto began = std::chrono::steady_clock::now();
  Result<RenderStats> stats = RenderSettlement(
      settlement, render, [&](std::string_view chunk) { return (*out)->Write(chunk); });
  if (!stats.Ok()) {
    const bool usage = stats.GetStatus().Code() == StatusCode::kInvalidArgument;
    return fail(stats.GetStatus(), usage ? kExitUsage : kExitWriteFailed);
  }
  if (Status committed = (*out)->Commit(); !committed.Ok()) {
    return fail(committed, kExitWriteFailed);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  if (!args.quiet) {
    const MarketplaceProfile& profile = ProfileOf(*marketplace);
    std::cerr << "fbaflow-gen: settlement " << settlement.Header().settlement_id << ", "
              << stats->rows << " rows, total-amount "
              << FormatAmount(stats->total_minor, CurrencyOf(profile).MinorUnits(),
                              DecimalStyle::kDotDecimal, false)
              << " " << profile.currency_code << " ("
              << ScenarioName(settlement.EffectiveScenario()) << "), " << stats->bytes
              << " bytes to " << args.output << " in " << static_cast<int64_t>(seconds * 1000)
              << " ms\n";
  }
  return kExitOk;
}

int Run(int argc, char** argv) {
  CLI::App app{
      "fbaflow-gen: realistic Amazon settlement flat files for tests, demos and benchmarks.\n\n"
      "Exit codes: 0 written; 1 the file could not be written; 2 bad usage.",
      "fbaflow-gen"};
  app.require_subcommand(1);
  Args args;
  int exit_code = kExitOk;

  CLI::App* settlement = app.add_subcommand(
      "settlement",
      "Write a GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 file (or the legacy flat file) whose\n"
      "total-amount equals the sum of its rows. Same options, same bytes.");
  settlement->add_option("--rows", args.rows, "Detail rows (amounts) to write, exactly")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{0}, uint64_t{2'000'000'000}));
  settlement->add_option("--marketplace", args.marketplace, "US, UK, DE or FR")
      ->capture_default_str();
  settlement->add_option("--seed", args.seed, "Random seed")->capture_default_str();
  settlement->add_option("-o,--output", args.output, "Output file ('-': standard output)")
      ->capture_default_str();
  settlement->add_option("--start", args.start, "First day of the 14-day period (YYYY-MM-DD)")
      ->capture_default_str();
  settlement->add_option("--encoding", args.encoding, "utf-8 or windows-1252")
      ->capture_default_str();
  settlement->add_flag("--crlf", args.crlf, "End lines with CR LF");
  settlement->add_flag("--bom", args.bom, "Start with a UTF-8 byte-order mark");
  settlement
      ->add_option("--layout", args.layout,
                   "v2 (24 columns), v2-23 (without promotion-id) or legacy (36 columns)")
      ->capture_default_str();
  settlement
      ->add_option("--scenario", args.scenario,
                   "auto (from the seed), normal, loss (negative total) or zero (reserve holds "
                   "everything)")
      ->capture_default_str();
  settlement->add_option("--settlement-id", args.settlement_id,
                         "Settlement id (digits); default derived from the seed");
  settlement->add_flag("--ascii-only", args.ascii_only, "No SKUs with accented letters");
  settlement->add_flag("-q,--quiet", args.quiet, "No summary line on standard error");
  settlement->callback([&] { exit_code = Generate(args); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}

}  // namespace
}  // namespace fbaflow::sim

int main(int argc, char** argv) { return fbaflow::sim::Run(argc, argv); }
