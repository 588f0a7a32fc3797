// The world's reports, documents, settlements closing, feeds and listings updates.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/time/civil.h"
#include "sim/amazon/iso_time.h"
#include "sim/amazon/settlement_render.h"
#include "sim/amazon/text_encoding.h"
#include "sim/amazon/world.h"

namespace fbaflow::sim {
namespace {

using nlohmann::json;

constexpr const char* kSettlementType = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";
constexpr const char* kLedgerDetail = "GET_LEDGER_DETAIL_VIEW_DATA";
constexpr const char* kLedgerSummary = "GET_LEDGER_SUMMARY_VIEW_DATA";
constexpr const char* kMyi = "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA";

CivilDate DateOf(SimMillis t) { return Timestamp{t / 1000 - (t % 1000 < 0 ? 1 : 0), 0}.UtcDate(); }

std::string UsDate(SimMillis t) {
  const CivilDate d = DateOf(t);
  return fmt::format("{:02d}/{:02d}/{:04d}", d.month, d.day, d.year);
}

SimMillis StartOfDay(SimMillis t) { return DateOf(t).DaysSinceEpoch() * kDay; }

// The start of the period holding `t` and the start of the next one.
std::pair<SimMillis, SimMillis> PeriodOf(SimMillis t, const std::string& period) {
  const CivilDate d = DateOf(t);
  if (period == "DAILY") {
    const SimMillis s = StartOfDay(t);
    return {s, s + kDay};
  }
  if (period == "WEEKLY") {
    const int64_t days = d.DaysSinceEpoch();
    const int64_t weekday = ((days % 7) + 11) % 7;  // 0 = Sunday
    const SimMillis s = (days - weekday) * kDay;
    return {s, s + 7 * kDay};
  }
  const CivilDate first{d.year, d.month, 1};
  const CivilDate next =
      d.month == 12 ? CivilDate{d.year + 1, 1, 1} : CivilDate{d.year, d.month + 1, 1};
  return {first.DaysSinceEpoch() * kDay, next.DaysSinceEpoch() * kDay};
}

std::string PeriodLabel(SimMillis start, const std::string& period) {
  if (period == "MONTHLY") {
    const CivilDate d = DateOf(start);
    return fmt::format("{:02d}/{:04d}", d.month, d.year);
  }
  return UsDate(start);
}

std::string OptionOr(const Report& r, const std::string& key, const std::string& fallback) {
  auto it = r.options.find(key);
  return it == r.options.end() ? fallback : it->second;
}

}  // namespace

const std::vector<std::string>& World::RequestableReportTypes() {
  static const std::vector<std::string> kTypes = {kLedgerDetail, kLedgerSummary, kMyi};
  return kTypes;
}

Result<std::string> World::CreateReport(const ReportRequest& request) {
  if (request.report_type == kSettlementType ||
      request.report_type == "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE" ||
      request.report_type == "GET_V2_SETTLEMENT_REPORT_DATA_XML") {
    return InvalidArgument(fmt::format(
        "Report type {} cannot be requested: Amazon generates settlement reports itself.",
        request.report_type));
  }
  const auto& types = RequestableReportTypes();
  if (std::find(types.begin(), types.end(), request.report_type) == types.end()) {
    return InvalidArgument(fmt::format("Invalid reportType {} (the emulator serves {}, {}, {}).",
                                       request.report_type, types[0], types[1], types[2]));
  }
  if (request.marketplace_ids.empty()) return InvalidArgument("marketplaceIds is required.");
  for (const std::string& id : request.marketplace_ids) {
    if (id != marketplace_.id) {
      return InvalidArgument(
          fmt::format("Invalid marketplaceId {}: the seller sells in {}.", id, marketplace_.id));
    }
  }
  Report r;
  r.report_id = std::to_string(next_report_id_);
  next_report_id_ += static_cast<uint64_t>(request_rng_.Range(1, 500));
  r.report_type = request.report_type;
  r.marketplace_ids = request.marketplace_ids;
  r.options = request.options;
  r.created = now_;
  r.data_end = std::min(request.data_end.value_or(now_), now_);
  r.data_start = request.data_start.value_or(r.data_end - 30 * kDay);
  if (r.data_start > r.data_end) {
    return InvalidArgument("dataStartTime must not be after dataEndTime.");
  }
  const double roll = fault_rng_.Unit();
  r.outcome = roll < config_.report_fatal ? ProcessingStatus::kFatal
              : roll < config_.report_fatal + config_.report_cancelled
                  ? ProcessingStatus::kCancelled
                  : ProcessingStatus::kDone;
  r.processing_start = now_ + request_rng_.Range(5, 60) * kSecond;
  r.processing_end = r.processing_start + request_rng_.Range(30, 180) * kSecond;
  const size_t index = reports_.size();
  reports_.push_back(r);
  Schedule(r.processing_start, [this, index] {
    Report& rep = reports_[index];
    if (rep.status == ProcessingStatus::kInQueue) rep.status = ProcessingStatus::kInProgress;
  });
  Schedule(r.processing_end, [this, index] { FinishReport(index); });
  return r.report_id;
}

Status World::CancelReport(std::string_view report_id) {
  for (Report& r : reports_) {
    if (r.report_id != report_id) continue;
    if (r.status != ProcessingStatus::kInQueue) {
      return FailedPrecondition(fmt::format("Report {} is {} and can no longer be cancelled.",
                                            report_id, ProcessingStatusName(r.status)));
    }
    r.status = ProcessingStatus::kCancelled;
    r.processing_end = now_;
    NotifyReport(r);
    return OkStatus();
  }
  return NotFound(fmt::format("Report {} not found.", report_id));
}

const Report* World::FindReport(std::string_view report_id) const {
  for (const Report& r : reports_) {
    if (r.report_id == report_id) return &r;
  }
  return nullptr;
}

const Document* World::FindDocument(std::string_view document_id) const {
  auto it = documents_.find(document_id);
  return it == documents_.end() ? nullptr : &it->second;
}

void World::FinishReport(size_t index) {
  Report& r = reports_[index];
  if (IsFinal(r.status)) return;  // cancelled while queued
  r.status = r.outcome;
  r.processing_end = now_;
  if (r.status == ProcessingStatus::kDone) {
    const std::string text = RenderReport(r);
    if (std::count(text.begin(), text.end(), '\n') <= 1) {
      r.status = ProcessingStatus::kCancelled;  // Amazon cancels a report that has no data
    } else {
      r.document_id = StoreDocument(text, true, request_rng_);
    }
  } else if (r.status == ProcessingStatus::kFatal) {
    const json error = {
        {"errorDetails", "The report could not be generated (emulated fatal error)."}};
    r.document_id = StoreDocument(error.dump(), false, request_rng_);
  }
  NotifyReport(r);
}

std::string World::StoreDocument(const std::string& utf8_text, bool tabular, Rng& ids) {
  Document doc;
  doc.id =
      fmt::format("amzn1.spdoc.1.4.{}.{}", marketplace_.code == "US" ? "na" : "eu", ids.Uuid());
  doc.created = now_;
  if (tabular) {
    // Both dice are always rolled, so one fault's setting never shifts the other's outcomes.
    const bool cp1252 = fault_rng_.Chance(config_.document_cp1252);
    const bool gzip = fault_rng_.Chance(config_.document_gzip);
    doc.bytes = cp1252 ? Utf8ToWindows1252(utf8_text) : utf8_text;
    doc.content_type =
        "text/plain;charset=" + (cp1252 ? config_.cp1252_label : std::string("UTF-8"));
    if (gzip) {
      doc.bytes = Gzip(doc.bytes);
      doc.gzip = true;
    }
  } else {
    doc.bytes = utf8_text;
    doc.content_type = "application/json;charset=UTF-8";
  }
  const std::string id = doc.id;
  documents_.emplace(id, std::move(doc));
  return id;
}

std::string World::RenderReport(const Report& r) const {
  std::string out;
  if (r.report_type == kLedgerDetail) {
    out =
        "Date\tFNSKU\tASIN\tMSKU\tTitle\tEventType\tReferenceID\tQuantity\tFulfillmentCenter\t"
        "Disposition\tReason\tCountry\tReconciledQuantity\tUnreconciledQuantity\n";
    const std::string event_filter = OptionOr(r, "eventType", "");
    for (const LedgerEvent& e : ledger_) {
      if (e.time < r.data_start || e.time > r.data_end) continue;
      if (!event_filter.empty() && e.event_type != event_filter) continue;
      const Sku& s = skus_[static_cast<size_t>(e.sku)];
      const int unreconciled = e.reason == "M" ? e.quantity : 0;
      out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", UsDate(e.time),
                         s.fnsku, s.asin, s.seller_sku, s.title, e.event_type, e.reference_id,
                         e.quantity, e.fulfillment_center, e.disposition, e.reason,
                         marketplace_.country, e.quantity - unreconciled, unreconciled);
    }
    return out;
  }
  if (r.report_type == kLedgerSummary) {
    out =
        "Date\tFNSKU\tASIN\tMSKU\tTitle\tDisposition\tStartingWarehouseBalance\t"
        "InTransitBetweenWarehouses\tReceipts\tCustomerShipments\tCustomerReturns\tVendorReturns\t"
        "WarehouseTransferInOut\tFound\tLost\tDamaged\tDisposed\tOtherEvents\tEndingWarehouseBalanc"
        "e\t"
        "UnknownEvents\tLocation\n";
    const std::string period = OptionOr(r, "aggregatedByTimePeriod", "MONTHLY");
    static constexpr std::array<const char*, 3> kDispositions = {"SELLABLE", "CUSTOMER_DAMAGED",
                                                                 "WAREHOUSE_DAMAGED"};
    enum Col {
      kReceipts,
      kShipments,
      kReturns,
      kVendor,
      kFound,
      kLost,
      kDamaged,
      kDisposed,
      kOther,
      kCols
    };
    // Periods overlapping [data_start, data_end], clipped to it.
    std::vector<std::pair<SimMillis, SimMillis>> periods;
    for (SimMillis t = r.data_start; t <= r.data_end;) {
      auto [ps, pe] = PeriodOf(t, period);
      periods.emplace_back(std::max(ps, r.data_start), std::min(pe, r.data_end + 1));
      t = pe;
    }
    for (size_t pi = 0; pi < periods.size(); ++pi) {
      const auto [ps, pe] = periods[pi];
      for (size_t si = 0; si < skus_.size(); ++si) {
        const Sku& s = skus_[si];
        if (!s.afn) continue;
        for (const char* disposition : kDispositions) {
          int64_t start = 0;
          std::array<int64_t, kCols> cols{};
          for (const LedgerEvent& e : ledger_) {
            if (static_cast<size_t>(e.sku) != si || e.disposition != disposition || e.time >= pe)
              continue;
            if (e.time < ps) {
              start += e.quantity;
              continue;
            }
            Col c = kOther;
            if (e.event_type == "Receipts") c = kReceipts;
            if (e.event_type == "Shipments") c = kShipments;
            if (e.event_type == "CustomerReturns") c = kReturns;
            if (e.event_type == "VendorReturns") c = kVendor;
            if (e.event_type == "Adjustments") {
              c = e.reason == "F"                      ? kFound
                  : e.reason == "M"                    ? kLost
                  : e.reason == "E" || e.reason == "P" ? kDamaged
                  : e.reason == "D"                    ? kDisposed
                                                       : kOther;
            }
            cols[c] += e.quantity;
          }
          int64_t end = start;
          bool moved = false;
          for (int64_t v : cols) {
            end += v;
            moved = moved || v != 0;
          }
          if (start == 0 && !moved) continue;
          out += fmt::format(
              "{}\t{}\t{}\t{}\t{}\t{}\t{}\t0\t{}\t{}\t{}\t{}\t0\t{}\t{}\t{}\t{}\t{}\t{}\t0\t{}\n",
              PeriodLabel(ps, period), s.fnsku, s.asin, s.seller_sku, s.title, disposition, start,
              cols[kReceipts], cols[kShipments], cols[kReturns], cols[kVendor], cols[kFound],
              cols[kLost], cols[kDamaged], cols[kDisposed], cols[kOther], end,
              marketplace_.country);
        }
      }
    }
    return out;
  }
  if (r.report_type == kMyi) {
    out =
        "sku\tfnsku\tasin\tproduct-name\tcondition\tyour-price\tmfn-listing-exists\t"
        "mfn-fulfillable-quantity\tafn-listing-exists\tafn-warehouse-quantity\tafn-fulfillable-"
        "quantity\t"
        "afn-unsellable-quantity\tafn-reserved-quantity\tafn-total-quantity\tper-unit-volume\t"
        "afn-inbound-working-quantity\tafn-inbound-shipped-quantity\tafn-inbound-receiving-"
        "quantity\t"
        "afn-researching-quantity\tafn-reserved-future-supply\tafn-future-supply-buyable\n";
    for (const Sku& s : skus_) {
      if (!s.afn) continue;
      out += fmt::format(
          "{}\t{}\t{}\t{}\tNew\t{}\tNo\t\tYes\t{}\t{}\t{}\t{}\t{}\t0.05\t{}\t{}\t{}\t{}\t0\t0\n",
          s.seller_sku, s.fnsku, s.asin, s.title, s.price.ToString(), s.WarehouseBalance(),
          s.fulfillable, s.Unfulfillable(), s.Reserved(), s.WarehouseBalance() + s.Inbound(),
          s.inbound_working, s.inbound_shipped, s.inbound_receiving, s.researching);
    }
    return out;
  }
  return out;
}

