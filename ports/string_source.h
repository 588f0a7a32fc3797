#pragma once
// StringSource: a ByteSource over bytes already in memory (a downloaded document, a test
// fixture). `max_read` caps each Read, so callers can be exercised with any chunking.

#include <algorithm>
#include <cstring>
#include <string>

#include "ports/byte_source.h"

namespace fbaflow {

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string bytes, std::string name = "<memory>",
                        std::size_t max_read = static_cast<std::size_t>(-1))
      : bytes_(std::move(bytes)), name_(std::move(name)), max_read_(max_read == 0 ? 1 : max_read) {}

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, max_read_, bytes_.size() - pos_});
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  const std::string& Name() const override { return name_; }

 private:
  std::string bytes_;
  std::string name_;
  std::size_t max_read_;
  std::size_t pos_ = 0;
};

}  // namespace fbaflow
