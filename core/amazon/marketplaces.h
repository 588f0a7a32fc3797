#pragma once
// Amazon's marketplaces and the SP-API regions that serve them (developer docs, "Marketplace IDs"
// and "SP-API Endpoints"). The API endpoint of a seller is chosen by region, not by marketplace.
// Thread safety: immutable static data.

#include <span>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow::amazon {

enum class Region : unsigned char { kNorthAmerica, kEurope, kFarEast };

std::string_view RegionCode(Region region);  // "na", "eu", "fe"
// "na", "eu", "fe" in any case (also "NA"/"north-america" style long names).
Result<Region> ParseRegion(std::string_view text);

// "https://sellingpartnerapi-eu.amazon.com", or the sandbox host when `sandbox`.
std::string_view DefaultApiEndpoint(Region region, bool sandbox);
// Login with Amazon's token endpoint (one for every region).
inline constexpr std::string_view kLwaTokenUrl = "https://api.amazon.com/auth/o2/token";

struct Marketplace {
  std::string_view id;            // "A1F83G8C2ARO7P"
  std::string_view country_code;  // "UK" (Amazon's code; "GB" is accepted as an alias)
  std::string_view name;          // "United Kingdom"
  Region region;
  std::string_view currency;  // "GBP"
};

std::span<const Marketplace> AllMarketplaces();
// By marketplace id or country code, case-insensitive; nullptr when unknown.
const Marketplace* FindMarketplace(std::string_view id_or_country);

}  // namespace fbaflow::amazon
