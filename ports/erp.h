#pragma once
// Erp: the back office fbaflow posts orders and settlement journals into (adapters/erp implements
// it over Tryton's JSON-RPC; ports/testing/fake_erp.h keeps it in memory for engine tests).
//
// Exactly once. Every create takes a deterministic reference chosen by the caller (the Amazon
// order id for a sale, the settlement and period for a journal), and the implementation looks the
// reference up before it creates: a second call with the same reference returns the record the
// first call made (`created` false) and creates nothing. A crash between the ERP's commit and the
// caller's own record is therefore harmless: the retry finds the record. A record left half way
// by such a crash (a sale created but not confirmed, a move created but not posted) is taken
// forward by the retry. The contents of a found record are not compared with the request: a
// reference names one record for good.
//
// Routing. A sale is placed in the warehouse of its role: kAmazonFba (fulfilled by Amazon: the ERP
// only records it; fbaflow marks its shipment done on Amazon's ship date, nothing is picked) or
// kOwnWarehouse (fulfilled by the seller: the shipment waits for the warehouse team, and
// ShipmentOf() tells when they shipped it). The customer is the ERP's party for the marketplace.
//
// Errors (the code says what the engine does next):
//   kInvalidArgument     the request itself is wrong (empty reference, no lines, unbalanced move,
//                        mixed currencies): fix the caller, do not retry
//   kUnauthenticated     the ERP refuses the login (user, password, database): a configuration
//                        error of the whole connection, never one record's: the run stops
//   kFailedPrecondition  the ERP refuses until someone acts (an unknown item or account code, a
//                        business rule of the ERP, a missing party or warehouse):
//                        an exception for a person; retry after the fix
//   kNotFound            no sale has this reference (MarkShipped, ShipmentOf, CancelSale)
//   kUnavailable, kDeadlineExceeded, kResourceExhausted  transient: retry with backoff; the
//                        retry is safe because of the find-before-create above
//   kPermissionDenied    the ERP user may not do this
//   kInternal            the ERP failed in a way nobody planned for: alert
// Thread safety: implementations allow concurrent calls; two concurrent creates with the same
// reference are the caller's to prevent (the outbox sends one key at a time).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/money/money.h"
#include "core/orders/routing.h"
#include "core/time/civil.h"

namespace fbaflow {

// FulfilmentRole (core/orders/routing.h): which warehouse a sale ships from.

struct ErpSaleLine {
  std::string item_code;  // the ERP item code (after SKU mapping)
  int64_t quantity = 0;   // units, positive
  Money unit_price;       // exact, in the sale's currency
};

struct ErpSaleRequest {
  std::string reference;    // the idempotency key, e.g. the Amazon order id
  std::string marketplace;  // "US", "UK", "DE": the customer party
  FulfilmentRole role = FulfilmentRole::kAmazonFba;
  CivilDate sale_date;
  std::vector<ErpSaleLine> lines;  // at least one; every price in one currency
};

enum class ErpSaleState : unsigned char {
  kDraft,       // created, not yet confirmed (only seen after an interrupted create)
  kProcessing,  // confirmed; its shipment exists
  kDone,        // shipped
  kCancelled,
};
std::string_view ErpSaleStateName(ErpSaleState state);  // "draft", "processing", ...

enum class ErpShipmentState : unsigned char {
  kWaiting,     // waits for the warehouse
  kInProgress,  // assigned, picked or packed
  kDone,        // shipped
  kCancelled,
};
std::string_view ErpShipmentStateName(ErpShipmentState state);  // "waiting", ...

struct ErpShipment {
  std::string id;  // the ERP's own id, as text
  ErpShipmentState state = ErpShipmentState::kWaiting;
  std::optional<CivilDate> shipped_on;  // when done
};

struct ErpSale {
  std::string id;  // the ERP's own id, as text (for links and logs)
  std::string reference;
  std::string number;  // the ERP's document number, as a person sees it
  FulfilmentRole role = FulfilmentRole::kAmazonFba;
  ErpSaleState state = ErpSaleState::kDraft;
  bool created = false;  // true when this call created it, false when it was found
};

struct ErpMoveLine {
  std::string account_code;  // a code of the ERP's chart of accounts
  Money amount;              // positive debits, negative credits (docs/architecture.md)
  std::string description;   // for a person reading the move
};

struct ErpMoveRequest {
  std::string reference;  // the idempotency key, e.g. "settlement-12345-2026-11"
  CivilDate date;         // the accounting date (its period must be open)
  std::string description;
  std::vector<ErpMoveLine> lines;  // balanced: the amounts sum to zero; one currency
};

struct ErpMove {
  std::string id;
  std::string number;  // the ERP's posted number
  bool created = false;
};

class Erp {
 public:
  virtual ~Erp() = default;

  // The codes among `item_codes` that the ERP has no item for, in the order given, each once.
  // One batched look-up whatever the count.
  virtual Result<std::vector<std::string>> MissingItems(
      const std::vector<std::string>& item_codes) = 0;

  // The codes among `account_codes` that the ERP's chart lacks, in the order given, each once.
  virtual Result<std::vector<std::string>> MissingAccounts(
      const std::vector<std::string>& account_codes) = 0;

  // Finds the sale with this reference, or creates it in the role's warehouse for the
  // marketplace's customer and confirms it, so that its shipment exists. An unknown item code
  // is kFailedPrecondition naming every unknown code, and nothing is created.
  virtual Result<ErpSale> EnsureSale(const ErpSaleRequest& request) = 0;

  // The sale with this reference, or nullopt.
  virtual Result<std::optional<ErpSale>> FindSale(std::string_view reference) = 0;

  // kAmazonFba sales only: marks the sale's shipment done on `shipped_on` (Amazon's ship date).
  // A shipment already done is left as it is (its date included) and returned.
  // kFailedPrecondition for an own-warehouse sale (the warehouse team ships those) or a
  // cancelled one.
  virtual Result<ErpShipment> MarkShipped(std::string_view reference, CivilDate shipped_on) = 0;

  // The state of the sale's shipment: for an own-warehouse sale, whether the warehouse shipped it.
  virtual Result<ErpShipment> ShipmentOf(std::string_view reference) = 0;

  // Cancels the sale and its shipment. Cancelling a cancelled sale is ok; a shipped one is
  // kFailedPrecondition (a return, not a cancellation).
  virtual Status CancelSale(std::string_view reference) = 0;

  // Finds the account move with this reference in the Amazon journal, or creates and posts it.
  // A move found unposted (an interrupted earlier call) is posted. kInvalidArgument when the
  // lines do not balance; kFailedPrecondition naming every account code the chart lacks, and
  // nothing is created.
  virtual Result<ErpMove> EnsurePostedMove(const ErpMoveRequest& request) = 0;
};

// Checks what every implementation refuses before it talks to the ERP: an empty reference, no
// lines, a non-positive quantity, mixed currencies (sale); an empty reference, fewer than two
// lines, an empty account code, mixed currencies, unbalanced amounts (move). kInvalidArgument.
Status ValidateSaleRequest(const ErpSaleRequest& request);
Status ValidateMoveRequest(const ErpMoveRequest& request);

// `codes` without repeats, first occurrence kept.
std::vector<std::string> UniqueCodes(const std::vector<std::string>& codes);

}  // namespace fbaflow
