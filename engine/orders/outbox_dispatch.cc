#include "engine/orders/outbox_dispatch.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/orders/sku_mapper.h"
#include "engine/orders/journal_moves.h"
#include "engine/orders/order_exceptions.h"
#include "engine/orders/route_record.h"
#include "engine/orders/shipment_payload.h"

namespace fbaflow::orders {
namespace {

// The exception types of a failed write, by who it is for.
struct FailureTypes {
  std::string_view unavailable;  // transient, past the attempts budget
  std::string_view rejected;     // refused: a person must act
  std::string_view error;        // failed as nobody planned (kInternal, kDataLoss)
};
constexpr FailureTypes kErpFailures{kErpUnavailable, kErpRejected, kErpError};
constexpr FailureTypes kAmazonFailures{kAmazonUnavailable, kAmazonRejected, kAmazonError};
constexpr FailureTypes kJournalFailures{kJournalUnavailable, kJournalRejected, kJournalError};

std::string OrderIdOf(const OutboxItem& item) {
  // "order/<id>/<transition>"
  const size_t first = item.key.find('/');
  const size_t last = item.key.rfind('/');
  if (first == std::string::npos || last <= first) return "";
  return item.key.substr(first + 1, last - first - 1);
}

class Dispatcher {
 public:
  // `amazon` null: only "erp.move" items are sent.
  Dispatcher(amazon::OrdersApi* amazon, Erp& erp, OrderStore& store, Clock& clock,
             const OrderSettings& settings)
      : amazon_(amazon), erp_(erp), store_(store), clock_(clock), settings_(settings) {}

  Result<DispatchReport> Run() {
    if (amazon_ != nullptr) RETURN_IF_ERROR(RequeueUnmapped());
    ASSIGN_OR_RETURN(std::vector<SkuMappingRecord> mappings, store_.SkuMappings(settings_.account));
    for (const SkuMappingRecord& m : mappings) {
      mapper_.SetAlias(m.marketplace, m.seller_sku, m.item_code);
      alias_targets_[m.seller_sku].push_back(m.item_code);
    }
    std::set<std::string> tried;
    for (;;) {
      now_ = clock_.WallTimestamp();
      const int limit = settings_.dispatch_batch + static_cast<int>(tried.size());
      ASSIGN_OR_RETURN(std::vector<OutboxItem> due, store_.DueOutbox(now_, limit));
      std::vector<OutboxItem> fresh;
      for (OutboxItem& item : due) {
        if (amazon_ == nullptr && item.kind != kMoveKind) {
          tried.insert(item.key);  // not this dispatcher's to send
          continue;
        }
        if (tried.insert(item.key).second) fresh.push_back(std::move(item));
      }
      if (fresh.empty()) break;
      RETURN_IF_ERROR(RunBatch(fresh));
      if (!report_.unavailable.Ok()) break;
    }
    return report_;
  }

 private:
  // Orders parked because a SKU had no ERP item go again: the mapping or the item may be there now.
  Status RequeueUnmapped() {
    ASSIGN_OR_RETURN(
        std::vector<ExceptionRecord> open,
        store_.Exceptions({ExceptionStatus::kOpen, "", std::string(kUnmappedSku), ""}));
    if (open.empty()) return OkStatus();
    std::unordered_set<std::string> keys;
    for (const ExceptionRecord& e : open) keys.insert(e.source_key);
    ASSIGN_OR_RETURN(std::vector<OutboxItem> parked, store_.OutboxIn(OutboxState::kParked, -1));
    StoreBatch batch;
    const Timestamp now = clock_.WallTimestamp();
    for (OutboxItem& item : parked) {
      if (keys.count(item.key) == 0) continue;
      item.state = OutboxState::kPending;
      item.next_attempt_at = now;
      batch.outbox_updates.push_back(std::move(item));
    }
    return batch.Empty() ? OkStatus() : store_.Apply(batch);
  }

