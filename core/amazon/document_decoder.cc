#include "core/amazon/document_decoder.h"

#include <zlib.h>

#include <array>

namespace fbaflow::amazon {

namespace {

constexpr std::size_t kInflateChunk = 64 * 1024;

enum class SeqCheck { kValid, kIncomplete, kInvalid };

// Checks the UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no surrogates, nothing
// above U+10FFFF). On kValid, *len is its length.
SeqCheck CheckSequence(std::string_view text, std::size_t i, std::size_t* len) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t need;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 < 0x80) {
    *len = 1;
    return SeqCheck::kValid;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return SeqCheck::kInvalid;
  }
  for (std::size_t k = 1; k < need; ++k) {
    if (i + k >= text.size()) return SeqCheck::kIncomplete;
    const auto b = static_cast<unsigned char>(text[i + k]);
    const unsigned char min = k == 1 ? lo : 0x80;
    const unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return SeqCheck::kInvalid;
  }
  *len = need;
  return SeqCheck::kValid;
}

}  // namespace

class DocumentDecoder::Impl {
 public:
  Impl(bool declared_gzip, Charset charset, Output output)
      : declared_gzip_(declared_gzip), charset_(charset), output_(std::move(output)) {}

  ~Impl() {
    if (inflating_) inflateEnd(&z_);
  }

  Status Feed(std::string_view bytes) {
    if (!error_.Ok()) return error_;
    bytes_in_ += bytes.size();
    if (mode_ == Mode::kSniffing) {
      sniff_.append(bytes);
      if (sniff_.size() < 2) return OkStatus();
      std::string held;
      held.swap(sniff_);
      RETURN_IF_ERROR(Fail(Start(held)));
      return OkStatus();
    }
    return Fail(Route(bytes));
  }

  Status Finish() {
    if (!error_.Ok()) return error_;
    if (mode_ == Mode::kSniffing) {
      std::string held;
      held.swap(sniff_);
      RETURN_IF_ERROR(Fail(Start(held)));
    }
    if (mode_ == Mode::kGzip && member_open_) {
      return Fail(DataLoss("gzip stream is truncated after " + std::to_string(bytes_in_) +
                           " stored bytes (" + std::to_string(text_in_) +
                           " bytes decompressed); the download was cut short"));
    }
    return Fail(FlushCarry());
  }

  bool WasGzip() const { return mode_ == Mode::kGzip; }
  bool Mismatch() const { return mode_ != Mode::kSniffing && WasGzip() != declared_gzip_; }

 private:
  enum class Mode { kSniffing, kGzip, kPlain };

  Status Fail(Status status) {
    if (!status.Ok() && error_.Ok()) error_ = status;
    return status;
  }

  Status Start(std::string_view first) {
    const bool magic = first.size() >= 2 && static_cast<unsigned char>(first[0]) == 0x1F &&
                       static_cast<unsigned char>(first[1]) == 0x8B;
    mode_ = magic ? Mode::kGzip : Mode::kPlain;
    return Route(first);
  }

  Status Route(std::string_view bytes) {
    if (mode_ == Mode::kPlain) return Text(bytes);
    return Inflate(bytes);
  }

