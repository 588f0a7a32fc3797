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
    : source_(source), max_line_bytes_(max_line_bytes), in_place_(source.InPlace()) {}

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
  out.in_place = nullptr;
  out.whole_lines = false;
  if (!failed_.Ok()) return failed_;
  ASSIGN_OR_RETURN(const bool more,
                   in_place_.empty() ? NextRead(out, target) : NextInPlace(out, target));
  offset_ += out.size;
  out.end_offset = offset_;
  return more;
}

Result<bool> LineChunker::NextInPlace(ByteChunk& out, std::size_t target) {
  if (offset_ >= in_place_.size()) return false;
  const char* const begin = in_place_.data() + offset_;
  const std::size_t left = in_place_.size() - offset_;
  out.in_place = begin;
  if (left <= target) {
    // The rest of the source: its whole lines, then (next time) the bytes after the last one.
    const auto* last = static_cast<const char*>(memrchr(begin, '\n', left));
    out.whole_lines = last != nullptr;
    out.size = last != nullptr ? static_cast<std::size_t>(last + 1 - begin) : left;
    return true;
  }
  // Up to the first line end at or past the target, unless a line runs on too long.
  const std::size_t span = std::min(left - (target - 1), max_line_bytes_ + 1);
  const auto* nl = static_cast<const char*>(std::memchr(begin + target - 1, '\n', span));
  out.whole_lines = nl != nullptr;
  out.size = nl != nullptr ? static_cast<std::size_t>(nl + 1 - begin) : target - 1 + span;
  return true;
}

Result<bool> LineChunker::NextRead(ByteChunk& out, std::size_t target) {
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