  Status RunBatch(std::vector<OutboxItem>& items) {
    batch_ = StoreBatch{};
    records_.clear();
    changed_.clear();
    std::vector<std::string> ids;
    for (const OutboxItem& item : items) {
      if (item.kind != kMoveKind) ids.push_back(OrderIdOf(item));
    }
    ASSIGN_OR_RETURN(std::vector<OrderRecord> records, store_.FindOrders(ids));
    for (OrderRecord& r : records) records_.emplace(r.order_id, std::move(r));
    const Status items_known = LearnErpItems(items);
    if (items_known.Code() == StatusCode::kUnauthenticated) return items_known;
    if (items_known.IsRetryable()) report_.unavailable = items_known;
    for (OutboxItem& item : items) {
      if (!fatal_.Ok()) break;  // what landed before it is still recorded below
      if (item.kind == kMoveKind) {
        Move(item);
        continue;
      }
      auto rec = records_.find(OrderIdOf(item));
      if (rec == records_.end()) {
        Refuse(item, kErpError, fmt::format("no order record for outbox item {}", item.key));
        continue;
      }
      if (item.kind == OutboxKind(OrderTransition::kSale)) {
        if (!items_known.Ok()) {
          Fail(item, items_known, kErpFailures);
        } else {
          Sale(item, rec->second);
        }
      } else if (item.kind == OutboxKind(OrderTransition::kShip)) {
        Ship(item, rec->second);
      } else if (item.kind == OutboxKind(OrderTransition::kCancel)) {
        RETURN_IF_ERROR(Cancel(item, rec->second));
      } else if (item.kind == OutboxKind(OrderTransition::kConfirm)) {
        Confirm(item, rec->second);
      } else {
        Refuse(item, kErpError, "unknown outbox kind " + item.kind);
      }
    }
    for (const std::string& id : changed_) batch_.orders.push_back(std::move(records_.at(id)));
    RETURN_IF_ERROR(store_.Apply(batch_));
    return fatal_;
  }

  // Which of the codes the batch's sales could use the ERP has: one look-up per batch.
  Status LearnErpItems(const std::vector<OutboxItem>& items) {
    std::vector<std::string> codes;
    for (const OutboxItem& item : items) {
      if (item.kind != OutboxKind(OrderTransition::kSale)) continue;
      auto rec = records_.find(OrderIdOf(item));
      if (rec == records_.end()) continue;
      for (const OrderLineRecord& line : rec->second.lines) {
        codes.push_back(line.seller_sku);
        if (auto t = alias_targets_.find(line.seller_sku); t != alias_targets_.end()) {
          codes.insert(codes.end(), t->second.begin(), t->second.end());
        }
      }
    }
    codes = UniqueCodes(codes);
    if (codes.empty()) return OkStatus();
    ASSIGN_OR_RETURN(std::vector<std::string> missing, erp_.MissingItems(codes));
    const std::unordered_set<std::string> absent(missing.begin(), missing.end());
    for (std::string& c : codes) {
      if (absent.count(c) == 0) mapper_.AddErpItem(std::move(c));
    }
    return OkStatus();
  }

