#pragma once
// Prints any SettlementSource as an Amazon settlement flat file, in the format of its marketplace.
//
// Layouts:
//   kV2                 GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 as Amazon writes it today:
//                       24 tab-separated columns (the 24th is promotion-id), a header row, the
//                       summary row (only the first six columns filled), one row per amount.
//   kV2NoPromotionId    the same with 23 columns (older V2 files have no promotion-id).
//   kLegacy             the retired 36-column flat file sellers keep in archives: one column
//                       pair per amount kind (price-type/price-amount, ...), ISO-8601 dates with
//                       offset ("2025-09-13T06:20:55+00:00"), dot decimals, and a quantity-only
//                       row opening each order item, as in the real files.
// Dates and decimals follow the marketplace profile (US "2024-10-09 14:28:38 UTC", EU
// "15.11.2024 08:59:45 UTC"; DE/FR "52,44" and "1.234,56").
//
// total-amount is the exact sum of every printed amount: the writer makes a first pass over the
// source to total it (the summary row comes before the details), then a second to print. Memory
// stays bounded whatever the size: one event at a time and an output buffer of about 1 MiB, handed
// to the caller's ChunkWriter and reused.
//
// Errors (kInvalidArgument, before anything is written): a field holding a tab, CR or LF; text
// windows-1252 cannot encode when that encoding is asked for; a BOM with windows-1252; a total
// outside int64. A ChunkWriter error stops the writing and is returned as is.
// Thread safety: the functions are reentrant; the source must not change during the call.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/money/decimal.h"
#include "sim/marketplace_profile.h"
#include "sim/settlement_plan.h"

namespace fbaflow::sim {

enum class FileLayout : unsigned char { kV2, kV2NoPromotionId, kLegacy };
enum class TextEncoding : unsigned char { kUtf8, kWindows1252 };

// "v2", "v2-23", "legacy" and back; unknown names are kInvalidArgument.
std::string_view FileLayoutName(FileLayout layout);
Result<FileLayout> FileLayoutFromName(std::string_view name);
// "utf-8" (or "utf8"), "windows-1252" (or "cp1252"), any case.
Result<TextEncoding> TextEncodingFromName(std::string_view name);

struct RenderOptions {
  FileLayout layout = FileLayout::kV2;
  TextEncoding encoding = TextEncoding::kUtf8;
  bool crlf = false;      // CR LF line ends instead of LF
  bool utf8_bom = false;  // start with a UTF-8 byte-order mark
  // Thousands separators in amounts ("1.234,56"); unset: the marketplace's habit.
  std::optional<bool> group_thousands;
};

struct RenderStats {
  uint64_t rows = 0;        // detail rows printed (header and summary rows excluded)
  uint64_t amounts = 0;     // amounts printed (equal to rows except in the legacy layout)
  int64_t total_minor = 0;  // total-amount, in minor units
  uint64_t bytes = 0;       // bytes handed to the ChunkWriter
};

// Receives the file's bytes in order, in chunks of about 1 MiB (each ends at a line end).
using ChunkWriter = std::function<Status(std::string_view chunk)>;

Result<RenderStats> RenderSettlement(const SettlementSource& source, const RenderOptions& options,
                                     const ChunkWriter& write);

// The whole file in a string: for tests and small plans.
Result<std::string> RenderSettlementToString(const SettlementSource& source,
                                             const RenderOptions& options = {});

// An amount as a file prints it: minor units with `digits` decimals, '.' or ',' as the decimal
// separator, optionally grouped in thousands by the other one ("-1.234,56", "0.00", "-3.96").
std::string FormatAmount(int64_t minor, int digits, DecimalStyle style, bool group_thousands);

// The header names of `layout`, tab-separated, without a line end.
std::string_view HeaderLine(FileLayout layout);

}  // namespace fbaflow::sim
