#pragma once
// Decorators of the ports the orders flow calls out through, adding up the wall time spent inside
// the implementation they wrap, so the orders benchmark can tell the ERP's (and Amazon's) time
// from fbaflow's own: share inside fbaflow = 1 - time inside the ports / total wall time.
//   TimedErp        every method of the Erp port
//   TimedOrdersApi  every method of amazon::OrdersApi; SearchOrders calls the flow back once per
//                   page, and the time spent in that callback is fbaflow's, so it is taken out
//   TimedHttp       every round trip of the Http port (the server's answer included)
//   TimedClock      the sleeps of the Clock port (rate-limit and retry waits)
// Thread safety: as the wrapped port; the totals are atomics.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "ports/amazon_api.h"
#include "ports/clock.h"
#include "ports/erp.h"
#include "ports/http.h"

namespace fbaflow::bench {

// Adds the time `call` takes to `total_ns`; returns what it returned.
template <typename Call>
auto TimeInto(std::atomic<int64_t>& total_ns, Call call) {
  const auto t0 = std::chrono::steady_clock::now();
  auto result = call();
  const auto spent = std::chrono::steady_clock::now() - t0;
  total_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(spent).count();
  return result;
}

class TimedErp final : public Erp {
  // Before its callers: they deduce its return type.
  template <typename Call>
  auto Time(Call call) {
    ++calls_;
    return TimeInto(inside_ns_, call);
  }

 public:
  explicit TimedErp(Erp& inner) : inner_(inner) {}

  std::chrono::nanoseconds Inside() const { return std::chrono::nanoseconds(inside_ns_.load()); }
  int64_t Calls() const { return calls_.load(); }

  Result<std::vector<std::string>> MissingItems(const std::vector<std::string>& codes) override {
    return Time([&] { return inner_.MissingItems(codes); });
  }
  Result<std::vector<std::string>> MissingAccounts(const std::vector<std::string>& codes) override {
    return Time([&] { return inner_.MissingAccounts(codes); });
  }
  Result<ErpSale> EnsureSale(const ErpSaleRequest& request) override {
    return Time([&] { return inner_.EnsureSale(request); });
  }
  Result<std::optional<ErpSale>> FindSale(std::string_view reference) override {
    return Time([&] { return inner_.FindSale(reference); });
  }
  Result<ErpShipment> MarkShipped(std::string_view reference, CivilDate shipped_on) override {
    return Time([&] { return inner_.MarkShipped(reference, shipped_on); });
  }
  Result<ErpShipment> ShipmentOf(std::string_view reference) override {
    return Time([&] { return inner_.ShipmentOf(reference); });
  }
  Status CancelSale(std::string_view reference) override {
    return Time([&] { return inner_.CancelSale(reference); });
  }
  Result<ErpMove> EnsurePostedMove(const ErpMoveRequest& request) override {
    return Time([&] { return inner_.EnsurePostedMove(request); });
  }

 private:
  Erp& inner_;
  std::atomic<int64_t> inside_ns_{0};
  std::atomic<int64_t> calls_{0};
};

class TimedOrdersApi final : public amazon::OrdersApi {
 public:
  explicit TimedOrdersApi(amazon::OrdersApi& inner) : inner_(inner) {}

  std::chrono::nanoseconds Inside() const {
    return std::chrono::nanoseconds(inside_ns_.load() - callback_ns_.load());
  }

  Result<amazon::OrderSearchResult> SearchOrders(const amazon::OrderQuery& query,
                                                 const amazon::OrdersPageFn& on_page) override {
    const amazon::OrdersPageFn timed_page = [&](amazon::OrdersPage& page) {
      return TimeInto(callback_ns_, [&] { return on_page(page); });
    };
    return TimeInto(inside_ns_, [&] { return inner_.SearchOrders(query, timed_page); });
  }
  Result<amazon::Order> GetOrder(std::string_view order_id,
                                 const std::vector<std::string>& included_data) override {
    return TimeInto(inside_ns_, [&] { return inner_.GetOrder(order_id, included_data); });
  }
  Status ConfirmShipment(const amazon::ShipmentConfirmation& confirmation) override {
    return TimeInto(inside_ns_, [&] { return inner_.ConfirmShipment(confirmation); });
  }

 private:
  amazon::OrdersApi& inner_;
  std::atomic<int64_t> inside_ns_{0};
  std::atomic<int64_t> callback_ns_{0};
};

class TimedHttp final : public Http {
 public:
  explicit TimedHttp(Http& inner) : inner_(inner) {}
  std::chrono::nanoseconds Inside() const { return std::chrono::nanoseconds(inside_ns_.load()); }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    return TimeInto(inside_ns_, [&] { return inner_.Send(request); });
  }
  Result<HttpResponse> Download(const HttpRequest& request, BodySink& sink) override {
    return TimeInto(inside_ns_, [&] { return inner_.Download(request, sink); });
  }

 private:
  Http& inner_;
  std::atomic<int64_t> inside_ns_{0};
};

class TimedClock final : public Clock {
 public:
  explicit TimedClock(Clock& inner) : inner_(inner) {}
  std::chrono::nanoseconds Slept() const { return std::chrono::nanoseconds(slept_ns_.load()); }

  MonoTime MonotonicNow() override { return inner_.MonotonicNow(); }
  WallTime WallNow() override { return inner_.WallNow(); }
  void SleepFor(Duration duration) override {
    TimeInto(slept_ns_, [&] {
      inner_.SleepFor(duration);
      return 0;
    });
  }

 private:
  Clock& inner_;
  std::atomic<int64_t> slept_ns_{0};
};

}  // namespace fbaflow::bench
