#include "core/amazon/document_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/gzip.h"

namespace fbaflow::amazon {
namespace {

using fbaflow::testing::Gzip;
using ::testing::HasSubstr;

// "Café – 5 €" in windows-1252: é=E9, en dash=96, euro=80.
const std::string kCp1252 = "Caf\xE9 \x96 5 \x80\n";
const std::string kUtf8 = "Caf\xC3\xA9 \xE2\x80\x93 5 \xE2\x82\xAC\n";

// Feeds `stored` in chunks of `chunk` bytes and collects the output.
Result<std::string> DecodeChunked(std::string_view stored, bool gzip, Charset charset,
                                  std::size_t chunk) {
  std::string text;
  DocumentDecoder decoder(gzip, charset, [&text](std::string_view utf8) {
    text.append(utf8);
    return OkStatus();
  });
  for (std::size_t i = 0; i < stored.size(); i += chunk) {
    RETURN_IF_ERROR(decoder.Feed(stored.substr(i, chunk)));
  }
  RETURN_IF_ERROR(decoder.Finish());
  return text;
}

TEST(DocumentDecoderTest, Windows1252BecomesUtf8) {
  const auto text = DecodeDocument(kCp1252, false, Charset::kWindows1252);
  ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
  EXPECT_EQ(*text, kUtf8);
}

TEST(DocumentDecoderTest, GzippedWindows1252InTinyChunks) {
  std::string big;
  for (int i = 0; i < 5000; ++i) big += kCp1252;
  const std::string stored = Gzip(big);
  std::string expected;
  for (int i = 0; i < 5000; ++i) expected += kUtf8;
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, stored.size()}) {
    const auto text = DecodeChunked(stored, true, Charset::kWindows1252, chunk);
    ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
    EXPECT_EQ(*text, expected) << "chunk " << chunk;
  }
}

TEST(DocumentDecoderTest, Utf8PassesThroughWhateverTheChunking) {
  for (std::size_t chunk = 1; chunk <= kUtf8.size(); ++chunk) {
    const auto text = DecodeChunked(kUtf8, false, Charset::kUtf8, chunk);
    ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
    EXPECT_EQ(*text, kUtf8);
  }
}

TEST(DocumentDecoderTest, InvalidUtf8UnderUtf8IsDataLossWithTheOffset) {
  const auto text = DecodeDocument("ok\xE9 bad", false, Charset::kUtf8);
  ASSERT_FALSE(text.Ok());
  EXPECT_EQ(text.GetStatus().Code(), StatusCode::kDataLoss);
  EXPECT_THAT(text.GetStatus().Message(), HasSubstr("not valid UTF-8 at byte 2"));
}

TEST(DocumentDecoderTest, TruncatedUtf8AtTheEndIsDataLoss) {
  const auto text = DecodeDocument("ok\xE2\x82", false, Charset::kUtf8);
  ASSERT_FALSE(text.Ok());
  EXPECT_EQ(text.GetStatus().Code(), StatusCode::kDataLoss);
  EXPECT_THAT(text.GetStatus().Message(), HasSubstr("ends inside a UTF-8 sequence"));
}

TEST(DocumentDecoderTest, AutoKeepsUtf8AndReadsOtherBytesAsWindows1252) {
  const std::string mixed = "\xC3\xA9|\xE9|\xE2\x82\xAC|\x80";
  const std::string expected = "\xC3\xA9|\xC3\xA9|\xE2\x82\xAC|\xE2\x82\xAC";
  for (std::size_t chunk = 1; chunk <= mixed.size(); ++chunk) {
    const auto text = DecodeChunked(mixed, false, Charset::kAuto, chunk);
    ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
    EXPECT_EQ(*text, expected) << "chunk " << chunk;
  }
}

