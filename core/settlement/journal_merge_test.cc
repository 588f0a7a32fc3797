// JournalBuilder::NewPart / MergePart: a settlement's rows tallied in parts and merged in file
// order give exactly what one builder fed every row gives (journals, rejects, exceptions with
// their first lines, families, audit), whatever the cuts.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/settlement/export.h"
#include "core/settlement/journal.h"
#include "core/settlement/journal_test_support.h"
#include "core/settlement/random_settlement_test_support.h"

namespace fbaflow::settlement {
namespace {

using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)
using ::testing::HasSubstr;

std::string Text(const std::vector<SettlementJournals>& settlements) {
  std::ostringstream out;
  WriteJson(settlements, out);
  out << "--- audit\n";
  WriteAudit(settlements, out);
  for (const SettlementJournals& s : settlements) {
    out << "--- lines of rows without amounts:";
    for (const uint64_t line : s.non_monetary_lines) out << ' ' << line;
    out << '\n';
  }
  return out.str();
}

// The line an event of `in` sits on.
uint64_t LineOf(const RandomSettlement& in, const std::pair<int, std::size_t>& event) {
  const auto [kind, index] = event;
  if (kind == 0) return in.rows[index].line;
  if (kind == 1) return in.non_monetary_lines[index];
  return in.rejects[index].line;
}

// Feeds `in` to `builder` in runs cut before the lines in `cuts` (ascending): the first run
// directly, every later one through a part numbered from its own start, merged in order.
void FeedInParts(const RandomSettlement& in, const std::vector<uint64_t>& cuts,
                 JournalBuilder& builder) {
  builder.OnSummary(in.summary);
  JournalBuilder* target = &builder;
  std::unique_ptr<JournalBuilder> part;
  uint64_t offset = 0;
  std::size_t next_cut = 0;
  const auto flush = [&] {
    if (part) builder.MergePart(*part, offset);
    part.reset();
  };
  for (const auto& event : in.order) {
    const uint64_t line = LineOf(in, event);
    while (next_cut < cuts.size() && line >= cuts[next_cut]) {
      flush();
      offset = cuts[next_cut] - 1;
      ++next_cut;
      part = builder.NewPart();
      target = part.get();
    }
    const auto [kind, index] = event;
    if (kind == 0) {
      const Row& row = in.rows[index];
      Entry entry;
      entry.line = row.line - offset;
      entry.column = row.column;
      entry.transaction_type = row.transaction_type;
      entry.amount_type = row.amount_type;
      entry.amount_description = row.amount_description;
      entry.marketplace = row.marketplace;
      entry.posted_date = row.posted;
      entry.amount = Money::FromMinor(row.minor, in.summary.currency);
      target->OnEntry(entry);
    } else if (kind == 1) {
      target->OnNonMonetaryRow(in.non_monetary_lines[index] - offset);
    } else {
      Reject reject = in.rejects[index];
      reject.line -= offset;
      target->OnReject(std::move(reject));
    }
  }
  flush();
}

TEST(JournalMergeTest, PartsMergedInOrderEqualOneBuilder) {
  std::mt19937_64 rng(20241127);
  int merged_with_unmapped = 0;
  int merged_with_rejects = 0;
  for (int i = 0; i < 1500; ++i) {
    const RandomSettlement in = RandomSettlement::Make(rng, i);
    JournalOptions options;
    options.split = rng() % 4 == 0 ? SplitMode::kNone : SplitMode::kMonth;
    options.keep_audit = rng() % 2 == 0;

    JournalBuilder whole(TestRules(), options);
    in.Feed(whole);
    const std::string expected = Text(whole.Finish());

    // Cuts anywhere between lines, from none to one before every line.
    std::vector<uint64_t> cuts;
    const uint64_t last_line = 3 + in.distinct_lines;
    const auto every = static_cast<uint64_t>(1 + rng() % 8);
    for (uint64_t line = 4; line < last_line; ++line) {
      if (rng() % every == 0) cuts.push_back(line);
    }
    JournalBuilder merged(TestRules(), options);
    FeedInParts(in, cuts, merged);
    const std::string actual = Text(merged.Finish());
    ASSERT_EQ(actual, expected) << "settlement #" << i << " cut before " << cuts.size() << " lines";
    merged_with_unmapped += actual.find("unmapped_fee_type") != std::string::npos ? 1 : 0;
    merged_with_rejects += in.rejects.empty() ? 0 : 1;
  }
  // The settlements must exercise exceptions (first lines) and rejects, or the test proves little.
  EXPECT_GT(merged_with_unmapped, 100);
  EXPECT_GT(merged_with_rejects, 50);
}

TEST(JournalMergeTest, AmountsBeyondTheBoundAreNotMerged) {
  const Summary summary = MakeSummary("1", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 0);
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(summary);
  feeder.Add(Principal(kMaxSettlementMinorUnits / 2, D(2024, 11, 2)));

  auto small = builder.NewPart();
  auto big = builder.NewPart();
  auto rejecting = builder.NewPart();
  Entry entry;
  entry.line = 1;
  entry.transaction_type = "Order";
  entry.amount_type = "ItemPrice";
  entry.amount_description = "Principal";
  entry.marketplace = "Amazon.co.uk";
  entry.posted_date = D(2024, 11, 3);
  entry.amount = M(kMaxSettlementMinorUnits / 2 + 10);
  big->OnEntry(entry);

  // Within the bound on its own, beyond it after the rows before: a single pass would reject it.
  EXPECT_FALSE(builder.CanMergePart(*big));
  EXPECT_THROW(builder.MergePart(*big, 10), std::logic_error);

  // A part that rejected an amount for passing the bound may have rejected another one than a
  // single pass would.
  entry.amount = M(kMaxSettlementMinorUnits);
  rejecting->OnEntry(entry);
  entry.amount = M(-1);
  rejecting->OnEntry(entry);
  EXPECT_FALSE(builder.CanMergePart(*rejecting));

  entry.amount = M(5);
  small->OnEntry(entry);
  EXPECT_TRUE(builder.CanMergePart(*small));
}

TEST(JournalMergeTest, MisuseIsALogicError) {
  JournalBuilder empty(TestRules(), {});
  EXPECT_THROW((void)empty.NewPart(), std::logic_error);

  const Summary first = MakeSummary("1", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 0);
  const Summary second = MakeSummary("2", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 0);
  JournalBuilder a(TestRules(), {});
  a.OnSummary(first);
  JournalBuilder b(TestRules(), {});
  b.OnSummary(second);
  auto part_of_b = b.NewPart();
  try {
    a.MergePart(*part_of_b, 0);
    FAIL() << "merged another settlement's part";
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("not a part of the open settlement"));
  }
  JournalBuilder not_a_part(TestRules(), {});
  EXPECT_FALSE(a.CanMergePart(not_a_part));
}

}  // namespace
}  // namespace fbaflow::settlement
