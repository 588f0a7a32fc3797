#pragma once
// `fbaflow exceptions ...`: the records fbaflow could not move, each owned by a team.
//   list [--status open|resolved|ignored|all] [--owner O] [--type T] [--entity E]
//   show ID                       the exception and its history
//   retry ID [--comment C]        send its write again now (it stays open until it lands)
//   resolve ID [--comment C]      handled by hand: close it, its write is settled unsent
//   ignore ID [--comment C]       will not be handled: as resolve, marked ignored
//   comment ID --comment C        a note in its history
// --format json prints objects with id, type, owner, entity, status, message, attempts,
// first_seen, last_seen (and history for show). Exit codes: `list` is 1 when it lists an open
// exception, 0 otherwise; 2 for an unknown id or bad input.

namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void RegisterExceptionsCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