void World::CloseSettlement() {
  SettlementPeriod& plan = open_settlement_;
  plan.end = now_;
  plan.deposit = now_ + 2 * kDay;
  const Currency cur = marketplace_.currency;
  const Money before_reserve = plan.Total();
  auto reserve_row = [&](const char* description, Money amount) {
    SettlementRow r;
    r.transaction_type = "other-transaction";
    r.amount_type = "other-transaction";
    r.amount_description = description;
    r.amount = amount;
    r.posted = now_;
    plan.rows.push_back(std::move(r));
  };
  if (!reserve_held_.IsZero()) reserve_row("Previous Reserve Amount Balance", reserve_held_);
  // Amazon holds back part of recent proceeds (deliver-by-date reserve).
  const Money reserve =
      before_reserve.IsNegative() ? Money::Zero(cur) : Percent(before_reserve, 1000);
  if (!reserve.IsZero()) reserve_row("Current Reserve Amount", -reserve);
  reserve_held_ = reserve;
  settlements_.push_back(plan);
  const size_t settlement_index = settlements_.size() - 1;

  // The report appears a few hours after the period closes.
  const SimMillis available = now_ + rng_.Range(1, 6) * kHour;
  Schedule(available, [this, settlement_index] {
    const SettlementPeriod& p = settlements_[settlement_index];
    Report r;
    r.report_id = std::to_string(next_report_id_);
    next_report_id_ += static_cast<uint64_t>(rng_.Range(1, 500));
    r.report_type = kSettlementType;
    r.marketplace_ids = {marketplace_.id};
    r.data_start = p.start;
    r.data_end = p.end;
    r.created = now_;
    r.processing_start = now_ - 10 * kMinute;
    r.processing_end = now_;
    r.status = ProcessingStatus::kDone;
    r.outcome = ProcessingStatus::kDone;
    r.requested = false;
    r.document_id = StoreDocument(RenderSettlementReport(p), true, rng_);
    reports_.push_back(r);
    NotifyReport(reports_.back());
  });
  OpenNewSettlement(now_);
  Schedule(now_ + config_.settlement_period, [this] { CloseSettlement(); });
}