  void Sale(OutboxItem& item, OrderRecord& rec) {
    if (rec.amazon_status == "CANCELLED") return;  // the cancel item settles it
    ErpSaleRequest request;
    request.reference = rec.order_id;
    request.marketplace = rec.marketplace;
    request.role =
        rec.fulfilled_by == "MERCHANT" ? FulfilmentRole::kOwnWarehouse : FulfilmentRole::kAmazonFba;
    request.sale_date = rec.created_time.LocalDate();
    std::vector<std::string> problems;
    std::string decisions;
    for (const OrderLineRecord& line : rec.lines) {
      if (line.quantity <= 0) continue;
      const SkuDecision d = mapper_.Map(rec.marketplace, line.seller_sku);
      if (d.match == SkuMatch::kMissing) {
        problems.push_back(
            d.alias_to.empty()
                ? fmt::format("SKU '{}' ({}) has no ERP item: create item '{}' in the ERP, or map "
                              "it: fbaflow mappings set-sku --marketplace {} '{}' ITEM",
                              line.seller_sku, rec.marketplace, line.seller_sku, rec.marketplace,
                              line.seller_sku)
                : fmt::format("SKU '{}' ({}) is mapped to ERP item '{}', which the ERP does not "
                              "have: create the item or change the mapping",
                              line.seller_sku, rec.marketplace, d.alias_to));
        continue;
      }
      if (!line.unit_price) {
        Refuse(item, kOrderUnpriced,
               fmt::format("order {} item {} has no price", rec.order_id, line.seller_sku));
        return;
      }
      if (!decisions.empty()) decisions += "; ";
      decisions +=
          fmt::format("{} -> {} ({})", line.seller_sku, d.item_code, SkuMatchName(d.match));
      request.lines.push_back({std::string(d.item_code), line.quantity, *line.unit_price});
    }
    if (!problems.empty()) {
      std::string message;
      for (const std::string& p : problems) message += (message.empty() ? "" : "; ") + p;
      Refuse(item, kUnmappedSku, message);
      return;
    }
    batch_.audit.push_back({now_, "fbaflow", "skus mapped", item.entity, decisions});
    Result<ErpSale> sale = erp_.EnsureSale(request);
    if (!sale.Ok()) {
      Fail(item, sale.GetStatus(), kErpFailures);
      return;
    }
    rec.erp_sale_id = sale->id;
    rec.erp_sale_number = sale->number;
    changed_.insert(rec.order_id);
    if (!sale->created) ++report_.found;
    Done(item,
         fmt::format("ERP sale {} ({}){}", sale->number, FulfilmentRoleName(request.role),
                     sale->created ? "" : ", found"),
         sale->created ? "erp sale created" : "erp sale found");
    RouteRecord(rec, settings_, now_, batch_);  // shipping may follow now
  }

  void Ship(OutboxItem& item, OrderRecord& rec) {
    const CivilDate on = rec.shipped_time.value_or(rec.last_updated_time).LocalDate();
    Result<ErpShipment> shipment = erp_.MarkShipped(rec.order_id, on);
    if (!shipment.Ok()) {
      Fail(item, shipment.GetStatus(), kErpFailures);
      return;
    }
    rec.erp_shipped = true;
    changed_.insert(rec.order_id);
    Done(item,
         fmt::format("ERP shipment {} done on {}", shipment->id,
                     shipment->shipped_on.value_or(on).ToString()),
         "erp shipment done");
  }

  Status Cancel(OutboxItem& item, OrderRecord& rec) {
    if (rec.erp_sale_id.empty()) {
      // The sale never landed (parked, or backing off). Look before deciding: a lost reply may
      // have left it in the ERP after all.
      Result<std::optional<ErpSale>> found = erp_.FindSale(rec.order_id);
      if (!found.Ok()) {
        Fail(item, found.GetStatus(), kErpFailures);
        return OkStatus();
      }
      if (!found->has_value()) {
        RETURN_IF_ERROR(WithdrawSale(rec));
        Done(item, "nothing in the ERP to cancel", "erp sale withdrawn");
        return OkStatus();
      }
      rec.erp_sale_id = (*found)->id;
      rec.erp_sale_number = (*found)->number;
      changed_.insert(rec.order_id);
    }
    const Status s = erp_.CancelSale(rec.order_id);
    if (s.Code() == StatusCode::kFailedPrecondition) {
      Refuse(item, RoutingProblemType(RoutingProblem::kCancelledAfterShipping),
             fmt::format("Amazon cancelled order {} but the ERP refuses to cancel sale {}: {}. "
                         "Handle it as a return, then resolve this exception",
                         rec.order_id, rec.erp_sale_number, s.Message()));
      return OkStatus();
    }
    if (!s.Ok()) {
      Fail(item, s, kErpFailures);
      return OkStatus();
    }
    RETURN_IF_ERROR(WithdrawSale(rec));  // a sale item still pending has nothing left to do
    Done(item, fmt::format("ERP sale {} cancelled", rec.erp_sale_number), "erp sale cancelled");
    return OkStatus();
  }

