#pragma once
// World: one simulated FBA seller, driven by simulated time.
//
// A catalogue of SKUs (Amazon- and merchant-fulfilled), orders that arrive as a Poisson process
// and move PENDING -> UNSHIPPED -> SHIPPED (some CANCELLED; merchant-fulfilled ones also through
// PARTIALLY_SHIPPED when the seller confirms their packages one by one), refunds and customer
// returns, FBA stock that moves with them, inbound shipments, damage, loss, removals and
// reimbursements, a settlement report every `settlement_period`, Finances transactions, requested
// reports and JSON listings feeds, and the notifications all of that raises.
//
// Pure logic: no clock, no I/O. Time moves only through AdvanceTo(); every random choice comes
// from the seed, so a seed and a sequence of calls (with their times) give the same world. Fault
// dice (FATAL reports, gzip and windows-1252 documents) use their own generator, so turning faults
// on or off does not change orders or stock.
// Thread safety: thread-compatible; the emulator serialises access.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "sim/amazon/rng.h"
#include "sim/amazon/world_types.h"

namespace fbaflow::sim {

struct WorldConfig {
  uint64_t seed = 1;
  std::string seller_id;  // empty: derived from the seed ("A" + 13 characters)
  std::string marketplace = "US";
  int sku_count = 40;
  double mfn_share = 0.25;  // share of SKUs that are merchant-fulfilled
  double orders_per_day = 120;
  SimMillis start = 0;    // the world's "now" after construction
  int history_days = 45;  // simulated before `start`, so settlements and ledger history exist
  SimMillis settlement_period = 14 * kDay;
  SimMillis listing_apply_delay = 30 * kSecond;  // patchListingsItem is applied this much later

  // Fault dice (see faults.h).
  uint64_t fault_seed = 1;
  double report_fatal = 0;
  double report_cancelled = 0;
  double document_gzip = 0;
  double document_cp1252 = 0;
  std::string cp1252_label = "windows-1252";
};

struct ReportRequest {
  std::string report_type;
  std::vector<std::string> marketplace_ids;
  std::map<std::string, std::string> options;
  std::optional<SimMillis> data_start;
  std::optional<SimMillis> data_end;
};

// What a JSON_LISTINGS_FEED or patchListingsItem asks for one SKU.
struct QuantityUpdate {
  std::string seller_sku;
  int quantity = 0;
};

class World {
 public:
  // Builds the catalogue and simulates `history_days` up to `config.start`.
  // Throws std::invalid_argument for an unknown marketplace (a configuration bug).
  explicit World(WorldConfig config);
  World(const World&) = delete;  // scheduled events refer to this object
  World& operator=(const World&) = delete;

  // Runs every event due at or before `t`. Earlier times are ignored.
  void AdvanceTo(SimMillis t);
  SimMillis Now() const { return now_; }

  const WorldConfig& Config() const { return config_; }
  const std::string& SellerId() const { return config_.seller_id; }
  const MarketplaceSite& GetMarketplace() const { return marketplace_; }

  const std::vector<Sku>& Skus() const { return skus_; }
  const Sku* FindSku(std::string_view seller_sku) const;
  const std::vector<Order>& Orders() const { return orders_; }
  const Order* FindOrder(std::string_view order_id) const;
  const std::vector<LedgerEvent>& Ledger() const { return ledger_; }
  const std::vector<SettlementPeriod>& Settlements() const { return settlements_; }
  const SettlementPeriod& OpenSettlement() const { return open_settlement_; }
  const std::vector<FinanceTransaction>& Transactions() const { return transactions_; }

  // Reports 2021-06-30. CreateReport validates the type and window (kInvalidArgument).
  Result<std::string> CreateReport(const ReportRequest& request);
  Status CancelReport(std::string_view report_id);
  const std::vector<Report>& Reports() const { return reports_; }
  const Report* FindReport(std::string_view report_id) const;
  const Document* FindDocument(std::string_view document_id) const;
  // Report types CreateReport accepts.
  static const std::vector<std::string>& RequestableReportTypes();

  // Feeds 2021-06-30.
  std::string CreateFeedUpload(std::string content_type);
  Status Upload(std::string_view document_id, std::string content_type, std::string bytes);
  const FeedUpload* FindUpload(std::string_view document_id) const;
  Result<std::string> CreateFeed(std::string feed_type, std::vector<std::string> marketplace_ids,
                                 std::string input_document_id);
  Status CancelFeed(std::string_view feed_id);
  const std::vector<Feed>& Feeds() const { return feeds_; }
  const Feed* FindFeed(std::string_view feed_id) const;

