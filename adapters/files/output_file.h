#pragma once
// OutputFile: where a command writes its result, chosen by what the path names.
//
//   "-" (or empty)              standard output, as the caller's shell set it up.
//   /dev/stdout, /dev/stderr,   that already open descriptor, written straight: never reopened
//   /dev/fd/N, /proc/self/fd/N  and never renamed over (a shell redirection keeps its file, its
//                               append mode and its offset).
//   a character device, a FIFO  opened and written straight (/dev/null stays a device).
//   a regular file, or a path   written to a temporary file beside the target, flushed to disk and
//   that does not exist yet     renamed over it on Commit, so a reader never sees half a file and a
//                               failed write leaves the old file as it was. A symbolic link is
//                               followed: the file it points to is replaced (keeping its
//                               permissions) and the link stays.
//   anything else               refused at Open (a directory, a block device, a socket).
//
// Errors: Open returns kInvalidArgument naming the path when it cannot be written there; Write
// and Commit return kDataLoss naming the path and the system's reason ("No space left on
// device") when a write fails. Dropping an uncommitted OutputFile removes its temporary file.
// Thread safety: one thread at a time.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace fbaflow {

class FdStreamBuf;

class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> Open(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& Stream();
  // Writes `bytes`; kDataLoss once a write has failed.
  Status Write(std::string_view bytes);
  // Flushes and, for a replaced file, syncs it and renames the temporary file over the target.
  Status Commit();
  // The path as given ("standard output" for "-"), for messages.
  const std::string& Name() const { return name_; }

 private:
  OutputFile();
  Status WriteError() const;

  std::string name_;
  std::string target_;    // the file replaced on Commit (links resolved); empty: written straight
  std::string tmp_path_;  // the temporary file beside target_
  int fd_ = -1;
  bool owned_fd_ = false;  // fd_ is ours to close
  std::unique_ptr<FdStreamBuf> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

// A file a command reads or writes, and what it is to the command in words for messages ("the
// settlement report", "-o", "--audit").
struct CommandFile {
  std::string path;  // "-": standard input for an input, standard output for an output
  std::string role;
  bool output = false;
};

// kInvalidArgument, naming both paths, when an output is the same file as an input or as another
// output: the same device and inode (through links, "./x" and "x", hard links), or, for outputs
// that do not exist yet, the same path once links and "." and ".." are resolved. Character
// devices (/dev/null, a terminal) may be shared.
Status CheckOutputsAreDistinct(const std::vector<CommandFile>& files);

// Reads a whole (small) file, such as a rules file, with FileSource: kNotFound / kPermissionDenied
// with the path, kInvalidArgument for a directory ("PATH: is a directory").
Result<std::string> ReadSmallFile(const std::string& path);

}  // namespace fbaflow
