#include "core/settlement/columns.h"

#include <algorithm>

#include "core/text/charset.h"

namespace fbaflow::settlement {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Col::kCount)> kNames = {
    "settlement-id",
    "settlement-start-date",
    "settlement-end-date",
    "deposit-date",
    "total-amount",
    "currency",
    "transaction-type",
    "order-id",
    "merchant-order-id",
    "adjustment-id",
    "shipment-id",
    "marketplace-name",
    "fulfillment-id",
    "posted-date",
    "posted-date-time",
    "sku",
    "quantity-purchased",
    "amount-type",
    "amount-description",
    "amount",
    "shipment-fee-type",
    "shipment-fee-amount",
    "order-fee-type",
    "order-fee-amount",
    "price-type",
    "price-amount",
    "item-related-fee-type",
    "item-related-fee-amount",
    "misc-fee-amount",
    "other-fee-amount",
    "other-fee-reason-description",
    "promotion-type",
    "promotion-amount",
    "direct-payment-type",
    "direct-payment-amount",
    "other-amount",
};

// Legacy amount columns and the column that names each one's kind (Col::kCount: none).
struct LegacyPair {
  Col amount;
  Col type;
};
constexpr LegacyPair kLegacyPairs[] = {
    {Col::kShipmentFeeAmount, Col::kShipmentFeeType},
    {Col::kOrderFeeAmount, Col::kOrderFeeType},
    {Col::kPriceAmount, Col::kPriceType},
    {Col::kItemRelatedFeeAmount, Col::kItemRelatedFeeType},
    {Col::kMiscFeeAmount, Col::kCount},
    {Col::kOtherFeeAmount, Col::kOtherFeeReasonDescription},
    {Col::kPromotionAmount, Col::kPromotionType},
    {Col::kDirectPaymentAmount, Col::kDirectPaymentType},
    {Col::kOtherAmount, Col::kCount},
};

constexpr Col kSummaryColumns[] = {Col::kSettlementId, Col::kStartDate,   Col::kEndDate,
                                   Col::kDepositDate,  Col::kTotalAmount, Col::kCurrency};

std::string Normalize(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.remove_suffix(1);
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return out;
}

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string MissingMessage(const std::vector<std::string>& missing) {
  std::string out = "not a settlement report: header has no ";
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (i > 0) out += i + 1 == missing.size() ? " or " : ", ";
    out += missing[i];
  }
  out += missing.size() == 1 ? " column" : " columns";
  return out;
}

}  // namespace

std::string_view ColumnName(Col col) {
  return col < Col::kCount ? kNames[static_cast<std::size_t>(col)] : std::string_view("?");
}

Result<ColumnMap> MapHeader(const std::vector<std::string_view>& fields) {
  ColumnMap map;
  map.index.fill(-1);
  map.columns = static_cast<int>(fields.size());
  map.names.reserve(fields.size());
  std::vector<std::string> normalized;
  normalized.reserve(fields.size());
  for (std::string_view f : fields) {
    normalized.push_back(Normalize(f));
    std::string_view shown = f;
    while (!shown.empty() && shown.front() == ' ') shown.remove_prefix(1);
    while (!shown.empty() && shown.back() == ' ') shown.remove_suffix(1);
    map.names.emplace_back(shown);
  }

  if (fields.size() == 1 && fields[0].find(',') != std::string_view::npos &&
      normalized[0].find("settlement-id") != std::string::npos) {
    return InvalidArgument(
        "the header is comma-separated; Amazon settlement reports are tab-separated (was the file "
        "re-saved as CSV? use the report as downloaded)");
  }

  for (std::size_t c = 0; c < static_cast<std::size_t>(Col::kCount); ++c) {
    for (std::size_t i = 0; i < normalized.size(); ++i) {
      if (normalized[i] != kNames[c]) continue;
      if (map.index[c] >= 0) {
        return InvalidArgument("header has " + Quoted(kNames[c]) + " twice (columns " +
                               std::to_string(map.index[c] + 1) + " and " + std::to_string(i + 1) +
                               ")");
      }
      map.index[c] = static_cast<int>(i);
    }
  }

  // V2 carries its amounts in one amount-type/amount-description/amount triple; the legacy file
  // has a column per kind. Which signature the header shows decides what else it must have.
  const bool v2 =
      map.Has(Col::kAmountType) || map.Has(Col::kAmountDescription) || map.Has(Col::kAmount);
  bool legacy = false;
  for (const LegacyPair& p : kLegacyPairs) legacy = legacy || map.Has(p.amount);
  map.format = (v2 || !legacy) ? Format::kV2 : Format::kLegacy;

  std::vector<Col> required(std::begin(kSummaryColumns), std::end(kSummaryColumns));
  required.push_back(Col::kTransactionType);
  if (map.format == Format::kV2) {
    required.insert(required.end(), {Col::kAmountType, Col::kAmountDescription, Col::kAmount});
  } else {
    required.insert(required.end(), {Col::kPriceType, Col::kPriceAmount});
  }
  std::vector<std::string> missing;
  for (Col c : required) {
    if (!map.Has(c)) missing.push_back(Quoted(ColumnName(c)));
  }
  if (!map.Has(Col::kPostedDate) && !map.Has(Col::kPostedDateTime)) {
    missing.push_back("'posted-date' or 'posted-date-time'");
  }
  if (!missing.empty()) {
    std::string message = MissingMessage(missing);
    if (!map.Has(Col::kSettlementId) && !map.Has(Col::kTransactionType)) {
      // Nothing about it looks like a settlement: show what it is, so the user can tell which
      // report they picked.
      message += " (its header begins ";
      for (std::size_t i = 0; i < std::min<std::size_t>(3, map.names.size()); ++i) {
        message += (i > 0 ? ", " : "") + Quoted(TruncateUtf8(map.names[i], 40));
      }
      message += ")";
    }
    return InvalidArgument(std::move(message));
  }

  if (map.format == Format::kLegacy) {
    for (const LegacyPair& p : kLegacyPairs) {
      if (!map.Has(p.amount)) continue;
      LegacyAmountColumn a;
      a.amount = map.Index(p.amount);
      if (p.type != Col::kCount && map.Has(p.type)) {
        a.type = map.Index(p.type);
        a.type_name = ColumnName(p.type);
      } else {
        a.type_name = ColumnName(p.amount);
      }
      map.legacy_amounts.push_back(a);
    }
    std::sort(map.legacy_amounts.begin(), map.legacy_amounts.end(),
              [](const LegacyAmountColumn& a, const LegacyAmountColumn& b) {
                return a.amount < b.amount;
              });
  }
  return map;
}

}  // namespace fbaflow::settlement
