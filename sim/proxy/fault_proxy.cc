#include "sim/proxy/fault_proxy.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>
#include <utility>

#include "sim/proxy/http_wire.h"

namespace fbaflow::sim {
namespace {

constexpr size_t kMaxHeadBytes = size_t{64} * 1024;
constexpr uint64_t kMaxBodyBytes = uint64_t{1} << 30;

struct BackendUrl {
  std::string host;
  int port = 80;
  std::string prefix;  // "" or "/something", never ending in '/'
};

Result<BackendUrl> ParseBackendUrl(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return InvalidArgument(fmt::format("backend URL '{}': {}", url, why));
  };
  if (url.starts_with("https://")) {
    return bad("https is not supported (the proxy speaks plain HTTP to a local backend)");
  }
  if (!url.starts_with("http://")) return bad("expected http://HOST[:PORT][/PATH]");
  std::string_view rest = url.substr(7);
  if (rest.find_first_of("?#") != std::string_view::npos) return bad("a query has no place here");
  BackendUrl out;
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.prefix = std::string(rest.substr(slash));
  while (out.prefix.ends_with('/')) out.prefix.pop_back();
  const size_t colon = authority.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || out.port < 1 ||
        out.port > 65535) {
      return bad(fmt::format("'{}' is not a port", port));
    }
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return bad("no host");
  out.host = std::string(authority);
  return out;
}

// Writes all of `bytes`; false when the client has gone. MSG_NOSIGNAL: a client that hung up
// must not kill the proxy with SIGPIPE.
bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Appends what the client sent next; kCancelled when it closed or the connection was cut.
Status ReadMore(int fd, std::string& buffer) {
  char chunk[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Cancelled("the client closed the connection");
    buffer.append(chunk, static_cast<size_t>(n));
    return OkStatus();
  }
}

// Reads one request from `fd`, keeping in `buffer` whatever follows it (a pipelined request).
Result<WireRequest> ReadRequest(int fd, std::string& buffer) {
  size_t head_end = 0;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHeadBytes) return ResourceExhausted("request head over 64 KiB");
    RETURN_IF_ERROR(ReadMore(fd, buffer));
  }
  ASSIGN_OR_RETURN(WireRequest request,
                   ParseRequestHead(std::string_view(buffer).substr(0, head_end)));
  ASSIGN_OR_RETURN(const uint64_t length, RequestBodyLength(request));
  if (length > kMaxBodyBytes) return ResourceExhausted("request body over 1 GiB");
  buffer.erase(0, head_end + 4);
  // A client that asked may wait (curl: a second) for leave to send its body.
  if (buffer.size() < length && request.Header("Expect").value_or("") == "100-continue" &&
      !SendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n")) {
    return Cancelled("the client closed the connection");
  }
  while (buffer.size() < length) RETURN_IF_ERROR(ReadMore(fd, buffer));
  request.body = buffer.substr(0, length);
  buffer.erase(0, length);
  return request;
}

std::string TextAnswer(int status, std::string_view text, bool keep_alive) {
  return FormatResponse(status, "", {{"Content-Type", "text/plain; charset=utf-8"}}, text,
                        keep_alive);
}

}  // namespace

uint64_t FaultProxyCounters::Faults() const {
  return status + reset + slow + drop_after_commit + hang_after_commit;
}

std::string FaultProxyCounters::ToString() const {
  return fmt::format(
      "requests={} forwarded={} backend_errors={} status={} reset={} slow={} "
      "drop-after-commit={} hang-after-commit={}",
      requests, forwarded, backend_errors, status, reset, slow, drop_after_commit,
      hang_after_commit);
}

class FaultProxy::Impl {
 public:
  explicit Impl(FaultProxyOptions options)
      : options_(std::move(options)), plan_(options_.faults, options_.seed) {}
  ~Impl() { Stop(); }

  Status Start();
  void Stop();
  int Port() const { return port_; }
  const std::string& Host() const { return options_.host; }
  FaultProxyCounters Counters() const;

 private:
  struct Connection {
    int fd = -1;                         // -1 once closed; guarded by mu_
    httplib::Client* backend = nullptr;  // the call in flight, if any; guarded by mu_
    std::thread thread;
    std::atomic<bool> done{false};
  };

  void AcceptLoop();
  void Serve(Connection* c);
  // The bytes to answer `request` with: the backend's answer, or a 502 when it gave none.
  std::string Forward(Connection* c, const WireRequest& request);
  // Closes the client's connection: a FIN, or a TCP reset when `reset`.
  void Close(Connection* c, bool reset);
  // Waits `ms`; false when Stop cut the wait short.
  bool Pause(int64_t ms);
  void Count(const ProxyFaultRule& rule, const WireRequest& request);
  void ReapFinished();

