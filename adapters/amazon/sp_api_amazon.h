#pragma once
// SpApiAmazon: the AmazonApi port over the Selling Partner API (SpApiClient does the transport,
// credentials, rate limits and retries; this class knows the operations and their paging).
//
// Paging: every listing remembers the page tokens it was given. A token Amazon refuses as expired
// or invalid (HTTP 400 naming the token) restarts the listing from the first page, up to
// `max_restarts` times, and records already delivered (orders, SKUs, reports, transactions) are
// not delivered twice. A token handed out twice is asked for once more (a page served twice); a
// token handed out a third time ends the listing (Amazon's end-of-listing bug) instead of looping.
// getReports follow-up pages send nextToken alone, as the Reports API requires; the other APIs
// send it with the original filters.
// Thread safety: as SpApiClient: any number of threads.

#include <chrono>

#include "adapters/amazon/sp_api_client.h"
#include "adapters/http/retry_policy.h"
#include "ports/amazon_api.h"

namespace fbaflow::amazon {

struct SpApiAmazonOptions {
  std::chrono::seconds window_lag{125};  // Orders/Finances windows end this long before now
  int max_restarts = 5;                  // listing restarts after expired page tokens
  int max_pages = 100'000;               // a guard against endless listings
  int download_attempts = 4;
  std::chrono::milliseconds download_read_timeout{120'000};
  std::chrono::milliseconds upload_read_timeout{120'000};
};

class SpApiAmazon final : public AmazonApi {
 public:
  explicit SpApiAmazon(SpApiClient& client, SpApiAmazonOptions options = {});

  Result<CredentialCheck> CheckCredentials(bool grantless) override;
  Result<OrderSearchResult> SearchOrders(const OrderQuery& query,
                                         const OrdersPageFn& on_page) override;
  Result<Order> GetOrder(std::string_view order_id,
                         const std::vector<std::string>& included_data) override;
  Status ConfirmShipment(const ShipmentConfirmation& confirmation) override;
  Result<InventoryListing> GetInventorySummaries(const InventoryQuery& query) override;
  Result<std::string> CreateReport(const ReportRequest& request) override;
  Result<ReportInfo> GetReport(std::string_view report_id) override;
  Result<ReportInfo> WaitForReport(std::string_view report_id, const PollOptions& poll) override;
  Result<std::vector<ReportInfo>> GetReports(const ReportsQuery& query) override;
  Result<FetchedDocument> FetchReportDocument(std::string_view document_id, const ArchiveKey& key,
                                              DocumentArchive& archive,
                                              std::string_view note) override;
  Result<ListingsSubmission> PatchListingQuantity(std::string_view seller_id,
                                                  std::string_view marketplace_id,
                                                  const QuantityUpdate& update) override;
  Result<std::string> SubmitQuantityFeed(std::string_view seller_id,
                                         const std::vector<std::string>& marketplace_ids,
                                         const std::vector<QuantityUpdate>& updates) override;
  Result<FeedInfo> GetFeed(std::string_view feed_id) override;
  Result<FeedInfo> WaitForFeed(std::string_view feed_id, const PollOptions& poll) override;
  Result<std::string> GetFeedResult(const FeedInfo& feed) override;
  Result<PagingSummary> ListTransactions(const TransactionQuery& query,
                                         const TransactionsPageFn& on_page) override;
  Result<std::vector<Destination>> GetDestinations() override;
  Result<Destination> CreateSqsDestination(std::string_view name,
                                           std::string_view sqs_arn) override;
  Status DeleteDestination(std::string_view destination_id) override;
  Result<std::optional<Subscription>> GetSubscription(std::string_view notification_type) override;
  Result<Subscription> CreateSubscription(std::string_view notification_type,
                                          std::string_view destination_id,
                                          std::string_view payload_version) override;
  Status DeleteSubscription(std::string_view notification_type,
                            std::string_view subscription_id) override;

 private:
  // Attempts of a download or upload within the call deadline (adapters/http/retry_policy.h).
  RetrySchedule Schedule();
  Timestamp LatestWindowEnd();
  Result<std::pair<std::string, std::string>> DocumentLink(std::string_view operation,
                                                           std::string_view id_param,
                                                           std::string_view document_id);
  Result<InventoryListing> ListInventoryBatch(const InventoryQuery& query,
                                              const std::vector<std::string>& skus);

  SpApiClient& client_;
  SpApiAmazonOptions options_;
};

// True when Amazon refused a page token as expired or invalid (HTTP 400 whose message names the
// token), the signal to restart a listing.
bool IsExpiredTokenError(const ApiError& error);

}  // namespace fbaflow::amazon
