#include "adapters/process/process_identity.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fbaflow {
namespace {

TEST(ProcessIdentityTest, ThisProcessIsAliveAndRoundTrips) {
  const ClaimOwner me = ThisProcess();
  EXPECT_EQ(me.pid, ::getpid());
  EXPECT_NE(me.start, "unknown");
  EXPECT_EQ(ClaimOwner::Parse(me.ToString()), me);
  EXPECT_FALSE(OwnerIsGone(me.ToString()));
}

TEST(ProcessIdentityTest, ADeadChildIsGoneAReusedPidIsNotTheOwner) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  ClaimOwner owner = ThisProcess();
  owner.pid = child;
  // The child's real start differs from ours: a pid that now belongs to another process.
  EXPECT_TRUE(OwnerIsGone(owner.ToString()));
  ::kill(child, SIGKILL);
  // Dead but not reaped yet (a zombie): gone.
  ::usleep(100'000);
  EXPECT_TRUE(OwnerIsGone(owner.ToString()));
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(OwnerIsGone(owner.ToString()));
}

TEST(ProcessIdentityTest, AnotherHostsOwnerOrForeignTextIsLeftToTheLease) {
  ClaimOwner other = ThisProcess();
  other.host = "some-other-host.example";
  other.pid = 999999;
  EXPECT_FALSE(OwnerIsGone(other.ToString()));
  EXPECT_FALSE(OwnerIsGone("not an owner at all"));
  EXPECT_FALSE(OwnerIsGone(""));
}

}  // namespace
}  // namespace fbaflow