  Status Inflate(std::string_view bytes) {
    std::array<unsigned char, kInflateChunk> out{};
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      if (!member_open_) {
        // A new gzip member (the first, or one concatenated after the previous end).
        if (!inflating_) {
          z_ = z_stream{};
          if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) return Internal("zlib init failed");
          inflating_ = true;
        } else if (inflateReset(&z_) != Z_OK) {
          return Internal("zlib reset failed");
        }
        member_open_ = true;
      }
      const std::size_t take = std::min<std::size_t>(bytes.size() - pos, 1u << 30);
      // zlib's API takes non-const input it never writes.
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + pos));
      z_.avail_in = static_cast<uInt>(take);
      int rc = Z_OK;
      for (;;) {
        z_.next_out = out.data();
        z_.avail_out = static_cast<uInt>(out.size());
        rc = inflate(&z_, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
          const uint64_t at = bytes_in_ - (bytes.size() - pos) + (take - z_.avail_in);
          return DataLoss("gzip data is corrupt near stored byte " + std::to_string(at) + ": " +
                          (z_.msg != nullptr ? z_.msg : "inflate failed"));
        }
        const std::size_t produced = out.size() - z_.avail_out;
        if (produced > 0) {
          RETURN_IF_ERROR(
              Text(std::string_view(reinterpret_cast<const char*>(out.data()), produced)));
        }
        if (rc == Z_STREAM_END) break;
        if (z_.avail_out != 0) break;  // all input consumed (or no progress possible)
      }
      const std::size_t consumed = take - z_.avail_in;
      pos += consumed;
      if (rc == Z_STREAM_END) {
        member_open_ = false;
      } else if (z_.avail_in > 0) {
        return DataLoss("gzip stream stalled at stored byte " + std::to_string(bytes_in_));
      }
    }
    return OkStatus();
  }

  Status Text(std::string_view bytes) {
    text_in_ += bytes.size();
    std::string out;
    if (charset_ == Charset::kWindows1252) {
      out.reserve(bytes.size() + bytes.size() / 8);
      AppendWindows1252AsUtf8(bytes, out);
      return Emit(out);
    }
    std::string joined;
    std::string_view text = bytes;
    if (!carry_.empty()) {
      joined = carry_ + std::string(bytes);
      carry_.clear();
      text = joined;
    }
    out.reserve(text.size());
    std::size_t run_start = 0;
    std::size_t i = 0;
    while (i < text.size()) {
      const auto b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        ++i;
        continue;
      }
      std::size_t len = 0;
      const SeqCheck check = CheckSequence(text, i, &len);
      if (check == SeqCheck::kValid) {
        i += len;
        continue;
      }
      out.append(text.substr(run_start, i - run_start));
      if (check == SeqCheck::kIncomplete) {
        carry_.assign(text.substr(i));
        run_start = i = text.size();
        break;
      }
      if (charset_ == Charset::kUtf8) {
        const uint64_t offset = text_in_ - text.size() + i;
        return DataLoss("document is not valid UTF-8 at byte " + std::to_string(offset) +
                        " of the decompressed text, although its Content-Type says UTF-8");
      }
      AppendWindows1252AsUtf8(text.substr(i, 1), out);
      run_start = ++i;
    }
    out.append(text.substr(run_start, i - run_start));
    return Emit(out);
  }

  Status FlushCarry() {
    if (carry_.empty()) return OkStatus();
    if (charset_ == Charset::kUtf8) {
      return DataLoss("document ends inside a UTF-8 sequence (byte " +
                      std::to_string(text_in_ - carry_.size()) + " of the decompressed text)");
    }
    std::string out;
    AppendWindows1252AsUtf8(carry_, out);
    carry_.clear();
    return Emit(out);
  }

  Status Emit(const std::string& out) {
    if (out.empty()) return OkStatus();
    return output_(out);
  }

  const bool declared_gzip_;
  const Charset charset_;
  Output output_;
  Mode mode_ = Mode::kSniffing;
  std::string sniff_;
  std::string carry_;  // an incomplete UTF-8 sequence at the end of the previous chunk
  z_stream z_{};
  bool inflating_ = false;
  bool member_open_ = false;
  uint64_t bytes_in_ = 0;
  uint64_t text_in_ = 0;
  Status error_;
};

DocumentDecoder::DocumentDecoder(bool declared_gzip, Charset charset, Output output)
    : impl_(std::make_unique<Impl>(declared_gzip, charset, std::move(output))) {}
DocumentDecoder::~DocumentDecoder() = default;
Status DocumentDecoder::Feed(std::string_view bytes) { return impl_->Feed(bytes); }
Status DocumentDecoder::Finish() { return impl_->Finish(); }
bool DocumentDecoder::WasGzip() const { return impl_->WasGzip(); }
bool DocumentDecoder::DeclaredGzipMismatch() const { return impl_->Mismatch(); }

Result<Charset> CharsetForLabel(std::string_view label) {
  if (label.empty()) return Charset::kAuto;
  const Charset charset = CharsetFromLabel(label);
  if (charset == Charset::kAuto) {
    return FailedPrecondition("the document's charset '" + std::string(label) +
                              "' is not one fbaflow can convert (UTF-8, windows-1252 and its "
                              "aliases)");
  }
  return charset;
}

Result<std::string> DecodeDocument(std::string_view stored, bool declared_gzip, Charset charset) {
  std::string text;
  DocumentDecoder decoder(declared_gzip, charset, [&text](std::string_view utf8) {
    text.append(utf8);
    return OkStatus();
  });
  RETURN_IF_ERROR(decoder.Feed(stored));
  RETURN_IF_ERROR(decoder.Finish());
  return text;
}

}  // namespace fbaflow::amazon
