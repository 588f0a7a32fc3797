#pragma once
// FakeErp: the Erp port in memory, for engine tests. Same contract as the Tryton adapter: find by
// reference before create, unknown items and accounts refused per code before anything is
// created, moves must balance, shipments of own-warehouse sales wait until the test plays the
// warehouse team (WarehouseShips).
//
// Faults, to test what the engine does with them:
//   FailNext(status)        the next call fails with `status` and changes nothing
//   LoseNextReply(status)   the next write is committed, then `status` is returned, as when the
//                           connection drops after the ERP's commit (the retry must find it)
// Thread safety: every method locks.

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ports/erp.h"

namespace fbaflow::testing {

class FakeErp final : public Erp {
 public:
  struct Sale {
    ErpSale sale;
    ErpSaleRequest request;
    ErpShipment shipment;
  };
  struct Move {
    ErpMove move;
    ErpMoveRequest request;
  };

  // `book_currency`: the only currency moves may post in.
  FakeErp(std::set<std::string> item_codes, std::set<std::string> account_codes,
          Currency book_currency, std::set<std::string> marketplaces = {"US", "UK", "DE"})
      : items_(std::move(item_codes)),
        accounts_(std::move(account_codes)),
        currency_(book_currency),
        marketplaces_(std::move(marketplaces)) {}

  void FailNext(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.push_back(std::move(status));
  }
  void LoseNextReply(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    lost_replies_.push_back(std::move(status));
  }
  // The warehouse team ships an own-warehouse sale. kNotFound / kFailedPrecondition as the ERP.
  Status WarehouseShips(std::string_view reference, CivilDate on) {
    std::lock_guard<std::mutex> lock(mu_);
    Sale* s = FindLocked(reference);
    if (s == nullptr) return NotFound("no ERP sale " + std::string(reference));
    if (s->shipment.state == ErpShipmentState::kCancelled) {
      return FailedPrecondition("ERP sale " + std::string(reference) + " is cancelled");
    }
    Ship(*s, on);
    return OkStatus();
  }

  // Someone creates an item in the ERP.
  void AddItem(std::string code) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.insert(std::move(code));
  }

  // Someone adds an account to the ERP's chart.
  void AddAccount(std::string code) {
    std::lock_guard<std::mutex> lock(mu_);
    accounts_.insert(std::move(code));
  }

