#include "core/text/nearest_word.h"

#include <gtest/gtest.h>

namespace fbaflow {
namespace {

TEST(NearestWordTest, SuggestsTheClosestCommandOrNothing) {
  const std::vector<std::string> commands = {"amazon", "settlement", "rules"};
  EXPECT_EQ(NearestWord("amazn", commands), "amazon");
  EXPECT_EQ(NearestWord("settlment", commands), "settlement");
  EXPECT_EQ(NearestWord("rulse", commands), "rules");
  EXPECT_EQ(NearestWord("xyz", commands), std::nullopt);
  EXPECT_EQ(NearestWord("", commands), std::nullopt);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace fbaflow