  const FaultProxyOptions options_;
  BackendUrl backend_;
  ProxyFaultPlan plan_;
  int listen_fd_ = -1;
  int port_ = 0;
  bool started_ = false;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  std::list<std::unique_ptr<Connection>> connections_;  // guarded by mu_

  std::atomic<uint64_t> requests_{0}, forwarded_{0}, backend_errors_{0};
  std::atomic<uint64_t> by_kind_[5] = {};  // indexed by ProxyFaultKind
};

Status FaultProxy::Impl::Start() {
  ASSIGN_OR_RETURN(backend_, ParseBackendUrl(options_.backend_url));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(options_.port));
  if (options_.port < 0 || options_.port > 65535 ||
      ::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1) {
    return InvalidArgument(
        fmt::format("cannot listen on {}:{}: expected an IPv4 address and a port", options_.host,
                    options_.port));
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return Unavailable(fmt::format("socket: {}", std::strerror(errno)));
  // SO_REUSEADDR but not SO_REUSEPORT, as the emulator: a second proxy on a port in use must
  // fail rather than share the port's connections with the first.
  const int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    const int error = errno;
    ::close(listen_fd_);
    listen_fd_ = -1;
    if (options_.port == 0) return Unavailable("cannot bind a port on " + options_.host);
    return InvalidArgument(
        fmt::format("port {} in use (or {} cannot be bound: {}): choose another port, or 0 "
                    "for any free port",
                    options_.port, options_.host, std::strerror(error)));
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  started_ = true;
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return OkStatus();
}

void FaultProxy::Impl::Stop() {
  if (!started_) return;
  started_ = false;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (const auto& c : connections_) {
      if (c->fd >= 0) ::shutdown(c->fd, SHUT_RDWR);
      if (c->backend != nullptr) c->backend->stop();
    }
  }
  stop_cv_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  accept_thread_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  // No connection is added once stopping_ is set, so the list can be walked without the lock.
  for (const auto& c : connections_) c->thread.join();
  for (const auto& c : connections_) Close(c.get(), false);
  connections_.clear();
}

FaultProxyCounters FaultProxy::Impl::Counters() const {
  FaultProxyCounters out;
  out.requests = requests_;
  out.forwarded = forwarded_;
  out.backend_errors = backend_errors_;
  out.status = by_kind_[static_cast<int>(ProxyFaultKind::kStatus)];
  out.reset = by_kind_[static_cast<int>(ProxyFaultKind::kReset)];
  out.slow = by_kind_[static_cast<int>(ProxyFaultKind::kSlow)];
  out.drop_after_commit = by_kind_[static_cast<int>(ProxyFaultKind::kDropAfterCommit)];
  out.hang_after_commit = by_kind_[static_cast<int>(ProxyFaultKind::kHangAfterCommit)];
  return out;
}

void FaultProxy::Impl::AcceptLoop() {
  while (!stopping_) {
    pollfd ready{listen_fd_, POLLIN, 0};
    if (::poll(&ready, 1, 200) <= 0) continue;  // a timeout, or EINTR: look at stopping_ again
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors (EMFILE, ENFILE): the socket stays readable, so wait instead of
      // spinning until a connection closes.
      if (errno == EMFILE || errno == ENFILE)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    ReapFinished();
    const std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      ::close(fd);
      break;
    }
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    Connection* raw = c.get();
    connections_.push_back(std::move(c));
    raw->thread = std::thread([this, raw] {
      Serve(raw);
      raw->done = true;
    });
  }
}

void FaultProxy::Impl::ReapFinished() {
  std::list<std::unique_ptr<Connection>> finished;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      if ((*it)->done) finished.splice(finished.end(), connections_, it);
      it = next;
    }
  }
  for (const auto& c : finished) c->thread.join();
}

