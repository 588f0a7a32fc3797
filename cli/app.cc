#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/text/nearest_word.h"

namespace fbaflow::cli {

namespace {

// "did you mean 'amazon'?" for the first word of argv that is not a subcommand where one is
// expected. Option values are skipped (an option that takes one swallows the next word).
std::optional<std::string> SubcommandHint(const CLI::App& app, int argc, char** argv) {
  const CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("-")) {
      if (arg.find('=') != std::string::npos) continue;
      const CLI::Option* opt = nullptr;
      for (const CLI::App* a = at; a != nullptr && opt == nullptr; a = a->get_parent()) {
        opt = a->get_option_no_throw(arg);  // a parent's option may follow (fallthrough)
      }
      if (opt != nullptr && opt->get_expected_min() > 0) ++i;
      continue;
    }
    std::vector<std::string> names;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : at->get_subcommands([](const CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
      if (sub->get_name() == arg) next = sub;
    }
    if (next != nullptr) {
      at = next;
      continue;
    }
    if (names.empty()) return std::nullopt;
    auto near = NearestWord(arg, names);
    std::string where = at->get_name();
    for (const CLI::App* p = at->get_parent(); p != nullptr; p = p->get_parent()) {
      where = p->get_name() + " " + where;
    }
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    return "'" + arg + "' is not a command of " + where +
           (near ? "; did you mean '" + *near + "'?" : "") + " (commands: " + list + ")";
  }
  return std::nullopt;
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "fbaflow: Amazon FBA to ERP integration engine.\n\n"
      "Exit codes: 0 ok; 1 the run finished but something is held or inconsistent;\n"
      "2 bad input or usage.",
      "fbaflow"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fbaflow 0.1.0");
  int exit_code = kExitOk;
  RegisterCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    if (auto hint = SubcommandHint(app, argc, argv)) std::cerr << *hint << "\n";
    return kExitBadInput;
  }
  return exit_code;
}

}  // namespace fbaflow::cli
