#include "sim/marketplace_profile.h"

#include <array>
#include <stdexcept>
#include <string>

namespace fbaflow::sim {
namespace {

// Order-id prefixes seen on each marketplace's orders.
constexpr int kUsPrefixes[] = {111, 112, 113, 114};
constexpr int kUkPrefixes[] = {202, 203, 204, 205, 206, 26};
constexpr int kDePrefixes[] = {302, 303, 304, 305, 306, 28};
constexpr int kFrPrefixes[] = {402, 403, 404, 405, 406, 407, 408};

// Rates follow the real files: a UK order of 39.99 + 8.00 VAT pays 8.64 commission (15% of the
// VAT-inclusive price, plus 20% VAT on the fee) and 0.25 digital services fee (2% of 8.64 + 3.96).
constexpr std::array<MarketplaceProfile, 4> kProfiles = {{
    {.marketplace = Marketplace::kUS,
     .code = "US",
     .name = "Amazon.com",
     .mcf_name = "",
     .mcf_order_prefix = "",
     .currency_code = "USD",
     .decimal_style = DecimalStyle::kDotDecimal,
     .group_thousands = false,
     .date_style = DateStyle::kIso,
     .vat_inclusive_prices = false,
     .tax_rate_bp = 725,
     .tax_withheld = true,
     .withheld_principal = "MarketplaceFacilitatorTax-Principal",
     .withheld_shipping = "MarketplaceFacilitatorTax-Shipping",
     .shipping_promotion = true,
     .shipping_chargeback = true,
     .referral_rate_bp = 1500,
     .fee_vat_bp = 0,
     .min_referral_minor = 30,
     .digital_services_rate_bp = 200,
     .mcf_fee_minor = 0,
     .order_prefixes = kUsPrefixes},
    {.marketplace = Marketplace::kUK,
     .code = "UK",
     .name = "Amazon.co.uk",
     .mcf_name = "Non-Amazon UK",
     .mcf_order_prefix = "S02",
     .currency_code = "GBP",
     .decimal_style = DecimalStyle::kDotDecimal,
     .group_thousands = false,
     .date_style = DateStyle::kDotted,
     .vat_inclusive_prices = true,
     .tax_rate_bp = 2000,
     .tax_withheld = false,
     .withheld_principal = "",
     .withheld_shipping = "",
     .shipping_promotion = true,
     .shipping_chargeback = false,
     .referral_rate_bp = 1500,
     .fee_vat_bp = 2000,
     .min_referral_minor = 25,
     .digital_services_rate_bp = 200,
     .mcf_fee_minor = 667,
     .order_prefixes = kUkPrefixes},
    {.marketplace = Marketplace::kDE,
     .code = "DE",
     .name = "Amazon.de",
     .mcf_name = "",
     .mcf_order_prefix = "",
     .currency_code = "EUR",
     .decimal_style = DecimalStyle::kCommaDecimal,
     .group_thousands = true,
     .date_style = DateStyle::kDotted,
     .vat_inclusive_prices = true,
     .tax_rate_bp = 1900,
     .tax_withheld = true,
     .withheld_principal = "MarketplaceFacilitatorVAT-Principal",
     .withheld_shipping = "MarketplaceFacilitatorVAT-Shipping",
     .shipping_promotion = false,
     .shipping_chargeback = true,
     .referral_rate_bp = 1500,
     .fee_vat_bp = 1900,
     .min_referral_minor = 30,
     .digital_services_rate_bp = 0,
     .mcf_fee_minor = 0,
     .order_prefixes = kDePrefixes},
    {.marketplace = Marketplace::kFR,
     .code = "FR",
     .name = "Amazon.fr",
     .mcf_name = "",
     .mcf_order_prefix = "",
     .currency_code = "EUR",
     .decimal_style = DecimalStyle::kCommaDecimal,
     .group_thousands = true,
     .date_style = DateStyle::kDotted,
     .vat_inclusive_prices = true,
     .tax_rate_bp = 2000,
     .tax_withheld = true,
     .withheld_principal = "MarketplaceFacilitatorVAT-Principal",
     .withheld_shipping = "MarketplaceFacilitatorVAT-Shipping",
     .shipping_promotion = false,
     .shipping_chargeback = true,
     .referral_rate_bp = 1500,
     .fee_vat_bp = 2000,
     .min_referral_minor = 30,
     .digital_services_rate_bp = 300,
     .mcf_fee_minor = 0,
     .order_prefixes = kFrPrefixes},
}};

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

const MarketplaceProfile& ProfileOf(Marketplace marketplace) {
  return kProfiles[static_cast<std::size_t>(marketplace)];
}

std::span<const MarketplaceProfile> AllProfiles() { return kProfiles; }

Result<Marketplace> MarketplaceFromCode(std::string_view code) {
  std::string upper;
  for (char c : code) upper.push_back(Upper(c));
  if (upper == "GB") upper = "UK";
  for (const MarketplaceProfile& profile : kProfiles) {
    if (profile.code == upper) return profile.marketplace;
  }
  return InvalidArgument("unknown marketplace '" + std::string(code) + "' (US, UK, DE, FR)");
}

Currency CurrencyOf(const MarketplaceProfile& profile) {
  Result<Currency> currency = Currency::FromCode(profile.currency_code);
  if (!currency.Ok()) throw std::logic_error("profile with an unknown currency");
  return *currency;
}

}  // namespace fbaflow::sim
