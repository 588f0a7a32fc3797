#pragma once
// TrytonErp: the Erp port (ports/erp.h) on Tryton 6.0 over JSON-RPC (tryton_rpc.h).
//
// How the port's concepts land in Tryton (docs/erp.md shows where a person sees them):
//   sale          sale.sale with `reference` = the request's reference, party = the customer whose
//                 code is customer_code_prefix + marketplace, warehouse = the location of type
//                 warehouse whose code is fba_warehouse_code or own_warehouse_code, invoice method
//                 manual (the settlement journal books the revenue), quoted and confirmed, which
//                 makes Tryton create its customer shipment (stock.shipment.out)
//   mark shipped  the shipment's effective date set, then assign (forced: Amazon holds the FBA
//                 stock), pick, pack and done
//   cancel        sale.sale cancel; a confirmed sale's shipment is cancelled and the sale's
//                 shipment exception handled without recreating moves
//   move          account.move in the journal whose code is journal_code, `description` = the
//                 reference, one line per request line (debit or credit), then posted
// Find-before-create: the sale by reference, the move by journal and description.
// Ids of the parties, warehouses, journal and currencies are looked up once and cached.
// Thread safety: as the port; calls may run concurrently (TrytonRpc shares the session).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "adapters/erp/tryton_rpc.h"
#include "ports/erp.h"

namespace fbaflow::erp {

class TrytonErp final : public Erp {
 public:
  TrytonErp(TrytonSettings settings, Http& http);
  ~TrytonErp() override;

  Result<std::vector<std::string>> MissingItems(
      const std::vector<std::string>& item_codes) override;
  Result<std::vector<std::string>> MissingAccounts(
      const std::vector<std::string>& account_codes) override;
  Result<ErpSale> EnsureSale(const ErpSaleRequest& request) override;
  Result<std::optional<ErpSale>> FindSale(std::string_view reference) override;
  Result<ErpShipment> MarkShipped(std::string_view reference, CivilDate shipped_on) override;
  Result<ErpShipment> ShipmentOf(std::string_view reference) override;
  Status CancelSale(std::string_view reference) override;
  Result<ErpMove> EnsurePostedMove(const ErpMoveRequest& request) override;

  TrytonRpc& Rpc() { return rpc_; }

 private:
  struct SaleRecord;
  Result<std::optional<SaleRecord>> FindSaleRecord(std::string_view reference);
  Result<ErpSale> ToSale(const SaleRecord& record);
  Result<ErpShipment> ShipmentSummary(const SaleRecord& record);
  Result<int64_t> IdByCode(const std::string& what, const std::string& model,
                           const std::string& code, const std::string& extra_field = {},
                           const std::string& extra_value = {});
  Result<int64_t> WarehouseId(FulfilmentRole role);

  TrytonRpc rpc_;
  std::mutex cache_mu_;
  std::map<std::string, int64_t> id_cache_;  // "model|code" -> id
};

}  // namespace fbaflow::erp
