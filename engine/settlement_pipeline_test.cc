// End-to-end properties of the settlement pipeline over thousands of generated settlements:
// generator -> bytes -> reader -> rules -> journals, as `fbaflow settlement journal` runs it.
#include "engine/settlement_pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "ports/string_source.h"
#include "sim/random_settlement.h"
#include "sim/settlement_writer.h"

namespace fbaflow::engine {
namespace {

using settlement::LineKind;
using settlement::SettlementJournals;
using settlement::SettlementStatus;
using ::testing::HasSubstr;

constexpr sim::Marketplace kMarketplaces[] = {sim::Marketplace::kUS, sim::Marketplace::kUK,
                                              sim::Marketplace::kDE, sim::Marketplace::kFR};

std::string Generate(sim::Marketplace marketplace, uint64_t rows, uint64_t seed, CivilDate start,
                     const sim::RenderOptions& render = {}) {
  sim::RandomSettlementOptions options;
  options.marketplace = marketplace;
  options.rows = rows;
  options.seed = seed;
  options.start = start;
  auto text = sim::RenderSettlementToString(sim::RandomSettlement(options), render);
  EXPECT_TRUE(text.Ok()) << text.GetStatus().ToString();
  return text.Ok() ? *text : std::string();
}

Result<SettlementPipelineResult> RunPipeline(std::string bytes, std::size_t max_read,
                                             settlement::SplitMode split) {
  StringSource source(std::move(bytes), "generated.tsv", max_read);
  SettlementPipelineOptions options;
  options.journal.split = split;
  return RunSettlementPipeline(source, nullptr, options);
}

// Every invariant of DESIGN.md that a settlement's journals must hold.
void ExpectSound(const SettlementJournals& s, uint64_t expected_rows, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(s.rows, expected_rows);
  EXPECT_EQ(s.rows, s.entries + s.non_monetary_rows + s.rejected_rows);
  int64_t clearing = 0, rollover = 0, posted_rows = 0;
  std::set<std::string> periods;
  for (const auto& journal : s.journals) {
    int64_t balance = 0;
    for (const auto& line : journal.lines) {
      balance += line.amount.MinorUnits();
      if (line.kind == LineKind::kClearing) clearing += line.amount.MinorUnits();
      if (line.kind == LineKind::kRollover) rollover += line.amount.MinorUnits();
      if (line.kind == LineKind::kPosting || line.kind == LineKind::kSuspense) {
        posted_rows += static_cast<int64_t>(line.rows);
      }
    }
    EXPECT_EQ(balance, 0) << "journal " << journal.period << " does not balance";
    EXPECT_TRUE(periods.insert(journal.period).second) << "two journals for " << journal.period;
  }
  EXPECT_EQ(clearing, s.summary.total.MinorUnits()) << "clearing must equal total-amount";
  EXPECT_EQ(rollover, 0) << "rollovers must net to zero across the settlement's journals";
  EXPECT_EQ(static_cast<uint64_t>(posted_rows), s.entries)
      << "every amount lands in exactly one line";
}

TEST(SettlementPipelineProperty, ThousandsOfGeneratedSettlementsBalanceAndTieToTheDeposit) {
  std::mt19937_64 rng(20261127);
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    const auto marketplace = kMarketplaces[seed % 4];
    const uint64_t rows = rng() % 400;
    const CivilDate start =
        CivilDate::FromDaysSinceEpoch(19700 + static_cast<int64_t>(rng() % 700));
    const auto split =
        rng() % 4 == 0 ? settlement::SplitMode::kNone : settlement::SplitMode::kMonth;
    const std::size_t max_read = 1 + rng() % 9000;
    const std::string what = "seed " + std::to_string(seed) + ", " + std::to_string(rows) +
                             " rows, start " + start.ToString();
    auto result = RunPipeline(Generate(marketplace, rows, seed, start), max_read, split);
    ASSERT_TRUE(result.Ok()) << what << ": " << result.GetStatus().ToString();
    ASSERT_EQ(result->settlements.size(), 1u) << what;
    const auto& s = result->settlements[0];
    EXPECT_EQ(s.status, SettlementStatus::kReady)
        << what << ": " << (s.holds.empty() ? "" : s.holds[0].message);
    EXPECT_EQ(s.rows_sum, s.summary.total) << what;
    ExpectSound(s, rows, what);
    const std::size_t expected_journals =
        split == settlement::SplitMode::kNone ? 1 : std::max<std::size_t>(1, s.journals.size());
    if (split == settlement::SplitMode::kNone) {
      EXPECT_EQ(s.journals.size(), expected_journals) << what;
    }
    if (::testing::Test::HasFailure()) return;  // one failing seed is enough to read
  }
}

// Changing one amount by a penny must hold the settlement as inconsistent, show the difference,
// and still produce balanced journals whose clearing equals the deposit.
TEST(SettlementPipelineProperty, APennyOffIsHeldAndStillBalances) {
  std::mt19937_64 rng(7);
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::string bytes = Generate(kMarketplaces[seed % 4], 50 + rng() % 200, seed, {2024, 10, 25});
    // Find the last amount cell of the last detail row (column 15) and bump its last digit.
    std::size_t line_start = bytes.rfind('\n', bytes.size() - 2) + 1;
    std::size_t pos = line_start;
    for (int tabs = 0; tabs < 14; ++tabs) pos = bytes.find('\t', pos) + 1;
    const std::size_t end = bytes.find('\t', pos);
    char& digit = bytes[end - 1];
    const int delta = digit == '9' ? -1 : 1;
    digit = static_cast<char>(digit + delta);
    auto result = RunPipeline(bytes, 4096, settlement::SplitMode::kMonth);
    ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
    const auto& s = result->settlements[0];
    EXPECT_EQ(s.status, SettlementStatus::kHeld);
    ASSERT_FALSE(s.holds.empty());
    EXPECT_EQ(s.holds[0].code, "inconsistent");
    const bool negative = bytes[pos] == '-';
    const int64_t expected = (negative ? -delta : delta);
    EXPECT_EQ((s.rows_sum - s.summary.total).MinorUnits(), expected) << "seed " << seed;
    EXPECT_THAT(s.holds[0].message, HasSubstr("0.01"));
    ExpectSound(s, s.rows, "seed " + std::to_string(seed));
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(SettlementPipeline, EncodingsAndLineEndsGiveTheSameJournals) {
  const std::string plain = Generate(sim::Marketplace::kFR, 700, 99, {2024, 10, 25});
  sim::RenderOptions other;
  other.encoding = sim::TextEncoding::kWindows1252;
  other.crlf = true;
  other.utf8_bom = false;
  const std::string cp1252 = Generate(sim::Marketplace::kFR, 700, 99, {2024, 10, 25}, other);
  auto a = RunPipeline(plain, 1 << 20, settlement::SplitMode::kMonth);
  auto b = RunPipeline(cp1252, 333, settlement::SplitMode::kMonth);
  ASSERT_TRUE(a.Ok() && b.Ok());
  ASSERT_EQ(a->settlements.size(), 1u);
  ASSERT_EQ(b->settlements.size(), 1u);
  const auto& x = a->settlements[0];
  const auto& y = b->settlements[0];
  EXPECT_TRUE(b->file.crlf);
  EXPECT_EQ(x.rows_sum, y.rows_sum);
  ASSERT_EQ(x.journals.size(), y.journals.size());
  for (std::size_t j = 0; j < x.journals.size(); ++j) {
    ASSERT_EQ(x.journals[j].lines.size(), y.journals[j].lines.size());
    for (std::size_t l = 0; l < x.journals[j].lines.size(); ++l) {
      EXPECT_EQ(x.journals[j].lines[l].amount, y.journals[j].lines[l].amount);
      EXPECT_EQ(x.journals[j].lines[l].rows, y.journals[j].lines[l].rows);
    }
  }
}

TEST(SettlementPipeline, ChoosesTheBuiltInRulesFromTheCurrency) {
  auto us = RunPipeline(Generate(sim::Marketplace::kUS, 100, 1, {2024, 10, 25}), 1 << 20,
                        settlement::SplitMode::kMonth);
  auto uk = RunPipeline(Generate(sim::Marketplace::kUK, 100, 1, {2024, 10, 25}), 1 << 20,
                        settlement::SplitMode::kMonth);
  ASSERT_TRUE(us.Ok() && uk.Ok());
  EXPECT_EQ(us->rules->Name(), "us-sales-tax");
  EXPECT_EQ(uk->rules->Name(), "uk-eu-vat");
}

// Two settlements joined in one file, the second repeating the header line: each is posted with
// the rule set of its own currency (the USD one used to get the UK VAT codes of the first), on one
// thread and with workers, and the repeated header is a header, not a rejected row.
TEST(SettlementPipeline, EachSettlementOfAJoinedFileGetsTheRulesOfItsCurrency) {
  const std::string uk = Generate(sim::Marketplace::kUK, 300, 4, {2024, 10, 25});
  const std::string us = Generate(sim::Marketplace::kUS, 300, 5, {2024, 11, 8});
  for (const bool repeat_header : {true, false}) {
    const std::string joined = uk + (repeat_header ? us : us.substr(us.find('\n') + 1));
    for (const int threads : {1, 3}) {
      StringSource source(joined, "joined.tsv", 1000);
      SettlementPipelineOptions options;
      options.threads = threads;
      options.chunk_bytes = 4096;
      auto result = RunSettlementPipeline(source, nullptr, options);
      ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
      ASSERT_EQ(result->settlements.size(), 2u);
      const auto& first = result->settlements[0];
      const auto& second = result->settlements[1];
      EXPECT_EQ(first.rules_name, "uk-eu-vat");
      EXPECT_EQ(second.rules_name, "us-sales-tax");
      EXPECT_EQ(second.default_tax_code, "NONE");
      EXPECT_EQ(result->rules->Name(), "uk-eu-vat");
      for (const auto* s : {&first, &second}) {
        EXPECT_EQ(s->status, SettlementStatus::kReady)
            << threads << " threads: " << (s->holds.empty() ? "" : s->holds[0].message);
        EXPECT_EQ(s->rejected_rows, 0u);
      }
      for (const auto& journal : second.journals) {
        for (const auto& line : journal.lines) {
          EXPECT_NE(line.tax_code, "OUTPUT2") << line.account;
          EXPECT_NE(line.tax_code, "INPUT2") << line.account;
        }
      }
    }
  }
  // A rule set the caller gives applies to every settlement.
  StringSource source(uk + us, "joined.tsv", 1000);
  auto given = RunSettlementPipeline(
      source, std::make_shared<settlement::RuleSet>(*settlement::RuleSet::Builtin("uk-eu-vat")),
      {});
  ASSERT_TRUE(given.Ok());
  ASSERT_EQ(given->settlements.size(), 2u);
  EXPECT_EQ(given->settlements[1].rules_name, "uk-eu-vat");
}

// A row posted far outside its settlement's period (2099) is a reject that holds the settlement,
// not a journal dated 2099.
TEST(SettlementPipeline, ARowPostedFarOutsideThePeriodIsRejected) {
  std::string text = Generate(sim::Marketplace::kUS, 200, 8, {2024, 10, 25});
  // Line 11: its posted-date (column 17) and posted-date-time (column 18) in 2099.
  std::size_t at = 0;
  for (int line = 1; line < 11; ++line) at = text.find('\n', at) + 1;
  std::size_t field = at;
  for (int tabs = 0; tabs < 16; ++tabs) field = text.find('\t', field) + 1;
  const std::size_t end = text.find('\t', field);
  const std::string posted = text.substr(field, end - field);
  std::string far = posted;
  far.replace(far.find("2024"), 4, "2099");
  text.replace(field, posted.size(), far);
  for (const int threads : {1, 2}) {
    StringSource source(text, "far.tsv", 1 << 20);
    SettlementPipelineOptions options;
    options.threads = threads;
    options.chunk_bytes = 2048;
    auto result = RunSettlementPipeline(source, nullptr, options);
    ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
    const auto& s = result->settlements.at(0);
    EXPECT_EQ(s.status, SettlementStatus::kHeld);
    ASSERT_EQ(s.rejects.size(), 1u);
    EXPECT_EQ(s.rejects[0].line, 11u);
    EXPECT_EQ(s.rejects[0].column, 17);
    EXPECT_EQ(s.rejects[0].column_name, "posted-date");
    EXPECT_THAT(s.rejects[0].reason, HasSubstr("outside the settlement period"));
    EXPECT_THAT(s.rejects[0].raw, HasSubstr(far));
    for (const auto& journal : s.journals) EXPECT_LT(journal.date.year, 2099);
  }
}

// The generator and the built-in rules agree: in every layout and marketplace, no generated row
// is unmapped and every generated settlement is ready (the generator plants no faults).
TEST(SettlementPipelineProperty, EveryGeneratedLayoutAndMarketplaceIsMappedAndReady) {
  constexpr sim::FileLayout kLayouts[] = {sim::FileLayout::kV2, sim::FileLayout::kV2NoPromotionId,
                                          sim::FileLayout::kLegacy};
  for (const sim::FileLayout layout : kLayouts) {
    for (const sim::Marketplace marketplace : kMarketplaces) {
      for (uint64_t seed = 1; seed <= 6; ++seed) {
        sim::RenderOptions render;
        render.layout = layout;
        const std::string what = "layout " + std::string(sim::FileLayoutName(layout)) +
                                 ", marketplace " + std::to_string(static_cast<int>(marketplace)) +
                                 ", seed " + std::to_string(seed);
        auto result = RunPipeline(Generate(marketplace, 1500, seed * 31, {2024, 10, 25}, render),
                                  1 << 20, settlement::SplitMode::kMonth);
        ASSERT_TRUE(result.Ok()) << what << ": " << result.GetStatus().ToString();
        ASSERT_EQ(result->settlements.size(), 1u) << what;
        const auto& s = result->settlements[0];
        for (const auto& family : s.families) {
          EXPECT_TRUE(family.mapped) << what << ": unmapped " << family.transaction_type << " / "
                                     << family.amount_type << " / " << family.amount_description;
        }
        EXPECT_EQ(s.status, SettlementStatus::kReady)
            << what << ": " << (s.holds.empty() ? "" : s.holds[0].message);
        ExpectSound(s, s.rows, what);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

TEST(SettlementPipeline, ReportsTheReadersFatalErrorWithTheSourceName) {
  auto result = RunPipeline("not\ta\tsettlement\n", 1 << 20, settlement::SplitMode::kMonth);
  ASSERT_FALSE(result.Ok());
  EXPECT_THAT(result.GetStatus().Message(), HasSubstr("generated.tsv:1"));
}

}  // namespace
}  // namespace fbaflow::engine
