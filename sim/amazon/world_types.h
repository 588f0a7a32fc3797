#pragma once
// The records of a simulated seller's world (see world.h): catalogue, orders, stock, ledger,
// settlements, finances, reports, feeds and the documents they produce. Plain values.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/money/currency.h"
#include "core/money/money.h"
#include "sim/amazon/sim_clock.h"

namespace fbaflow::sim {

// One Amazon marketplace the world sells in.
struct MarketplaceSite {
  std::string code;     // "US", "UK", "DE"
  std::string id;       // "ATVPDKIKX0DER"
  std::string name;     // "Amazon.com" (settlement marketplace-name)
  std::string country;  // "US", "GB", "DE"
  Currency currency;
  int tax_basis_points = 0;   // sales tax / VAT rate on item prices (825 = 8.25 %)
  bool tax_withheld = false;  // Amazon collects and remits the tax (ItemWithheldTax rows): US, DE
  std::string order_prefix;   // first digit group of order ids ("11", "20", "30")
  std::string
      afn_channel_code;  // fulfillment channel code of Amazon-fulfilled offers ("AMAZON_NA")
  std::vector<std::string> fulfillment_centers;
  std::string withheld_principal;  // "MarketplaceFacilitatorTax-Principal" (US), "...VAT-..." (DE)
  std::string withheld_shipping;
};

// "US", "UK" or "DE"; nullopt for anything else.
std::optional<MarketplaceSite> MarketplaceByCode(std::string_view code);

// How the seller's back office knows a SKU. The demo ERP is prepared from this (scripts/tryton.sh
// reads `fbaflow-sim catalogue`), so an order for an exact SKU maps by itself, an alias SKU needs
// a mapping to its ERP item code, and a missing one has no item in the ERP at all.
enum class ErpReach : unsigned char {
  kExact,    // the ERP item code is the seller SKU
  kAlias,    // the ERP item code differs from the seller SKU
  kMissing,  // no item in the ERP (erp_item_code is the seller SKU, which the ERP lacks)
};
std::string_view ErpReachName(ErpReach reach);  // "exact", "alias", "missing"

struct Sku {
  std::string seller_sku;
  std::string fnsku;
  std::string asin;
  std::string title;  // some titles carry non-ASCII text ("Café"), as real catalogues do
  std::string erp_item_code;
  ErpReach erp_reach = ErpReach::kExact;
  Money price;      // unit price before tax
  Money fba_fee;    // FBAPerUnitFulfillmentFee per unit (AFN)
  bool afn = true;  // Amazon-fulfilled (FBA); false: merchant-fulfilled (MFN)
  SimMillis created = 0;
  SimMillis last_updated = 0;  // last change of stock or listing

  // FBA stock (AFN SKUs). The warehouse balance of the ledger is fulfillable + reserved +
  // unfulfillable.
  int fulfillable = 0;
  int inbound_working = 0;
  int inbound_shipped = 0;
  int inbound_receiving = 0;
  int reserved_pending_customer = 0;  // ordered, not yet at the FC
  int reserved_fc_processing = 0;     // being picked and packed
  int researching = 0;                // missing, being looked for (not in the warehouse balance)
  int customer_damaged = 0;
  int warehouse_damaged = 0;

  // Merchant-fulfilled quantity (MFN SKUs), as set through Listings Items or JSON_LISTINGS_FEED.
  int mfn_quantity = 0;
  bool mfn_quantity_set_by_api = false;  // once the seller sets it, the world stops restocking it