  // What the ERP holds (copies).
  std::vector<Sale> Sales() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sales_;
  }
  std::vector<Move> Moves() const {
    std::lock_guard<std::mutex> lock(mu_);
    return moves_;
  }
  int Calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

  Result<std::vector<std::string>> MissingItems(const std::vector<std::string>& codes) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(Enter());
    return MissingLocked(codes, items_);
  }

  Result<std::vector<std::string>> MissingAccounts(const std::vector<std::string>& codes) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(Enter());
    return MissingLocked(codes, accounts_);
  }

  Result<ErpSale> EnsureSale(const ErpSaleRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(ValidateSaleRequest(request));
    RETURN_IF_ERROR(Enter());
    if (Sale* found = FindLocked(request.reference)) {
      ErpSale out = found->sale;
      out.created = false;
      return out;
    }
    if (marketplaces_.count(request.marketplace) == 0) {
      return FailedPrecondition("no ERP customer for marketplace " + request.marketplace);
    }
    std::vector<std::string> codes;
    for (const ErpSaleLine& line : request.lines) codes.push_back(line.item_code);
    const std::vector<std::string> missing = MissingLocked(codes, items_);
    if (!missing.empty()) return FailedPrecondition("unknown ERP item codes: " + Join(missing));
    Sale s;
    s.sale.id = std::to_string(sales_.size() + 1);
    s.sale.reference = request.reference;
    s.sale.number = "S" + s.sale.id;
    s.sale.role = request.role;
    s.sale.state = ErpSaleState::kProcessing;
    s.sale.created = true;
    s.request = request;
    s.shipment.id = s.sale.id;
    by_reference_.emplace(request.reference, sales_.size());
    sales_.push_back(s);
    return Commit(s.sale);
  }

  Result<std::optional<ErpSale>> FindSale(std::string_view reference) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(Enter());
    const Sale* s = FindLocked(reference);
    if (s == nullptr) return std::optional<ErpSale>();
    ErpSale out = s->sale;
    out.created = false;
    return std::optional<ErpSale>(out);
  }

  Result<ErpShipment> MarkShipped(std::string_view reference, CivilDate shipped_on) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(Enter());
    Sale* s = FindLocked(reference);
    if (s == nullptr) return NotFound("no ERP sale " + std::string(reference));
    if (s->sale.role != FulfilmentRole::kAmazonFba) {
      return FailedPrecondition("ERP sale " + std::string(reference) +
                                " ships from the own warehouse: the warehouse team marks it");
    }
    if (s->shipment.state == ErpShipmentState::kCancelled) {
      return FailedPrecondition("ERP sale " + std::string(reference) + " is cancelled");
    }
    if (s->shipment.state != ErpShipmentState::kDone) Ship(*s, shipped_on);
    return Commit(s->shipment);
  }

  Result<ErpShipment> ShipmentOf(std::string_view reference) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(Enter());
    const Sale* s = FindLocked(reference);
    if (s == nullptr) return NotFound("no ERP sale " + std::string(reference));
    return s->shipment;
  }

  Status CancelSale(std::string_view reference) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(Enter());
    Sale* s = FindLocked(reference);
    if (s == nullptr) return NotFound("no ERP sale " + std::string(reference));
    if (s->sale.state == ErpSaleState::kDone) {
      return FailedPrecondition("ERP sale " + std::string(reference) + " has shipped");
    }
    s->sale.state = ErpSaleState::kCancelled;
    s->shipment.state = ErpShipmentState::kCancelled;
    return Commit(true).GetStatus();
  }

  Result<ErpMove> EnsurePostedMove(const ErpMoveRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(ValidateMoveRequest(request));
    RETURN_IF_ERROR(Enter());
    for (const Move& m : moves_) {
      if (m.request.reference == request.reference) {
        ErpMove out = m.move;
        out.created = false;
        return out;
      }
    }
    if (request.lines.front().amount.GetCurrency() != currency_) {
      return FailedPrecondition("the ERP books in " + std::string(currency_.Code()));
    }
    std::vector<std::string> codes;
    for (const ErpMoveLine& line : request.lines) codes.push_back(line.account_code);
    const std::vector<std::string> missing = MissingLocked(codes, accounts_);
    if (!missing.empty()) return FailedPrecondition("unknown ERP account codes: " + Join(missing));
    Move m;
    m.move.id = std::to_string(moves_.size() + 1);
    m.move.number = m.move.id;
    m.move.created = true;
    m.request = request;
    moves_.push_back(m);
    return Commit(m.move);
  }

 private:
  static std::string Join(const std::vector<std::string>& codes) {
    std::string out;
    for (const std::string& c : codes) out += (out.empty() ? "" : ", ") + c;
    return out;
  }
  static std::vector<std::string> MissingLocked(const std::vector<std::string>& codes,
                                                const std::set<std::string>& known) {
    std::vector<std::string> out;
    for (const std::string& c : UniqueCodes(codes)) {
      if (known.count(c) == 0) out.push_back(c);
    }
    return out;
  }
  static void Ship(Sale& s, CivilDate on) {
    s.shipment.state = ErpShipmentState::kDone;
    s.shipment.shipped_on = on;
    s.sale.state = ErpSaleState::kDone;
  }
  Status Enter() {
    ++calls_;
    if (failures_.empty()) return OkStatus();
    Status s = std::move(failures_.front());
    failures_.pop_front();
    return s;
  }
  template <typename T>
  Result<T> Commit(T value) {
    if (lost_replies_.empty()) return value;
    Status s = std::move(lost_replies_.front());
    lost_replies_.pop_front();
    return s;
  }
  // By index: the orders benchmark (bench/) sends tens of thousands of sales through this fake,
  // and a scan per call would make the fake, not fbaflow, what it measures.
  Sale* FindLocked(std::string_view reference) {
    auto it = by_reference_.find(std::string(reference));
    return it == by_reference_.end() ? nullptr : &sales_[it->second];
  }

  mutable std::mutex mu_;
  std::set<std::string> items_;
  std::set<std::string> accounts_;
  Currency currency_;
  std::set<std::string> marketplaces_;
  std::vector<Sale> sales_;
  std::unordered_map<std::string, size_t> by_reference_;  // reference → index into sales_
  std::vector<Move> moves_;
  std::deque<Status> failures_;
  std::deque<Status> lost_replies_;
  int calls_ = 0;
};

}  // namespace fbaflow::testing
