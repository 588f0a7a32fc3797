#pragma once
// AmazonApi: the Selling Partner API as the engine sees it. Typed values in and out; paging,
// rate limits, retries, credentials and wire formats stay inside the adapter
// (adapters/amazon/sp_api_amazon.h), and tests use a fake of this interface.
//
// Amounts are Money (exact, parsed from Amazon's decimal strings, never through a double). A record
// the adapter cannot read (a missing id, an amount with more decimals than its currency allows)
// becomes a RecordReject with a reason and the rest of the page carries on.
//
// Errors (Status codes as in core/base/status.h): kUnauthenticated when Login with Amazon refuses
// the credentials; kPermissionDenied when the selling partner has not granted the role;
// kResourceExhausted when throttling outlasted the call's deadline; kUnavailable /
// kDeadlineExceeded for transient failures that outlasted the retries; kInvalidArgument for a
// request Amazon rejects (the message carries Amazon's error code and the x-amzn-RequestId);
// kNotFound for a missing order/report/feed; kDataLoss for a response that is not what the model
// says. Messages never contain a credential.
// Thread safety: implementations allow concurrent calls from many threads; the rate limits of one
// selling partner are shared by all of them.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/status.h"
#include "core/money/money.h"
#include "core/time/civil.h"
#include "ports/document_archive.h"

namespace fbaflow::amazon {

// A record the adapter could not turn into a typed value.
struct RecordReject {
  std::string record_id;  // the order id, SKU or transaction id when known
  std::string reason;
};

// What a paged listing went through, for logs and metrics.
struct PagingSummary {
  int pages = 0;
  int64_t records = 0;
  int64_t rejects = 0;
  int restarts = 0;             // listings restarted after an expired page token
  bool repeated_token = false;  // Amazon kept sending one page token; the listing ended there
};

// ---- Orders 2026-01-01 ----------------------------------------------------------------------

enum class FulfilledBy : unsigned char { kUnknown, kAmazon, kMerchant };
std::string_view FulfilledByName(FulfilledBy value);  // "AMAZON", "MERCHANT", "UNKNOWN"

struct OrderItem {
  std::string order_item_id;
  std::string seller_sku;
  std::string asin;
  std::string title;
  int64_t quantity_ordered = 0;
  std::optional<int64_t> quantity_fulfilled;  // with includedData FULFILLMENT
  std::optional<int64_t> quantity_unfulfilled;
  std::optional<Money> unit_price;      // product.price.unitPrice
  std::optional<Money> proceeds_total;  // with includedData PROCEEDS
};

// A package of a merchant-fulfilled order (includedData PACKAGES).
struct OrderPackage {
  std::string package_reference_id;
  std::string carrier;
  std::string tracking_number;
  std::optional<Timestamp> ship_time;
};

struct Order {
  std::string order_id;
  Timestamp created_time;
  Timestamp last_updated_time;
  std::string marketplace_id;
  std::string channel_name;
  std::string fulfillment_status;  // "UNSHIPPED", "SHIPPED", ... (includedData FULFILLMENT)
  FulfilledBy fulfilled_by = FulfilledBy::kUnknown;
  std::string fulfillment_service_level;
  std::optional<Money> grand_total;       // includedData PROCEEDS; absent while pending
  std::optional<Timestamp> shipped_time;  // includedData PACKAGES: the latest package's shipTime
  std::vector<std::string> programs;
  std::vector<OrderItem> items;
  std::vector<OrderPackage> packages;  // includedData PACKAGES (merchant-fulfilled only)
};

struct OrderQuery {
  // Exactly one of created_after and last_updated_after must be set. The window's end is clamped
  // to two minutes before now (Amazon refuses later ends); SearchOrders reports the end it used,
  // which is the next incremental cursor.
  std::optional<Timestamp> created_after;
  std::optional<Timestamp> created_before;
  std::optional<Timestamp> last_updated_after;
  std::optional<Timestamp> last_updated_before;
  std::vector<std::string> marketplace_ids;
  std::vector<FulfilledBy> fulfilled_by;          // empty: both
  std::vector<std::string> fulfillment_statuses;  // "UNSHIPPED", ...
  std::vector<std::string> included_data;         // "FULFILLMENT", "PROCEEDS", ...
  int max_results_per_page = 100;                 // 1..100
};

struct OrdersPage {
  int page_number = 0;  // 1-based
  std::vector<Order> orders;
  std::vector<RecordReject> rejects;
};

struct OrderSearchResult {
  PagingSummary paging;
  Timestamp window_end;  // the createdBefore / lastUpdatedBefore the search ran with
};

// Called once per page, in order. A non-ok Status stops the search and is returned.
using OrdersPageFn = std::function<Status(OrdersPage& page)>;

// ---- Orders v0 confirmShipment -----------------------------------------------------------------

struct ShipmentItem {
  std::string order_item_id;
  int64_t quantity = 0;  // at least 1
};

// One package of a merchant-fulfilled order, as the warehouse shipped it.
struct ShipmentConfirmation {
  std::string order_id;
  std::string marketplace_id;
  std::string package_reference_id;  // the seller's id for the package (the ERP shipment)
  std::string carrier_code;          // Amazon's carrier code, "Other" with carrier_name
  std::string carrier_name;          // empty: not sent
  std::string shipping_method;       // empty: not sent
  std::string tracking_number;
  Timestamp ship_date;
  std::vector<ShipmentItem> items;
};

// The part of the Selling Partner API the orders flow (engine/orders) uses: reading orders
// (Orders 2026-01-01) and confirming merchant-fulfilled shipments (Orders v0 confirmShipment,
// which stays after v0's read operations retire). AmazonApi is one; ports/testing/
// fake_orders_api.h keeps orders in memory for engine tests.
class OrdersApi {
 public:
  virtual ~OrdersApi() = default;

