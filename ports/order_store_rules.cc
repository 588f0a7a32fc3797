#include "ports/order_store_rules.h"

namespace fbaflow {

namespace {

std::string_view Verb(ExceptionAction action) {
  switch (action) {
    case ExceptionAction::kRetry:
      return "retry";
    case ExceptionAction::kResolve:
      return "resolved";
    case ExceptionAction::kIgnore:
      return "ignored";
    case ExceptionAction::kComment:
      return "comment";
  }
  return "comment";
}

}  // namespace

OutboxState OutboxStateFromName(std::string_view name) {
  for (OutboxState s : {OutboxState::kDone, OutboxState::kParked}) {
    if (OutboxStateName(s) == name) return s;
  }
  return OutboxState::kPending;
}

Result<Money> PriceFromText(std::string_view amount, std::string_view currency,
                            std::string_view context) {
  auto code = Currency::FromCode(currency);
  if (!code.Ok()) {
    return DataLoss(std::string(context) + ": stored currency '" + std::string(currency) +
                    "' is unknown");
  }
  auto money = ParseMoney(amount, *code, DecimalStyle::kDotDecimal);
  if (!money.Ok()) {
    return DataLoss(std::string(context) + ": stored amount '" + std::string(amount) + " " +
                    std::string(currency) + "' does not read back: " + money.GetStatus().Message());
  }
  return money;
}

ExceptionDecision DecideExceptionAction(const ExceptionRecord& e, ExceptionAction action,
                                        std::string_view actor, std::string_view comment,
                                        Timestamp now) {
  ExceptionDecision d;
  d.action = action;
  d.status = e.status;
  const std::string verb(Verb(action));
  if (action != ExceptionAction::kComment && e.status != ExceptionStatus::kOpen) {
    d.refusal = FailedPrecondition("exception #" + std::to_string(e.id) + " is " +
                                   std::string(ExceptionStatusName(e.status)) + ", not open");
    return d;
  }
  if (action == ExceptionAction::kResolve) d.status = ExceptionStatus::kResolved;
  if (action == ExceptionAction::kIgnore) d.status = ExceptionStatus::kIgnored;
  d.event = {now, std::string(actor), verb, std::string(comment)};
  d.audit = {now, std::string(actor), "exception " + verb, e.entity,
             "#" + std::to_string(e.id) + " " + e.type +
                 (comment.empty() ? "" : ": " + std::string(comment))};
  return d;
}

bool ApplyToOutbox(const ExceptionDecision& d, std::string_view actor, Timestamp now,
                   OutboxItem& item) {
  if (item.state == OutboxState::kDone) return false;
  switch (d.action) {
    case ExceptionAction::kRetry:
      item.state = OutboxState::kPending;
      item.next_attempt_at = now;
      return true;
    case ExceptionAction::kResolve:
    case ExceptionAction::kIgnore:
      item.state = OutboxState::kDone;
      item.done_at = now;
      item.result = std::string(Verb(d.action)) + " by " + std::string(actor);
      return true;
    case ExceptionAction::kComment:
      return false;
  }
  return false;
}

AuditEntry MappingSetAudit(const SkuMappingRecord& m) {
  return {m.updated_at, m.actor, "sku mapping set", "sku " + m.marketplace + "/" + m.seller_sku,
          "item " + m.item_code};
}

AuditEntry MappingRemovedAudit(std::string_view marketplace, std::string_view seller_sku,
                               std::string_view item_code, std::string_view actor, Timestamp at) {
  return {at, std::string(actor), "sku mapping removed",
          "sku " + std::string(marketplace) + "/" + std::string(seller_sku),
          "item " + std::string(item_code)};
}

}  // namespace fbaflow