  int Reserved() const { return reserved_pending_customer + reserved_fc_processing; }
  int Unfulfillable() const { return customer_damaged + warehouse_damaged; }
  int Inbound() const { return inbound_working + inbound_shipped + inbound_receiving; }
  int WarehouseBalance() const { return fulfillable + Reserved() + Unfulfillable(); }
  int TotalQuantity() const { return WarehouseBalance() + Inbound() + researching; }
};

enum class OrderStatus : unsigned char {
  kPending,
  kUnshipped,
  kPartiallyShipped,  // some packages of a merchant-fulfilled order confirmed, items remain
  kShipped,
  kCancelled
};
std::string_view OrderStatusName(OrderStatus s);              // "PENDING" (Orders 2026-01-01)
std::string_view OrderStatusNotificationName(OrderStatus s);  // "Pending" (ORDER_CHANGE)

struct OrderLine {
  std::string order_item_id;
  int sku = 0;  // index into the catalogue
  int quantity = 0;
  int quantity_shipped = 0;
  Money unit_price;
  Money item_tax;  // tax on unit_price * quantity
};

// One package the seller confirmed through Orders v0 confirmShipment, as the emulator accepted it.
struct ConfirmedItem {
  std::string order_item_id;
  int quantity = 0;
};
struct ShipmentConfirmation {
  std::string marketplace_id;
  std::string package_reference_id;
  std::string carrier_code;
  std::string carrier_name;     // empty when not sent
  std::string shipping_method;  // empty when not sent
  std::string tracking_number;
  SimMillis ship_date = 0;
  SimMillis received = 0;  // when the emulator accepted it
  std::vector<ConfirmedItem> items;
};

struct Address {
  std::string name, line1, city, state, postal_code, country;
};

struct Order {
  std::string order_id;
  bool afn = true;
  OrderStatus status = OrderStatus::kPending;
  SimMillis created = 0;
  SimMillis last_updated = 0;
  SimMillis shipped = 0;    // 0 until shipped; the (latest) package's ship time
  SimMillis cancelled = 0;  // 0 unless cancelled
  std::string cancel_reason;
  bool buyer_requested_cancel = false;
  std::string shipment_id;    // settlement shipment-id, FBA shipment reference
  std::string service_level;  // "STANDARD", "EXPEDITED", ...
  bool prime = false;
  Money shipping;  // MFN shipping charge (zero for AFN)
  std::string buyer_name;
  std::string buyer_email;
  Address address;
  std::string carrier, tracking_number;  // MFN packages
  std::vector<OrderLine> items;
  // Packages the seller confirmed (merchant-fulfilled orders), oldest first. Empty when the world
  // shipped the order itself: then its one package is carrier and tracking_number.
  std::vector<ShipmentConfirmation> confirmations;
  bool refunded = false;
};

// One line of GET_LEDGER_DETAIL_VIEW_DATA.
struct LedgerEvent {
  SimMillis time = 0;
  int sku = 0;
  std::string event_type;    // Receipts, Shipments, CustomerReturns, Adjustments, VendorReturns
  std::string reference_id;  // shipment id, order id, removal order id, adjustment id
  int quantity = 0;          // signed: -1 leaves the warehouse (or the disposition)
  std::string fulfillment_center;
  std::string disposition;  // SELLABLE, CUSTOMER_DAMAGED, WAREHOUSE_DAMAGED
  std::string reason;  // adjustment reason code: E, P (damage), M (lost), F (found), D (disposed)
};

// One detail row of a GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 report.
struct SettlementRow {
  std::string transaction_type;  // Order, Refund, other-transaction
  std::string order_id;
  std::string merchant_order_id;
  std::string adjustment_id;
  std::string shipment_id;
  std::string marketplace_name;
  std::string amount_type;
  std::string amount_description;
  Money amount;
  std::string fulfillment_id;  // AFN, MFN or empty
  SimMillis posted = 0;
  std::string order_item_code;
  std::string merchant_order_item_id;
  std::string merchant_adjustment_item_id;
  std::string sku;
  int quantity = 0;  // quantity-purchased; 0 writes an empty cell
  std::string promotion_id;
};

// Everything a settlement report holds: the plan the renderer turns into the flat file.
struct SettlementPeriod {
  std::string settlement_id;
  std::string
      financial_event_group_id;  // Finances' identifier of the same period (not the same id)
  SimMillis start = 0;
  SimMillis end = 0;
  SimMillis deposit = 0;
  MarketplaceSite marketplace;
  std::vector<SettlementRow> rows;
  Money Total() const;  // the sum of every row: total-amount
};

// One Finances 2024-06-19 transaction.
struct FinanceTransaction {
  std::string transaction_id;
  std::string transaction_type;  // Shipment, Refund, Adjustment, ServiceFee
  std::string description;
  SimMillis posted = 0;
  Money total;
  std::string order_id;
  std::string group_id;  // FINANCIAL_EVENT_GROUP_ID
  std::string sku, asin;
  int quantity = 0;
  std::string fulfillment_network;  // AFN, MFN
  // (breakdownType, amount) pairs under "ProductCharges"/"Tax"/"AmazonFees"/"Other".
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, Money>>>> breakdowns;
};

enum class ProcessingStatus : unsigned char { kInQueue, kInProgress, kDone, kCancelled, kFatal };
std::string_view ProcessingStatusName(ProcessingStatus s);  // "IN_QUEUE", ...
bool IsFinal(ProcessingStatus s);

// A document a report or a feed produced, already encoded for download.
struct Document {
  std::string id;
  std::string bytes;  // as served: windows-1252 or UTF-8, gzip-compressed when `gzip`
  bool gzip = false;
  std::string content_type;  // "text/plain;charset=UTF-8", "application/json;charset=UTF-8"
  SimMillis created = 0;
};

struct Report {
  std::string report_id;
  std::string report_type;
  std::vector<std::string> marketplace_ids;
  std::map<std::string, std::string> options;
  SimMillis data_start = 0;
  SimMillis data_end = 0;
  SimMillis created = 0;
  SimMillis processing_start = 0;
  SimMillis processing_end = 0;
  ProcessingStatus status = ProcessingStatus::kInQueue;
  ProcessingStatus outcome = ProcessingStatus::kDone;  // decided at creation
  std::string document_id;  // set once DONE (or FATAL with an error document)
  bool requested = true;    // false: generated by Amazon (settlements)
};

struct FeedUpload {
  std::string id;
  std::string content_type;
  std::string bytes;
  bool uploaded = false;
  SimMillis created = 0;
};

struct Feed {
  std::string feed_id;
  std::string feed_type;
  std::vector<std::string> marketplace_ids;
  std::string input_document_id;
  SimMillis created = 0;
  SimMillis processing_start = 0;
  SimMillis processing_end = 0;
  ProcessingStatus status = ProcessingStatus::kInQueue;
  std::string result_document_id;
};

// A notification the world raised; the server delivers it to subscribed destinations.
struct WorldNotification {
  std::string type;  // ORDER_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES, REPORT_PROCESSING_FINISHED
  SimMillis time = 0;
  nlohmann::json body;  // the notification without NotificationMetadata (added at delivery)
};

}  // namespace fbaflow::sim
