#include "cli/settlement_cmd.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapters/files/file_source.h"
#include "adapters/files/output_file.h"
#include "cli/app.h"
#include "cli/journal_files.h"
#include "cli/journal_post.h"
#include "cli/settlement_text.h"
#include "engine/settlement_pipeline.h"

namespace fbaflow::cli {
namespace {

using settlement::RuleSet;

struct JournalArgs {
  bool post = false;
  StoreFlags store;  // with --post: where the outbox is, and the ERP's config
  std::string file;
  std::string rules_file;
  std::string ruleset;
  std::string format = "json";
  std::string split = "month";
  std::string output = "-";
  std::string audit;
  std::string rollover_account;
  std::string charset = "auto";
  std::string decimal = "auto";
  int threads = 0;
  std::size_t chunk_bytes = 0;
  bool quiet = false;
};

int Fail(const Status& status) {
  std::cerr << "fbaflow: " << status.Message() << '\n';
  return kExitBadInput;
}

Result<engine::SettlementPipelineResult> RunPipeline(const JournalArgs& args, bool keep_audit) {
  ASSIGN_OR_RETURN(auto rules, LoadRuleSet(args.rules_file, args.ruleset));
  engine::SettlementPipelineOptions options;
  options.journal.split =
      args.split == "none" ? settlement::SplitMode::kNone : settlement::SplitMode::kMonth;
  options.journal.keep_audit = keep_audit;
  options.rollover_account = args.rollover_account;
  options.reader.charset = args.charset == "utf-8"          ? Charset::kUtf8
                           : args.charset == "windows-1252" ? Charset::kWindows1252
                                                            : Charset::kAuto;
  options.reader.decimal_style = args.decimal == "dot"     ? DecimalStyle::kDotDecimal
                                 : args.decimal == "comma" ? DecimalStyle::kCommaDecimal
                                                           : DecimalStyle::kUnknown;
  options.threads = args.threads;
  options.chunk_bytes = args.chunk_bytes;
  ASSIGN_OR_RETURN(auto source, FileSource::Open(args.file));
  return engine::RunSettlementPipeline(*source, std::move(rules), options);
}

int RunJournal(const JournalArgs& args) {
  // Before anything is read: an output that is an input, or another output, would destroy it.
  std::vector<CommandFile> files = {{args.file, "the settlement report", false}};
  if (!args.rules_file.empty()) files.push_back({args.rules_file, "the rules file", false});
  files.push_back({args.output, "-o", true});
  if (!args.audit.empty()) files.push_back({args.audit, "--audit", true});
  if (Status s = CheckOutputsAreDistinct(files); !s.Ok()) return Fail(s);

  auto result = RunPipeline(args, !args.audit.empty());
  if (!result.Ok()) return Fail(result.GetStatus());
  if (result->settlements.empty())
    return Fail(InvalidArgument(args.file + ": no settlement in the file"));

  auto out = OutputFile::Open(args.output);
  if (!out.Ok()) return Fail(out.GetStatus());
  std::unique_ptr<OutputFile> audit;
  if (!args.audit.empty()) {
    auto opened = OutputFile::Open(args.audit);
    if (!opened.Ok()) return Fail(opened.GetStatus());
    audit = std::move(*opened);
  }
  WriteJournals(args.format, *result, (*out)->Stream());
  if (Status s = (*out)->Commit(); !s.Ok()) return Fail(s);
  if (audit != nullptr) {
    WriteJournals("audit", *result, audit->Stream());
    if (Status s = audit->Commit(); !s.Ok()) return Fail(s);
  }
  if (!args.quiet) PrintVerdicts(*result, std::cerr);
  int code = result->AnyHeld() ? kExitHeld : kExitOk;
  if (args.post) code = std::max(code, PostJournals(result->settlements, args.store, std::cerr));
  return code;
}

int RunInspect(const JournalArgs& args) {
  auto result = RunPipeline(args, false);
  if (!result.Ok()) return Fail(result.GetStatus());
  if (result->settlements.empty())
    return Fail(InvalidArgument(args.file + ": no settlement in the file"));
  PrintInspection(*result, std::cout);
  return result->AnyHeld() ? kExitHeld : kExitOk;
}

void AddInputOptions(CLI::App& cmd, JournalArgs& args) {
  cmd.add_option("FILE", args.file,
                 "Settlement report (V2 flat file or legacy flat file); - for stdin")
      ->required();
  auto* rules =
      cmd.add_option("--rules", args.rules_file, "Mapping rules file (TOML, see docs/rules.md)");
  cmd.add_option(
         "--ruleset", args.ruleset,
         "Built-in rule set to use (see `fbaflow rules list`); default: the one that suits the "
         "settlement's currency")
      ->excludes(rules);
  cmd.add_option("--charset", args.charset, "Text encoding of the report")
      ->check(CLI::IsMember({"auto", "utf-8", "windows-1252"}))
      ->capture_default_str();
  cmd.add_option("--decimal", args.decimal, "Decimal separator of the amounts")
      ->check(CLI::IsMember({"auto", "dot", "comma"}))
      ->capture_default_str();
  cmd.add_option("--threads", args.threads,
                 "Threads reading the rows: 0 for one per CPU, 1 for a single thread (the result "
                 "is the same either way)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  // For tests: small chunks put chunk boundaries everywhere. Not shown in --help.
  cmd.add_option("--chunk-bytes", args.chunk_bytes)->group("");
}

}  // namespace

void RegisterSettlementCommands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("settlement", "Turn Amazon settlement reports into journals");
  group->require_subcommand(1);