  // Settles the sale item of a cancelled order that is not done, and closes what blocked it.
  Status WithdrawSale(const OrderRecord& rec) {
    const std::string key = OutboxKey(rec.order_id, OrderTransition::kSale);
    ASSIGN_OR_RETURN(std::optional<OutboxItem> sale, store_.GetOutbox(key));
    if (!sale || sale->state == OutboxState::kDone) return OkStatus();
    sale->state = OutboxState::kDone;
    sale->done_at = now_;
    sale->result = "withdrawn: Amazon cancelled the order before it reached the ERP";
    batch_.outbox_updates.push_back(*sale);
    batch_.close.push_back({key, now_, "fbaflow", "order cancelled at Amazon"});
    ++report_.withdrawn;
    return OkStatus();
  }

  void Confirm(OutboxItem& item, OrderRecord& rec) {
    const std::optional<ShipmentPayload> shipped = ParseShipmentPayload(item.payload);
    if (!shipped) {
      Refuse(item, kErpError, "outbox item " + item.key + " has no shipment: " + item.payload);
      return;
    }
    if (item.attempts > 0) {
      // A retry: Amazon may have taken the first attempt and lost the reply. Look first.
      Result<amazon::Order> now_at_amazon = amazon_->GetOrder(rec.order_id, {"FULFILLMENT"});
      if (!now_at_amazon.Ok()) {
        Fail(item, now_at_amazon.GetStatus(), kAmazonFailures);
        return;
      }
      if (now_at_amazon->fulfillment_status == "SHIPPED") {
        rec.confirmed_at = now_;
        changed_.insert(rec.order_id);
        Done(item, "already SHIPPED at Amazon", "shipment confirmed to amazon");
        return;
      }
    }
    amazon::ShipmentConfirmation c;
    c.order_id = rec.order_id;
    c.marketplace_id = rec.marketplace_id;
    c.package_reference_id = shipped->shipment_id;
    c.carrier_code = settings_.carrier_code;
    c.carrier_name = settings_.carrier_name;
    c.tracking_number =
        shipped->tracking.empty() ? "ERP-" + shipped->shipment_id : shipped->tracking;
    // The ERP knows the day, not the time: noon UTC of that day, but never before the order was
    // placed nor in the future (Amazon refuses both).
    Timestamp ship = MakeTimestamp(shipped->shipped_on, 12, 0, 0, 0);
    if (ship < rec.created_time) ship = Timestamp{rec.created_time.utc_seconds + 60, 0};
    if (now_ < ship) ship = now_;
    c.ship_date = ship;
    for (const OrderLineRecord& line : rec.lines) {
      if (line.quantity > 0) c.items.push_back({line.order_item_id, line.quantity});
    }
    const Status s = amazon_->ConfirmShipment(c);
    if (!s.Ok()) {
      Fail(item, s, kAmazonFailures);
      return;
    }
    rec.confirmed_at = now_;
    changed_.insert(rec.order_id);
    Done(item,
         fmt::format("confirmed to Amazon: package {}, shipped {}", c.package_reference_id,
                     shipped->shipped_on.ToString()),
         "shipment confirmed to amazon");
  }

  // A settlement journal: the ERP's chart must have every account before anything posts.
  void Move(OutboxItem& item) {
    std::optional<ErpMoveRequest> move = DecodeMovePayload(item.payload);
    if (!move) {
      Refuse(item, kErpError, "outbox item " + item.key + " does not hold a move");
      return;
    }
    std::vector<std::string> codes;
    for (const ErpMoveLine& line : move->lines) codes.push_back(line.account_code);
    Result<std::vector<std::string>> missing = erp_.MissingAccounts(UniqueCodes(codes));
    if (!missing.Ok()) {
      Fail(item, missing.GetStatus(), kJournalFailures);
      return;
    }
    if (!missing->empty()) {
      Refuse(item, kSettlementAccountMissing,
             fmt::format("the ERP's chart has no open account {} that journal {} posts to: "
                         "create it, then retry this exception",
                         fmt::join(*missing, ", "), move->reference));
      return;
    }
    Result<ErpMove> posted = erp_.EnsurePostedMove(*move);
    if (!posted.Ok()) {
      Fail(item, posted.GetStatus(), kJournalFailures);
      return;
    }
    if (!posted->created) ++report_.found;
    Done(item,
         fmt::format("ERP move {} posted ({} lines){}", posted->number, move->lines.size(),
                     posted->created ? "" : ", found"),
         posted->created ? "erp move posted" : "erp move found");
  }

