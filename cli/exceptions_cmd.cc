#include "cli/exceptions_cmd.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "adapters/clock/system_clock.h"
#include "app/exit_code.h"
#include "cli/store_cmd_support.h"
#include "engine/orders/order_exceptions.h"

namespace fbaflow::cli {
namespace {

using Json = nlohmann::json;

struct Options {
  StoreFlags store;
  std::string status = "open";
  std::string owner;
  std::string type;
  std::string entity;
  int64_t id = 0;
  std::string comment;
};

Json ToJson(const ExceptionRecord& e, bool history) {
  Json j = {{"id", e.id},
            {"type", e.type},
            {"owner", e.owner},
            {"entity", e.entity},
            {"status", ExceptionStatusName(e.status)},
            {"message", e.message},
            {"attempts", e.attempts},
            {"first_seen", e.first_seen.ToIso8601()},
            {"last_seen", e.last_seen.ToIso8601()},
            {"blocks", e.source_key}};
  if (history) {
    Json h = Json::array();
    for (const ExceptionEvent& ev : e.history) {
      h.push_back({{"at", ev.at.ToIso8601()},
                   {"actor", ev.actor},
                   {"action", ev.action},
                   {"comment", ev.comment}});
    }
    j["history"] = std::move(h);
  }
  return j;
}

int List(const Options& o) {
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("exceptions list", opened.GetStatus());
  ExceptionFilter filter;
  if (o.status != "all") filter.status = ParseExceptionStatus(o.status);
  filter.owner = o.owner;
  filter.type = o.type;
  filter.entity = o.entity;
  Result<std::vector<ExceptionRecord>> list = opened->store->Exceptions(filter);
  if (!list.Ok()) return Fail("exceptions list", list.GetStatus());
  bool any_open = false;
  for (const ExceptionRecord& e : *list) any_open = any_open || e.status == ExceptionStatus::kOpen;
  if (o.store.format == "json") {
    Json out = Json::array();
    for (const ExceptionRecord& e : *list) out.push_back(ToJson(e, false));
    std::cout << out.dump(2) << "\n";
  } else {
    if (!list->empty()) {
      fmt::print("{:>5}  {:<8} {:<9} {:<30} {:<28} {:>4}  {}\n", "ID", "STATUS", "OWNER", "TYPE",
                 "ENTITY", "SEEN", "MESSAGE");
    }
    for (const ExceptionRecord& e : *list) {
      fmt::print("{:>5}  {:<8} {:<9} {:<30} {:<28} {:>4}  {}\n", e.id,
                 ExceptionStatusName(e.status), e.owner, e.type, e.entity, e.attempts, e.message);
    }
    // The count per type and owner: 70 rows about 11 SKUs read better as one line first.
    std::map<std::pair<std::string, std::string>, int> by_type;
    for (const ExceptionRecord& e : *list) ++by_type[{e.type, e.owner}];
    std::string types;
    for (const auto& [key, n] : by_type) {
      types += fmt::format("{}{} {} ({})", types.empty() ? ": " : ", ", n, key.first, key.second);
    }
    std::cerr << list->size() << " exception(s)" << (o.status == "all" ? "" : " " + o.status)
              << types << "\n";
  }
  return any_open ? app::kExitHeld : app::kExitOk;
}

int Show(const Options& o) {
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("exceptions show", opened.GetStatus());
  Result<std::optional<ExceptionRecord>> e = opened->store->GetException(o.id);
  if (!e.Ok()) return Fail("exceptions show", e.GetStatus());
  if (!e->has_value()) {
    return Fail("exceptions show", NotFound(fmt::format("no exception #{}", o.id)));
  }
  const ExceptionRecord& x = **e;
  if (o.store.format == "json") {
    std::cout << ToJson(x, true).dump(2) << "\n";
    return app::kExitOk;
  }
  fmt::print(
      "exception #{} ({})\n  type:    {}\n  owner:   {}\n  entity:  {}\n  message: {}\n"
      "  seen:    {} time{}, first {}, last {}\n",
      x.id, ExceptionStatusName(x.status), x.type, x.owner, x.entity, x.message, x.attempts,
      x.attempts == 1 ? "" : "s", x.first_seen.ToIso8601(), x.last_seen.ToIso8601());
  if (!x.source_key.empty()) fmt::print("  holds:   {}\n", orders::DescribeKey(x.source_key));
  fmt::print("  history:\n");
  for (const ExceptionEvent& ev : x.history) {
    fmt::print("    {}  {:<10} {:<12} {}\n", ev.at.ToIso8601(), ev.actor, ev.action, ev.comment);
  }
  return app::kExitOk;
}

int Act(const Options& o, ExceptionAction action, std::string_view name) {
  const std::string command = "exceptions " + std::string(name);
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail(command, opened.GetStatus());
  SystemClock clock;
  Result<ExceptionRecord> done =
      opened->store->ActOnException(o.id, action, Actor(o.store), o.comment, clock.WallTimestamp());
  if (!done.Ok()) return Fail(command, done.GetStatus());
  if (o.store.format == "json") {
    std::cout << ToJson(*done, false).dump(2) << "\n";
  } else {
    const char* what = action == ExceptionAction::kRetry     ? "will be sent again on the next sync"
                       : action == ExceptionAction::kComment ? "has a new comment"
                                                             : "is closed";
    fmt::print("exception #{} ({} {}) {}\n", done->id, done->type, done->entity, what);
  }
  return app::kExitOk;
}

}  // namespace

void RegisterExceptionsCommands(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<Options>();
  CLI::App* ex = app.add_subcommand(
      "exceptions",
      "records fbaflow could not move (unmapped SKUs, ERP refusals, returns...), each owned by "
      "finance, ops or ecommerce.\nExit codes: list is 1 when an open exception is listed; 2 for "
      "an unknown id or bad input.");
  ex->require_subcommand(1);
  ex->fallthrough();
  AddStoreFlags(*ex, o->store);

  CLI::App* list = ex->add_subcommand("list", "list exceptions (open ones by default)");
  list->add_option("--status", o->status, "open, resolved, ignored or all")
      ->check(CLI::IsMember({"open", "resolved", "ignored", "all"}));
  list->add_option("--owner", o->owner, "finance, ops or ecommerce")
      ->check(CLI::IsMember({"finance", "ops", "ecommerce"}));
  list->add_option("--type", o->type, "e.g. unmapped-sku, erp-rejected");
  list->add_option("--entity", o->entity, "e.g. 'order 206-1234567-1234567'");
  list->callback([o, &exit_code] { exit_code = List(*o); });

  CLI::App* show = ex->add_subcommand("show", "an exception and its history");
  show->add_option("ID", o->id, "the exception's id")->required();
  show->callback([o, &exit_code] { exit_code = Show(*o); });

  struct Verb {
    const char* name;
    const char* help;
    ExceptionAction action;
  };
  for (const Verb& v :
       {Verb{"retry", "send its write again now", ExceptionAction::kRetry},
        Verb{"resolve", "handled by hand: close it without sending its write",
             ExceptionAction::kResolve},
        Verb{"ignore", "will not be handled: close it as ignored", ExceptionAction::kIgnore},
        Verb{"comment", "add a note to its history", ExceptionAction::kComment}}) {
    CLI::App* sub = ex->add_subcommand(v.name, v.help);
    sub->add_option("ID", o->id, "the exception's id")->required();
    CLI::Option* comment = sub->add_option("--comment", o->comment, "why, for the history");
    if (v.action == ExceptionAction::kComment) comment->required();
    sub->callback([o, &exit_code, v] { exit_code = Act(*o, v.action, v.name); });
  }
}

}  // namespace fbaflow::cli