std::string World::CreateFeedUpload(std::string content_type) {
  FeedUpload u;
  // One draw a statement: the order of evaluation of function arguments is unspecified, and the
  // same seed must give the same ids whatever the compiler.
  const std::string uuid = request_rng_.Uuid();
  const std::string suffix = request_rng_.UpperAlnum(12);
  u.id = fmt::format("amzn1.tortuga.4.{}.{}.T{}", marketplace_.code == "US" ? "na" : "eu", uuid,
                     suffix);
  u.content_type = std::move(content_type);
  u.created = now_;
  uploads_.push_back(u);
  return u.id;
}

Status World::Upload(std::string_view document_id, std::string content_type, std::string bytes) {
  for (FeedUpload& u : uploads_) {
    if (u.id != document_id) continue;
    auto norm = [](std::string s) {
      std::string out;
      for (char c : s) {
        if (c != ' ') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
      return out;
    };
    if (norm(content_type) != norm(u.content_type)) {
      return FailedPrecondition(fmt::format(
          "The Content-Type '{}' does not match the one the upload URL was created for ('{}').",
          content_type, u.content_type));
    }
    u.bytes = std::move(bytes);
    u.uploaded = true;
    return OkStatus();
  }
  return NotFound("No such feed document.");
}

const FeedUpload* World::FindUpload(std::string_view document_id) const {
  for (const FeedUpload& u : uploads_) {
    if (u.id == document_id) return &u;
  }
  return nullptr;
}

Result<std::string> World::CreateFeed(std::string feed_type,
                                      std::vector<std::string> marketplace_ids,
                                      std::string input_document_id) {
  if (feed_type != "JSON_LISTINGS_FEED") {
    return InvalidArgument(
        fmt::format("Invalid feedType {} (the emulator processes JSON_LISTINGS_FEED).", feed_type));
  }
  if (marketplace_ids.empty()) return InvalidArgument("marketplaceIds is required.");
  for (const std::string& id : marketplace_ids) {
    if (id != marketplace_.id) return InvalidArgument(fmt::format("Invalid marketplaceId {}.", id));
  }
  const FeedUpload* upload = FindUpload(input_document_id);
  if (upload == nullptr) {
    return InvalidArgument(fmt::format("Invalid inputFeedDocumentId {}.", input_document_id));
  }
  Feed f;
  f.feed_id = std::to_string(100'000'000'000ULL + request_rng_.Below(900'000'000'000ULL));
  f.feed_type = std::move(feed_type);
  f.marketplace_ids = std::move(marketplace_ids);
  f.input_document_id = std::move(input_document_id);
  f.created = now_;
  f.processing_start = now_ + request_rng_.Range(10, 60) * kSecond;
  f.processing_end = f.processing_start + request_rng_.Range(30, 240) * kSecond;
  const size_t index = feeds_.size();
  feeds_.push_back(f);
  Schedule(f.processing_start, [this, index] {
    if (feeds_[index].status == ProcessingStatus::kInQueue)
      feeds_[index].status = ProcessingStatus::kInProgress;
  });
  Schedule(f.processing_end, [this, index] { FinishFeed(index); });
  return f.feed_id;
}

