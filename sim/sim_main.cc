// fbaflow-sim: the emulators fbaflow is tested and demonstrated against.
//   fbaflow-sim amazon --port P --seed S [--time-scale X] [--faults SPEC]
// Prints where it listens and the test credentials, then serves until SIGINT or SIGTERM.
//   fbaflow-sim catalogue --seed S [--marketplace M] [--skus N]
// Prints the first seller's catalogue as JSON, with each SKU's ERP item code (world_catalogue.h).
//   fbaflow-sim proxy --listen P --to URL [--faults SPEC] [--seed N]
// Forwards HTTP to URL and answers some requests badly (sim/proxy/fault_proxy.h); prints
// "listening on http://127.0.0.1:P/" once ready, its counters on stderr when stopped.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "core/text/nearest_word.h"
#include "sim/amazon/amazon_sim.h"
#include "sim/amazon/iso_time.h"
#include "sim/amazon/world_catalogue.h"
#include "sim/proxy/fault_proxy.h"

namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop = true; }

int RunAmazon(fbaflow::sim::AmazonSimOptions options, const std::string& faults,
              const std::string& start) {
  using namespace fbaflow::sim;
  fbaflow::Result<FaultSpec> spec = ParseFaultSpec(faults);
  if (!spec.Ok()) {
    std::fprintf(stderr, "fbaflow-sim: --faults: %s\n", spec.GetStatus().Message().c_str());
    return 2;
  }
  options.faults = *spec;
  if (!start.empty()) {
    fbaflow::Result<SimMillis> t = ParseIso(start);
    if (!t.Ok()) {
      std::fprintf(stderr, "fbaflow-sim: --start: %s\n", t.GetStatus().Message().c_str());
      return 2;
    }
    options.start = *t;
  }
  AmazonSim sim(options);
  const fbaflow::Status started = sim.Start();
  if (!started.Ok()) {
    std::fprintf(stderr, "fbaflow-sim: %s\n", started.ToString().c_str());
    return started.Code() == fbaflow::StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  fmt::print("fbaflow-sim amazon listening on {}\n", sim.BaseUrl());
  fmt::print("port: {}\n", sim.Port());
  fmt::print("simulated time: {} (x{} real time)\n", FormatIso(sim.Clock().Now()),
             sim.Clock().Scale());
  fmt::print("token endpoint: {}/auth/o2/token\n", sim.BaseUrl());
  fmt::print("client id: {}\n", sim.ClientId());
  fmt::print("client secret: {}\n", sim.ClientSecret());
  for (const SellerCredentials& s : sim.Sellers()) {
    fmt::print("seller {} refresh token: {}\n", s.seller_id, s.refresh_token);
  }
  fmt::print("notifications queue: {} ({})\n", sim.QueueUrl(), sim.QueueArn());
  if (!options.faults.ToString().empty()) fmt::print("faults: {}\n", options.faults.ToString());
  std::fflush(stdout);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  sim.Stop();
  fmt::print("fbaflow-sim amazon stopped\n");
  return 0;
}

int RunProxy(const std::string& to, int port, const std::string& faults, uint64_t seed) {
  using namespace fbaflow::sim;
  fbaflow::Result<ProxyFaults> spec = ParseProxyFaults(faults);
  if (!spec.Ok()) {
    std::fprintf(stderr, "fbaflow-sim proxy: --faults: %s\n", spec.GetStatus().Message().c_str());
    return 2;
  }
  FaultProxyOptions options;
  options.port = port;
  options.backend_url = to;
  options.faults = *spec;
  options.seed = seed;
  options.on_fault = [](std::string_view line) {
    std::fprintf(stderr, "fbaflow-sim proxy: %.*s\n", static_cast<int>(line.size()), line.data());
  };
  // The proxy writes to sockets whose other end may be gone: a write must fail, not kill it.
  std::signal(SIGPIPE, SIG_IGN);
  FaultProxy proxy(options);
  const fbaflow::Status started = proxy.Start();
  if (!started.Ok()) {
    std::fprintf(stderr, "fbaflow-sim proxy: %s\n", started.Message().c_str());
    return started.Code() == fbaflow::StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::fprintf(stderr, "fbaflow-sim proxy: forwarding to %s, faults: %s, seed %llu\n", to.c_str(),
               spec->rules.empty() ? "none" : spec->ToString().c_str(),
               static_cast<unsigned long long>(seed));
  fmt::print("listening on {}/\n", proxy.BaseUrl());
  std::fflush(stdout);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  proxy.Stop();
  std::fprintf(stderr, "fbaflow-sim proxy: stopped: %s\n", proxy.Counters().ToString().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "fbaflow-sim: emulators of the services fbaflow talks to (tests, demos, benchmarks)"};
  app.require_subcommand(1);
  CLI::App* amazon = app.add_subcommand("amazon", "Amazon SP-API emulator (see docs/emulator.md)");
  fbaflow::sim::AmazonSimOptions options;
  std::string faults;
  std::string start;
  std::vector<std::string> refresh_tokens;
  amazon->add_option("--port", options.port, "TCP port on 127.0.0.1 (0: any free port)")
      ->default_val(0);
  amazon->add_option("--host", options.host, "address to listen on (loopback)")
      ->default_val("127.0.0.1");
  amazon->add_option("--seed", options.seed, "seed of the simulated sellers")->default_val(1);
  amazon
      ->add_option("--time-scale", options.time_scale,
                   "simulated seconds per real second (60: a minute a second)")
      ->default_val(1.0)
      ->check(CLI::PositiveNumber);
  amazon->add_option("--faults", faults,
                     "fault injection, e.g. 5xx=0.02,storm=20s/120s,gzip=1 (docs/emulator.md)");
  amazon->add_option("--start", start, "simulated start instant, ISO 8601 (default: now)");
  amazon->add_option("--marketplace", options.marketplace, "US, UK or DE")->default_val("US");
  amazon->add_option("--sellers", options.sellers, "number of selling partners")
      ->default_val(1)
      ->check(CLI::Range(1, 100));
  amazon->add_option("--skus", options.sku_count, "SKUs per seller")
      ->default_val(40)
      ->check(CLI::Range(1, 100000));
  amazon->add_option("--orders-per-day", options.orders_per_day, "mean orders per simulated day")
      ->default_val(120);
  amazon->add_option("--history-days", options.history_days, "days simulated before start-up")
      ->default_val(45)
      ->check(CLI::Range(0, 365));
  amazon->add_option("--client-id", options.client_id,
                     "LWA client id to accept (default: derived from the seed)");
  amazon->add_option("--client-secret", options.client_secret, "LWA client secret to accept");
  amazon->add_option("--refresh-token", refresh_tokens,
                     "a seller's refresh token (repeat once per seller)");
  amazon->add_option("--threads", options.threads, "HTTP worker threads")
      ->default_val(16)
      ->check(CLI::Range(2, 256));
  CLI::App* catalogue = app.add_subcommand(
      "catalogue", "print the first seller's catalogue and ERP item codes as JSON");
  uint64_t catalogue_seed = 1;
  std::string catalogue_marketplace = "US";
  int catalogue_skus = 40;
  catalogue->add_option("--seed", catalogue_seed, "seed, as given to `amazon`")->default_val(1);
  catalogue->add_option("--marketplace", catalogue_marketplace, "US, UK or DE")
      ->default_val("US")
      ->check(CLI::IsMember({"US", "UK", "DE"}));
  catalogue->add_option("--skus", catalogue_skus, "SKUs per seller, as given to `amazon`")
      ->default_val(40)
      ->check(CLI::Range(1, 100000));
  CLI::App* proxy = app.add_subcommand(
      "proxy", "HTTP proxy to a backend that injects faults (see docs/fault-proxy.md)");
  int proxy_port = 0;
  std::string proxy_to;
  std::string proxy_faults;
  uint64_t proxy_seed = 1;
  proxy->add_option("--listen", proxy_port, "TCP port on 127.0.0.1 (0: any free port)")
      ->required()
      ->check(CLI::Range(0, 65535));
  proxy->add_option("--to", proxy_to, "the backend, http://HOST[:PORT][/PATH]")->required();
  proxy->add_option("--faults", proxy_faults, "fault rules, grammar below");
  proxy->add_option("--seed", proxy_seed, "seed of the p= dice")->default_val(1);
  proxy->footer(std::string(fbaflow::sim::ProxyFaultsHelp()));
  if (argc < 2) {
    // No emulator named: say how to use it (CLI11 would exit with its internal code 106).
    std::fputs(app.help().c_str(), stderr);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    const std::string first = argv[1];
    if (!first.starts_with("-") && first != "amazon" && first != "catalogue" && first != "proxy") {
      const auto near = fbaflow::NearestWord(first, {"amazon", "catalogue", "proxy"});
      std::fprintf(stderr, "'%s' is not a command%s (commands: amazon, catalogue, proxy)\n",
                   first.c_str(), near ? ("; did you mean '" + *near + "'?").c_str() : "");
    }
    return 2;
  }
  if (catalogue->parsed()) {
    const fbaflow::sim::World world(
        fbaflow::sim::CatalogueConfig(catalogue_seed, catalogue_marketplace, catalogue_skus));
    fmt::print("{}", fbaflow::sim::CatalogueJson(world));
    return 0;
  }
  if (proxy->parsed()) return RunProxy(proxy_to, proxy_port, proxy_faults, proxy_seed);
  options.refresh_tokens = refresh_tokens;
  if (!refresh_tokens.empty() && amazon->count("--sellers") == 0)
    options.sellers = static_cast<int>(refresh_tokens.size());
  return RunAmazon(options, faults, start);
}