  void Done(OutboxItem& item, std::string result, std::string_view action) {
    item.state = OutboxState::kDone;
    item.attempts++;
    item.last_error.clear();
    item.done_at = now_;
    item.result = std::move(result);
    batch_.audit.push_back({now_, "fbaflow", std::string(action), item.entity, item.result});
    batch_.close.push_back({item.key, now_, "fbaflow", item.result});
    batch_.outbox_updates.push_back(item);
    ++report_.sent;
  }

  // A failure: transient ones back off (and become an exception after a few attempts), the
  // others park the item behind an exception. A refused login ends the pass (fatal_).
  void Fail(OutboxItem& item, const Status& s, const FailureTypes& types) {
    if (s.Code() == StatusCode::kUnauthenticated) {
      fatal_ = s;
      return;
    }
    if (!s.IsRetryable()) {
      const bool unplanned = s.Code() == StatusCode::kInternal || s.Code() == StatusCode::kDataLoss;
      Refuse(item, unplanned ? types.error : types.rejected, s.Message());
      return;
    }
    item.attempts++;
    item.last_error = s.Message();
    const int shift = std::min(item.attempts - 1, 20);
    const int64_t wait = std::min<int64_t>(int64_t{settings_.retry_base_seconds} << shift,
                                           settings_.retry_max_seconds);
    item.next_attempt_at = Timestamp{now_.utc_seconds + wait, 0};
    batch_.outbox_updates.push_back(item);
    ++report_.retrying;
    if (item.attempts >= settings_.exception_after_attempts) {
      // The message stays the same while the cause does, so the history records causes, not
      // every attempt (the exception counts those).
      const std::string type(types.unavailable);
      batch_.raise.push_back(
          {type, OwnerOf(settings_, type), item.entity,
           fmt::format("{} keeps failing and is retried with backoff (up to "
                       "every {} s): {}",
                       WriteName(item.kind), settings_.retry_max_seconds, s.Message()),
           item.key, now_});
    }
  }

  void Refuse(OutboxItem& item, std::string_view type, const std::string& message) {
    item.attempts++;
    item.state = OutboxState::kParked;
    item.last_error = message;
    batch_.outbox_updates.push_back(item);
    batch_.raise.push_back(
        {std::string(type), OwnerOf(settings_, type), item.entity, message, item.key, now_});
    ++report_.exceptions;
  }

  amazon::OrdersApi* amazon_;
  Erp& erp_;
  OrderStore& store_;
  Clock& clock_;
  const OrderSettings& settings_;
  SkuMapper mapper_;
  std::map<std::string, std::vector<std::string>> alias_targets_;  // sku → alias items
  StoreBatch batch_;
  std::map<std::string, OrderRecord> records_;
  std::set<std::string> changed_;  // records_ this batch changed: only these are written back
  Status fatal_;                   // a refused login: the pass ends after what already landed
  Timestamp now_;
  DispatchReport report_;
};

}  // namespace

Result<DispatchReport> DispatchOutbox(amazon::OrdersApi& amazon, Erp& erp, OrderStore& store,
                                      Clock& clock, const OrderSettings& settings) {
  return Dispatcher(&amazon, erp, store, clock, settings).Run();
}

Result<DispatchReport> DispatchMoves(Erp& erp, OrderStore& store, Clock& clock,
                                     const OrderSettings& settings) {
  return Dispatcher(nullptr, erp, store, clock, settings).Run();
}

}  // namespace fbaflow::orders
