#pragma once
// FaultProxy: an HTTP/1.1 proxy on loopback that forwards every request to one backend (Tryton's
// JSON-RPC, the Amazon emulator) and answers some of them badly, as its ProxyFaults say
// (proxy_faults.h). `fbaflow-sim proxy` is its command line; docs/fault-proxy.md the manual.
//
// Forwarding: method, path and query as sent, the body, every header but the hop-by-hop ones;
// Host becomes the backend's. The backend's answer comes back the same way, its body as sent
// (never decompressed). Client connections are kept alive as HTTP/1.1 says; each forwarded
// request opens its own connection to the backend. Request bodies need a Content-Length (a
// chunked one is answered 501). A backend that cannot be reached is answered 502.
//
// What a client sees of each fault:
//   status=CODE        the status, a text/plain body, no contact with the backend
//   reset              a TCP reset once its request is read (SO_LINGER 0), no contact
//   slow=DUR           the backend's answer, DUR later
//   drop-after-commit  the connection closed (FIN, no byte of an answer) once the backend has
//                      answered in full, so whatever the backend does has been done
//   hang-after-commit  the same after holding the connection silent for DUR, so a client
//                      waiting less than DUR times out instead
// A client that reuses a kept-alive connection may take a close without an answer for a stale
// connection and send the request again by itself (libcurl does): that is a fault worth meeting.
//
// Usage: FaultProxy proxy(options); proxy.Start(); ... proxy.BaseUrl() ...; proxy.Stop();
// Thread safety: Start and Stop from one thread; Port, BaseUrl and Counters from any thread once
// Start returned. Each client connection is served on a thread of its own.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "sim/proxy/proxy_faults.h"

namespace fbaflow::sim {

struct FaultProxyOptions {
  std::string host = "127.0.0.1";
  int port = 0;             // 0: any free port (see FaultProxy::Port)
  std::string backend_url;  // http://HOST[:PORT][/PREFIX]; PREFIX is put before every path
  ProxyFaults faults;
  uint64_t seed = 1;                     // the dice of p= triggers
  int64_t backend_timeout_ms = 300'000;  // longest wait for the backend's answer
  // Called with one line per fault injected (from the connection's thread); may be empty.
  std::function<void(std::string_view)> on_fault;
};

// What the proxy has done since Start. `requests` counts the complete requests read from
// clients; `forwarded` those sent to the backend; each fault kind the requests it applied to.
struct FaultProxyCounters {
  uint64_t requests = 0;
  uint64_t forwarded = 0;
  uint64_t backend_errors = 0;  // forwarded, but the backend did not answer: answered 502
  uint64_t status = 0;
  uint64_t reset = 0;
  uint64_t slow = 0;
  uint64_t drop_after_commit = 0;
  uint64_t hang_after_commit = 0;

  uint64_t Faults() const;
  // "requests=5 forwarded=4 backend_errors=0 status=1 reset=0 slow=0 drop-after-commit=1 ..."
  std::string ToString() const;
};

class FaultProxy {
 public:
  explicit FaultProxy(FaultProxyOptions options);
  ~FaultProxy();  // stops
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Checks the backend URL, binds the port and starts serving. kInvalidArgument for a bad URL
  // or a port in use (naming it), kUnavailable when no port can be bound at all.
  Status Start();
  // Stops accepting, cuts every open connection (a slow or hanging one at once) and joins its
  // threads. Safe to call twice.
  void Stop();

  int Port() const;
  std::string BaseUrl() const;  // "http://HOST:PORT" (no trailing slash)
  FaultProxyCounters Counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fbaflow::sim