void FaultProxy::Impl::Serve(Connection* c) {
  std::string buffer;
  while (!stopping_) {
    Result<WireRequest> read = ReadRequest(c->fd, buffer);
    if (!read.Ok()) {
      const Status& s = read.GetStatus();
      if (s.Code() == StatusCode::kInvalidArgument) {
        SendAll(c->fd, TextAnswer(400, s.Message() + "\n", false));
      } else if (s.Code() == StatusCode::kFailedPrecondition) {
        SendAll(c->fd, TextAnswer(501, s.Message() + "\n", false));
      } else if (s.Code() == StatusCode::kResourceExhausted) {
        SendAll(c->fd, TextAnswer(413, s.Message() + "\n", false));
      }
      break;
    }
    const WireRequest& request = *read;
    const bool keep_alive = request.KeepAlive();
    ++requests_;
    const ProxyFaultRule* rule = plan_.Decide(request.method, request.Path(), request.body);
    std::optional<ProxyFaultKind> fault;
    if (rule) {
      fault = rule->kind;
      Count(*rule, request);
    }
    if (fault == ProxyFaultKind::kStatus) {
      const std::string text = fmt::format("fbaflow-sim proxy: injected {} (fault {})\n",
                                           rule->status, rule->ToString());
      if (!SendAll(c->fd, TextAnswer(rule->status, text, keep_alive)) || !keep_alive) break;
      continue;
    }
    if (fault == ProxyFaultKind::kReset) return Close(c, true);
    const std::string answer = Forward(c, request);
    // The backend has answered in full: whatever it does for this request is done.
    if (fault == ProxyFaultKind::kDropAfterCommit) break;
    if (fault == ProxyFaultKind::kHangAfterCommit) {
      Pause(rule->delay_ms);
      break;
    }
    if (fault == ProxyFaultKind::kSlow && !Pause(rule->delay_ms)) break;
    if (!SendAll(c->fd, answer) || !keep_alive) break;
  }
  Close(c, false);
}

std::string FaultProxy::Impl::Forward(Connection* c, const WireRequest& request) {
  const bool keep_alive = request.KeepAlive();
  httplib::Client client(backend_.host, backend_.port);
  client.set_decompress(false);  // the client asked for the encoding: it gets the bytes as sent
  client.set_url_encode(false);  // the target goes on exactly as the client wrote it
  client.set_keep_alive(false);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::milliseconds(options_.backend_timeout_ms));
  client.set_write_timeout(std::chrono::milliseconds(options_.backend_timeout_ms));
  httplib::Request out;
  out.method = request.method;
  out.path = backend_.prefix + request.target;
  for (const auto& [key, value] : EndToEndHeaders(request.headers)) out.headers.emplace(key, value);
  out.body = request.body;
  httplib::Response in;
  httplib::Error error = httplib::Error::Success;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return TextAnswer(503, "fbaflow-sim proxy: stopping\n", false);
    c->backend = &client;
  }
  ++forwarded_;
  const bool ok = client.send(out, in, error);
  {
    const std::lock_guard<std::mutex> lock(mu_);
    c->backend = nullptr;
  }
  if (!ok) {
    ++backend_errors_;
    return TextAnswer(502,
                      fmt::format("fbaflow-sim proxy: no answer from {}: {}\n",
                                  options_.backend_url, httplib::to_string(error)),
                      keep_alive);
  }
  const WireHeaders headers(in.headers.begin(), in.headers.end());
  std::optional<uint64_t> head_length;
  if (request.method == "HEAD" && in.has_header("Content-Length")) {
    head_length = in.get_header_value<uint64_t>("Content-Length");
  }
  return FormatResponse(in.status, in.reason, headers, in.body, keep_alive,
                        request.method == "HEAD", head_length);
}

void FaultProxy::Impl::Close(Connection* c, bool reset) {
  const std::lock_guard<std::mutex> lock(mu_);
  if (c->fd < 0) return;
  if (reset) {
    // A zero linger time makes close() send a reset and drop whatever is unsent.
    const linger no_linger{1, 0};
    ::setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof no_linger);
  }
  ::close(c->fd);
  c->fd = -1;
}

bool FaultProxy::Impl::Pause(int64_t ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms),
                            [this] { return stopping_.load(); });
}

void FaultProxy::Impl::Count(const ProxyFaultRule& rule, const WireRequest& request) {
  ++by_kind_[static_cast<int>(rule.kind)];
  if (options_.on_fault) {
    options_.on_fault(fmt::format("{} {} {}: fault {}", ProxyFaultKindName(rule.kind),
                                  request.method, request.target, rule.ToString()));
  }
}

FaultProxy::FaultProxy(FaultProxyOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
FaultProxy::~FaultProxy() = default;
Status FaultProxy::Start() { return impl_->Start(); }
void FaultProxy::Stop() { impl_->Stop(); }
int FaultProxy::Port() const { return impl_->Port(); }
std::string FaultProxy::BaseUrl() const {
  return fmt::format("http://{}:{}", impl_->Host(), Port());
}
FaultProxyCounters FaultProxy::Counters() const { return impl_->Counters(); }

}  // namespace fbaflow::sim
