#pragma once
// ProducerSource: a ByteSource over bytes that something else pushes, such as a document decoded
// as the archive streams it (DocumentArchive::Read → DocumentDecoder → here). The producer runs on
// its own thread, started by the first Read, and hands over chunks through a small bounded queue,
// so memory stays flat whatever the document's size: at most `max_queued` chunks wait.
//
// The producer is called once with an `emit` function; it returns the Status of the whole
// production. A non-ok Status becomes the error of the Read that would have gone past the last
// chunk emitted, with nothing lost before it. When the reader stops early (destroys the source),
// `emit` returns kCancelled so the producer can stop; the destructor waits for it.
// Thread safety: one reader thread; the producer thread is internal.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/base/status.h"
#include "ports/byte_source.h"

namespace fbaflow::engine {

class ProducerSource final : public ByteSource {
 public:
  using Emit = std::function<Status(std::string_view bytes)>;
  using Producer = std::function<Status(const Emit& emit)>;

  ProducerSource(std::string name, Producer producer, std::size_t max_queued = 4);
  ~ProducerSource() override;
  ProducerSource(const ProducerSource&) = delete;
  ProducerSource& operator=(const ProducerSource&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  const std::string& Name() const override { return name_; }

 private:
  Status Push(std::string_view bytes);
  void Run();

  std::string name_;
  Producer producer_;
  std::size_t max_queued_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;  // chunks not yet read
  std::size_t front_read_ = 0;     // bytes of queue_.front() already read
  bool done_ = false;              // the producer returned
  bool cancelled_ = false;         // the reader went away
  Status final_status_;            // what the producer returned
  std::thread thread_;
};

}  // namespace fbaflow::engine
