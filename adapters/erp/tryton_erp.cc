#include "adapters/erp/tryton_erp.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace fbaflow::erp {

using Json = nlohmann::json;

namespace {

// Codes asked for in one search_read: enough for any order or settlement, small enough for one
// request body.
constexpr size_t kCodesPerCall = 500;

std::string Join(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

std::string IdText(const Json& id) { return id.is_number_integer() ? id.dump() : ""; }

std::string StringOr(const Json& record, const char* field) {
  auto it = record.find(field);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<int64_t> Ids(const Json& value) {
  std::vector<int64_t> out;
  if (value.is_array()) {
    for (const Json& v : value) {
      if (v.is_number_integer()) out.push_back(v.get<int64_t>());
    }
  }
  return out;
}

ErpShipmentState ShipmentState(const std::string& tryton_state) {
  if (tryton_state == "done") return ErpShipmentState::kDone;
  if (tryton_state == "cancelled") return ErpShipmentState::kCancelled;
  if (tryton_state == "assigned" || tryton_state == "picked" || tryton_state == "packed") {
    return ErpShipmentState::kInProgress;
  }
  return ErpShipmentState::kWaiting;  // draft, waiting
}

// Creates one record of `model` and returns its id.
Result<int64_t> CreateOne(TrytonRpc& rpc, const std::string& model, const Json& values) {
  ASSIGN_OR_RETURN(Json ids,
                   rpc.Call("model." + model + ".create", Json::array({Json::array({values})})));
  if (!ids.is_array() || ids.size() != 1 || !ids[0].is_number_integer()) {
    return Internal("Tryton " + model + ".create answered " + ids.dump());
  }
  return ids[0].get<int64_t>();
}

// The codes among `codes` that no record of `model` matching `domain` carries, in order, once.
Result<std::vector<std::string>> MissingCodes(TrytonRpc& rpc, const std::string& model,
                                              const std::vector<std::string>& codes,
                                              const Json& domain) {
  const std::vector<std::string> unique = UniqueCodes(codes);
  std::set<std::string> known;
  for (size_t i = 0; i < unique.size(); i += kCodesPerCall) {
    const size_t end = std::min(unique.size(), i + kCodesPerCall);
    const Json batch = std::vector<std::string>(unique.begin() + static_cast<std::ptrdiff_t>(i),
                                                unique.begin() + static_cast<std::ptrdiff_t>(end));
    Json full = domain;
    full.push_back(Json::array({"code", "in", batch}));
    ASSIGN_OR_RETURN(Json found,
                     rpc.Call("model." + model + ".search_read",
                              Json::array({full, 0, nullptr, nullptr, Json::array({"code"})})));
    for (const Json& r : found) known.insert(StringOr(r, "code"));
  }
  std::vector<std::string> missing;
  for (const std::string& c : unique) {
    if (known.count(c) == 0) missing.push_back(c);
  }
  return missing;
}

}  // namespace

struct TrytonErp::SaleRecord {
  int64_t id = 0;
  std::string reference;
  std::string number;
  std::string state;  // Tryton's: draft, quotation, confirmed, processing, done, cancelled
  int64_t warehouse = 0;
  std::vector<int64_t> shipments;
  std::vector<int64_t> moves;
};

TrytonErp::TrytonErp(TrytonSettings settings, Http& http) : rpc_(std::move(settings), http) {}
TrytonErp::~TrytonErp() = default;

Result<int64_t> TrytonErp::IdByCode(const std::string& what, const std::string& model,
                                    const std::string& code, const std::string& extra_field,
                                    const std::string& extra_value) {
  const std::string key = model + "|" + code;
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (auto it = id_cache_.find(key); it != id_cache_.end()) return it->second;
  }
  Json domain = Json::array({Json::array({"code", "=", code})});
  if (!extra_field.empty()) domain.push_back(Json::array({extra_field, "=", extra_value}));
  ASSIGN_OR_RETURN(Json found,
                   rpc_.Call("model." + model + ".search_read",
                             Json::array({domain, 0, 2, nullptr, Json::array({"id"})})));
  if (!found.is_array() || found.empty()) {
    return FailedPrecondition(fmt::format("the ERP has no {} with code '{}'", what, code));
  }
  if (found.size() > 1) {
    return FailedPrecondition(
        fmt::format("the ERP has more than one {} with code '{}'", what, code));
  }
  const int64_t id = found[0]["id"].get<int64_t>();
  std::lock_guard<std::mutex> lock(cache_mu_);
  id_cache_[key] = id;
  return id;
}

Result<int64_t> TrytonErp::WarehouseId(FulfilmentRole role) {
  const TrytonSettings& s = rpc_.Settings();
  return IdByCode(role == FulfilmentRole::kAmazonFba ? "FBA warehouse" : "own warehouse",
                  "stock.location",
                  role == FulfilmentRole::kAmazonFba ? s.fba_warehouse_code : s.own_warehouse_code,
                  "type", "warehouse");
}

Result<std::vector<std::string>> TrytonErp::MissingItems(const std::vector<std::string>& codes) {
  return MissingCodes(rpc_, "product.product", codes, Json::array());
}

Result<std::vector<std::string>> TrytonErp::MissingAccounts(const std::vector<std::string>& codes) {
  // Only accounts that can take lines: a view account (no type) or a closed one cannot.
  return MissingCodes(
      rpc_, "account.account", codes,
      Json::array({Json::array({"type", "!=", nullptr}), Json::array({"closed", "=", false})}));
}

Result<std::optional<TrytonErp::SaleRecord>> TrytonErp::FindSaleRecord(std::string_view reference) {
  const Json domain = Json::array({Json::array({"reference", "=", reference})});
  ASSIGN_OR_RETURN(Json found, rpc_.Call("model.sale.sale.search_read",
                                         Json::array({domain,
                                                      0,
                                                      2,
                                                      Json::array({Json::array({"id", "ASC"})}),
                                                      {"reference", "number", "state", "warehouse",
                                                       "shipments", "moves"}})));
  if (!found.is_array() || found.empty()) return std::optional<SaleRecord>();
  if (found.size() > 1) {
    // Someone created a second sale with this reference by hand: a person must decide.
    return FailedPrecondition(
        fmt::format("the ERP has more than one sale with reference '{}'", reference));
  }
  const Json& r = found[0];
  SaleRecord rec;
  rec.id = r["id"].get<int64_t>();
  rec.reference = StringOr(r, "reference");
  rec.number = StringOr(r, "number");
  rec.state = StringOr(r, "state");
  rec.warehouse =
      r.value("warehouse", Json()).is_number_integer() ? r["warehouse"].get<int64_t>() : 0;
  rec.shipments = Ids(r.value("shipments", Json()));
  rec.moves = Ids(r.value("moves", Json()));
  return std::optional<SaleRecord>(std::move(rec));
}

Result<ErpShipment> TrytonErp::ShipmentSummary(const SaleRecord& record) {
  ErpShipment out;
  if (record.shipments.empty()) {
    out.state =
        record.state == "cancelled" ? ErpShipmentState::kCancelled : ErpShipmentState::kWaiting;
    return out;
  }
  ASSIGN_OR_RETURN(Json found,
                   rpc_.Call("model.stock.shipment.out.read",
                             Json::array({record.shipments, {"state", "effective_date"}})));
  // One shipment per sale in fbaflow's use; several (split by hand) read as the least advanced.
  bool all_done = true;
  bool all_cancelled = true;
  bool any_progress = false;
  for (const Json& s : found) {
    const ErpShipmentState st = ShipmentState(StringOr(s, "state"));
    all_done = all_done && (st == ErpShipmentState::kDone || st == ErpShipmentState::kCancelled);
    all_cancelled = all_cancelled && st == ErpShipmentState::kCancelled;
    any_progress = any_progress || st == ErpShipmentState::kInProgress;
    if (st == ErpShipmentState::kDone && !s["effective_date"].is_null()) {
      ASSIGN_OR_RETURN(CivilDate d, DecodeDate(s["effective_date"]));
      if (!out.shipped_on || d > *out.shipped_on) out.shipped_on = d;
    }
    if (out.id.empty()) out.id = IdText(s["id"]);
  }
  out.state = all_cancelled  ? ErpShipmentState::kCancelled
              : all_done     ? ErpShipmentState::kDone
              : any_progress ? ErpShipmentState::kInProgress
                             : ErpShipmentState::kWaiting;
  if (out.state != ErpShipmentState::kDone) out.shipped_on.reset();
  return out;
}

Result<ErpSale> TrytonErp::ToSale(const SaleRecord& record) {
  ErpSale sale;
  sale.id = std::to_string(record.id);
  sale.reference = record.reference;
  sale.number = record.number;
  ASSIGN_OR_RETURN(int64_t fba, WarehouseId(FulfilmentRole::kAmazonFba));
  sale.role = record.warehouse == fba ? FulfilmentRole::kAmazonFba : FulfilmentRole::kOwnWarehouse;
  if (record.state == "draft" || record.state == "quotation") {
    sale.state = ErpSaleState::kDraft;
  } else if (record.state == "cancelled") {
    sale.state = ErpSaleState::kCancelled;
  } else if (record.state == "done") {
    // A confirmed sale is cancelled in Tryton by cancelling its shipment; the sale then reads
    // "done" with nothing shipped.
    ASSIGN_OR_RETURN(ErpShipment shipment, ShipmentSummary(record));
    sale.state = shipment.state == ErpShipmentState::kCancelled ? ErpSaleState::kCancelled
                                                                : ErpSaleState::kDone;
  } else {
    sale.state = ErpSaleState::kProcessing;  // confirmed, processing
  }
  return sale;
}

Result<std::optional<ErpSale>> TrytonErp::FindSale(std::string_view reference) {
  ASSIGN_OR_RETURN(std::optional<SaleRecord> rec, FindSaleRecord(reference));
  if (!rec) return std::optional<ErpSale>();
  ASSIGN_OR_RETURN(ErpSale sale, ToSale(*rec));
  return std::optional<ErpSale>(std::move(sale));
}

Result<ErpSale> TrytonErp::EnsureSale(const ErpSaleRequest& request) {
  RETURN_IF_ERROR(ValidateSaleRequest(request));
  ASSIGN_OR_RETURN(std::optional<SaleRecord> found, FindSaleRecord(request.reference));
  bool created = false;
  int64_t sale_id = 0;
  if (found) {
    sale_id = found->id;
  } else {
    // Everything the sale names must exist before anything is created.
    std::vector<std::string> codes;
    for (const ErpSaleLine& line : request.lines) codes.push_back(line.item_code);
    const std::vector<std::string> unique = UniqueCodes(codes);
    ASSIGN_OR_RETURN(Json products,
                     rpc_.Call("model.product.product.search_read",
                               Json::array({Json::array({Json::array({"code", "in", unique})}),
                                            0,
                                            nullptr,
                                            nullptr,
                                            {"code", "sale_uom"}})));
    std::map<std::string, std::pair<int64_t, int64_t>> product;  // code -> (id, unit)
    for (const Json& p : products) {
      product[StringOr(p, "code")] = {
          p["id"].get<int64_t>(),
          p.value("sale_uom", Json()).is_number_integer() ? p["sale_uom"].get<int64_t>() : 0};
    }
    std::vector<std::string> missing;
    for (const std::string& c : unique) {
      if (product.count(c) == 0) missing.push_back(c);
    }
    if (!missing.empty()) {
      return FailedPrecondition(
          fmt::format("ERP sale {}: the ERP has no item {}", request.reference, Join(missing)));
    }
    const std::string party_code = rpc_.Settings().customer_code_prefix + request.marketplace;
    ASSIGN_OR_RETURN(int64_t party, IdByCode("customer", "party.party", party_code));
    ASSIGN_OR_RETURN(Json addresses,
                     rpc_.Call("model.party.address.search_read",
                               Json::array({Json::array({Json::array({"party", "=", party})}),
                                            0,
                                            nullptr,
                                            nullptr,
                                            {"invoice"}})));
    int64_t address = 0;
    for (const Json& a : addresses) {
      if (address == 0 || a.value("invoice", false)) address = a["id"].get<int64_t>();
    }
    if (address == 0) {
      return FailedPrecondition("the ERP customer " + party_code + " has no address");
    }
    const std::string currency_code(request.lines.front().unit_price.GetCurrency().Code());
    ASSIGN_OR_RETURN(int64_t currency, IdByCode("currency", "currency.currency", currency_code));
    ASSIGN_OR_RETURN(int64_t warehouse, WarehouseId(request.role));
    Json lines = Json::array();
    for (const ErpSaleLine& line : request.lines) {
      const auto& [product_id, unit] = product[line.item_code];
      Json l = {{"type", "line"},
                {"product", product_id},
                {"quantity", static_cast<double>(line.quantity)},  // Tryton's quantity is a float
                {"unit_price", EncodeMoney(line.unit_price)}};
      if (unit != 0) l["unit"] = unit;
      lines.push_back(std::move(l));
    }
    const Json values = {
        {"reference", request.reference},
        {"description",
         fmt::format("Amazon {} order {} ({})", request.marketplace, request.reference,
                     request.role == FulfilmentRole::kAmazonFba ? "FBA" : "own warehouse")},
        {"party", party},
        {"invoice_address", address},
        {"shipment_address", address},
        {"warehouse", warehouse},
        {"currency", currency},
        {"sale_date", EncodeDate(request.sale_date)},
        {"invoice_method", "manual"},
        {"shipment_method", "order"},
        {"lines", Json::array({Json::array({"create", lines})})}};
    ASSIGN_OR_RETURN(sale_id, CreateOne(rpc_, "sale.sale", values));
    created = true;
    found = SaleRecord{sale_id, request.reference, "", "draft", warehouse, {}, {}};
  }
  // Take the sale forward from wherever it is (a crash may have left it half way).
  if (found->state == "draft") {
    RETURN_IF_ERROR(
        rpc_.Call("model.sale.sale.quote", Json::array({Json::array({sale_id})})).GetStatus());
    found->state = "quotation";
  }
  if (found->state == "quotation") {
    RETURN_IF_ERROR(
        rpc_.Call("model.sale.sale.confirm", Json::array({Json::array({sale_id})})).GetStatus());
  }
  if (found->state == "confirmed") {
    // Processing waits in Tryton's queue when a worker runs it; ask for it now.
    RETURN_IF_ERROR(
        rpc_.Call("model.sale.sale.process", Json::array({Json::array({sale_id})})).GetStatus());
  }
  ASSIGN_OR_RETURN(std::optional<SaleRecord> now, FindSaleRecord(request.reference));
  if (!now) return Internal("ERP sale " + request.reference + " vanished after its creation");
  ASSIGN_OR_RETURN(ErpSale sale, ToSale(*now));
  sale.created = created;
  return sale;
}

Result<ErpShipment> TrytonErp::MarkShipped(std::string_view reference, CivilDate shipped_on) {
  ASSIGN_OR_RETURN(std::optional<SaleRecord> rec, FindSaleRecord(reference));
  if (!rec) return NotFound(fmt::format("the ERP has no sale with reference '{}'", reference));
  ASSIGN_OR_RETURN(ErpSale sale, ToSale(*rec));
  if (sale.role != FulfilmentRole::kAmazonFba) {
    return FailedPrecondition(
        fmt::format("ERP sale {} ships from the own warehouse: the warehouse team marks it shipped",
                    reference));
  }
  if (sale.state == ErpSaleState::kCancelled) {
    return FailedPrecondition(fmt::format("ERP sale {} is cancelled", reference));
  }
  if (rec->shipments.empty()) {
    return FailedPrecondition(
        fmt::format("ERP sale {} has no shipment (state {})", reference, rec->state));
  }
  ASSIGN_OR_RETURN(Json shipments,
                   rpc_.Call("model.stock.shipment.out.read",
                             Json::array({rec->shipments, Json::array({"state"})})));
  for (const Json& s : shipments) {
    const int64_t id = s["id"].get<int64_t>();
    std::string state = StringOr(s, "state");
    if (state == "done" || state == "cancelled") continue;
    const Json one = Json::array({id});
    // The date first, so that every stock move of the shipment is dated by Amazon's ship date.
    RETURN_IF_ERROR(rpc_.Call("model.stock.shipment.out.write",
                              Json::array({one, {{"effective_date", EncodeDate(shipped_on)}}}))
                        .GetStatus());
    if (state == "draft") {
      RETURN_IF_ERROR(rpc_.Call("model.stock.shipment.out.wait", Json::array({one})).GetStatus());
      state = "waiting";
    }
    if (state == "waiting") {
      // Forced: the stock is Amazon's, in its fulfilment centres, not counted in this warehouse.
      RETURN_IF_ERROR(
          rpc_.Call("model.stock.shipment.out.assign_force", Json::array({one})).GetStatus());
      state = "assigned";
    }
    if (state == "assigned") {
      RETURN_IF_ERROR(rpc_.Call("model.stock.shipment.out.pick", Json::array({one})).GetStatus());
      state = "picked";
    }
    if (state == "picked") {
      RETURN_IF_ERROR(rpc_.Call("model.stock.shipment.out.pack", Json::array({one})).GetStatus());
    }
    RETURN_IF_ERROR(rpc_.Call("model.stock.shipment.out.done", Json::array({one})).GetStatus());
  }
  return ShipmentSummary(*rec);
}

Result<ErpShipment> TrytonErp::ShipmentOf(std::string_view reference) {
  ASSIGN_OR_RETURN(std::optional<SaleRecord> rec, FindSaleRecord(reference));
  if (!rec) return NotFound(fmt::format("the ERP has no sale with reference '{}'", reference));
  return ShipmentSummary(*rec);
}

Status TrytonErp::CancelSale(std::string_view reference) {
  ASSIGN_OR_RETURN(std::optional<SaleRecord> rec, FindSaleRecord(reference));
  if (!rec) return NotFound(fmt::format("the ERP has no sale with reference '{}'", reference));
  const Json one = Json::array({rec->id});
  if (rec->state == "cancelled") return OkStatus();
  if (rec->state == "draft" || rec->state == "quotation") {
    return rpc_.Call("model.sale.sale.cancel", Json::array({one})).GetStatus();
  }
  ASSIGN_OR_RETURN(ErpShipment shipment, ShipmentSummary(*rec));
  if (shipment.state == ErpShipmentState::kCancelled) return OkStatus();
  if (shipment.state == ErpShipmentState::kDone) {
    return FailedPrecondition(
        fmt::format("ERP sale {} has shipped: a return, not a cancellation", reference));
  }
  ASSIGN_OR_RETURN(Json shipments,
                   rpc_.Call("model.stock.shipment.out.read",
                             Json::array({rec->shipments, Json::array({"state"})})));
  for (const Json& s : shipments) {
    if (StringOr(s, "state") == "done") {
      return FailedPrecondition(fmt::format("ERP sale {} has shipped in part", reference));
    }
  }
  RETURN_IF_ERROR(
      rpc_.Call("model.stock.shipment.out.cancel", Json::array({rec->shipments})).GetStatus());
  // The sale now shows a shipment exception; handle it without recreating the moves, which is
  // Tryton's way of saying the goods will not ship.
  ASSIGN_OR_RETURN(Json wizard,
                   rpc_.Call("wizard.sale.handle.shipment.exception.create", Json::array()));
  if (!wizard.is_array() || wizard.empty() || !wizard[0].is_number_integer()) {
    return Internal("Tryton wizard create answered " + wizard.dump());
  }
  const int64_t wizard_id = wizard[0].get<int64_t>();
  const Json active = {{"active_id", rec->id}, {"active_ids", one}, {"active_model", "sale.sale"}};
  ASSIGN_OR_RETURN(Json moves,
                   rpc_.Call("model.sale.sale.read", Json::array({one, Json::array({"moves"})})));
  const Json data = {
      {"ask",
       {{"recreate_moves", Json::array()},
        {"domain_moves", moves.empty() ? Json::array() : moves[0].value("moves", Json::array())}}}};
  const Status handled = rpc_.Call("wizard.sale.handle.shipment.exception.execute",
                                   Json::array({wizard_id, data, "handle"}), active)
                             .GetStatus();
  // The wizard's session is Tryton's to clean; failing to delete it changes nothing.
  (void)rpc_.Call("wizard.sale.handle.shipment.exception.delete", Json::array({wizard_id}));
  return handled;
}

Result<ErpMove> TrytonErp::EnsurePostedMove(const ErpMoveRequest& request) {
  RETURN_IF_ERROR(ValidateMoveRequest(request));
  ASSIGN_OR_RETURN(int64_t journal,
                   IdByCode("account journal", "account.journal", rpc_.Settings().journal_code));
  const Json find = Json::array({Json::array({"journal", "=", journal}),
                                 Json::array({"description", "=", request.reference})});
  ASSIGN_OR_RETURN(
      Json found,
      rpc_.Call("model.account.move.search_read",
                Json::array({find, 0, 2, nullptr, {"state", "number", "post_number"}})));
  if (found.size() > 1) {
    return FailedPrecondition(fmt::format(
        "the ERP has more than one move with reference '{}' in its journal", request.reference));
  }
  int64_t move_id = 0;
  bool created = false;
  if (found.size() == 1) {
    move_id = found[0]["id"].get<int64_t>();
    if (StringOr(found[0], "state") == "posted") {
      return ErpMove{std::to_string(move_id), StringOr(found[0], "post_number"), false};
    }
  } else {
    // The company's currency: Tryton books a move in it (other currencies need second-currency
    // amounts, which fbaflow's journals do not carry).
    ASSIGN_OR_RETURN(Json context, rpc_.Context());
    const Json company_id = context.value("company", Json());
    if (!company_id.is_number_integer()) {
      return FailedPrecondition("the ERP user has no company");
    }
    ASSIGN_OR_RETURN(
        Json company,
        rpc_.Call("model.company.company.read",
                  Json::array({Json::array({company_id}), Json::array({"currency.code"})})));
    const std::string book =
        company.empty() ? "" : StringOr(company[0].value("currency.", Json::object()), "code");
    const std::string mine(request.lines.front().amount.GetCurrency().Code());
    if (book.empty()) {
      return FailedPrecondition(fmt::format(
          "ERP move {}: the ERP's company currency could not be read, so the move is not posted",
          request.reference));
    }
    if (book != mine) {
      return FailedPrecondition(fmt::format("ERP move {}: the ERP books in {}, the move is in {}",
                                            request.reference, book, mine));
    }
    std::vector<std::string> codes;
    for (const ErpMoveLine& l : request.lines) codes.push_back(l.account_code);
    ASSIGN_OR_RETURN(std::vector<std::string> missing, MissingAccounts(codes));
    if (!missing.empty()) {
      return FailedPrecondition(fmt::format("ERP move {}: the chart of accounts has no account {}",
                                            request.reference, Join(missing)));
    }
    ASSIGN_OR_RETURN(
        Json accounts,
        rpc_.Call("model.account.account.search_read",
                  Json::array({Json::array({Json::array({"code", "in", UniqueCodes(codes)})}),
                               0,
                               nullptr,
                               nullptr,
                               {"code"}})));
    std::map<std::string, int64_t> account_id;
    for (const Json& a : accounts) account_id[StringOr(a, "code")] = a["id"].get<int64_t>();
    const Json date = EncodeDate(request.date);
    const Json period_domain =
        Json::array({Json::array({"start_date", "<=", date}), Json::array({"end_date", ">=", date}),
                     Json::array({"type", "=", "standard"})});
    ASSIGN_OR_RETURN(
        Json periods,
        rpc_.Call("model.account.period.search_read",
                  Json::array({period_domain, 0, 1, nullptr, Json::array({"state"})})));
    if (periods.empty() || StringOr(periods[0], "state") != "open") {
      return FailedPrecondition(fmt::format("ERP move {}: no open accounting period on {}",
                                            request.reference, request.date.ToString()));
    }
    Json lines = Json::array();
    const Money zero = Money::Zero(request.lines.front().amount.GetCurrency());
    for (const ErpMoveLine& l : request.lines) {
      lines.push_back(
          {{"account", account_id[l.account_code]},
           {"debit", EncodeMoney(l.amount.IsNegative() ? zero : l.amount)},
           {"credit", EncodeMoney(l.amount.IsNegative() ? -l.amount : zero)},
           {"description", l.description.empty() ? request.description : l.description}});
    }
    const Json values = {{"journal", journal},
                         {"period", periods[0]["id"]},
                         {"date", date},
                         {"description", request.reference},
                         {"lines", Json::array({Json::array({"create", lines})})}};
    ASSIGN_OR_RETURN(move_id, CreateOne(rpc_, "account.move", values));
    created = true;
  }
  RETURN_IF_ERROR(
      rpc_.Call("model.account.move.post", Json::array({Json::array({move_id})})).GetStatus());
  ASSIGN_OR_RETURN(Json posted,
                   rpc_.Call("model.account.move.read",
                             Json::array({Json::array({move_id}), Json::array({"post_number"})})));
  return ErpMove{std::to_string(move_id), posted.empty() ? "" : StringOr(posted[0], "post_number"),
                 created};
}

}  // namespace fbaflow::erp
