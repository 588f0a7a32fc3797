#pragma once
// Synthetic settlement files for the reader's tests, built cell by cell so a test states only the
// values it cares about. Formats follow the real files (see ../shared/samples/README.txt).

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fbaflow::settlement::testing {

using Cells = std::map<std::string, std::string>;

inline std::vector<std::string> V2Columns() {
  return {"settlement-id",
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
          "amount-type",
          "amount-description",
          "amount",
          "fulfillment-id",
          "posted-date",
          "posted-date-time",
          "order-item-code",
          "merchant-order-item-id",
          "merchant-adjustment-item-id",
          "sku",
          "quantity-purchased",
          "promotion-id"};
}

inline std::vector<std::string> LegacyColumns() {
  return {"settlement-id",
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
          "shipment-fee-type",
          "shipment-fee-amount",
          "order-fee-type",
          "order-fee-amount",
          "fulfillment-id",
          "posted-date",
          "order-item-code",
          "merchant-order-item-id",
          "merchant-adjustment-item-id",
          "sku",
          "quantity-purchased",
          "price-type",
          "price-amount",
          "item-related-fee-type",
          "item-related-fee-amount",
          "misc-fee-amount",
          "other-fee-amount",
          "other-fee-reason-description",
          "promotion-id",
          "promotion-type",
          "promotion-amount",
          "direct-payment-type",
          "direct-payment-amount",
          "other-amount"};
}

// Builds a tab-separated file: the header, then rows given as name → value.
class FileBuilder {
 public:
  explicit FileBuilder(std::vector<std::string> columns, std::string eol = "\n")
      : columns_(std::move(columns)), eol_(std::move(eol)) {
    text_ = Join(columns_) + eol_;
  }

  FileBuilder& Row(const Cells& cells) {
    std::vector<std::string> fields(columns_.size());
    for (const auto& [name, value] : cells) {
      bool placed = false;
      for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i] == name) {
          fields[i] = value;
          placed = true;
        }
      }
      if (!placed) throw std::invalid_argument("fixture has no column " + name);
    }
    text_ += Join(fields) + eol_;
    return *this;
  }
  FileBuilder& Line(const std::string& line) {
    text_ += line + eol_;
    return *this;
  }
  const std::string& Text() const { return text_; }

 private:
  static std::string Join(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i > 0 ? "\t" : "") + fields[i];
    return out;
  }

  std::vector<std::string> columns_;
  std::string eol_;
  std::string text_;
};

// A UK settlement summary (dotted dates, dot decimals).
inline Cells UkSummary(std::string total = "100.00", std::string id = "23395380562") {
  return {{"settlement-id", std::move(id)},
          {"settlement-start-date", "15.11.2024 08:59:45 UTC"},
          {"settlement-end-date", "29.11.2024 08:59:44 UTC"},
          {"deposit-date", "01.12.2024 08:59:44 UTC"},
          {"total-amount", std::move(total)},
          {"currency", "GBP"}};
}

// A UK order row: ItemPrice/Principal unless told otherwise.
inline Cells UkRow(std::string amount, std::string type = "ItemPrice",
                   std::string description = "Principal", std::string id = "23395380562") {
  return {{"settlement-id", std::move(id)},
          {"transaction-type", "Order"},
          {"order-id", "204-0894124-9818718"},
          {"merchant-order-id", "204-0894124-9818718"},
          {"shipment-id", "QffcYy4Hy"},
          {"marketplace-name", "Amazon.co.uk"},
          {"amount-type", std::move(type)},
          {"amount-description", std::move(description)},
          {"amount", std::move(amount)},
          {"fulfillment-id", "AFN"},
          {"posted-date", "15.11.2024"},
          {"posted-date-time", "15.11.2024 10:00:37 UTC"},
          {"order-item-code", "43864480697602"},
          {"sku", "TM-ATRNS-LL"},
          {"quantity-purchased", "1"}};
}

inline Cells FrSummary(std::string total = "0,00") {
  return {{"settlement-id", "23347038192"},
          {"settlement-start-date", "08.11.2024 08:59:52 UTC"},
          {"settlement-end-date", "22.11.2024 08:59:52 UTC"},
          {"deposit-date", "24.11.2024 08:59:52 UTC"},
          {"total-amount", std::move(total)},
          {"currency", "EUR"}};
}

inline Cells FrRow(std::string amount, std::string description = "Principal") {
  return {{"settlement-id", "23347038192"},
          {"transaction-type", "Order"},
          {"order-id", "403-5838049-3793138"},
          {"marketplace-name", "Amazon.fr"},
          {"amount-type", "ItemPrice"},
          {"amount-description", std::move(description)},
          {"amount", std::move(amount)},
          {"fulfillment-id", "AFN"},
          {"posted-date", "15.11.2024"},
          {"posted-date-time", "15.11.2024 11:10:09 UTC"},
          {"sku", "TM-ATRNS-LR"},
          {"quantity-purchased", "1"}};
}

inline Cells CaLegacySummary(std::string total) {
  return {{"settlement-id", "24495221541"},
          {"settlement-start-date", "2025-09-11T22:07:19+00:00"},
          {"settlement-end-date", "2025-09-25T22:07:18+00:00"},
          {"deposit-date", "2025-09-27T22:07:18+00:00"},
          {"total-amount", std::move(total)},
          {"currency", "CAD"}};
}

// A legacy row with the context every row has; add the amount cells.
inline Cells CaLegacyRow(std::string transaction_type, Cells amounts) {
  Cells cells = {{"settlement-id", "24495221541"},
                 {"transaction-type", std::move(transaction_type)},
                 {"posted-date", "2025-09-13T06:20:55+00:00"}};
  for (auto& [k, v] : amounts) cells[k] = v;
  return cells;
}

}  // namespace fbaflow::settlement::testing
