#include "adapters/files/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <streambuf>

#include "adapters/files/file_source.h"

namespace fbaflow {

namespace fs = std::filesystem;

// A stream buffer over a file descriptor that keeps the first write error's errno, which an
// ofstream forgets.
class FdStreamBuf final : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd), buffer_(kBufferBytes) { ResetPut(); }
  int Error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  static constexpr std::size_t kBufferBytes = std::size_t{64} << 10;

  void ResetPut() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

  bool Drain() {
    const char* p = pbase();
    auto left = static_cast<std::size_t>(pptr() - pbase());
    ResetPut();
    if (error_ != 0) return false;
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    return true;
  }

  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

namespace {

constexpr int kMaxLinkHops = 40;

// The descriptor an already open path stands for: /dev/stdout, /dev/stderr, /dev/fd/N,
// /proc/self/fd/N (and /dev/stdin, which is no place to write but is still a descriptor).
std::optional<int> SelfDescriptor(std::string_view path) {
  if (path == "/dev/stdin") return STDIN_FILENO;
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (std::string_view prefix :
       {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/")}) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view digits = path.substr(prefix.size());
    int fd = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return fd;
  }
  return std::nullopt;
}

// `path` with every symbolic link in its last component followed, even to a file that does not
// exist yet: the file a write through the link lands in.
Result<fs::path> FollowLinks(const std::string& path) {
  fs::path p = path;
  for (int hops = 0;; ++hops) {
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(p, ec);
    if (ec || !fs::is_symlink(status)) return p;
    if (hops == kMaxLinkHops) return InvalidArgument(path + ": too many levels of symbolic links");
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) return InvalidArgument(path + ": " + ec.message());
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
}

std::string ErrnoText(int err) { return std::strerror(err); }

}  // namespace

OutputFile::OutputFile() = default;

OutputFile::~OutputFile() {
  stream_.reset();
  buffer_.reset();
  if (owned_fd_ && fd_ >= 0) ::close(fd_);
  if (!committed_ && !tmp_path_.empty()) ::unlink(tmp_path_.c_str());
}

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  std::unique_ptr<OutputFile> out(new OutputFile());
  out->name_ = path;
  std::optional<int> fd;
  if (path == "-" || path.empty()) {
    out->name_ = "standard output";
    fd = STDOUT_FILENO;
  } else {
    fd = SelfDescriptor(path);
  }
  if (fd) {
    if (::fcntl(*fd, F_GETFL) < 0) {
      return InvalidArgument(out->name_ + ": cannot write: descriptor " + std::to_string(*fd) +
                             " is not open");
    }
    std::cout.flush();  // what the program printed before comes first
    out->fd_ = *fd;
  } else {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) return InvalidArgument(path + ": cannot write: is a directory");
      if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
        out->fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (out->fd_ < 0) return InvalidArgument(path + ": cannot write: " + ErrnoText(errno));
        out->owned_fd_ = true;
      } else if (!S_ISREG(st.st_mode)) {
        return InvalidArgument(path +
                               ": cannot write: not a regular file, character device or FIFO");
      }
    } else if (errno != ENOENT) {
      return InvalidArgument(path + ": cannot write: " + ErrnoText(errno));
    }
    if (!out->owned_fd_) {
      // A regular file, or one to create: replaced atomically, through any links.
      ASSIGN_OR_RETURN(const fs::path target, FollowLinks(path));
      out->target_ = target.string();
      out->tmp_path_ = out->target_ + ".tmp-" + std::to_string(::getpid());
      const auto mode = static_cast<mode_t>(S_ISREG(st.st_mode) ? (st.st_mode & 07777) : 0666);
      const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
      out->fd_ = ::open(out->tmp_path_.c_str(), flags, mode);
      if (out->fd_ < 0 && errno == EEXIST) {  // left by an earlier run that had this pid
        ::unlink(out->tmp_path_.c_str());
        out->fd_ = ::open(out->tmp_path_.c_str(), flags, mode);
      }
      if (out->fd_ < 0) {
        const int err = errno;
        out->tmp_path_.clear();
        return InvalidArgument(path + ": cannot write: " + ErrnoText(err));
      }
      out->owned_fd_ = true;
      // The old file's permissions, not the umask's: a replaced file keeps who may read it.
      if (S_ISREG(st.st_mode)) (void)::fchmod(out->fd_, mode);
    }
  }
  out->buffer_ = std::make_unique<FdStreamBuf>(out->fd_);
  out->stream_ = std::make_unique<std::ostream>(out->buffer_.get());
  return out;
}