  // Orders 2026-01-01 (never Orders v0's retired reads).
  virtual Result<OrderSearchResult> SearchOrders(const OrderQuery& query,
                                                 const OrdersPageFn& on_page) = 0;
  virtual Result<Order> GetOrder(std::string_view order_id,
                                 const std::vector<std::string>& included_data) = 0;
  // Tells Amazon one package of a merchant-fulfilled order shipped. kInvalidArgument, without a
  // call, for a confirmation missing what Amazon requires; Amazon's 400 (another marketplace, an
  // order not merchant-fulfilled or cancelled, an unknown item, more units than are left, a
  // package reference already confirmed) is kInvalidArgument with Amazon's message, never
  // retried; kNotFound for an unknown order. A retry after a lost answer can meet its own first
  // attempt as "already confirmed": look at the order's packages to tell.
  virtual Status ConfirmShipment(const ShipmentConfirmation& confirmation) = 0;
};

// ---- FBA Inventory ----------------------------------------------------------------------------

struct InventoryQuery {
  std::string marketplace_id;                // one marketplace (granularityId and marketplaceIds)
  std::vector<std::string> seller_skus;      // empty: all; more than 50 are split into calls
  std::optional<Timestamp> start_date_time;  // only SKUs changed since (Amazon: within 18 months)
  bool details = true;
};

struct ReservedQuantity {
  int64_t total = 0;
  int64_t pending_customer_order = 0;
  int64_t pending_transshipment = 0;
  int64_t fc_processing = 0;
};

struct UnfulfillableQuantity {
  int64_t total = 0;
  int64_t customer_damaged = 0;
  int64_t warehouse_damaged = 0;
  int64_t distributor_damaged = 0;
  int64_t carrier_damaged = 0;
  int64_t defective = 0;
  int64_t expired = 0;
};

struct InventorySummary {
  std::string seller_sku;
  std::string fnsku;
  std::string asin;
  std::string condition;
  std::string product_name;
  int64_t total_quantity = 0;
  std::optional<Timestamp> last_updated;
  bool has_details = false;  // the fields below are meaningful only when true
  int64_t fulfillable = 0;
  int64_t inbound_working = 0;
  int64_t inbound_shipped = 0;
  int64_t inbound_receiving = 0;
  ReservedQuantity reserved;
  int64_t researching = 0;
  UnfulfillableQuantity unfulfillable;
};

struct InventoryListing {
  std::vector<InventorySummary> summaries;  // one per seller SKU, in first-seen order
  std::vector<RecordReject> rejects;
  PagingSummary paging;
};

// ---- Reports 2021-06-30 -----------------------------------------------------------------------

enum class ProcessingStatus : unsigned char {
  kUnknown,
  kInQueue,
  kInProgress,
  kDone,
  kCancelled,
  kFatal
};
std::string_view ProcessingStatusName(ProcessingStatus status);  // "IN_QUEUE", ...
ProcessingStatus ParseProcessingStatus(std::string_view text);   // kUnknown when unrecognised
bool IsFinal(ProcessingStatus status);                           // DONE, CANCELLED, FATAL

struct ReportInfo {
  std::string report_id;
  std::string report_type;
  std::vector<std::string> marketplace_ids;
  std::optional<Timestamp> data_start;
  std::optional<Timestamp> data_end;
  Timestamp created_time;
  ProcessingStatus status = ProcessingStatus::kUnknown;
  std::optional<Timestamp> processing_end;
  std::string document_id;  // set when DONE (and for FATAL reports that carry an error document)
};

struct ReportRequest {
  std::string report_type;
  std::vector<std::string> marketplace_ids;
  std::optional<Timestamp> data_start;
  std::optional<Timestamp> data_end;
  std::vector<std::pair<std::string, std::string>> options;  // reportOptions
};

struct ReportsQuery {
  std::vector<std::string> report_types;     // 1..10
  std::vector<ProcessingStatus> statuses;    // empty: all
  std::vector<std::string> marketplace_ids;  // 0..10
  std::optional<Timestamp> created_since;    // Amazon's default and limit: 90 days back
  std::optional<Timestamp> created_until;
  int page_size = 100;  // 1..100
};

struct PollOptions {
  std::chrono::milliseconds first_interval{15'000};
  std::chrono::milliseconds max_interval{300'000};
  double growth = 1.5;                           // each wait is the previous × growth, capped
  std::chrono::milliseconds timeout{3'600'000};  // kDeadlineExceeded after this long
};

// A report or feed document fetched and archived byte for byte.
struct FetchedDocument {
  ArchivedDocument archived;
  std::string document_id;
  bool gzip = false;          // the stored bytes are gzip (compressionAlgorithm GZIP)
  std::string charset_label;  // from the download's Content-Type; empty when absent
};

// ---- Listings Items 2021-08-01 and Feeds 2021-06-30 -------------------------------------------

// A merchant-fulfilled quantity to publish for one SKU.
struct QuantityUpdate {
  std::string sku;
  int64_t quantity = 0;
  std::string fulfillment_channel_code = "DEFAULT";  // merchant-fulfilled
  std::string product_type = "PRODUCT";
};

struct ListingsIssue {
  std::string code;
  std::string message;
  std::string severity;  // "ERROR", "WARNING", "INFO"
};

struct ListingsSubmission {
  std::string sku;
  std::string status;  // "ACCEPTED", "INVALID", "VALID"
  std::string submission_id;
  std::vector<ListingsIssue> issues;
};

struct FeedInfo {
  std::string feed_id;
  std::string feed_type;
  std::vector<std::string> marketplace_ids;
  Timestamp created_time;
  ProcessingStatus status = ProcessingStatus::kUnknown;
  std::optional<Timestamp> processing_end;
  std::string result_document_id;
};

// ---- Finances 2024-06-19 ----------------------------------------------------------------------

struct TransactionQuery {
  std::optional<Timestamp> posted_after;   // required unless a related identifier is given
  std::optional<Timestamp> posted_before;  // clamped to two minutes before now
  std::string marketplace_id;
  std::string transaction_status;       // DEFERRED, RELEASED, DEFERRED_RELEASED or empty
  std::string related_identifier_name;  // ORDER_ID or FINANCIAL_EVENT_GROUP_ID
  std::string related_identifier_value;
};

struct FinanceBreakdown {
  std::string type;
  std::optional<Money> amount;
  std::vector<FinanceBreakdown> children;
};

struct Transaction {
  std::string transaction_id;
  std::string transaction_type;
  std::string transaction_status;
  std::string description;
  std::optional<Timestamp> posted_date;
  std::optional<Money> total_amount;
  std::string marketplace_id;
  std::vector<std::pair<std::string, std::string>> related_identifiers;  // name, value
  std::vector<FinanceBreakdown> breakdowns;
  int item_count = 0;
};

struct TransactionsPage {
  int page_number = 0;
  std::vector<Transaction> transactions;
  std::vector<RecordReject> rejects;
};
using TransactionsPageFn = std::function<Status(TransactionsPage& page)>;

// ---- Notifications v1 -------------------------------------------------------------------------

struct Destination {
  std::string destination_id;
  std::string name;
  std::string sqs_arn;                  // for SQS destinations
  std::string event_bridge_account_id;  // for EventBridge destinations
  std::string event_bridge_region;
  std::string event_bridge_name;
};

struct Subscription {
  std::string subscription_id;
  std::string payload_version;
  std::string destination_id;
};

// ---- Credentials ------------------------------------------------------------------------------

struct CredentialCheck {
  bool seller_token = false;  // the refresh-token grant worked
  std::chrono::seconds seller_token_expires_in{0};
  bool grantless_token = false;  // the client-credentials grant worked
  std::string api_probe;         // what the API call made to prove the token said
};

// ---- The port ---------------------------------------------------------------------------------

class AmazonApi : public OrdersApi {
 public:
  ~AmazonApi() override = default;

  // Exchanges the credentials with Login with Amazon (and, when `grantless`, the client
  // credentials) and makes one cheap API call with the token.
  virtual Result<CredentialCheck> CheckCredentials(bool grantless) = 0;

  // Orders: SearchOrders, GetOrder and ConfirmShipment, from OrdersApi.

  // The whole FBA inventory of a marketplace, de-duplicated by seller SKU. Survives the 30-second
  // page token expiry by restarting the listing (kUnavailable after a few restarts). A page token
  // handed out twice is followed once more (records read twice count once); one handed out a
  // third time is Amazon's end-of-listing bug: the listing ends there instead of looping, and
  // PagingSummary::repeated_token says so.
  virtual Result<InventoryListing> GetInventorySummaries(const InventoryQuery& query) = 0;

  // Reports 2021-06-30.
  virtual Result<std::string> CreateReport(const ReportRequest& request) = 0;  // the report id
  virtual Result<ReportInfo> GetReport(std::string_view report_id) = 0;
  // Polls getReport with growing intervals until DONE, CANCELLED or FATAL and returns that
  // report (callers look at its status: CANCELLED often means "no data").
  virtual Result<ReportInfo> WaitForReport(std::string_view report_id, const PollOptions& poll) = 0;
  // Every report matching the query, all pages (follow-up pages send nextToken alone).
  virtual Result<std::vector<ReportInfo>> GetReports(const ReportsQuery& query) = 0;
  // getReportDocument, then the download, streamed byte for byte into `archive` under `key`.
  virtual Result<FetchedDocument> FetchReportDocument(std::string_view document_id,
                                                      const ArchiveKey& key,
                                                      DocumentArchive& archive,
                                                      std::string_view note) = 0;

  // Listings Items: sets the merchant-fulfilled quantity of one SKU (patchListingsItem on
  // /attributes/fulfillment_availability).
  virtual Result<ListingsSubmission> PatchListingQuantity(std::string_view seller_id,
                                                          std::string_view marketplace_id,
                                                          const QuantityUpdate& update) = 0;
  // Feeds: many quantities at once as a JSON_LISTINGS_FEED (createFeedDocument, upload,
  // createFeed). Returns the feed id.
  virtual Result<std::string> SubmitQuantityFeed(std::string_view seller_id,
                                                 const std::vector<std::string>& marketplace_ids,
                                                 const std::vector<QuantityUpdate>& updates) = 0;
  virtual Result<FeedInfo> GetFeed(std::string_view feed_id) = 0;
  virtual Result<FeedInfo> WaitForFeed(std::string_view feed_id, const PollOptions& poll) = 0;
  // The processing report of a finished feed, as UTF-8 text.
  virtual Result<std::string> GetFeedResult(const FeedInfo& feed) = 0;

  // Finances 2024-06-19 listTransactions, all pages.
  virtual Result<PagingSummary> ListTransactions(const TransactionQuery& query,
                                                 const TransactionsPageFn& on_page) = 0;

  // Notifications v1 (destinations are grantless; subscriptions need the seller's grant).
  virtual Result<std::vector<Destination>> GetDestinations() = 0;
  virtual Result<Destination> CreateSqsDestination(std::string_view name,
                                                   std::string_view sqs_arn) = 0;
  virtual Status DeleteDestination(std::string_view destination_id) = 0;
  // nullopt when there is no subscription of this type.
  virtual Result<std::optional<Subscription>> GetSubscription(
      std::string_view notification_type) = 0;
  virtual Result<Subscription> CreateSubscription(std::string_view notification_type,
                                                  std::string_view destination_id,
                                                  std::string_view payload_version) = 0;
  virtual Status DeleteSubscription(std::string_view notification_type,
                                    std::string_view subscription_id) = 0;
};

}  // namespace fbaflow::amazon
