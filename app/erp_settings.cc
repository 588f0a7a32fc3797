#include "app/erp_settings.h"

#include <fmt/format.h>

#include "app/config_file.h"

namespace fbaflow::app {

Result<ErpSettings> ResolveErpSettings(const ErpFlags& flags, const GetEnv& env) {
  const std::string config = ConfigPath(flags.config, env);
  ASSIGN_OR_RETURN(ConfigFile file, ReadConfigFile(config));
  const ErpFileSettings& f = file.erp;
  ErpSettings s;
  const SettingPicker pick(env, config, s.origins);
  const std::string kind = pick("ERP kind", "", "FBAFLOW_ERP_KIND", f.kind);
  if (!kind.empty()) s.kind = kind;
  if (s.kind != "tryton") {
    return InvalidArgument("ERP kind '" + s.kind + "' is not supported (kinds: tryton)");
  }
  erp::TrytonSettings& t = s.tryton;
  t.url = pick("ERP URL", flags.url, "FBAFLOW_ERP_URL", f.url);
  t.database = pick("ERP database", flags.database, "FBAFLOW_ERP_DATABASE", f.database);
  t.user = pick("ERP user", flags.user, "FBAFLOW_ERP_USER", f.user);
  t.password = Secret(pick("ERP password", "", "FBAFLOW_ERP_PASSWORD", f.password));
  if (t.url.empty()) {
    return InvalidArgument(
        "no ERP configured: set FBAFLOW_ERP_URL, FBAFLOW_ERP_DATABASE, FBAFLOW_ERP_USER and "
        "FBAFLOW_ERP_PASSWORD (or the [erp] table of --config); scripts/tryton.sh up prints "
        "them for the demo ERP");
  }
  RETURN_IF_ERROR(CheckUrl("ERP URL", t.url));
  if (t.url.back() != '/') t.url.push_back('/');
  for (auto [what, value] :
       {std::pair<const char*, bool>{"database (FBAFLOW_ERP_DATABASE)", t.database.empty()},
        {"user (FBAFLOW_ERP_USER)", t.user.empty()},
        {"password (FBAFLOW_ERP_PASSWORD)", t.password.Empty()}}) {
    if (value) return InvalidArgument(fmt::format("the ERP {} is not set", what));
  }
  if (f.timeout_seconds) {
    if (*f.timeout_seconds <= 0) return InvalidArgument("erp.timeout_seconds must be positive");
    t.timeout = std::chrono::seconds(*f.timeout_seconds);
  }
  if (f.customer_code_prefix) t.customer_code_prefix = *f.customer_code_prefix;
  if (f.fba_warehouse) t.fba_warehouse_code = *f.fba_warehouse;
  if (f.own_warehouse) t.own_warehouse_code = *f.own_warehouse;
  if (f.journal) t.journal_code = *f.journal;
  return s;
}

Result<std::string> ResolveStoreUrl(const std::string& flag, const std::string& config,
                                    const GetEnv& env) {
  if (!flag.empty()) return flag;
  if (auto v = env("FBAFLOW_STORE_URL")) return *v;
  ASSIGN_OR_RETURN(ConfigFile file, ReadConfigFile(ConfigPath(config, env)));
  return file.store.url.value_or("");
}

}  // namespace fbaflow::app
