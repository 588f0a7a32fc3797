#pragma once
// Status and Result<T>: how expected failures travel through fbaflow.
//
// Exceptions are for what ends an operation because of a bug or an impossible state; every failure
// a caller can plan for (bad input, a throttled API, a missing record) is a return value whose code
// tells the engine what to do next:
//   kInvalidArgument     bad input; retrying the same input fails again
//   kNotFound            the thing asked for does not exist
//   kAlreadyExists       an idempotent write found its record already there (not an error to retry)
//   kFailedPrecondition  the state must be fixed first (a mapping, a config); retry after the fix
//   kUnavailable         transient (5xx, connection reset, 429): retry with backoff
//   kDeadlineExceeded    timed out: retry with backoff
//   kResourceExhausted   quota or rate limit spent: retry later
//   kUnauthenticated     credentials refused: refresh them, then retry once
//   kPermissionDenied    the caller may not do this: do not retry
//   kDataLoss            data is corrupt or lost: alert a human
//   kCancelled           the operation was cancelled
//   kInternal            a bug: alert
// Thread safety: values, no shared state.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace fbaflow {

enum class StatusCode : unsigned char {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kUnavailable,
  kDeadlineExceeded,
  kResourceExhausted,
  kUnauthenticated,
  kPermissionDenied,
  kDataLoss,
  kCancelled,
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool Ok() const { return code_ == StatusCode::kOk; }
  StatusCode Code() const { return code_; }
  const std::string& Message() const { return message_; }

  // True when the same call may succeed later without anything being fixed first.
  bool IsRetryable() const;

  // "INVALID_ARGUMENT: message", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return {}; }
inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status DeadlineExceeded(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Result<T>: a T or a non-ok Status (all accessors CamelCase, like every function here). Accessing
// the value of a failed Result is a bug and aborts.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "Result<Status> is meaningless");

 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).Ok())
      v_ = Status(StatusCode::kInternal, "Result built from an ok Status");
  }

  bool Ok() const { return std::holds_alternative<T>(v_); }
  // The failure, or an ok Status when the Result holds a value.
  const Status& GetStatus() const {
    static const Status kOkStatus;
    return Ok() ? kOkStatus : std::get<Status>(v_);
  }

  T& Value() & { return std::get<T>(v_); }
  const T& Value() const& { return std::get<T>(v_); }
  T&& Value() && { return std::get<T>(std::move(v_)); }

  T& operator*() & { return Value(); }
  const T& operator*() const& { return Value(); }
  T&& operator*() && { return std::move(*this).Value(); }
  T* operator->() { return &Value(); }
  const T* operator->() const { return &Value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace fbaflow

#define FBAFLOW_CONCAT_INNER_(a, b) a##b
#define FBAFLOW_CONCAT_(a, b) FBAFLOW_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is not ok.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::fbaflow::Status fbaflow_status_ = (expr);        \
    if (!fbaflow_status_.Ok()) return fbaflow_status_; \
  } while (false)

// ASSIGN_OR_RETURN(auto x, ResultReturningCall()): binds the value or returns the Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(FBAFLOW_CONCAT_(fbaflow_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.Ok()) return tmp.GetStatus();       \
  lhs = std::move(tmp).Value()
