#include "ports/erp.h"

#include <fmt/format.h>

#include <set>

namespace fbaflow {

std::string_view ErpSaleStateName(ErpSaleState state) {
  switch (state) {
    case ErpSaleState::kDraft:
      return "draft";
    case ErpSaleState::kProcessing:
      return "processing";
    case ErpSaleState::kDone:
      return "done";
    case ErpSaleState::kCancelled:
      return "cancelled";
  }
  return "?";
}

std::string_view ErpShipmentStateName(ErpShipmentState state) {
  switch (state) {
    case ErpShipmentState::kWaiting:
      return "waiting";
    case ErpShipmentState::kInProgress:
      return "in progress";
    case ErpShipmentState::kDone:
      return "done";
    case ErpShipmentState::kCancelled:
      return "cancelled";
  }
  return "?";
}

Status ValidateSaleRequest(const ErpSaleRequest& request) {
  if (request.reference.empty()) return InvalidArgument("ERP sale without a reference");
  const std::string& ref = request.reference;
  if (request.marketplace.empty()) return InvalidArgument("ERP sale " + ref + ": no marketplace");
  if (request.lines.empty()) return InvalidArgument("ERP sale " + ref + ": no lines");
  for (const ErpSaleLine& line : request.lines) {
    if (line.item_code.empty()) return InvalidArgument("ERP sale " + ref + ": a line has no item");
    if (line.quantity <= 0) {
      return InvalidArgument(
          fmt::format("ERP sale {}: item {} has quantity {}", ref, line.item_code, line.quantity));
    }
    if (line.unit_price.GetCurrency() != request.lines.front().unit_price.GetCurrency()) {
      return InvalidArgument("ERP sale " + ref + ": lines in more than one currency");
    }
    if (line.unit_price.IsNegative()) {
      return InvalidArgument("ERP sale " + ref + ": item " + line.item_code +
                             " has a negative price");
    }
  }
  return OkStatus();
}

Status ValidateMoveRequest(const ErpMoveRequest& request) {
  if (request.reference.empty()) return InvalidArgument("ERP move without a reference");
  const std::string& ref = request.reference;
  if (request.lines.size() < 2)
    return InvalidArgument("ERP move " + ref + ": fewer than two lines");
  const Currency currency = request.lines.front().amount.GetCurrency();
  Money sum = Money::Zero(currency);
  for (const ErpMoveLine& line : request.lines) {
    if (line.account_code.empty()) {
      return InvalidArgument("ERP move " + ref + ": a line has no account code");
    }
    if (line.amount.GetCurrency() != currency) {
      return InvalidArgument("ERP move " + ref + ": lines in more than one currency");
    }
    sum += line.amount;
  }
  if (!sum.IsZero()) {
    return InvalidArgument(fmt::format("ERP move {}: debits and credits differ by {} {}", ref,
                                       sum.ToString(), currency.Code()));
  }
  return OkStatus();
}

std::vector<std::string> UniqueCodes(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  std::set<std::string_view> seen;
  for (const std::string& code : codes) {
    if (seen.insert(code).second) out.push_back(code);
  }
  return out;
}

}  // namespace fbaflow
