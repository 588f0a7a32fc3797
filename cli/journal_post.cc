#include "cli/journal_post.h"

#include <fmt/format.h>

#include <ostream>

#include "adapters/clock/system_clock.h"
#include "adapters/http/curl_http.h"
#include "app/erp_connection.h"
#include "app/exit_code.h"
#include "engine/orders/journal_posting.h"

namespace fbaflow::cli {

int PostJournals(const std::vector<settlement::SettlementJournals>& settlements,
                 const StoreFlags& flags, std::ostream& out) {
  Result<OpenedStore> opened = OpenStore(flags);
  if (!opened.Ok()) return Fail("--post", opened.GetStatus());
  app::ErpFlags erp_flags;
  erp_flags.config = flags.amazon.config;
  Result<app::ErpSettings> erp_settings = app::ResolveErpSettings(erp_flags, &app::ProcessEnv);
  if (!erp_settings.Ok()) return Fail("--post", erp_settings.GetStatus());
  CurlHttp http;
  SystemClock clock;
  std::unique_ptr<Erp> erp = app::MakeErp(*erp_settings, http);
  orders::OrderSettings settings;
  settings.account = opened->account;
  Result<orders::PostReport> r =
      orders::PostSettlementJournals(settlements, *erp, *opened->store, clock, settings);
  if (!r.Ok()) return Fail("--post", r.GetStatus());
  out << fmt::format(
      "posted into the ERP: {} journal(s) queued, {} posted now ({} already there), {} "
      "retrying later, {} refused, {} settlement(s) held and not posted\n",
      r->queued, r->dispatch.sent, r->dispatch.found, r->dispatch.retrying, r->dispatch.exceptions,
      r->held);
  if (r->held > 0 || r->dispatch.exceptions > 0 || r->dispatch.retrying > 0) {
    out << "  see `fbaflow exceptions list --owner finance`\n";
    return app::kExitHeld;
  }
  return app::kExitOk;
}

}  // namespace fbaflow::cli
