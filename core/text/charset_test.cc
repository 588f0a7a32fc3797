#include "core/text/charset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

namespace fbaflow {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

// unicode.org MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT, bytes 0x80..0x9F (0: undefined).
constexpr char32_t kCp1252C1[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Decodes one UTF-8 sequence of 2 or 3 bytes (test helper; input known valid).
char32_t DecodeOne(const std::string& s) {
  const auto b = [&](std::size_t i) {
    return static_cast<char32_t>(static_cast<unsigned char>(s[i]));
  };
  if (s.size() == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (s.size() == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return 0xFFFFFFFF;
}

TEST(Charset, NamesAndLabels) {
  EXPECT_EQ(CharsetName(Charset::kAuto), "auto");
  EXPECT_EQ(CharsetName(Charset::kUtf8), "utf-8");
  EXPECT_EQ(CharsetName(Charset::kWindows1252), "windows-1252");
  EXPECT_EQ(CharsetFromLabel("UTF-8"), Charset::kUtf8);
  EXPECT_EQ(CharsetFromLabel("utf8"), Charset::kUtf8);
  EXPECT_EQ(CharsetFromLabel(" \"utf-8\" "), Charset::kUtf8);
  EXPECT_EQ(CharsetFromLabel("windows-1252"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel("Cp1252"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel("ISO-8859-1"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel("latin1"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel("US-ASCII"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel(""), Charset::kAuto);
  EXPECT_EQ(CharsetFromLabel("Shift_JIS"), Charset::kAuto);
  EXPECT_EQ(CharsetFromLabel("utf-16"), Charset::kAuto);
}

TEST(Charset, IsAsciiLooksAtEveryByte) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("settlement-id\tamount"));
  // A high byte at every position of a long ASCII text, so every word and tail path is covered.
  const std::string base(100, 'a');
  for (std::size_t i = 0; i < base.size(); ++i) {
    std::string s = base;
    s[i] = static_cast<char>(0xE9);
    EXPECT_FALSE(IsAscii(s)) << i;
    EXPECT_TRUE(IsAscii(std::string_view(s).substr(0, i))) << i;
  }
  EXPECT_TRUE(IsAscii(Bytes({0x7F, 0x00, 0x01})));
}

TEST(Charset, ValidUtf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Caf\xC3\xA9"));       // é
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below surrogates
  EXPECT_TRUE(IsValidUtf8(std::string(40, 'x') + "\xC3\xA9" + std::string(40, 'y')));
}

TEST(Charset, InvalidUtf8IsFoundAtItsOffset) {
  EXPECT_EQ(FindInvalidUtf8("Caf\xE9"), 3u);           // windows-1252 é
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);            // stray continuation
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xC1\xBF"), 0u);          // overlong
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);      // overlong 3-byte
  EXPECT_EQ(FindInvalidUtf8("\xF0\x80\x80\xAF"), 0u);  // overlong 4-byte
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);     // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);  // truncated
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82x"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xFF"), 0u);
  EXPECT_EQ(FindInvalidUtf8(std::string(37, 'a') + "\xC3"), 37u);
  EXPECT_FALSE(IsValidUtf8("Caf\xE9"));
}

TEST(Charset, TruncateUtf8NeverSplitsASequence) {
  EXPECT_EQ(TruncateUtf8("abc", 5), "abc");
  EXPECT_EQ(TruncateUtf8("abcdef", 3), "abc");
  EXPECT_EQ(TruncateUtf8("ab\xC3\xA9", 3), "ab");  // é would be split
  EXPECT_EQ(TruncateUtf8("ab\xC3\xA9", 4), "ab\xC3\xA9");
  EXPECT_EQ(TruncateUtf8("a\xE2\x82\xAC", 2), "a");  // € would be split after 1 byte
  EXPECT_EQ(TruncateUtf8("a\xE2\x82\xAC", 3), "a");
  EXPECT_EQ(TruncateUtf8("\xF0\x9F\x98\x80x", 4), "\xF0\x9F\x98\x80");
  EXPECT_EQ(TruncateUtf8("abc", 0), "");
}

TEST(Charset, Windows1252ToUtf8CoversTheWholeTable) {
  std::string out;
  AppendWindows1252AsUtf8("Caf\xE9 \x80 \x93quoted\x94 \x99", out);
  EXPECT_EQ(out, "Caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x84\xA2");

  // Every byte converts to valid UTF-8; the five undefined ones become U+FFFD; 0xA0..0xFF are
  // Latin-1; ASCII is unchanged.
  for (int b = 0; b < 256; ++b) {
    std::string one;
    AppendWindows1252AsUtf8(std::string(1, static_cast<char>(b)), one);
    EXPECT_TRUE(IsValidUtf8(one)) << b;
    if (b < 0x80) {
      EXPECT_EQ(one, std::string(1, static_cast<char>(b)));
    } else if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
      EXPECT_EQ(one, "\xEF\xBF\xBD") << b;
    } else if (b >= 0xA0) {
      EXPECT_EQ(one, Bytes({0xC0 | (b >> 6), 0x80 | (b & 0x3F)})) << b;
    } else {
      EXPECT_EQ(DecodeOne(one), kCp1252C1[b - 0x80]) << b;
    }
  }
  std::string s;
  AppendWindows1252AsUtf8("\x8A\x9F\x83\x88", s);  // Š Ÿ ƒ ˆ
  EXPECT_EQ(s, "\xC5\xA0\xC5\xB8\xC6\x92\xCB\x86");
  std::string appended = "keep:";
  AppendWindows1252AsUtf8("ok", appended);
  EXPECT_EQ(appended, "keep:ok");
}

TEST(Charset, RandomBytesConvertToValidUtf8AndAsciiAgrees) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string s(rng() % 70, '\0');
    const bool mostly_ascii = round % 2 == 0;
    for (char& c : s) {
      const auto v = static_cast<unsigned char>(rng());
      c = static_cast<char>(mostly_ascii && rng() % 16 != 0 ? (v & 0x7F) : v);
    }
    std::string out;
    AppendWindows1252AsUtf8(s, out);
    ASSERT_TRUE(IsValidUtf8(out));
    bool ascii = true;
    for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    ASSERT_EQ(IsAscii(s), ascii);
    if (ascii) {
      ASSERT_EQ(out, s);
    }
  }
}

}  // namespace
}  // namespace fbaflow
