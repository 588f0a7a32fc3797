// libFuzzer target for DocumentDecoder (build with the `fuzz` preset; replayed over its checked-in
// corpus by CTest in every test build). Byte 0 picks the declared compression and the charset;
// byte 1 seeds the chunk sizes; the rest is the stored document (gzip or not). Checks:
//   - no crash, hang or undefined behaviour, and memory bounded by the chunks;
//   - decoding in random chunks gives exactly the text and the status of decoding it whole;
//   - what comes out is valid UTF-8;
//   - kWindows1252 and kAuto never fail on plain (non-gzip) bytes;
//   - a failure is kDataLoss.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>

#include "core/amazon/document_decoder.h"
#include "core/text/charset.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "document_decoder_fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fbaflow;
  using fbaflow::amazon::DecodeDocument;
  using fbaflow::amazon::DocumentDecoder;
  if (size < 2) return 0;
  const bool declared_gzip = (data[0] & 1) != 0;
  const auto charset = static_cast<Charset>((data[0] >> 1) % 3);
  const std::string_view stored(reinterpret_cast<const char*>(data) + 2, size - 2);

  const Result<std::string> whole = DecodeDocument(stored, declared_gzip, charset);
  if (whole.Ok()) {
    if (!IsValidUtf8(*whole)) Fail("output is not UTF-8", *whole);
  } else if (whole.GetStatus().Code() != StatusCode::kDataLoss) {
    Fail("failure is not kDataLoss", whole.GetStatus().ToString());
  }
  const bool gzip = stored.size() >= 2 && static_cast<unsigned char>(stored[0]) == 0x1f &&
                    static_cast<unsigned char>(stored[1]) == 0x8b;
  if (!gzip && charset != Charset::kUtf8 && !whole.Ok()) {
    Fail("plain bytes refused under a converting charset", whole.GetStatus().ToString());
  }

  std::string chunked_text;
  DocumentDecoder decoder(declared_gzip, charset, [&](std::string_view utf8) {
    chunked_text.append(utf8);
    return Status();
  });
  std::minstd_rand rng(data[1] + 1u);
  Status status;
  std::size_t at = 0;
  while (at < stored.size() && status.Ok()) {
    const std::size_t n = std::min<std::size_t>(stored.size() - at, 1 + rng() % 64);
    status = decoder.Feed(stored.substr(at, n));
    at += n;
  }
  if (status.Ok()) status = decoder.Finish();
  if (status.Ok() != whole.Ok()) {
    Fail("chunked status differs from whole",
         status.ToString() + " vs " + (whole.Ok() ? "ok" : whole.GetStatus().ToString()));
  }
  if (whole.Ok() && chunked_text != *whole) Fail("chunked text differs from whole", chunked_text);
  return 0;
}
