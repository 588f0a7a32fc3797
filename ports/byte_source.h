#pragma once
// ByteSource: a stream of bytes to read once, front to back (a file, a download, a test string).
// Thread safety: one reader at a time.

#include <cstddef>
#include <string>

#include "core/base/status.h"

namespace fbaflow {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; 0 means the end. Errors are kUnavailable
  // (transient) or kDataLoss / kNotFound (permanent), with the source's name in the message.
  virtual Result<std::size_t> Read(char* buffer, std::size_t capacity) = 0;
  // What to call the source in messages: a path, a URL, a report id.
  virtual const std::string& Name() const = 0;
};

}  // namespace fbaflow
