#include "engine/producer_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>

namespace fbaflow::engine {
namespace {

using ::testing::HasSubstr;

std::string ReadAll(ByteSource& source, std::size_t buffer_size, Status* error) {
  std::string out;
  std::string buffer(buffer_size, '\0');
  for (;;) {
    auto n = source.Read(buffer.data(), buffer.size());
    if (!n.Ok()) {
      *error = n.GetStatus();
      return out;
    }
    if (*n == 0) return out;
    out.append(buffer.data(), *n);
  }
}

TEST(ProducerSourceTest, DeliversEveryByteInOrderWhateverTheBufferSize) {
  std::string expected;
  for (int i = 0; i < 5000; ++i) expected += "line " + std::to_string(i) + "\n";
  for (std::size_t buffer : {1u, 7u, 4096u, 1u << 20}) {
    ProducerSource source("doc", [&](const ProducerSource::Emit& emit) {
      for (std::size_t at = 0; at < expected.size(); at += 333) {
        RETURN_IF_ERROR(emit(std::string_view(expected).substr(at, 333)));
      }
      return OkStatus();
    });
    Status error;
    EXPECT_EQ(ReadAll(source, buffer, &error), expected) << "buffer " << buffer;
    EXPECT_TRUE(error.Ok()) << error.ToString();
    EXPECT_EQ(source.Name(), "doc");
  }
}

TEST(ProducerSourceTest, AProducerErrorComesAfterTheBytesBeforeIt) {
  ProducerSource source("doc", [](const ProducerSource::Emit& emit) {
    RETURN_IF_ERROR(emit("abc"));
    RETURN_IF_ERROR(emit("def"));
    return DataLoss("gzip stream cut short at byte 6");
  });
  Status error;
  EXPECT_EQ(ReadAll(source, 2, &error), "abcdef");
  EXPECT_EQ(error.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(error.Message(), HasSubstr("cut short"));
}

TEST(ProducerSourceTest, AnEmptyProductionIsAnEmptySource) {
  ProducerSource source("doc", [](const ProducerSource::Emit&) { return OkStatus(); });
  Status error;
  EXPECT_EQ(ReadAll(source, 16, &error), "");
  EXPECT_TRUE(error.Ok());
}

TEST(ProducerSourceTest, AReaderThatStopsEarlyCancelsTheProducer) {
  std::atomic<int> emitted{0};
  Status producer_status;
  {
    ProducerSource source(
        "doc",
        [&](const ProducerSource::Emit& emit) {
          for (;;) {  // endless: only cancellation stops it
            Status s = emit("0123456789");
            if (!s.Ok()) {
              producer_status = s;
              return s;
            }
            ++emitted;
          }
        },
        2);
    char buffer[4];
    ASSERT_TRUE(source.Read(buffer, sizeof buffer).Ok());
  }
  EXPECT_EQ(producer_status.Code(), StatusCode::kCancelled);
  // The queue is bounded: the producer got at most a few chunks ahead of the reader.
  EXPECT_LE(emitted.load(), 4);
}

TEST(ProducerSourceTest, ASourceNeverReadNeverStartsTheProducer) {
  bool ran = false;
  {
    ProducerSource source("doc", [&](const ProducerSource::Emit&) {
      ran = true;
      return OkStatus();
    });
  }
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace fbaflow::engine