  // Listings Items: sets a merchant-fulfilled quantity `listing_apply_delay` from now.
  // kNotFound for an unknown SKU, kFailedPrecondition for an Amazon-fulfilled one.
  Result<std::string> SubmitQuantity(const QuantityUpdate& update);

  // Orders v0 confirmShipment: the seller says a package of a merchant-fulfilled order left. All
  // or nothing: moves the package's quantities to shipped, the order to PARTIALLY_SHIPPED or, with
  // its last unit, SHIPPED (its payment is then booked as when the world ships an order itself),
  // sets its last-updated time to now and its shipped time to the package's ship date, and
  // records the confirmation. An order with a confirmed package is left to the seller: the world
  // no longer ships or cancels it on its own.
  // kNotFound for an unknown order. kInvalidArgument (Amazon's 400) for another marketplace, an
  // Amazon-fulfilled, pending, cancelled or shipped order, no items, an unknown order item, a
  // quantity below 1 or above what is left unshipped, a ship date before the order, or a package
  // reference the order already has (see service_orders.cc for that choice).
  Status ConfirmShipment(std::string_view order_id, ShipmentConfirmation confirmation);
  // Every confirmation accepted for the order, oldest first; empty for an unknown order.
  const std::vector<ShipmentConfirmation>& Confirmations(std::string_view order_id) const;

  // Notifications raised since the last call, oldest first.
  std::vector<WorldNotification> TakeNotifications();

  // Checks the stock invariants of every SKU (ledger sum equals the warehouse balance, no
  // negative quantity). Returns the first violation.
  Status CheckInvariants() const;

 private:
  struct Event {
    SimMillis time;
    uint64_t seq;
    std::function<void()> run;
  };
  struct EventLater {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };

  void Schedule(SimMillis t, std::function<void()> run);
  void BuildCatalogue(SimMillis t);
  void AssignErpItemCodes();
  void ScheduleNextOrder();
  void PlaceOrder();
  void AdvanceOrder(size_t index);
  void ShipOrder(size_t index);
  // The shipped order's money: settlement rows and the Finances transaction (ids from `ids`).
  void BookShipment(size_t index, const std::string& fulfillment_center, Rng& ids);
  void CancelOrder(size_t index, std::string reason, bool buyer);
  void RefundOrder(size_t index);
  void DailyOperations();
  void StartInbound(int sku, int quantity);
  void CloseSettlement();
  void OpenNewSettlement(SimMillis start);
  void FinishReport(size_t index);
  void FinishFeed(size_t index);
  void ApplyQuantity(const QuantityUpdate& update);

  // Bookkeeping helpers.
  void Ledger(int sku, std::string type, std::string ref, int qty, std::string disposition,
              std::string reason = {});
  void Touch(int sku);  // stock changed: last_updated and an inventory notification
  void AddSettlementRow(SettlementRow row);
  void AddTransaction(FinanceTransaction t);
  void NotifyOrder(const Order& order, std::string change_type, std::string reason);
  void NotifyReport(const Report& report);
  std::string NewOrderId();
  Money Percent(const Money& m, int basis_points) const;  // rounded half to even
  // Stores a document (encoding and compressing tabular text as the fault dice say); returns its
  // id.
  std::string StoreDocument(const std::string& utf8_text, bool tabular, Rng& ids);
  std::string RenderReport(const Report& report) const;

  WorldConfig config_;
  MarketplaceSite marketplace_;
  Rng rng_;          // the seller's own life: orders, stock, settlements
  Rng request_rng_;  // what requests cause (report and feed ids and timings), kept apart so a
                     // client's requests never change the orders the world produces
  Rng fault_rng_;    // fault dice
  Rng erp_rng_;      // how the back office knows each SKU; apart so that the rest of the world is
                     // the same as before the ERP existed
  SimMillis now_ = 0;
  uint64_t seq_ = 0;
  uint64_t id_counter_ = 0;
  std::vector<Event> events_;  // a heap ordered by EventLater
  bool notify_ = false;        // off while the history before `start` is simulated

  std::vector<Sku> skus_;
  std::vector<Order> orders_;
  std::map<std::string, size_t, std::less<>> order_index_;
  std::vector<LedgerEvent> ledger_;
  std::vector<SettlementPeriod> settlements_;
  SettlementPeriod open_settlement_;
  Money reserve_held_;
  std::vector<FinanceTransaction> transactions_;
  std::vector<Report> reports_;
  std::map<std::string, Document, std::less<>> documents_;
  std::vector<FeedUpload> uploads_;
  std::vector<Feed> feeds_;
  std::vector<WorldNotification> notifications_;
  uint64_t next_report_id_ = 0;
  uint64_t next_settlement_id_ = 0;
};

}  // namespace fbaflow::sim
