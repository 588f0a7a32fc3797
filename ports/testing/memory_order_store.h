#pragma once
// MemoryOrderStore: the OrderStore port in memory, for engine tests and benchmarks. It passes the
// same contract suite as the SQLite and PostgreSQL stores (ports/testing/order_store_contract.h);
// nothing survives the object.
// Faults, to test what the engine does with them: FailNextApply(status) makes the next Apply fail
// and write nothing.
// Thread safety: every method locks.

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "ports/order_store.h"
#include "ports/order_store_rules.h"

namespace fbaflow::testing {

class MemoryOrderStore final : public OrderStore {
 public:
  void FailNextApply(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_next_apply_ = std::move(status);
  }

  Status Apply(const StoreBatch& b) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!fail_next_apply_.Ok()) return std::exchange(fail_next_apply_, OkStatus());
    for (const OutboxItem& u : b.outbox_updates) {
      const bool queued_now = std::any_of(b.enqueue.begin(), b.enqueue.end(),
                                          [&](const OutboxItem& e) { return e.key == u.key; });
      if (!queued_now && outbox_.count(u.key) == 0) return NotFound("no outbox item " + u.key);
    }
    for (const auto& [name, at] : b.cursors) cursors_[name] = at;
    for (const OrderRecord& o : b.orders) orders_[o.order_id] = o;
    for (const OutboxItem& e : b.enqueue) {
      if (outbox_.count(e.key) != 0) continue;
      OutboxItem item = e;
      item.seq = ++last_seq_;
      outbox_[item.key] = std::move(item);
    }
    for (const OutboxItem& u : b.outbox_updates) {
      OutboxItem& item = outbox_[u.key];
      item.state = u.state;
      item.attempts = u.attempts;
      item.next_attempt_at = u.next_attempt_at;
      item.last_error = u.last_error;
      item.result = u.result;
      item.done_at = u.done_at;
    }
    for (const ExceptionRaise& r : b.raise) Raise(r);
    for (const ExceptionClose& c : b.close) {
      for (auto& [id, e] : exceptions_) {
        if (e.status != ExceptionStatus::kOpen || e.source_key != c.source_key) continue;
        e.status = ExceptionStatus::kResolved;
        e.history.push_back({c.at, c.actor, "resolved", c.comment});
      }
    }
    audit_.insert(audit_.end(), b.audit.begin(), b.audit.end());
    return OkStatus();
  }

  Result<std::optional<Timestamp>> Cursor(std::string_view name) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cursors_.find(std::string(name));
    if (it == cursors_.end()) return std::optional<Timestamp>();
    return std::optional<Timestamp>(it->second);
  }

  Result<std::vector<OrderRecord>> FindOrders(const std::vector<std::string>& ids) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<OrderRecord> out;
    for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
      if (auto it = orders_.find(id); it != orders_.end()) out.push_back(it->second);
    }
    return out;
  }

  Result<std::vector<OrderRecord>> OrdersAwaitingWarehouse() override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<OrderRecord> out;
    for (const auto& [id, o] : orders_) {
      if (o.fulfilled_by == "MERCHANT" && o.queued.Has(OrderTransition::kSale) &&
          !o.queued.Has(OrderTransition::kCancel) && !o.erp_shipped) {
        out.push_back(o);
      }
    }
    return out;
  }

  Result<std::vector<OutboxItem>> DueOutbox(Timestamp now, int limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    return Select(limit, [&](const OutboxItem& i) {
      return i.state == OutboxState::kPending && i.next_attempt_at <= now;
    });
  }

  Result<std::vector<OutboxItem>> OutboxIn(OutboxState state, int limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    return Select(limit, [&](const OutboxItem& i) { return i.state == state; });
  }

  Result<std::optional<OutboxItem>> GetOutbox(std::string_view key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = outbox_.find(std::string(key));
    if (it == outbox_.end()) return std::optional<OutboxItem>();
    return std::optional<OutboxItem>(it->second);
  }

  Result<OutboxCounts> CountOutbox() override {
    std::lock_guard<std::mutex> lock(mu_);
    OutboxCounts c;
    for (const auto& [key, i] : outbox_) {
      (i.state == OutboxState::kPending  ? c.pending
       : i.state == OutboxState::kParked ? c.parked
                                         : c.done)++;
    }
    return c;
  }

  Result<std::vector<ExceptionRecord>> Exceptions(const ExceptionFilter& f) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<ExceptionRecord> out;
    for (const auto& [id, e] : exceptions_) {
      if (f.status && e.status != *f.status) continue;
      if (!f.owner.empty() && e.owner != f.owner) continue;
      if (!f.type.empty() && e.type != f.type) continue;
      if (!f.entity.empty() && e.entity != f.entity) continue;
      ExceptionRecord r = e;
      r.history.clear();
      out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const ExceptionRecord& a, const ExceptionRecord& b) {
      return a.last_seen != b.last_seen ? a.last_seen > b.last_seen : a.id > b.id;
    });
    return out;
  }

  Result<std::optional<ExceptionRecord>> GetException(int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = exceptions_.find(id);
    if (it == exceptions_.end()) return std::optional<ExceptionRecord>();
    return std::optional<ExceptionRecord>(it->second);
  }

  Result<ExceptionRecord> ActOnException(int64_t id, ExceptionAction action, std::string_view actor,
                                         std::string_view comment, Timestamp now) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = exceptions_.find(id);
    if (it == exceptions_.end()) return NotFound("no exception #" + std::to_string(id));
    ExceptionRecord& e = it->second;
    const ExceptionDecision d = DecideExceptionAction(e, action, actor, comment, now);
    if (!d.refusal.Ok()) return d.refusal;
    if (auto item = outbox_.find(e.source_key); item != outbox_.end()) {
      ApplyToOutbox(d, actor, now, item->second);
    }
    e.status = d.status;
    e.history.push_back(d.event);
    audit_.push_back(d.audit);
    return e;
  }

  Status SetSkuMapping(const SkuMappingRecord& m) override {
    std::lock_guard<std::mutex> lock(mu_);
    mappings_[{m.account, m.marketplace, m.seller_sku}] = m;
    audit_.push_back(MappingSetAudit(m));
    return OkStatus();
  }

  Status RemoveSkuMapping(std::string_view account, std::string_view marketplace,
                          std::string_view sku, std::string_view actor, Timestamp at) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = mappings_.find({std::string(account), std::string(marketplace), std::string(sku)});
    if (it == mappings_.end()) {
      return NotFound("no SKU mapping for " + std::string(marketplace) + "/" + std::string(sku));
    }
    audit_.push_back(MappingRemovedAudit(marketplace, sku, it->second.item_code, actor, at));
    mappings_.erase(it);
    return OkStatus();
  }

  Result<std::vector<SkuMappingRecord>> SkuMappings(std::string_view account) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<SkuMappingRecord> out;
    for (const auto& [key, m] : mappings_) {
      if (m.account == account) out.push_back(m);
    }
    return out;
  }

  Result<std::vector<AuditEntry>> Audit(std::string_view entity, int limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<AuditEntry> out;
    for (const AuditEntry& a : audit_) {
      if (entity.empty() || a.entity == entity) out.push_back(a);
    }
    if (limit >= 0 && out.size() > static_cast<size_t>(limit)) {
      out.erase(out.begin(), out.end() - limit);
    }
    return out;
  }

 private:
  void Raise(const ExceptionRaise& r) {
    for (auto& [id, e] : exceptions_) {
      if (e.status != ExceptionStatus::kOpen || e.type != r.type || e.entity != r.entity) continue;
      if (e.message != r.message) e.history.push_back({r.at, "fbaflow", "seen again", r.message});
      e.message = r.message;
      e.last_seen = r.at;
      e.attempts++;
      if (!r.source_key.empty()) e.source_key = r.source_key;
      return;
    }
    ExceptionRecord e;
    e.id = ++last_exception_;
    e.type = r.type;
    e.owner = r.owner;
    e.entity = r.entity;
    e.message = r.message;
    e.source_key = r.source_key;
    e.first_seen = e.last_seen = r.at;
    e.attempts = 1;
    e.history.push_back({r.at, "fbaflow", "raised", r.message});
    exceptions_[e.id] = std::move(e);
  }

  template <typename Pred>
  std::vector<OutboxItem> Select(int limit, Pred pred) const {
    std::vector<OutboxItem> out;
    for (const auto& [key, i] : outbox_) {
      if (pred(i)) out.push_back(i);
    }
    std::sort(out.begin(), out.end(),
              [](const OutboxItem& a, const OutboxItem& b) { return a.seq < b.seq; });
    if (limit >= 0 && out.size() > static_cast<size_t>(limit))
      out.resize(static_cast<size_t>(limit));
    return out;
  }

  mutable std::mutex mu_;
  Status fail_next_apply_;
  std::map<std::string, Timestamp> cursors_;
  std::map<std::string, OrderRecord> orders_;
  std::map<std::string, OutboxItem> outbox_;
  int64_t last_seq_ = 0;
  std::map<int64_t, ExceptionRecord> exceptions_;
  int64_t last_exception_ = 0;
  std::map<std::tuple<std::string, std::string, std::string>, SkuMappingRecord> mappings_;
  std::vector<AuditEntry> audit_;
};

}  // namespace fbaflow::testing
