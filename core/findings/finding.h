#pragma once
// Finding: something a person must look at, raised by a check. It has a type (stable, for
// filtering and alerting), an owner (the team that fixes it: finance, ops, ecommerce), a message
// that says what is wrong and what to do, and the subject it is about (a report id, a SKU).
// A run that ends with findings exits 1 in the CLI (see cli/app.h).

#include <string>
#include <string_view>

namespace fbaflow {

inline constexpr std::string_view kOwnerFinance = "finance";
inline constexpr std::string_view kOwnerOps = "ops";
inline constexpr std::string_view kOwnerEcommerce = "ecommerce";

struct Finding {
  std::string type;     // "settlement-gap"
  std::string owner;    // kOwnerFinance, ...
  std::string subject;  // what it is about ("report 51234019843")
  std::string message;

  friend bool operator==(const Finding&, const Finding&) = default;
};

}  // namespace fbaflow