TEST(DocumentDecoderTest, RecognisesGzipByItsMagicNotByTheDeclaration) {
  std::string text;
  DocumentDecoder undeclared(false, Charset::kUtf8, [&text](std::string_view utf8) {
    text.append(utf8);
    return OkStatus();
  });
  ASSERT_TRUE(undeclared.Feed(Gzip("a\tb\n")).Ok());
  ASSERT_TRUE(undeclared.Finish().Ok());
  EXPECT_EQ(text, "a\tb\n");
  EXPECT_TRUE(undeclared.WasGzip());
  EXPECT_TRUE(undeclared.DeclaredGzipMismatch());

  text.clear();
  DocumentDecoder already_inflated(true, Charset::kUtf8, [&text](std::string_view utf8) {
    text.append(utf8);
    return OkStatus();
  });
  ASSERT_TRUE(already_inflated.Feed("a\tb\n").Ok());
  ASSERT_TRUE(already_inflated.Finish().Ok());
  EXPECT_EQ(text, "a\tb\n");
  EXPECT_FALSE(already_inflated.WasGzip());
  EXPECT_TRUE(already_inflated.DeclaredGzipMismatch());
}

TEST(DocumentDecoderTest, ReadsConcatenatedGzipMembers) {
  const auto text = DecodeDocument(Gzip("first\n") + Gzip("second\n"), true, Charset::kUtf8);
  ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
  EXPECT_EQ(*text, "first\nsecond\n");
}

TEST(DocumentDecoderTest, TruncatedGzipIsDataLoss) {
  std::string big(100000, 'x');
  const std::string stored = Gzip(big);
  const auto text = DecodeDocument(stored.substr(0, stored.size() / 2), true, Charset::kUtf8);
  ASSERT_FALSE(text.Ok());
  EXPECT_EQ(text.GetStatus().Code(), StatusCode::kDataLoss);
  EXPECT_THAT(text.GetStatus().Message(), HasSubstr("truncated"));
}

TEST(DocumentDecoderTest, CorruptGzipIsDataLoss) {
  std::string stored = Gzip(std::string(1000, 'y'));
  stored[12] = static_cast<char>(stored[12] ^ 0x5A);
  stored[13] = static_cast<char>(stored[13] ^ 0x5A);
  const auto text = DecodeDocument(stored, true, Charset::kUtf8);
  ASSERT_FALSE(text.Ok());
  EXPECT_EQ(text.GetStatus().Code(), StatusCode::kDataLoss);
  EXPECT_THAT(text.GetStatus().Message(), HasSubstr("gzip"));
}

TEST(DocumentDecoderTest, OutputErrorStopsDecoding) {
  DocumentDecoder decoder(false, Charset::kUtf8,
                          [](std::string_view) { return Cancelled("reader stopped"); });
  const Status first = decoder.Feed("some text");
  EXPECT_EQ(first.Code(), StatusCode::kCancelled);
  EXPECT_EQ(decoder.Feed("more").Code(), StatusCode::kCancelled);
}

TEST(DocumentDecoderTest, CharsetLabelsFromContentType) {
  EXPECT_EQ(*CharsetForLabel(""), Charset::kAuto);
  EXPECT_EQ(*CharsetForLabel("windows-1252"), Charset::kWindows1252);
  EXPECT_EQ(*CharsetForLabel("Cp1252"), Charset::kWindows1252);
  EXPECT_EQ(*CharsetForLabel("UTF-8"), Charset::kUtf8);
  const auto sjis = CharsetForLabel("Shift_JIS");
  ASSERT_FALSE(sjis.Ok());
  EXPECT_EQ(sjis.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(sjis.GetStatus().Message(), HasSubstr("'Shift_JIS'"));
}

TEST(DocumentDecoderTest, EmptyDocumentIsEmptyText) {
  const auto text = DecodeDocument("", false, Charset::kWindows1252);
  ASSERT_TRUE(text.Ok());
  EXPECT_EQ(*text, "");
}

}  // namespace
}  // namespace fbaflow::amazon
