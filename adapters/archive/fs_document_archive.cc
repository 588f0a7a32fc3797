#include "adapters/archive/fs_document_archive.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text/percent_encoding.h"

namespace fbaflow {

namespace {

namespace fs = std::filesystem;

Status IoError(std::string_view what, const fs::path& path, int err) {
  return Unavailable(std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

bool ValidKind(std::string_view kind) {
  if (kind.empty() || kind.size() > 64) return false;
  for (char c : kind) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string Hex(const unsigned char* data, unsigned int size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0x0F]);
  }
  return out;
}

Status WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return OkStatus();
}

Status SyncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open folder", dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("cannot sync folder", dir, err);
  return OkStatus();
}

Status WriteFileAtomically(const fs::path& final_path, std::string_view bytes) {
  static std::atomic<unsigned> counter{0};
  const fs::path tmp =
      final_path.parent_path() / (".tmp-" + final_path.filename().string() + "-" +
                                  std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return IoError("cannot create", tmp, errno);
  Status s = WriteAll(fd, bytes, tmp);
  if (s.Ok() && ::fsync(fd) != 0) s = IoError("cannot sync", tmp, errno);
  ::close(fd);
  if (s.Ok() && ::rename(tmp.c_str(), final_path.c_str()) != 0) {
    s = IoError("cannot rename into", final_path, errno);
  }
  if (!s.Ok()) ::unlink(tmp.c_str());
  return s;
}

Result<ArchivedDocument> LoadMeta(const fs::path& meta_path, const fs::path& data_path,
                                  const ArchiveKey& key) {
  std::ifstream in(meta_path);
  if (!in) return NotFound("no metadata at " + meta_path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return DataLoss("archive metadata " + meta_path.string() + " is not valid JSON");
  }
  ArchivedDocument doc;
  doc.key = key;
  doc.location = data_path.string();
  doc.size = j.value("size", uint64_t{0});
  doc.sha256 = j.value("sha256", std::string());
  doc.metadata.source = j.value("source", std::string());
  doc.metadata.content_type = j.value("content_type", std::string());
  doc.metadata.compression = j.value("compression", std::string());
  doc.metadata.fetched_at = j.value("fetched_at", std::string());
  doc.metadata.note = j.value("note", std::string());
  return doc;
}

class FsWriter final : public ArchiveWriter {
 public:
  FsWriter(fs::path dir, std::string stem, ArchiveKey key)
      : dir_(std::move(dir)), stem_(std::move(stem)), key_(std::move(key)) {}

  ~FsWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
    EVP_MD_CTX_free(sha_);
  }

  Status Begin() {
    static std::atomic<unsigned> counter{0};
    tmp_ = dir_ / (".tmp-" + stem_ + ".raw-" + std::to_string(::getpid()) + "-" +
                   std::to_string(counter++));
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd_ < 0) return IoError("cannot create", tmp_, errno);
    sha_ = EVP_MD_CTX_new();
    if (sha_ == nullptr || EVP_DigestInit_ex(sha_, EVP_sha256(), nullptr) != 1) {
      return Internal("SHA-256 initialisation failed");
    }
    return OkStatus();
  }

  Status Write(std::string_view bytes) override {
    if (fd_ < 0) return FailedPrecondition("archive writer is closed");
    RETURN_IF_ERROR(WriteAll(fd_, bytes, tmp_));
    EVP_DigestUpdate(sha_, bytes.data(), bytes.size());
    size_ += bytes.size();
    return OkStatus();
  }

  Result<ArchivedDocument> Commit(const DocumentMetadata& metadata) override {
    metadata_ = metadata;
    if (fd_ < 0) return FailedPrecondition("archive writer is closed");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_DigestFinal_ex(sha_, digest, &digest_len);
    const int rc = ::fsync(fd_);
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (rc != 0) return IoError("cannot sync", tmp_, err);

    ArchivedDocument doc;
    doc.key = key_;
    doc.metadata = metadata_;
    doc.size = size_;
    doc.sha256 = Hex(digest, digest_len);
    const fs::path data_path = dir_ / (stem_ + ".raw");
    const fs::path meta_path = dir_ / (stem_ + ".json");
    doc.location = data_path.string();

    std::error_code ec;
    if (fs::exists(meta_path, ec) && fs::exists(data_path, ec)) {
      auto existing = LoadMeta(meta_path, data_path, key_);
      if (existing.Ok()) {
        ::unlink(tmp_.c_str());
        committed_ = true;
        if (existing->sha256 == doc.sha256) return std::move(existing).Value();
        return AlreadyExists("archive already holds a different " + key_.kind + " document " +
                             key_.id + " (sha256 " + existing->sha256 + ", new " + doc.sha256 +
                             ")");
      }
    }
    if (::rename(tmp_.c_str(), data_path.c_str()) != 0) {
      return IoError("cannot rename into", data_path, errno);
    }
    committed_ = true;
    const nlohmann::json meta = {
        {"kind", key_.kind},
        {"id", key_.id},
        {"size", doc.size},
        {"sha256", doc.sha256},
        {"source", metadata_.source},
        {"content_type", metadata_.content_type},
        {"compression", metadata_.compression},
        {"fetched_at", metadata_.fetched_at},
        {"note", metadata_.note},
    };
    RETURN_IF_ERROR(WriteFileAtomically(meta_path, meta.dump(2) + "\n"));
    RETURN_IF_ERROR(SyncDir(dir_));
    return doc;
  }

 private:
  fs::path dir_;
  std::string stem_;
  ArchiveKey key_;
  DocumentMetadata metadata_;
  fs::path tmp_;
  int fd_ = -1;
  EVP_MD_CTX* sha_ = nullptr;
  uint64_t size_ = 0;
  bool committed_ = false;
};

}  // namespace