std::ostream& OutputFile::Stream() { return *stream_; }

Status OutputFile::WriteError() const {
  const int err = buffer_->Error();
  return DataLoss(name_ + ": write failed" + (err != 0 ? ": " + ErrnoText(err) : std::string()));
}

Status OutputFile::Write(std::string_view bytes) {
  stream_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return *stream_ ? OkStatus() : WriteError();
}

Status OutputFile::Commit() {
  if (committed_) return OkStatus();
  stream_->flush();
  if (!*stream_) return WriteError();
  if (target_.empty()) {
    committed_ = true;
    if (owned_fd_) {
      owned_fd_ = false;
      if (::close(fd_) != 0) return DataLoss(name_ + ": write failed: " + ErrnoText(errno));
    }
    return OkStatus();
  }
  // On disk before the rename, so that a crash leaves the old file or the whole new one.
  if (::fsync(fd_) != 0) return DataLoss(name_ + ": write failed: " + ErrnoText(errno));
  owned_fd_ = false;
  if (::close(fd_) != 0) return DataLoss(name_ + ": write failed: " + ErrnoText(errno));
  if (std::rename(tmp_path_.c_str(), target_.c_str()) != 0) {
    return DataLoss(name_ + ": cannot replace: " + ErrnoText(errno));
  }
  committed_ = true;
  return OkStatus();
}

namespace {

// What identifies a file for CheckOutputsAreDistinct.
struct FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  bool shareable = false;  // a character device
  std::string resolved;    // for a file that does not exist yet
};

FileIdentity IdentityOf(const CommandFile& file) {
  FileIdentity id;
  struct stat st {};
  int rc = -1;
  if (file.path == "-") {
    rc = ::fstat(file.output ? STDOUT_FILENO : STDIN_FILENO, &st);
  } else if (const std::optional<int> fd = SelfDescriptor(file.path)) {
    rc = ::fstat(*fd, &st);
  } else {
    rc = ::stat(file.path.c_str(), &st);
  }
  if (rc == 0) {
    id.exists = true;
    id.device = st.st_dev;
    id.inode = st.st_ino;
    id.shareable = S_ISCHR(st.st_mode);
    return id;
  }
  auto followed = FollowLinks(file.path);
  std::error_code ec;
  const fs::path resolved =
      followed.Ok() ? fs::weakly_canonical(fs::absolute(*followed, ec), ec) : fs::path();
  id.resolved = ec ? file.path : resolved.string();
  return id;
}

bool SameFile(const FileIdentity& a, const FileIdentity& b) {
  if (a.exists != b.exists) return false;
  if (a.exists) return !a.shareable && a.device == b.device && a.inode == b.inode;
  return a.resolved == b.resolved;
}

}  // namespace

Status CheckOutputsAreDistinct(const std::vector<CommandFile>& files) {
  std::vector<FileIdentity> ids;
  ids.reserve(files.size());
  for (const CommandFile& file : files) ids.push_back(IdentityOf(file));
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!files[i].output) continue;
    for (std::size_t j = 0; j < files.size(); ++j) {
      if (j == i || (files[j].output && j > i) || !SameFile(ids[i], ids[j])) continue;
      return InvalidArgument(files[i].role + " " + files[i].path + " is the same file as " +
                             files[j].role + " " + files[j].path +
                             ": refusing to write over it; choose another output");
    }
  }
  return OkStatus();
}

Result<std::string> ReadSmallFile(const std::string& path) {
  // The report's own reader: the same messages for a missing file, a directory, a read error.
  ASSIGN_OR_RETURN(const auto source, FileSource::Open(path));
  std::string text;
  std::vector<char> chunk(std::size_t{64} << 10);
  for (;;) {
    ASSIGN_OR_RETURN(const std::size_t n, source->Read(chunk.data(), chunk.size()));
    if (n == 0) return text;
    text.append(chunk.data(), n);
  }
}

}  // namespace fbaflow
