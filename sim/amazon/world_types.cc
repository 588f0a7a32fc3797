#include "sim/amazon/world_types.h"

#include "sim/marketplace_profile.h"

namespace fbaflow::sim {

std::optional<MarketplaceSite> MarketplaceByCode(std::string_view code) {
  MarketplaceSite m;
  if (code == "US") {
    m = {"US",
         "ATVPDKIKX0DER",
         "Amazon.com",
         "US",
         *Currency::FromCode("USD"),
         825,
         true,
         "11",
         "AMAZON_NA",
         {"PHX7", "ONT8", "BFI4", "MDW2"},
         "",
         ""};
  } else if (code == "UK") {
    m = {"UK",
         "A1F83G8C2ARO7P",
         "Amazon.co.uk",
         "GB",
         *Currency::FromCode("GBP"),
         2000,
         false,
         "20",
         "AMAZON_EU",
         {"LBA1", "BHX4", "MAN1", "EUK5"},
         "",
         ""};
  } else if (code == "DE") {
    m = {"DE",
         "A1PA6795UKMFR9",
         "Amazon.de",
         "DE",
         *Currency::FromCode("EUR"),
         1900,
         false,
         "30",
         "AMAZON_EU",
         {"FRA7", "LEJ1", "MUC3", "DTM2"},
         "",
         ""};
  } else {
    return std::nullopt;
  }
  // Tax conventions as the settlement generator's marketplace profiles have them.
  Result<Marketplace> id = MarketplaceFromCode(code);
  if (id.Ok()) {
    const MarketplaceProfile& profile = ProfileOf(*id);
    m.tax_basis_points = profile.tax_rate_bp;
    m.tax_withheld = profile.tax_withheld;
    m.withheld_principal = std::string(profile.withheld_principal);
    m.withheld_shipping = std::string(profile.withheld_shipping);
  }
  return m;
}

std::string_view ErpReachName(ErpReach reach) {
  switch (reach) {
    case ErpReach::kExact:
      return "exact";
    case ErpReach::kAlias:
      return "alias";
    case ErpReach::kMissing:
      return "missing";
  }
  return "?";
}

std::string_view OrderStatusName(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPending:
      return "PENDING";
    case OrderStatus::kUnshipped:
      return "UNSHIPPED";
    case OrderStatus::kPartiallyShipped:
      return "PARTIALLY_SHIPPED";
    case OrderStatus::kShipped:
      return "SHIPPED";
    case OrderStatus::kCancelled:
      return "CANCELLED";
  }
  return "PENDING";
}

std::string_view OrderStatusNotificationName(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPending:
      return "Pending";
    case OrderStatus::kUnshipped:
      return "Unshipped";
    case OrderStatus::kPartiallyShipped:
      return "PartiallyShipped";
    case OrderStatus::kShipped:
      return "Shipped";
    case OrderStatus::kCancelled:
      return "Canceled";
  }
  return "Pending";
}

std::string_view ProcessingStatusName(ProcessingStatus s) {
  switch (s) {
    case ProcessingStatus::kInQueue:
      return "IN_QUEUE";
    case ProcessingStatus::kInProgress:
      return "IN_PROGRESS";
    case ProcessingStatus::kDone:
      return "DONE";
    case ProcessingStatus::kCancelled:
      return "CANCELLED";
    case ProcessingStatus::kFatal:
      return "FATAL";
  }
  return "IN_QUEUE";
}

bool IsFinal(ProcessingStatus s) {
  return s == ProcessingStatus::kDone || s == ProcessingStatus::kCancelled ||
         s == ProcessingStatus::kFatal;
}

Money SettlementPeriod::Total() const {
  Money total = Money::Zero(marketplace.currency);
  for (const SettlementRow& row : rows) total += row.amount;
  return total;
}

}  // namespace fbaflow::sim
