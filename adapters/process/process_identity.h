#pragma once
// Who this process is, and whether another process of this host still runs: the identity a
// settlement claim carries (ports/settlement_ledger.h, ClaimOwner) so that a worker killed with
// SIGKILL does not keep its reports claimed until a lease lapses.
//
// The identity is (host name, pid, start): start is the process's start time in clock ticks after
// boot (field 22 of /proc/<pid>/stat) joined with the boot id (/proc/sys/kernel/random/boot_id), so
// a pid reused by another process, or the same pid after a reboot, never looks like the owner.
// Thread safety: both functions are safe from any thread.

#include <string_view>

#include "ports/settlement_ledger.h"

namespace fbaflow {

// This process.
ClaimOwner ThisProcess();

// True when `owner` (ClaimOwner::ToString form) names a process of this host that no longer runs,
// or that was restarted (its pid now belongs to a process started at another time, or the host
// rebooted). False for another host's process and for text that is not an owner: those are left
// to the claim's lease.
bool OwnerIsGone(std::string_view owner);

}  // namespace fbaflow