  auto args = std::make_shared<JournalArgs>();
  auto* journal = group->add_subcommand(
      "journal",
      "Build summarised journals that balance and tie to the deposit.\n"
      "Exit 0: every settlement ready; 1: a settlement is held (rows don't sum to the deposit,\n"
      "unmapped fee types, rejected rows); 2: bad input or usage.");
  AddInputOptions(*journal, *args);
  journal
      ->add_option("--format", args->format,
                   "Output: json (JSON Lines), csv (Xero manual journal import), quickbooks-csv, "
                   "hledger, text")
      ->check(CLI::IsMember({"json", "csv", "quickbooks-csv", "hledger", "text"}))
      ->capture_default_str();
  journal
      ->add_option("--split", args->split, "One journal per calendar month of posted-date, or one")
      ->check(CLI::IsMember({"month", "none"}))
      ->capture_default_str();
  journal->add_option("-o,--output", args->output, "Where to write the journals (- for stdout)")
      ->capture_default_str();
  journal->add_option("--audit", args->audit,
                      "Also write an audit CSV mapping every row to its journal line");
  journal->add_option("--rollover-account", args->rollover_account,
                      "Account linking month-split journals (default: the rule set's)");
  journal->add_flag("-q,--quiet", args->quiet, "Don't print the one-line verdicts on stderr");
  journal->add_flag("--post", args->post,
                    "also post the ready journals into the ERP (FBAFLOW_ERP_*), once");
  journal->add_option("--config", args->store.amazon.config, "TOML config ([erp], [store])");
  journal->add_option("--data-dir", args->store.amazon.data_dir,
                      "with --post: the data folder holding the outbox (default ./fbaflow-data)");
  journal->add_option("--store", args->store.store,
                      "with --post: a postgresql:// store URL (FBAFLOW_STORE_URL)");
  journal->callback([args, &exit_code] { exit_code = RunJournal(*args); });

  auto inspect_args = std::make_shared<JournalArgs>();
  auto* inspect = group->add_subcommand(
      "inspect", "Show formats detected, counts and totals per transaction family, and the status");
  AddInputOptions(*inspect, *inspect_args);
  inspect->callback([inspect_args, &exit_code] { exit_code = RunInspect(*inspect_args); });
}

void RegisterRulesCommands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("rules", "List, show and check mapping rule sets");
  group->require_subcommand(1);

  group->add_subcommand("list", "List the built-in rule sets")->callback([&exit_code] {
    for (const auto& name : RuleSet::BuiltinNames()) {
      auto rules = RuleSet::Builtin(name);
      fmt::print("{}\t{} rules, {} accounts\n", name, rules.Ok() ? rules->Rules().size() : 0,
                 rules.Ok() ? rules->Accounts().size() : 0);
    }
    exit_code = kExitOk;
  });

  auto name = std::make_shared<std::string>();
  auto* show =
      group->add_subcommand("show", "Print a built-in rule set (a starting point for your own)");
  show->add_option("NAME", *name, "Built-in rule set name")->required();
  show->callback([name, &exit_code] {
    const std::string_view text = RuleSet::BuiltinText(*name);
    if (text.empty()) {
      exit_code =
          Fail(NotFound("no built-in rule set named '" + *name + "' (see `fbaflow rules list`)"));
      return;
    }
    std::cout << text;
    exit_code = kExitOk;
  });

  auto path = std::make_shared<std::string>();
  auto* check = group->add_subcommand("check", "Validate a rules file; errors name the line");
  check->add_option("FILE", *path, "Rules file (TOML)")->required();
  check->callback([path, &exit_code] {
    auto text = ReadSmallFile(*path);
    if (!text.Ok()) {
      exit_code = Fail(text.GetStatus());
      return;
    }
    auto rules = RuleSet::Parse(*text, *path);
    if (!rules.Ok()) {
      exit_code = Fail(rules.GetStatus());
      return;
    }
    fmt::print("{}: ok ({} rules, {} accounts)\n", *path, rules->Rules().size(),
               rules->Accounts().size());
    exit_code = kExitOk;
  });
}

}  // namespace fbaflow::cli
