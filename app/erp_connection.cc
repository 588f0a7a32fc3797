#include "app/erp_connection.h"

#include "adapters/erp/tryton_erp.h"

namespace fbaflow::app {

std::unique_ptr<Erp> MakeErp(const ErpSettings& settings, Http& http) {
  // ResolveErpSettings accepts only the kinds built here.
  return std::make_unique<erp::TrytonErp>(settings.tryton, http);
}

}  // namespace fbaflow::app
