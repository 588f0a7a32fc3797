#pragma once
// ByteSource: a stream of bytes to read once, front to back (a file, a download, a test string).
// Thread safety: one reader at a time.

#include <cstddef>
#include <string>
#include <string_view>

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

  // Every byte of the source in place, when the source can give them without a copy (a regular
  // file, mapped into memory): a reader may take them from here instead of calling Read, and then
  // must not call Read. Empty when it cannot (then use Read). The view lives as long as the
  // source; it may be read from any thread.
  virtual std::string_view InPlace() { return {}; }
  // Says that the bytes of InPlace() before `offset` will not be looked at again, so that the
  // memory they occupy can be given back (a mapped file's pages count as the process's memory
  // once touched). Offsets only grow; a smaller one than before is ignored.
  virtual void ReleaseBefore(std::size_t offset) { (void)offset; }
};

}  // namespace fbaflow
