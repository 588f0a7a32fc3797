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
  const orders::DispatchReport& d = r->dispatch;
  out << fmt::format(
      "into the ERP's books: {} journal(s) ready: {} posted ({} by this run{}), {} to retry "
      "later, {} refused; {} settlement(s) held and not posted\n",
      r->journals, r->posted, d.sent,
      d.found > 0 ? fmt::format(", {} of them found already there", d.found) : "", r->waiting,
      r->refused, r->held);
  if (!d.unavailable.Ok())
    out << "  the ERP did not answer: " << app::FailureText(d.unavailable) << "\n";
  if (r->held > 0 || r->refused > 0 || r->waiting > 0) {
    out << "  see `fbaflow exceptions list --owner finance`\n";
    return app::kExitHeld;
  }
  return app::kExitOk;
}

}  // namespace fbaflow::cli
