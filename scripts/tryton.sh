#!/usr/bin/env bash
# The real ERP of the demo and the integration tests: Tryton 6.0 on SQLite, on 127.0.0.1.
#
#   scripts/tryton.sh up --dir DIR --port P --seed S [--marketplace M] [--skus N] [--sim PATH]
#       Starts trytond on 127.0.0.1:P with its database in DIR, preparing the database on first use
#       (scripts/tryton_prepare.py: company, fiscal years, chart, Amazon journal, warehouses,
#       customers, and the products of the emulator seller of the same seed, marketplace and SKU
#       count). Prints `url:`, `database:`, `user:` and `password:` lines. Idempotent: a server
#       already running for DIR is left alone and its lines printed again.
#   scripts/tryton.sh prepare --seed S [--marketplace M] [--skus N] [--sim PATH]
#       Only prepares (or finds) the cached template database; prints its path.
#   scripts/tryton.sh down --dir DIR
#       Stops the server started for DIR.
#
# Preparing takes over a minute (module activation alone ~25 s), so a prepared database is kept
# as a template in $FBAFLOW_TRYTON_CACHE (default ~/.cache/fbaflow/tryton), keyed by seed,
# marketplace, SKU count and a hash of this script, the preparer, the rule files and the
# catalogue; every `up` in a fresh DIR copies it and takes seconds.
# The emulator binary (for its catalogue) is --sim, $FBAFLOW_SIM, or the first of build/release
# and build/test that has it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
database=fbaflow
user=admin
password=fbaflow-demo

die() { echo "tryton.sh: $*" >&2; exit 2; }

cmd="${1:-}"
[[ -n "$cmd" ]] || die "usage: tryton.sh up|prepare|down ..."
shift
dir="" port="" seed="" marketplace=US skus=40 sim="${FBAFLOW_SIM:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --marketplace) marketplace="$2"; shift 2 ;;
    --skus) skus="$2"; shift 2 ;;
    --sim) sim="$2"; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
  [[ -n "$dir" ]] || die "down needs --dir"
  local pidfile="$dir/trytond.pid"
  if pid_alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
}

find_sim() {
  if [[ -z "$sim" ]]; then
    for b in release test debug; do
      [[ -x "$root/build/$b/sim/amazon/fbaflow-sim" ]] && { sim="$root/build/$b/sim/amazon/fbaflow-sim"; break; }
    done
  fi
  [[ -x "$sim" ]] || die "fbaflow-sim not found (build it, or pass --sim PATH)"
}

write_config() {  # write_config FILE DATA_DIR PORT
  cat >"$1" <<EOF
[database]
uri = sqlite://
path = $2
[web]
listen = 127.0.0.1:$3
root = /usr/share/tryton-sao/www
[session]
timeout = 3600
EOF
}

# Prints the path of the template database for the arguments, preparing it when absent.
prepare() {
  [[ -n "$seed" ]] || die "--seed is required"
  find_sim
  local catalogue key cache tmp
  catalogue=$("$sim" catalogue --seed "$seed" --marketplace "$marketplace" --skus "$skus")
  # The year is in the key: the template's fiscal years are this year and the last.
  key=$({ echo "$seed $marketplace $skus $(date +%Y)"; cat "$here/tryton.sh" "$here/tryton_prepare.py" \
    "$root"/rules/*.toml; echo "$catalogue"; } | sha256sum | cut -c1-16)
  cache="${FBAFLOW_TRYTON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fbaflow/tryton}/$seed-$marketplace-$skus-$key"
  if [[ ! -f "$cache/$database.sqlite" ]]; then
    mkdir -p "$(dirname "$cache")"
    tmp=$(mktemp -d "$cache.XXXXXX")
    echo "$catalogue" >"$tmp/catalogue.json"
    write_config "$tmp/trytond.conf" "$tmp" 0
    : >"$tmp/$database.sqlite"
    local passfile="$tmp/admin-password"
    echo "$password" >"$passfile"
    echo "tryton.sh: preparing the ERP database (about a minute, once per seed and catalogue)" >&2
    if ! TRYTONPASSFILE="$passfile" trytond-admin -c "$tmp/trytond.conf" -d "$database" --all \
        -p --email admin@example.com >"$tmp/prepare.log" 2>&1 ||
       ! /usr/bin/python3 "$here/tryton_prepare.py" --config "$tmp/trytond.conf" \
        --database "$database" --catalogue "$tmp/catalogue.json" --rules "$root/rules" \
        >>"$tmp/prepare.log" 2>&1; then
      cat "$tmp/prepare.log" >&2
      rm -rf "$tmp"
      die "preparing the ERP database failed"
    fi
    rm -f "$passfile" "$tmp/trytond.conf"
    # Another run may have prepared the same template meanwhile: keep the first.
    mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
  fi
  echo "$cache/$database.sqlite"
}

up() {
  [[ -n "$dir" && -n "$port" ]] || die "up needs --dir and --port"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local pidfile="$dir/trytond.pid" conf="$dir/trytond.conf"
  if pid_alive "$pidfile" && [[ "$(cat "$dir/port" 2>/dev/null)" != "$port" ]]; then
    die "a server for $dir already listens on port $(cat "$dir/port"); run down first"
  fi
  # A folder holds the ERP of one seller world: refuse to serve it for another one.
  local wanted="seed $seed marketplace $marketplace skus $skus"
  if [[ -n "$seed" && -f "$dir/prepared-for" && "$(cat "$dir/prepared-for")" != "$wanted" ]]; then
    die "$dir holds the ERP prepared for $(cat "$dir/prepared-for"), not $wanted; use another --dir, or run down and remove $dir"
  fi
  if ! pid_alive "$pidfile"; then
    # Another program on the port would answer the readiness check in our server's place.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port is in use by another program; choose another --port"
    fi
    if [[ ! -f "$dir/$database.sqlite" ]]; then
      local template
      template=$(prepare)
      cp "$template" "$dir/$database.sqlite.tmp"
      mv "$dir/$database.sqlite.tmp" "$dir/$database.sqlite"
      echo "$wanted" >"$dir/prepared-for"
    fi
    write_config "$conf" "$dir" "$port"
    echo "$port" >"$dir/port"
    # setsid: the server outlives this script and a terminal's signals.
    setsid trytond -c "$conf" >"$dir/trytond.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  fi
  local pid
  pid=$(cat "$pidfile")
  for _ in $(seq 300); do
    if curl -sf -m 2 -H 'Content-Type: application/json' \
        -d '{"method":"common.server.version","params":[]}' "http://127.0.0.1:$port/" \
        >/dev/null 2>&1; then
      echo "url: http://127.0.0.1:$port/"
      echo "database: $database"
      echo "user: $user"
      echo "password: $password"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/trytond.log" >&2; rm -f "$pidfile"; die "trytond exited"; }
    sleep 0.1
  done
  die "trytond did not answer on port $port within 30 s (log: $dir/trytond.log)"
}

case "$cmd" in
  up) up ;;
  prepare) prepare ;;
  down) stop ;;
  *) die "unknown command '$cmd' (up, prepare, down)" ;;
esac