Status World::CancelFeed(std::string_view feed_id) {
  for (Feed& f : feeds_) {
    if (f.feed_id != feed_id) continue;
    if (f.status != ProcessingStatus::kInQueue) {
      return FailedPrecondition(fmt::format("Feed {} is {} and can no longer be cancelled.",
                                            feed_id, ProcessingStatusName(f.status)));
    }
    f.status = ProcessingStatus::kCancelled;
    f.processing_end = now_;
    return OkStatus();
  }
  return NotFound(fmt::format("Feed {} not found.", feed_id));
}

const Feed* World::FindFeed(std::string_view feed_id) const {
  for (const Feed& f : feeds_) {
    if (f.feed_id == feed_id) return &f;
  }
  return nullptr;
}

void World::FinishFeed(size_t index) {
  Feed& f = feeds_[index];
  if (IsFinal(f.status)) return;
  f.processing_end = now_;
  const FeedUpload* upload = FindUpload(f.input_document_id);
  json input = json::parse(upload != nullptr ? upload->bytes : std::string(), nullptr, false);
  auto fatal = [&](const std::string& why) {
    f.status = ProcessingStatus::kFatal;
    const json report = {
        {"header", {{"sellerId", config_.seller_id}, {"version", "2.0"}, {"feedId", f.feed_id}}},
        {"issues", json::array({{{"code", "FATAL"}, {"severity", "ERROR"}, {"message", why}}})},
        {"summary",
         {{"errors", 1},
          {"warnings", 0},
          {"messagesProcessed", 0},
          {"messagesAccepted", 0},
          {"messagesInvalid", 0}}}};
    f.result_document_id = StoreDocument(report.dump(), false, request_rng_);
  };
  if (upload == nullptr || !upload->uploaded) return fatal("The feed document was never uploaded.");
  if (input.is_discarded() || !input.is_object())
    return fatal("The feed document is not valid JSON.");
  const json& header = input.contains("header") ? input["header"] : json();
  if (!header.is_object() || header.value("sellerId", "") != config_.seller_id) {
    return fatal("header.sellerId is missing or is not the seller who submitted the feed.");
  }
  if (!input.contains("messages") || !input["messages"].is_array()) {
    return fatal("The feed has no messages array.");
  }
  json issues = json::array();
  int processed = 0, accepted = 0, invalid = 0, errors = 0, warnings = 0;
  for (const json& message : input["messages"]) {
    ++processed;
    const json message_id = message.is_object() && message.contains("messageId")
                                ? message["messageId"]
                                : json(processed);
    auto issue = [&](const char* severity, const std::string& code, const std::string& text) {
      issues.push_back(
          {{"messageId", message_id}, {"code", code}, {"severity", severity}, {"message", text}});
      if (std::string_view(severity) == "ERROR")
        ++errors;
      else
        ++warnings;
    };
    if (!message.is_object() || !message.contains("sku") || !message["sku"].is_string()) {
      issue("ERROR", "4000001", "The message has no sku.");
      ++invalid;
      continue;
    }
    const std::string sku = message["sku"].get<std::string>();
    const std::string op = message.value("operationType", "");
    const Sku* s = FindSku(sku);
    if (s == nullptr) {
      issue("ERROR", "18027",
            fmt::format("SKU {} does not exist for this seller in {}.", sku, marketplace_.id));
      ++invalid;
      continue;
    }
    // Where the quantity sits depends on the operation.
    const json* availability = nullptr;
    if (op == "PATCH" && message.contains("patches") && message["patches"].is_array()) {
      for (const json& p : message["patches"]) {
        if (p.is_object() && p.value("path", "") == "/attributes/fulfillment_availability" &&
            p.contains("value")) {
          availability = &p["value"];
        }
      }
    } else if ((op == "UPDATE" || op == "PARTIAL_UPDATE") && message.contains("attributes") &&
               message["attributes"].is_object() &&
               message["attributes"].contains("fulfillment_availability")) {
      availability = &message["attributes"]["fulfillment_availability"];
    } else if (op != "PATCH" && op != "UPDATE" && op != "PARTIAL_UPDATE" && op != "DELETE") {
      issue("ERROR", "4000002", fmt::format("Invalid operationType '{}'.", op));
      ++invalid;
      continue;
    }
    if (availability == nullptr) {
      issue("WARNING", "4000003",
            "The emulator only applies fulfillment_availability; nothing changed.");
      ++accepted;
      continue;
    }
    if (!availability->is_array() || availability->empty() || !(*availability)[0].is_object() ||
        !(*availability)[0].contains("quantity") ||
        !(*availability)[0]["quantity"].is_number_integer() ||
        (*availability)[0]["quantity"].get<int64_t>() < 0) {
      issue("ERROR", "4000004", "fulfillment_availability needs a non-negative integer quantity.");
      ++invalid;
      continue;
    }
    if (s->afn) {
      issue("ERROR", "4000005",
            fmt::format("SKU {} is fulfilled by Amazon: its quantity comes from the FBA stock.",
                        sku));
      ++invalid;
      continue;
    }
    ApplyQuantity({sku, static_cast<int>((*availability)[0]["quantity"].get<int64_t>())});
    ++accepted;
  }
  f.status = ProcessingStatus::kDone;
  const json report = {
      {"header", {{"sellerId", config_.seller_id}, {"version", "2.0"}, {"feedId", f.feed_id}}},
      {"issues", issues},
      {"summary",
       {{"errors", errors},
        {"warnings", warnings},
        {"messagesProcessed", processed},
        {"messagesAccepted", accepted},
        {"messagesInvalid", invalid}}}};
  f.result_document_id = StoreDocument(report.dump(), false, request_rng_);
}

Result<std::string> World::SubmitQuantity(const QuantityUpdate& update) {
  const Sku* s = FindSku(update.seller_sku);
  if (s == nullptr)
    return NotFound(
        fmt::format("SKU '{}' not found in marketplace {}.", update.seller_sku, marketplace_.id));
  if (s->afn) {
    return FailedPrecondition(
        fmt::format("SKU '{}' is fulfilled by Amazon; its available quantity comes from FBA stock.",
                    update.seller_sku));
  }
  if (update.quantity < 0) return InvalidArgument("quantity must not be negative.");
  Schedule(now_ + config_.listing_apply_delay, [this, update] { ApplyQuantity(update); });
  return request_rng_.Hex(32);
}

void World::ApplyQuantity(const QuantityUpdate& update) {
  for (Sku& s : skus_) {
    if (s.seller_sku != update.seller_sku || s.afn) continue;
    s.mfn_quantity = update.quantity;
    s.mfn_quantity_set_by_api = true;
    s.last_updated = now_;
  }
}

}  // namespace fbaflow::sim