Result<std::unique_ptr<FsDocumentArchive>> FsDocumentArchive::Open(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Unavailable("cannot create archive folder " + root.string() + ": " + ec.message());
  return std::unique_ptr<FsDocumentArchive>(new FsDocumentArchive(root));
}

namespace {

// The writer's pid in a temporary name ".tmp-<name>-<pid>-<counter>"; 0 when there is none.
int64_t TempOwner(const std::string& name) {
  const std::size_t last = name.rfind('-');
  if (last == std::string::npos || last == 0) return 0;
  const std::size_t before = name.rfind('-', last - 1);
  if (before == std::string::npos) return 0;
  const std::string pid = name.substr(before + 1, last - before - 1);
  if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoll(pid);
}

bool ProcessRuns(int64_t pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH);
}

}  // namespace

Result<int> FsDocumentArchive::RemoveStaleTemporaries(std::chrono::seconds max_age) {
  int removed = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (const fs::directory_entry& kind : fs::directory_iterator(root_, ec)) {
    if (!kind.is_directory(ec)) continue;
    std::error_code list_ec;
    for (const fs::directory_entry& f : fs::directory_iterator(kind.path(), list_ec)) {
      const std::string name = f.path().filename().string();
      if (!name.starts_with(".tmp-") || !f.is_regular_file(ec)) continue;
      const auto written = f.last_write_time(ec);
      const bool old = !ec && now - written > max_age;
      const int64_t pid = TempOwner(name);
      if (!old && (pid == 0 || ProcessRuns(pid))) continue;
      if (fs::remove(f.path(), ec)) ++removed;
    }
    if (list_ec) {
      return Unavailable("cannot list archive folder " + kind.path().string() + ": " +
                         list_ec.message());
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Unavailable("cannot list archive folder " + root_.string() + ": " + ec.message());
  }
  return removed;
}

std::string FsDocumentArchive::SafeName(std::string_view id) {
  // Letters, digits, '-', '_' and '.' stay; a leading '.' is encoded so no name is hidden or "..".
  std::string out = PercentEncode(id, "-_.");
  if (!out.empty() && out.front() == '.') out.replace(0, 1, "%2E");
  return out;
}

Result<fs::path> FsDocumentArchive::KindDir(const ArchiveKey& key, bool create) {
  if (!ValidKind(key.kind)) {
    return InvalidArgument("archive kind '" + key.kind + "' must match [a-z0-9_-]{1,64}");
  }
  if (key.id.empty()) return InvalidArgument("archive id is empty");
  fs::path dir = root_ / key.kind;
  if (create) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
      return Unavailable("cannot create archive folder " + dir.string() + ": " + ec.message());
  }
  return dir;
}

Result<std::unique_ptr<ArchiveWriter>> FsDocumentArchive::Create(const ArchiveKey& key) {
  ASSIGN_OR_RETURN(fs::path dir, KindDir(key, /*create=*/true));
  auto writer = std::make_unique<FsWriter>(dir, SafeName(key.id), key);
  RETURN_IF_ERROR(writer->Begin());
  return std::unique_ptr<ArchiveWriter>(std::move(writer));
}

Result<std::optional<ArchivedDocument>> FsDocumentArchive::Find(const ArchiveKey& key) {
  ASSIGN_OR_RETURN(fs::path dir, KindDir(key, /*create=*/false));
  const std::string stem = SafeName(key.id);
  const fs::path data_path = dir / (stem + ".raw");
  const fs::path meta_path = dir / (stem + ".json");
  std::error_code ec;
  if (!fs::exists(data_path, ec) || !fs::exists(meta_path, ec)) {
    return std::optional<ArchivedDocument>();
  }
  ASSIGN_OR_RETURN(ArchivedDocument doc, LoadMeta(meta_path, data_path, key));
  return std::optional<ArchivedDocument>(std::move(doc));
}

Status FsDocumentArchive::Read(const ArchivedDocument& document,
                               const std::function<Status(std::string_view)>& chunk) {
  const fs::path path = document.location;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path, errno);
  std::string buffer(256 * 1024, '\0');
  Status status;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      status = IoError("cannot read", path, errno);
      break;
    }
    if (n == 0) break;
    status = chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (!status.Ok()) break;
  }
  ::close(fd);
  return status;
}

}  // namespace fbaflow
