#pragma once
// MakeErp: the ERP adapter its settings name (Tryton over JSON-RPC so far), on the given
// transport.

#include <memory>

#include "app/erp_settings.h"
#include "ports/erp.h"
#include "ports/http.h"

namespace fbaflow::app {

std::unique_ptr<Erp> MakeErp(const ErpSettings& settings, Http& http);

}  // namespace fbaflow::app
