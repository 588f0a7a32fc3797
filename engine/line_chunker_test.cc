#include "engine/line_chunker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/pipeline_test_support.h"

namespace fbaflow::engine {
namespace {

using testing::FaultySource;

struct Piece {
  std::string bytes;
  bool whole_lines;
  friend bool operator==(const Piece&, const Piece&) = default;
};

std::vector<Piece> Chunks(const std::string& text, std::size_t target, std::size_t max_line,
                          std::size_t max_read = 0, bool in_place = false) {
  FaultySource source(text, max_read, std::string::npos, in_place);
  LineChunker chunker(source, max_line);
  ByteChunk chunk;
  std::vector<Piece> pieces;
  for (;;) {
    auto next = chunker.Next(chunk, target);
    EXPECT_TRUE(next.Ok()) << next.GetStatus().ToString();
    if (!next.Ok() || !*next) break;
    EXPECT_EQ(chunk.in_place != nullptr, in_place);
    pieces.push_back({std::string(chunk.View()), chunk.whole_lines});
  }
  EXPECT_EQ(chunk.size, 0U);
  return pieces;
}

TEST(LineChunker, CutsAfterTheLastLineEndReadPastTheTarget) {
  const std::string text = "aa\nbbbb\ncc\ndddddd\ne";
  // Reads of up to twice the target: "aa\nbbbb\n", then "cc\ndddd" (cut after "cc\n"), then
  // "dddd" carried over and "dd\ne" read, cut after "dddddd\n".
  EXPECT_EQ(
      Chunks(text, 4, 100),
      (std::vector<Piece>{{"aa\nbbbb\n", true}, {"cc\n", true}, {"dddddd\n", true}, {"e", false}}));
  EXPECT_EQ(
      Chunks(text, 1, 100, 1),  // one byte per read: a line per chunk
      (std::vector<Piece>{
          {"aa\n", true}, {"bbbb\n", true}, {"cc\n", true}, {"dddddd\n", true}, {"e", false}}));
  EXPECT_EQ(Chunks("a\nb\n", 1000, 100), (std::vector<Piece>{{"a\nb\n", true}}));
  EXPECT_TRUE(Chunks("", 10, 100).empty());
}

TEST(LineChunker, EveryByteComesOutOnceInOrderWhateverTheSizes) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += std::string(static_cast<std::size_t>(i % 37), 'x') + "\n";
  text += "tail without a line end";
  for (const std::size_t target : {1UL, 2UL, 3UL, 50UL, 64UL, 1000UL, 100000UL}) {
    for (const std::size_t max_read : {0UL, 1UL, 7UL, 4096UL}) {
      std::string joined;
      for (const Piece& piece : Chunks(text, target, 1 << 20, max_read)) {
        if (piece.whole_lines) {
          EXPECT_EQ(piece.bytes.back(), '\n');
        }
        joined += piece.bytes;
      }
      EXPECT_EQ(joined, text) << target << " " << max_read;
    }
  }
}

TEST(LineChunker, BytesInPlaceAreCutAtTheFirstLineEndPastTheTarget) {
  const std::string text = "aa\nbbbb\ncc\ndddddd\ne";
  EXPECT_EQ(Chunks(text, 4, 100, 0, true),
            (std::vector<Piece>{{"aa\nbbbb\n", true}, {"cc\ndddddd\n", true}, {"e", false}}));
  EXPECT_EQ(Chunks(text, 100, 100, 0, true),
            (std::vector<Piece>{{"aa\nbbbb\ncc\ndddddd\n", true}, {"e", false}}));
  EXPECT_EQ(Chunks("a\nb\n", 1, 100, 0, true), (std::vector<Piece>{{"a\n", true}, {"b\n", true}}));
  EXPECT_EQ(Chunks("abc", 1, 100, 0, true), (std::vector<Piece>{{"abc", false}}));

  std::string many;
  for (int i = 0; i < 300; ++i) many += std::string(static_cast<std::size_t>(i % 23), 'y') + "\n";
  many += "tail";
  for (const std::size_t target : {1UL, 5UL, 64UL, 1000UL, 100000UL}) {
    std::string joined;
    for (const Piece& piece : Chunks(many, target, 1 << 20, 0, true)) {
      if (piece.whole_lines) {
        EXPECT_EQ(piece.bytes.back(), '\n');
      }
      joined += piece.bytes;
    }
    EXPECT_EQ(joined, many) << target;
  }
}

TEST(LineChunker, ALineLongerThanTheBoundComesOutAsItIs) {
  const std::string text = "ab\n" + std::string(50, 'x') + "\ncd\n";
  const std::vector<Piece> pieces = Chunks(text, 4, 10, 1);
  ASSERT_GE(pieces.size(), 3U);
  EXPECT_EQ(pieces[0], (Piece{"ab\n", true}));
  EXPECT_FALSE(pieces[1].whole_lines);
  EXPECT_EQ(pieces[1].bytes, std::string(15, 'x'));
  std::string joined;
  for (const Piece& piece : pieces) joined += piece.bytes;
  EXPECT_EQ(joined, text);
}

TEST(LineChunker, ReadErrorsComeBackAfterTheBytesReadBeforeThem) {
  FaultySource source("aa\nbb\ncc\n", 0, 4);
  LineChunker chunker(source, 100);
  ByteChunk chunk;
  auto first = chunker.Next(chunk, 2);
  ASSERT_TRUE(first.Ok());
  EXPECT_EQ(chunk.View(), "aa\n");
  EXPECT_TRUE(chunk.whole_lines);
  // The byte read before the failure comes out first, then the failure, then the failure again.
  auto second = chunker.Next(chunk, 100);
  ASSERT_TRUE(second.Ok()) << second.GetStatus().ToString();
  EXPECT_TRUE(*second);
  EXPECT_EQ(chunk.View(), "b");
  EXPECT_FALSE(chunk.whole_lines);
  for (int i = 0; i < 2; ++i) {
    auto failed = chunker.Next(chunk, 100);
    ASSERT_FALSE(failed.Ok());
    EXPECT_EQ(failed.GetStatus().Code(), StatusCode::kDataLoss);
    EXPECT_EQ(chunk.size, 0U);
  }
}

}  // namespace
}  // namespace fbaflow::engine
