#include "engine/orders/journal_moves.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/time/date_parse.h"
#include "engine/orders/order_exceptions.h"

namespace fbaflow::orders {
namespace {

using Json = nlohmann::json;

void RaiseFor(const settlement::SettlementJournals& j, std::string_view type,
              const std::string& message, const OrderSettings& settings, Timestamp now,
              StoreBatch& batch) {
  batch.raise.push_back({std::string(type), OwnerOf(settings, type),
                         SettlementEntity(j.summary.settlement_id), message,
                         "settlement/" + j.summary.settlement_id, now});
}

}  // namespace

std::string MoveKey(std::string_view settlement_id, std::string_view period) {
  return fmt::format("settlement/{}/{}", settlement_id, period);
}

std::string MoveReference(std::string_view settlement_id, std::string_view period) {
  return fmt::format("settlement-{}-{}", settlement_id, period);
}

std::string SettlementEntity(std::string_view settlement_id) {
  return "settlement " + std::string(settlement_id);
}

QueuedJournals QueueSettlementJournals(const settlement::SettlementJournals& j,
                                       const OrderSettings& settings, Timestamp now,
                                       StoreBatch& batch) {
  QueuedJournals out;
  const std::string& id = j.summary.settlement_id;
  if (j.status == settlement::SettlementStatus::kHeld) {
    std::string why;
    for (const settlement::Hold& h : j.holds) why += (why.empty() ? "" : "; ") + h.message;
    RaiseFor(j, kSettlementHeld,
             fmt::format("settlement {} is held and not posted: {}. Fix the rules, then "
                         "`fbaflow amazon settlements reprocess {}`",
                         id, why, id),
             settings, now, batch);
    out.held = true;
    return out;
  }
  std::vector<ErpMoveRequest> moves;
  std::vector<std::string> periods;
  std::vector<std::string> uncoded;
  for (const settlement::Journal& journal : j.journals) {
    ErpMoveRequest move;
    move.reference = MoveReference(id, journal.period);
    move.date = journal.date;
    move.description = journal.narration;
    for (const settlement::JournalLine& line : journal.lines) {
      if (line.amount.IsZero()) continue;
      if (line.account_code.empty()) {
        uncoded.push_back(line.account);
        continue;
      }
      std::string description = line.description;
      if (!line.marketplace.empty()) description += " (" + line.marketplace + ")";
      move.lines.push_back({line.account_code, line.amount, description});
    }
    moves.push_back(std::move(move));
    periods.push_back(journal.period);
  }
  if (!uncoded.empty()) {
    RaiseFor(j, kSettlementAccountMissing,
             fmt::format("settlement {}: the rules' chart gives no account code for {}; add the "
                         "codes to the rules, then reprocess",
                         id, fmt::join(UniqueCodes(uncoded), ", ")),
             settings, now, batch);
    out.held = true;
    return out;
  }
  for (size_t i = 0; i < moves.size(); ++i) {
    const ErpMoveRequest& move = moves[i];
    OutboxItem item;
    item.key = MoveKey(id, periods[i]);
    item.kind = std::string(kMoveKind);
    // One entity per journal: each can be refused, retried and resolved on its own.
    item.entity = SettlementEntity(id) + " " + periods[i];
    item.payload = EncodeMovePayload(move);
    item.created_at = now;
    item.next_attempt_at = now;
    batch.enqueue.push_back(std::move(item));
    ++out.queued;
  }
  // A settlement held before and ready now (its rules were fixed and it was reprocessed).
  batch.close.push_back({"settlement/" + id, now, "fbaflow", "ready: journals queued"});
  batch.audit.push_back({now, "fbaflow", "journals queued", SettlementEntity(id),
                         fmt::format("{} journal(s), rules {}", out.queued, j.rules_name)});
  return out;
}

std::string EncodeMovePayload(const ErpMoveRequest& move) {
  Json lines = Json::array();
  for (const ErpMoveLine& l : move.lines) {
    lines.push_back({{"account", l.account_code},
                     {"amount", l.amount.ToString()},
                     {"currency", l.amount.GetCurrency().Code()},
                     {"description", l.description}});
  }
  return Json{{"reference", move.reference},
              {"date", move.date.ToString()},
              {"description", move.description},
              {"lines", std::move(lines)}}
      .dump();
}

std::optional<ErpMoveRequest> DecodeMovePayload(std::string_view payload) {
  const Json j = Json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("lines") || !j["lines"].is_array()) return std::nullopt;
  ErpMoveRequest move;
  move.reference = j.value("reference", "");
  move.description = j.value("description", "");
  Result<ParsedDate> date = ParseDate(j.value("date", ""));
  if (!date.Ok() || date->style.has_time) return std::nullopt;
  move.date = date->date;
  for (const Json& l : j["lines"]) {
    if (!l.is_object()) return std::nullopt;
    Result<Currency> currency = Currency::FromCode(l.value("currency", ""));
    if (!currency.Ok()) return std::nullopt;
    Result<Money> amount = ParseMoney(l.value("amount", ""), *currency, DecimalStyle::kDotDecimal);
    if (!amount.Ok()) return std::nullopt;
    move.lines.push_back({l.value("account", ""), *amount, l.value("description", "")});
  }
  return move;
}

}  // namespace fbaflow::orders
