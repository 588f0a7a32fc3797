#include "engine/line_chunker.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace fbaflow::engine {
namespace {

// Room for a read past the target, so a file's chunk usually takes one read(2) (at most the
// target again, so that small targets make small chunks).
constexpr std::size_t kMaxSlack = std::size_t{64} << 10;

}  // namespace

void ByteChunk::Reserve(std::size_t bytes) {
  if (bytes <= capacity) return;
  auto bigger = std::make_unique_for_overwrite<char[]>(bytes);
  if (size > 0) std::memcpy(bigger.get(), data.get(), size);
  data = std::move(bigger);
  capacity = bytes;
}

LineChunker::LineChunker(ByteSource& source, std::size_t max_line_bytes)
    : source_(source), max_line_bytes_(max_line_bytes) {}

Status LineChunker::ReadInto(ByteChunk& out) {
  ASSIGN_OR_RETURN(const std::size_t n,
                   source_.Read(out.data.get() + out.size, out.capacity - out.size));
  if (n == 0) {
    end_ = true;
  } else {
    out.size += n;
  }
  return OkStatus();
}

Result<bool> LineChunker::Failed(ByteChunk& out, Status status) {
  failed_ = std::move(status);
  out.whole_lines = false;
  if (out.size == 0) return failed_;
  return true;
}

Result<bool> LineChunker::Next(ByteChunk& out, std::size_t target) {
  target = std::max<std::size_t>(target, 1);
  out.size = 0;
  out.whole_lines = false;
  if (!failed_.Ok()) return failed_;
  out.Reserve(std::max(target, carry_.size()) + std::min(target, kMaxSlack));
  std::memcpy(out.data.get(), carry_.data(), carry_.size());
  out.size = carry_.size();
  carry_.clear();
  while (!end_ && out.size < target) {
    if (Status status = ReadInto(out); !status.Ok()) return Failed(out, std::move(status));
  }
  if (out.size == 0) return false;

  std::size_t searched = 0;  // bytes already known to hold no line end
  for (;;) {
    const auto* nl =
        static_cast<const char*>(memrchr(out.data.get() + searched, '\n', out.size - searched));
    if (nl != nullptr) {
      const auto keep = static_cast<std::size_t>(nl + 1 - out.data.get());
      carry_.assign(out.data.get() + keep, out.size - keep);
      out.size = keep;
      out.whole_lines = true;
      return true;
    }
    // No line end yet: the last bytes of the source, or a line too long to wait for.
    if (end_ || out.size > target + max_line_bytes_) return true;
    searched = out.size;
    if (out.size == out.capacity) out.Reserve(out.capacity * 2);
    if (Status status = ReadInto(out); !status.Ok()) return Failed(out, std::move(status));
  }
}

}  // namespace fbaflow::engine
