#!/usr/bin/env bash
# The CTest fixture of tests/postgres: `server.sh start DIR` starts a throwaway PostgreSQL 15
# cluster from Debian's binaries and writes its connection URL to DIR/url; `server.sh stop DIR`
# stops it and removes it. Nothing else on the machine is used or touched: the cluster lives in a
# fresh temporary folder, listens on a unix socket in that folder only (no TCP port, so it cannot
# collide with a system cluster or another run), trusts local connections and skips fsync.
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user and its
# commands run through runuser. Without PostgreSQL 15 both commands do nothing and the tests skip.
set -euo pipefail
cmd="$1" dir="$2"
bin=/usr/lib/postgresql/15/bin
if [[ ! -x "$bin/initdb" ]]; then
  echo "postgres tests: PostgreSQL 15 is not installed (scripts/install-deps.sh test); skipping"
  exit 0
fi
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    "$0" stop "$dir" || true
    mkdir -p "$dir"
    cluster=$(mktemp -d /tmp/fbaflow-pg.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres: "$cluster"
    echo "$cluster" >"$dir/cluster"
    as_owner "$bin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --no-sync \
      >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log"; exit 1; }
    port=5432  # names the socket file only: nothing listens on TCP
    as_owner "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $cluster -p $port -c fsync=off -c full_page_writes=off \
          -c synchronous_commit=off -c max_connections=100" start \
      || { cat "$cluster/server.log"; exit 1; }
    echo "postgresql:///postgres?host=$cluster&port=$port&user=postgres" >"$dir/url"
    echo "postgres tests: server at $(cat "$dir/url")"
    ;;
  stop)
    [[ -f "$dir/cluster" ]] || exit 0
    cluster=$(cat "$dir/cluster")
    if [[ -d "$cluster/data" ]]; then
      as_owner "$bin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster" "$dir/cluster" "$dir/url"
    ;;
  *) echo "usage: server.sh start|stop DIR" >&2; exit 2 ;;
esac
