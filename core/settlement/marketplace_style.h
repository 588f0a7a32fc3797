#pragma once
// Which decimal separator a marketplace's settlement files use, as a hint for files whose amounts
// have not yet proved it ("1.234" alone can't tell). Amazon.de/.fr/.it/.es/.nl/.se/.pl/.com.be/
// .com.tr/.com.br print "52,44"; Amazon.com/.co.uk/.ca/.com.mx/.co.jp/.com.au/.in/.sg/.ae/.sa
// print "52.44". Multi-Channel Fulfilment rows ("Non-Amazon UK") follow their country.

#include <string_view>

#include "core/money/decimal.h"

namespace fbaflow::settlement {

// kUnknown for names it does not know (including an empty name). Case-insensitive.
DecimalStyle MarketplaceDecimalStyle(std::string_view marketplace_name);

}  // namespace fbaflow::settlement
