#include "adapters/files/file_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "adapters/testing/temp_dir.h"

namespace fbaflow {
namespace {

std::string WriteFile(const testing::TempDir& dir, const std::string& name,
                      const std::string& text) {
  const std::string path = (dir.Path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string ReadAll(ByteSource& source) {
  std::string text;
  char buffer[7];
  for (;;) {
    auto n = source.Read(buffer, sizeof buffer);
    EXPECT_TRUE(n.Ok()) << n.GetStatus().ToString();
    if (!n.Ok() || *n == 0) return text;
    text.append(buffer, *n);
  }
}

TEST(FileSource, ReadsTheFile) {
  testing::TempDir dir;
  auto source = FileSource::Open(WriteFile(dir, "a.txt", "hello\nworld\n"));
  ASSERT_TRUE(source.Ok()) << source.GetStatus().ToString();
  EXPECT_EQ((*source)->Name(), (dir.Path() / "a.txt").string());
  EXPECT_EQ(ReadAll(**source), "hello\nworld\n");
}

TEST(FileSource, ARegularFileIsInPlaceAndItsPagesCanBeReleased) {
  testing::TempDir dir;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::string text;
  for (std::size_t i = 0; text.size() < 5 * page; ++i) text += "line " + std::to_string(i) + "\n";
  auto source = FileSource::Open(WriteFile(dir, "big.txt", text));
  ASSERT_TRUE(source.Ok());
  const std::string_view in_place = (*source)->InPlace();
  ASSERT_EQ(in_place, text);
  EXPECT_EQ((*source)->InPlace().data(), in_place.data());  // mapped once
  // Released pages are the process's no more; what follows them is untouched.
  (*source)->ReleaseBefore(2 * page + 10);
  (*source)->ReleaseBefore(page);  // smaller than before: ignored
  EXPECT_EQ(in_place.substr(2 * page), std::string_view(text).substr(2 * page));
  (*source)->ReleaseBefore(text.size() + 100);
}

TEST(FileSource, NothingInPlaceForAnEmptyFileOrAPipe) {
  testing::TempDir dir;
  auto empty = FileSource::Open(WriteFile(dir, "empty.txt", ""));
  ASSERT_TRUE(empty.Ok());
  EXPECT_TRUE((*empty)->InPlace().empty());
  EXPECT_EQ(ReadAll(**empty), "");

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "x\n", 2), 2);
  ::close(fds[1]);
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  ::close(fds[0]);
  auto in = FileSource::Open("-");
  ASSERT_TRUE(in.Ok());
  EXPECT_TRUE((*in)->InPlace().empty());
  EXPECT_EQ(ReadAll(**in), "x\n");
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
}

TEST(FileSource, MissingFilesAndDirectoriesAreErrors) {
  testing::TempDir dir;
  EXPECT_EQ(FileSource::Open((dir.Path() / "nope").string()).GetStatus().Code(),
            StatusCode::kNotFound);
  EXPECT_EQ(FileSource::Open(dir.Path().string()).GetStatus().Code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fbaflow
