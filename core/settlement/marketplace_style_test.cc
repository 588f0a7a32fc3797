#include "core/settlement/marketplace_style.h"

#include <gtest/gtest.h>

namespace fbaflow::settlement {
namespace {

TEST(MarketplaceDecimalStyle, KnowsEachMarketplacesConvention) {
  for (const char* comma :
       {"Amazon.fr", "Amazon.de", "Amazon.it", "Amazon.es", "Amazon.nl", "Amazon.se", "Amazon.pl",
        "Amazon.com.be", "amazon.DE", "Non-Amazon DE", "Non-Amazon FR"}) {
    EXPECT_EQ(MarketplaceDecimalStyle(comma), DecimalStyle::kCommaDecimal) << comma;
  }
  for (const char* dot :
       {"Amazon.co.uk", "Amazon.com", "Amazon.ca", "Amazon.com.mx", "Amazon.co.jp", "Amazon.com.au",
        "Amazon.in", "Non-Amazon UK", "Non-Amazon US"}) {
    EXPECT_EQ(MarketplaceDecimalStyle(dot), DecimalStyle::kDotDecimal) << dot;
  }
  for (const char* unknown : {"", "Amazon", "Amazon.xyz", "SI CA Prod Marketplace", "Non-Amazon"}) {
    EXPECT_EQ(MarketplaceDecimalStyle(unknown), DecimalStyle::kUnknown) << unknown;
  }
}

}  // namespace
}  // namespace fbaflow::settlement
