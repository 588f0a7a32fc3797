// OutputFile on every kind of path a user may name: regular files (replaced atomically), links
// (written through), FIFOs and descriptors (written straight, never replaced), write errors
// (reported, the old file kept), and outputs that are inputs or each other (refused).
#include "adapters/files/output_file.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "adapters/testing/temp_dir.h"

namespace fbaflow {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Put(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

Status WriteAll(const std::string& path, const std::string& text) {
  auto out = OutputFile::Open(path);
  if (!out.Ok()) return out.GetStatus();
  RETURN_IF_ERROR((*out)->Write(text));
  return (*out)->Commit();
}

TEST(OutputFileTest, ARegularFileIsReplacedOnlyOnCommit) {
  testing::TempDir dir;
  const fs::path path = dir.Path() / "journal.json";
  Put(path, "old");
  ::chmod(path.c_str(), 0640);
  {
    auto out = OutputFile::Open(path.string());
    ASSERT_TRUE(out.Ok()) << out.GetStatus().ToString();
    ASSERT_TRUE((*out)->Write("new").Ok());
    EXPECT_EQ(Slurp(path), "old");  // a reader never sees half a file
    ASSERT_TRUE((*out)->Commit().Ok());
  }
  EXPECT_EQ(Slurp(path), "new");
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  {
    auto dropped = OutputFile::Open(path.string());
    ASSERT_TRUE(dropped.Ok());
    ASSERT_TRUE((*dropped)->Write("never committed").Ok());
  }
  EXPECT_EQ(Slurp(path), "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.Path()), fs::directory_iterator()), 1)
      << "no temporary file is left behind";
}

TEST(OutputFileTest, ASymbolicLinkIsWrittenThroughNotReplaced) {
  testing::TempDir dir;
  fs::create_directories(dir.Path() / "real");
  const fs::path target = dir.Path() / "real" / "out.json";
  Put(target, "old");
  const fs::path link = dir.Path() / "link.json";
  fs::create_symlink("real/out.json", link);
  ASSERT_TRUE(WriteAll(link.string(), "through the link").Ok());
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(Slurp(target), "through the link");

  // A link to a file that does not exist yet creates that file.
  const fs::path dangling = dir.Path() / "dangling.json";
  fs::create_symlink("real/new.json", dangling);
  ASSERT_TRUE(WriteAll(dangling.string(), "created").Ok());
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dangling)));
  EXPECT_EQ(Slurp(dir.Path() / "real" / "new.json"), "created");
}

TEST(OutputFileTest, AFifoIsWrittenStraightAndStaysAFifo) {
  testing::TempDir dir;
  const fs::path fifo = dir.Path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = Slurp(fifo); });
  const Status written = WriteAll(fifo.string(), "through the pipe");
  reader.join();
  ASSERT_TRUE(written.Ok()) << written.ToString();
  EXPECT_EQ(received, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fs::status(fifo)));
}

TEST(OutputFileTest, ADescriptorPathIsTheOpenDescriptorNeverReopened) {
  testing::TempDir dir;
  const fs::path path = dir.Path() / "redirected.txt";
  Put(path, "kept:");
  // As a shell's `>>` would leave it: open for appending, at the end.
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  for (const std::string prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    ASSERT_TRUE(WriteAll(prefix + std::to_string(fd), prefix).Ok());
  }
  ::close(fd);
  EXPECT_EQ(Slurp(path), "kept:/dev/fd//proc/self/fd/");
  struct stat after {};
  ::stat(path.c_str(), &after);
  EXPECT_EQ(after.st_ino, before.st_ino) << "the file was replaced, not written";

  const auto closed = OutputFile::Open("/dev/fd/987");
  ASSERT_FALSE(closed.Ok());
  EXPECT_THAT(closed.GetStatus().Message(), HasSubstr("/dev/fd/987"));
}

