#include "core/settlement/short_text.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

namespace fbaflow::settlement {
namespace {

TEST(ShortText, SameTextAgreesWithEqualityAtEveryLengthAndPosition) {
  std::mt19937 rng(7);
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string a(n, 'x');
    for (char& c : a) c = static_cast<char>('a' + rng() % 3);
    // Copies in buffers of their own, so equality is by content, not by address.
    const std::string same = a;
    EXPECT_TRUE(SameText(a, same)) << n;
    for (std::size_t at = 0; at < n; ++at) {
      std::string other = a;
      other[at] = static_cast<char>(other[at] ^ 0x20);
      EXPECT_FALSE(SameText(a, other)) << n << " differing at " << at;
    }
    EXPECT_FALSE(SameText(a, a + "y")) << n;
    EXPECT_FALSE(SameText(a + "y", a)) << n;
  }
  EXPECT_TRUE(SameText("", std::string_view()));
}

TEST(ShortText, EqualTextsHashAlikeAndTheUsualKeysApart) {
  const std::string a = "MarketplaceFacilitatorTax-Principal";
  EXPECT_EQ(MixShortText(1, a), MixShortText(1, std::string(a)));
  std::set<uint64_t> hashes;
  for (const char* text :
       {"", "a", "ab", "Tax", "Order", "Refund", "ItemFees", "ItemPrice", "Principal", "Shipping",
        "ShippingTax", "Amazon.com", "Amazon.co.uk", "MarketplaceFacilitatorTax-Principal",
        "MarketplaceFacilitatorTax-Shipping", "FBAPerUnitFulfillmentFee"}) {
    hashes.insert(MixShortText(1, text));
  }
  EXPECT_EQ(hashes.size(), 16U);
  // The seed matters: the same text in another field hashes differently.
  EXPECT_NE(MixShortText(1, "Tax"), MixShortText(2, "Tax"));
}

}  // namespace
}  // namespace fbaflow::settlement
