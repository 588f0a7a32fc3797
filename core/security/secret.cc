#include "core/security/secret.h"

#include <ostream>

#include "core/text/percent_encoding.h"

namespace fbaflow {

namespace {

void ReplaceAll(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), Secret::kRedacted);
    pos += Secret::kRedacted.size();
  }
}

}  // namespace

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.Wipe(); }

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
  }
  return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = std::move(other.value_);
    other.Wipe();
  }
  return *this;
}

Secret::~Secret() { Wipe(); }

void Secret::Wipe() {
  // Volatile writes so the compiler cannot drop them as dead stores before the free.
  volatile char* p = value_.data();
  for (std::size_t i = 0; i < value_.size(); ++i) p[i] = 0;
  value_.clear();
}

std::string Secret::Describe() const {
  if (value_.empty()) return "<empty>";
  return "len=" + std::to_string(value_.size());
}

bool operator==(const Secret& a, const Secret& b) {
  const std::string& x = a.value_;
  const std::string& y = b.value_;
  unsigned char diff = x.size() == y.size() ? 0 : 1;
  const std::size_t n = x.size() < y.size() ? x.size() : y.size();
  for (std::size_t i = 0; i < n; ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(x[i]) ^ static_cast<unsigned char>(y[i])));
  }
  return diff == 0;
}

std::string Scrub(std::string_view text, std::initializer_list<const Secret*> secrets) {
  std::string out(text);
  for (const Secret* secret : secrets) {
    if (secret == nullptr || secret->Empty()) continue;
    const std::string& clear = secret->RevealForWire();
    ReplaceAll(out, clear);
    const std::string encoded = PercentEncode(clear);
    if (encoded != clear) ReplaceAll(out, encoded);
  }
  return out;
}

std::ostream& operator<<(std::ostream& out, const Secret& /*secret*/) {
  return out << Secret::kRedacted;
}

}  // namespace fbaflow