TEST(OutputFileTest, AWriteErrorIsReportedWithItsReason) {
  // /dev/full fails every write with ENOSPC. It is named through a link of our own, so that a
  // writer that replaced its target would replace the link, never the device.
  testing::TempDir dir;
  const fs::path link = dir.Path() / "full";
  fs::create_symlink("/dev/full", link);
  const Status full = WriteAll(link.string(), std::string(100000, 'x'));
  EXPECT_EQ(full.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(full.Message(),
              AllOf(HasSubstr(link.string()), HasSubstr("No space left on device")));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_TRUE(fs::is_character_file(fs::status("/dev/full")));
}

TEST(OutputFileTest, AFailedWriteLeavesTheExistingFileUntouched) {
  testing::TempDir dir;
  const fs::path path = dir.Path() / "journal.json";
  Put(path, "the old journal");
  // A file size limit makes writes fail (EFBIG) the way a full disk does.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction previous {};
  ::sigaction(SIGXFSZ, &ignore, &previous);
  struct rlimit old_limit {};
  ::getrlimit(RLIMIT_FSIZE, &old_limit);
  struct rlimit small = old_limit;
  small.rlim_cur = 4096;
  ::setrlimit(RLIMIT_FSIZE, &small);
  const Status status = WriteAll(path.string(), std::string(1 << 20, 'x'));
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::sigaction(SIGXFSZ, &previous, nullptr);
  EXPECT_EQ(status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(status.Message(), AllOf(HasSubstr(path.string()), HasSubstr("File too large")));
  EXPECT_EQ(Slurp(path), "the old journal");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.Path()), fs::directory_iterator()), 1);
}

TEST(OutputFileTest, DirectoriesAndMissingFoldersAreRefusedByName) {
  testing::TempDir dir;
  const auto folder = OutputFile::Open(dir.Path().string());
  ASSERT_FALSE(folder.Ok());
  EXPECT_THAT(folder.GetStatus().Message(),
              AllOf(HasSubstr(dir.Path().string()), HasSubstr("directory")));
  const auto missing = OutputFile::Open((dir.Path() / "no" / "such.json").string());
  ASSERT_FALSE(missing.Ok());
  EXPECT_THAT(missing.GetStatus().Message(), HasSubstr("no/such.json"));
}

TEST(OutputFileTest, AnOutputThatIsAnInputOrAnotherOutputIsRefused) {
  testing::TempDir dir;
  const fs::path input = dir.Path() / "t.txt";
  Put(input, "report");
  fs::create_symlink("t.txt", dir.Path() / "alias.txt");
  const std::string in = input.string();
  const std::string fresh = (dir.Path() / "x.json").string();

  auto refused = [](const std::vector<CommandFile>& files) {
    return CheckOutputsAreDistinct(files);
  };
  Status same = refused({{in, "the report", false}, {in, "-o", true}});
  EXPECT_EQ(same.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(same.Message(), AllOf(HasSubstr("-o " + in), HasSubstr("the report " + in)));
  // Through a link, or another spelling of the same path.
  EXPECT_FALSE(
      refused({{in, "the report", false}, {(dir.Path() / "alias.txt").string(), "-o", true}}).Ok());
  EXPECT_FALSE(
      refused({{in, "the report", false}, {(dir.Path() / "." / "t.txt").string(), "-o", true}})
          .Ok());
  // Two outputs naming one file that does not exist yet.
  const Status twice =
      refused({{in, "the report", false},
               {fresh, "-o", true},
               {(dir.Path() / ".." / dir.Path().filename() / "x.json").string(), "--audit", true}});
  EXPECT_EQ(twice.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(twice.Message(), AllOf(HasSubstr("--audit"), HasSubstr("-o " + fresh)));
  // Distinct files, and shared character devices, are fine.
  EXPECT_TRUE(refused({{in, "the report", false}, {fresh, "-o", true}}).Ok());
  EXPECT_TRUE(
      refused(
          {{in, "the report", false}, {"/dev/null", "-o", true}, {"/dev/null", "--audit", true}})
          .Ok());
}

TEST(OutputFileTest, ReadSmallFileNamesADirectoryAndAMissingFile) {
  testing::TempDir dir;
  const auto folder = ReadSmallFile(dir.Path().string());
  ASSERT_FALSE(folder.Ok());
  EXPECT_EQ(folder.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(folder.GetStatus().Message(),
              AllOf(HasSubstr(dir.Path().string()), HasSubstr("is a directory")));
  const auto missing = ReadSmallFile((dir.Path() / "none.toml").string());
  ASSERT_FALSE(missing.Ok());
  EXPECT_EQ(missing.GetStatus().Code(), StatusCode::kNotFound);
  Put(dir.Path() / "rules.toml", "x = 1\n");
  EXPECT_EQ(*ReadSmallFile((dir.Path() / "rules.toml").string()), "x = 1\n");
}

}  // namespace
}  // namespace fbaflow
