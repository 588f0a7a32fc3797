#include "core/amazon/marketplaces.h"

#include <array>
#include <string>

namespace fbaflow::amazon {

namespace {

constexpr std::array<Marketplace, 23> kMarketplaces = {{
    {"A2EUQ1WTGCTBG2", "CA", "Canada", Region::kNorthAmerica, "CAD"},
    {"ATVPDKIKX0DER", "US", "United States", Region::kNorthAmerica, "USD"},
    {"A1AM78C64UM0Y8", "MX", "Mexico", Region::kNorthAmerica, "MXN"},
    {"A2Q3Y263D00KWC", "BR", "Brazil", Region::kNorthAmerica, "BRL"},
    {"A28R8C7NBKEWEA", "IE", "Ireland", Region::kEurope, "EUR"},
    {"A1RKKUPIHCS9HS", "ES", "Spain", Region::kEurope, "EUR"},
    {"A1F83G8C2ARO7P", "UK", "United Kingdom", Region::kEurope, "GBP"},
    {"A13V1IB3VIYZZH", "FR", "France", Region::kEurope, "EUR"},
    {"AMEN7PMS3EDWL", "BE", "Belgium", Region::kEurope, "EUR"},
    {"A1805IZSGTT6HS", "NL", "Netherlands", Region::kEurope, "EUR"},
    {"A1PA6795UKMFR9", "DE", "Germany", Region::kEurope, "EUR"},
    {"APJ6JRA9NG5V4", "IT", "Italy", Region::kEurope, "EUR"},
    {"A2NODRKZP88ZB9", "SE", "Sweden", Region::kEurope, "SEK"},
    {"AE08WJ6YKNBMC", "ZA", "South Africa", Region::kEurope, "ZAR"},
    {"A1C3SOZRARQ6R3", "PL", "Poland", Region::kEurope, "PLN"},
    {"ARBP9OOSHTCHU", "EG", "Egypt", Region::kEurope, "EGP"},
    {"A33AVAJ2PDY3EV", "TR", "Turkey", Region::kEurope, "TRY"},
    {"A17E79C6D8DWNP", "SA", "Saudi Arabia", Region::kEurope, "SAR"},
    {"A2VIGQ35RCS4UG", "AE", "United Arab Emirates", Region::kEurope, "AED"},
    {"A21TJRUUN4KGV", "IN", "India", Region::kEurope, "INR"},
    {"A19VAU5U5O7RUS", "SG", "Singapore", Region::kFarEast, "SGD"},
    {"A39IBJ37TRP1C6", "AU", "Australia", Region::kFarEast, "AUD"},
    {"A1VC38T7YXB528", "JP", "Japan", Region::kFarEast, "JPY"},
}};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string_view RegionCode(Region region) {
  switch (region) {
    case Region::kNorthAmerica:
      return "na";
    case Region::kEurope:
      return "eu";
    case Region::kFarEast:
      return "fe";
  }
  return "na";
}

Result<Region> ParseRegion(std::string_view text) {
  const std::string up = Upper(text);
  if (up == "NA" || up == "NORTH-AMERICA" || up == "US-EAST-1") return Region::kNorthAmerica;
  if (up == "EU" || up == "EUROPE" || up == "EU-WEST-1") return Region::kEurope;
  if (up == "FE" || up == "FAR-EAST" || up == "US-WEST-2") return Region::kFarEast;
  return InvalidArgument("unknown region '" + std::string(text) + "' (expected na, eu or fe)");
}

std::string_view DefaultApiEndpoint(Region region, bool sandbox) {
  switch (region) {
    case Region::kNorthAmerica:
      return sandbox ? "https://sandbox.sellingpartnerapi-na.amazon.com"
                     : "https://sellingpartnerapi-na.amazon.com";
    case Region::kEurope:
      return sandbox ? "https://sandbox.sellingpartnerapi-eu.amazon.com"
                     : "https://sellingpartnerapi-eu.amazon.com";
    case Region::kFarEast:
      return sandbox ? "https://sandbox.sellingpartnerapi-fe.amazon.com"
                     : "https://sellingpartnerapi-fe.amazon.com";
  }
  return "https://sellingpartnerapi-na.amazon.com";
}

std::span<const Marketplace> AllMarketplaces() { return kMarketplaces; }

const Marketplace* FindMarketplace(std::string_view id_or_country) {
  std::string key = Upper(id_or_country);
  if (key == "GB") key = "UK";
  for (const Marketplace& m : kMarketplaces) {
    if (m.id == key || m.country_code == key) return &m;
  }
  return nullptr;
}

}  // namespace fbaflow::amazon
