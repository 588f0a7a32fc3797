#include "engine/producer_source.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace fbaflow::engine {

ProducerSource::ProducerSource(std::string name, Producer producer, std::size_t max_queued)
    : name_(std::move(name)),
      producer_(std::move(producer)),
      max_queued_(std::max<std::size_t>(max_queued, 1)) {}

ProducerSource::~ProducerSource() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status ProducerSource::Push(std::string_view bytes) {
  if (bytes.empty()) return OkStatus();
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return cancelled_ || queue_.size() < max_queued_; });
  if (cancelled_) return Cancelled(name_ + ": the reader stopped");
  queue_.emplace_back(bytes);
  changed_.notify_all();
  return OkStatus();
}

void ProducerSource::Run() {
  Status status = producer_([this](std::string_view bytes) { return Push(bytes); });
  std::lock_guard<std::mutex> lock(mutex_);
  final_status_ = std::move(status);
  done_ = true;
  changed_.notify_all();
}

Result<std::size_t> ProducerSource::Read(char* buffer, std::size_t capacity) {
  if (!thread_.joinable() && !done_) thread_ = std::thread([this] { Run(); });
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return done_ || !queue_.empty(); });
  if (queue_.empty()) {
    if (!final_status_.Ok()) return final_status_;
    return std::size_t{0};
  }
  const std::string& front = queue_.front();
  const std::size_t n = std::min(capacity, front.size() - front_read_);
  std::memcpy(buffer, front.data() + front_read_, n);
  front_read_ += n;
  if (front_read_ == front.size()) {
    queue_.pop_front();
    front_read_ = 0;
    changed_.notify_all();
  }
  return n;
}

}  // namespace fbaflow::engine
