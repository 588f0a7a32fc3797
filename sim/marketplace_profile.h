#pragma once
// MarketplaceProfile: how one Amazon marketplace writes its settlement flat files, and the price,
// tax and fee conventions the simulators use to build realistic amounts for it.
//
// Formats are those of real V2 files (see ../shared/reference/amazon-facts.md):
//   US  "2024-10-09 14:28:38 UTC" / "2024-10-18", dot decimals, Amazon.com, USD, sales tax
//       collected and withheld by Amazon (ItemWithheldTax/MarketplaceFacilitatorTax-*)
//   UK  "15.11.2024 08:59:45 UTC" / "15.11.2024", dot decimals, Amazon.co.uk, GBP, 20% VAT kept
//       by the seller, Multi-Channel Fulfilment orders under "Non-Amazon UK" (S02- order ids)
//   DE  dotted dates, comma decimals ("52,44", "1.234,56"), Amazon.de, EUR, 19% VAT withheld
//       (ItemWithheldTax/MarketplaceFacilitatorVAT-*)
//   FR  as DE with Amazon.fr and 20% VAT, plus the 3% digital services fee
// Profiles are immutable statics; references stay valid for the program's life. Thread-safe.

#include <cstdint>
#include <span>
#include <string_view>

#include "core/base/status.h"
#include "core/money/currency.h"
#include "core/money/decimal.h"

namespace fbaflow::sim {

enum class Marketplace : unsigned char { kUS, kUK, kDE, kFR };

// How settlement dates are printed.
enum class DateStyle : unsigned char {
  kIso,     // "2024-10-09 14:28:38 UTC" and posted-date "2024-10-18"
  kDotted,  // "09.10.2024 14:28:38 UTC" and posted-date "09.10.2024"
};

struct MarketplaceProfile {
  Marketplace marketplace;
  std::string_view code;              // "US", "UK", "DE", "FR"
  std::string_view name;              // marketplace-name: "Amazon.com"
  std::string_view mcf_name;          // Multi-Channel Fulfilment marketplace-name, "" when none
  std::string_view mcf_order_prefix;  // "S02" for UK MCF order ids
  std::string_view currency_code;     // "USD"
  DecimalStyle decimal_style;         // dot or comma decimals
  bool group_thousands;               // "1.234,56" (DE, FR) rather than "1234.56" (US, UK)
  DateStyle date_style;

  // Prices and taxes. VAT marketplaces quote VAT-inclusive prices and split them into Principal
  // and Tax; the US quotes net prices and adds a state sales tax.
  bool vat_inclusive_prices;
  int tax_rate_bp;                      // VAT rate, or the typical sales-tax rate (basis points)
  bool tax_withheld;                    // Amazon collects and remits the tax (ItemWithheldTax rows)
  std::string_view withheld_principal;  // "MarketplaceFacilitatorTax-Principal" (US), "…VAT-…" (EU)
  std::string_view withheld_shipping;  // "MarketplaceFacilitatorTax-Shipping" (US), "…VAT-…" (EU)
  bool shipping_promotion;             // free-shipping promotions cancel charged shipping (UK, US)
  bool shipping_chargeback;  // FBA shipping charged to the buyer is charged back (US, DE, FR)

  // Seller fees. Referral commission is a rate of the item price; where fees carry VAT
  // (EU sellers), fee_vat_bp is added on top.
  int referral_rate_bp;
  int fee_vat_bp;
  int64_t min_referral_minor;    // minimum referral fee per unit
  int digital_services_rate_bp;  // 0 where no digital services fee applies (DE)
  int64_t mcf_fee_minor;         // per-unit fulfilment fee of an MCF order

  std::span<const int> order_prefixes;  // first group of Amazon order ids ("204" → 204-1234567-…)
};

// The profile of `marketplace`.
const MarketplaceProfile& ProfileOf(Marketplace marketplace);

// All profiles, in enum order.
std::span<const MarketplaceProfile> AllProfiles();

// "US", "UK" (or "GB"), "DE", "FR", any case. Unknown codes: kInvalidArgument naming the choices.
Result<Marketplace> MarketplaceFromCode(std::string_view code);

// The profile's currency (always a known ISO code).
Currency CurrencyOf(const MarketplaceProfile& profile);

}  // namespace fbaflow::sim
