#include "adapters/archive/fs_document_archive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "adapters/testing/temp_dir.h"

namespace fbaflow {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class FsDocumentArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = FsDocumentArchive::Open(dir_.Path() / "documents");
    ASSERT_TRUE(opened.Ok()) << opened.GetStatus().ToString();
    archive_ = std::move(opened).Value();
  }

  Result<ArchivedDocument> Store(const ArchiveKey& key, const std::vector<std::string>& chunks) {
    DocumentMetadata meta;
    meta.source = "test";
    meta.content_type = "text/plain; charset=windows-1252";
    meta.compression = "GZIP";
    ASSIGN_OR_RETURN(auto writer, archive_->Create(key));
    for (const std::string& c : chunks) RETURN_IF_ERROR(writer->Write(c));
    return writer->Commit(meta);
  }

  std::string ReadAll(const ArchivedDocument& doc) {
    std::string out;
    const Status s = archive_->Read(doc, [&out](std::string_view chunk) {
      out.append(chunk);
      return OkStatus();
    });
    EXPECT_TRUE(s.Ok()) << s.ToString();
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<FsDocumentArchive> archive_;
};

TEST_F(FsDocumentArchiveTest, StoresStreamedBytesAndFindsThemWithMetadata) {
  const ArchiveKey key{"settlement", "51234019843"};
  const auto stored = Store(key, {"abc", "", "def\x80\n"});
  ASSERT_TRUE(stored.Ok()) << stored.GetStatus().ToString();
  EXPECT_EQ(stored->size, 8u);
  EXPECT_EQ(stored->sha256.size(), 64u);
  EXPECT_TRUE(fs::exists(stored->location));

  const auto found = archive_->Find(key);
  ASSERT_TRUE(found.Ok());
  ASSERT_TRUE(found->has_value());
  const ArchivedDocument& doc = **found;
  EXPECT_EQ(doc.sha256, stored->sha256);
  EXPECT_EQ(doc.size, 8u);
  EXPECT_EQ(doc.metadata.content_type, "text/plain; charset=windows-1252");
  EXPECT_EQ(doc.metadata.compression, "GZIP");
  EXPECT_EQ(ReadAll(doc), "abcdef\x80\n");
}

TEST_F(FsDocumentArchiveTest, Sha256IsTheDigestOfTheBytes) {
  const auto stored = Store({"report", "empty"}, {});
  ASSERT_TRUE(stored.Ok());
  EXPECT_EQ(stored->sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(FsDocumentArchiveTest, NothingIsVisibleBeforeCommit) {
  const ArchiveKey key{"settlement", "1"};
  {
    auto writer = archive_->Create(key);
    ASSERT_TRUE(writer.Ok());
    ASSERT_TRUE((*writer)->Write("partial").Ok());
    const auto found = archive_->Find(key);
    ASSERT_TRUE(found.Ok());
    EXPECT_FALSE(found->has_value());
  }  // abandoned: the temporary file goes too
  int files = 0;
  for (const auto& entry : fs::directory_iterator(archive_->Root() / "settlement")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 0);
}

TEST_F(FsDocumentArchiveTest, SameBytesAgainIsANoOpDifferentBytesAreRefused) {
  const ArchiveKey key{"settlement", "2"};
  ASSERT_TRUE(Store(key, {"same"}).Ok());
  const auto again = Store(key, {"sa", "me"});
  ASSERT_TRUE(again.Ok()) << again.GetStatus().ToString();
  const auto different = Store(key, {"other"});
  ASSERT_FALSE(different.Ok());
  EXPECT_EQ(different.GetStatus().Code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(different.GetStatus().Message(), HasSubstr("different settlement document 2"));
  EXPECT_EQ(ReadAll(**archive_->Find(key)), "same");
}

TEST_F(FsDocumentArchiveTest, DataWithoutMetadataCountsAsAbsentAndIsReplaced) {
  const ArchiveKey key{"settlement", "3"};
  fs::create_directories(archive_->Root() / "settlement");
  std::ofstream(archive_->Root() / "settlement" / "3.raw") << "torn";
  const auto found = archive_->Find(key);
  ASSERT_TRUE(found.Ok());
  EXPECT_FALSE(found->has_value());
  ASSERT_TRUE(Store(key, {"whole"}).Ok());
  EXPECT_EQ(ReadAll(**archive_->Find(key)), "whole");
}

TEST_F(FsDocumentArchiveTest, IdsAreMadeSafeForFileNames) {
  EXPECT_EQ(FsDocumentArchive::SafeName("../etc/passwd"), "%2E.%2Fetc%2Fpasswd");
  EXPECT_EQ(FsDocumentArchive::SafeName("amzn1.doc.ABC-1_2"), "amzn1.doc.ABC-1_2");
  const auto stored = Store({"report", "../../escape"}, {"x"});
  ASSERT_TRUE(stored.Ok());
  EXPECT_EQ(fs::path(stored->location).parent_path(), archive_->Root() / "report");
}

TEST_F(FsDocumentArchiveTest, RejectsBadKinds) {
  auto writer = archive_->Create({"../up", "1"});
  ASSERT_FALSE(writer.Ok());
  EXPECT_EQ(writer.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(writer.GetStatus().Message(), HasSubstr("[a-z0-9_-]"));
}

TEST_F(FsDocumentArchiveTest, StaleTemporariesOfDeadWritersAreRemovedLiveOnesKept) {
  auto live = archive_->Create({"settlement", "R1"});  // this process, still writing
  ASSERT_TRUE(live.Ok());
  ASSERT_TRUE((*live)->Write("partial").Ok());
  const fs::path dir = dir_.Path() / "documents" / "settlement";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // a writer that was killed mid-download
  const fs::path dead = dir / (".tmp-R2.raw-" + std::to_string(child) + "-0");
  std::ofstream(dead) << "half a document";
  const fs::path odd = dir / ".tmp-something";  // no pid in its name: kept until it is old
  std::ofstream(odd) << "x";
  const auto removed = archive_->RemoveStaleTemporaries();
  ASSERT_TRUE(removed.Ok()) << removed.GetStatus().ToString();
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(odd));
  int temporaries = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    temporaries += f.path().filename().string().starts_with(".tmp-R1") ? 1 : 0;
  }
  EXPECT_EQ(temporaries, 1);  // the live writer's file is untouched
  fs::last_write_time(odd, fs::file_time_type::clock::now() - std::chrono::hours(25));
  EXPECT_EQ(*archive_->RemoveStaleTemporaries(), 1);
  EXPECT_FALSE(fs::exists(odd));
  EXPECT_TRUE((*live)->Commit(DocumentMetadata{}).Ok());
}

TEST_F(FsDocumentArchiveTest, ReadStopsWhenTheReaderSaysSo) {
  const auto stored = Store({"report", "big"}, {std::string(600 * 1024, 'a')});
  ASSERT_TRUE(stored.Ok());
  int calls = 0;
  const Status s = archive_->Read(*stored, [&calls](std::string_view) {
    ++calls;
    return Cancelled("enough");
  });
  EXPECT_EQ(s.Code(), StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace fbaflow
